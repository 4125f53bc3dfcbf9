"""no-trace-method: the API offers no TRACE operation."""

from __future__ import annotations

from oaslint.index import Located
from oaslint.model import Location, Severity
from oaslint.rules.base import OAS3_VERSIONS, RuleContext, RuleMeta

META = RuleMeta(
    id="no-trace-method",
    versions=OAS3_VERSIONS,
    applies_to="path items",
    title="A path offers the TRACE method",
    severity=Severity.ERROR,
    references=("NL-TS 2.3.4",),
    description=(
        "Flags a `trace` operation of an OpenAPI 3 path item, at the `trace` key where it "
        "is written (path items `$ref`-ed from other files included, each written key "
        "once). Swagger 2.0 has no `trace` method: a `trace` key there is not an operation "
        "and is left to `valid-openapi`, so it gets one finding."
    ),
    rationale=(
        "TRACE echoes the request back, including its headers: with a script it enables "
        "cross-site tracing (stealing `Authorization` headers and HttpOnly cookies), and it "
        "is never needed by an API. NL-TS 2.3.4 asks for an allow-list of methods; TRACE "
        "does not belong on it."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    trace:\n"
        "      responses:\n"
        "        '200': {description: Echo}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
)

_MESSAGE = (
    "TRACE operation: TRACE echoes requests back, which lets scripts read credentials "
    "(cross-site tracing) and serves no API purpose; remove it and reject TRACE with 405 "
    "(NL-TS 2.3.4)"
)


def check(ctx: RuleContext) -> None:
    index = ctx.index
    if index.is_swagger:
        return
    seen: set[Location] = set()
    for path, item, _ in index.iter_map(Located(index.root, index.loc()), "paths"):
        if not path.startswith("/") or not isinstance(item.node, dict) or item.loc in seen:
            continue
        seen.add(item.loc)
        ctx.examine(item.loc)
        if "trace" in item.node:
            ctx.report(item.loc.child("trace"), _MESSAGE, prefer_key=True, subject=item.loc)
