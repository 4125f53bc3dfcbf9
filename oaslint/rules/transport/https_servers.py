"""https-servers: every server URL uses https."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.transport._urls import server_schemes
from oaslint.text import excerpt

META = RuleMeta(
    id="https-servers",
    applies_to="absolute server URLs",
    title="A server URL does not use https",
    severity=Severity.ERROR,
    references=("API-11", "SC004", "B.12.4.3", "8.13.4.5"),
    description=(
        "Flags a server URL whose scheme is not `https`: root, path-item and operation "
        "`servers`, link servers, server variables whose `enum` or `default` produce another "
        "scheme (the finding sits on that value), and Swagger 2.0 `schemes` entries. "
        "`wss://` is fine; `ws://` is reported by `wss-websockets` instead, so one URL gets "
        "one finding. Relative server URLs (`/v1`) inherit the scheme the document is served "
        "with and are not flagged."
    ),
    rationale=(
        "API-11 requires TLS on every connection: without it tokens, personal data and "
        "responses travel readable and changeable by anyone on the path. A published "
        "`http://` server invites clients to use it."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: http://api.example.com/v1\n"
        "paths: {}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: https://api.example.com/v1\n"
        "paths: {}\n"
    ),
)

_OK = {"https", "wss", "ws"}  # ws is wss-websockets' finding


def check(ctx: RuleContext) -> None:
    servers = [s for s in ctx.index.servers if s.level == "swagger" or "://" in s.url]
    if not servers and ctx.index.operations:
        ctx.unverifiable("no absolute server URL: the contract does not say how it is served")
    for server in servers:
        ctx.examine(server.loc)
        for scheme, loc in server_schemes(server.url, server.node, server.loc):
            if scheme in _OK:
                continue
            if server.level == "swagger":
                what = f"Swagger `schemes` entry {excerpt(scheme)}"
            else:
                what = f"server URL {excerpt(server.url)} uses {excerpt(scheme)}"
            ctx.report(
                loc,
                f"{what}: traffic and credentials would travel without TLS; "
                "offer the API over https only (API-11, SC004)",
                subject=server.loc,
            )
