"""no-internal-hosts: no server URL on an internal host name.

A plugin rule given as an object with ``.meta`` and ``.check`` (a ``Rule``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from oaslint.model import Severity
from oaslint.rules.base import Option, Rule, RuleContext, RuleMeta

META = RuleMeta(
    id="no-internal-hosts",
    title="A server URL names an internal host",
    severity=Severity.ERROR,
    references=("MIN-NET-7",),
    description=(
        "Flags a server URL whose host ends in one of the internal domain suffixes "
        "(option `suffixes`, default `.internal`, `.local`, `.corp.example`)."
    ),
    rationale=(
        "Published API descriptions are public (MIN-NET-7): internal host names tell an "
        "attacker how the network is laid out and which machines to try."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: https://pets.svc.internal/v1\n"
        "paths: {}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: https://api.example.com/v1\n"
        "paths: {}\n"
    ),
    options={
        "suffixes": Option(
            "list[str]", [".internal", ".local", ".corp.example"], "internal domain suffixes"
        ),
    },
    category="ministry",
)


def _check(ctx: RuleContext) -> None:
    suffixes = tuple(s.lower() for s in ctx.options["suffixes"])
    for server in ctx.index.servers:
        host = (urlsplit(server.url).hostname or "").lower()
        if host and host.endswith(suffixes):
            ctx.report(
                server.loc,
                f"server URL {server.url!r} names the internal host {host!r}: it reveals the "
                "internal network; publish only the public host name (MIN-NET-7)",
            )


RULE = Rule(META, _check, "oaslint-plugin-example")
