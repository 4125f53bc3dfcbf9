"""wss-websockets: WebSocket URLs use TLS (wss)."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.transport._urls import server_schemes, url_scheme
from oaslint.text import excerpt

META = RuleMeta(
    id="wss-websockets",
    applies_to="WebSocket URLs",
    title="A WebSocket URL uses ws:// instead of wss://",
    severity=Severity.ERROR,
    references=("B.12.7", "8.13.8"),
    description=(
        "Flags any `ws://` URL in servers (root, path, operation and link servers, "
        "including server variables that expand to `ws`), in Swagger 2.0 `schemes`, and in "
        "callback URL expressions."
    ),
    rationale=(
        "A plain `ws://` connection is unencrypted: messages and the tokens that "
        "authenticate the socket can be read and changed on the way (B.12.7, 8.13.8)."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: ws://stream.example.com/events\n"
        "paths: {}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: wss://stream.example.com/events\n"
        "paths: {}\n"
    ),
)

_MESSAGE = "{what} uses ws://: WebSocket traffic would be unencrypted; use wss:// (B.12.7, 8.13.8)"


def check(ctx: RuleContext) -> None:
    servers = [s for s in ctx.index.servers if s.level == "swagger" or "://" in s.url]
    if not servers and ctx.index.operations:
        ctx.unverifiable("no absolute server URL: the contract does not say how it is served")
    for server in servers:
        for scheme, loc in server_schemes(server.url, server.node, server.loc):
            if scheme in ("ws", "wss"):
                ctx.examine(loc)
            if scheme == "ws":
                ctx.report(loc, _MESSAGE.format(what=f"server URL {excerpt(server.url)}"))
    for expression, loc in ctx.index.callbacks:
        if url_scheme(expression) in ("ws", "wss"):
            ctx.examine(loc)
        if url_scheme(expression) == "ws":
            ctx.report(
                loc, _MESSAGE.format(what=f"callback URL {excerpt(expression)}"), prefer_key=True
            )
