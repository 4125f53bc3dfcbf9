"""cors-credentials: Access-Control-Allow-Credentials is not documented as `true`."""

from __future__ import annotations

from typing import Any

from oaslint.index import Header, Response
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.headers._values import VALUE_SOURCES, documented_values

META = RuleMeta(
    id="cors-credentials",
    title="Access-Control-Allow-Credentials is documented as `true`",
    severity=Severity.WARNING,
    references=("API-50", "B.12.6", "8.13.6"),
    description=(
        "Flags an `Access-Control-Allow-Credentials` response header (name compared "
        "case-insensitively, header objects reached through `$ref` included) documented as "
        f"`true` (boolean or string) by {VALUE_SOURCES}. One finding per header object, "
        "where it is written, at the first `true` value. It is an **error** when a response "
        "that carries the header also documents `Access-Control-Allow-Origin` as `*`; that "
        "`*` itself stays `cors-no-wildcard-origin`'s finding (two nodes, two defects: the "
        "open origin, and credentials on top of it)."
    ),
    rationale=(
        "B.12.6 (and 8.13.6) require a restrictive CORS policy, for example one with "
        "credential submission deactivated; API-50 asks for an allow-list of origins. "
        "`Access-Control-Allow-Credentials: true` lets other websites make requests with "
        "their visitors' cookies and HTTP authentication and read the answers, so any "
        "origin the server wrongly trusts (a reflected `Origin`, a lax pattern) becomes "
        "a cross-site data leak. With `Access-Control-Allow-Origin: *` the combination "
        "shows the server means to accept any origin with credentials (browsers refuse the "
        "literal pair, so such servers end up reflecting `Origin`)."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          headers:\n"
        "            Access-Control-Allow-Origin:\n"
        "              schema: {type: string, example: 'https://app.example.com'}\n"
        "            Access-Control-Allow-Credentials:\n"
        "              schema: {type: boolean, enum: [true]}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          headers:\n"
        "            Access-Control-Allow-Origin:\n"
        "              schema: {type: string, example: 'https://app.example.com'}\n"
        "            Access-Control-Allow-Credentials:\n"
        "              schema: {type: boolean, enum: [false]}\n"
    ),
    limitations=(
        "Only documented values are read (an untyped `Access-Control-Allow-Credentials` "
        "header without values is not flagged). A first-party web application that must "
        "send cookies cross-origin to an allow-listed origin may keep the header: suppress "
        "the finding with that reason."
    ),
    applies_to="Access-Control-Allow-Credentials headers",
)

_CREDENTIALS = "access-control-allow-credentials"
_ORIGIN = "access-control-allow-origin"


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _is_star(value: Any) -> bool:
    return isinstance(value, str) and value.strip() == "*"


def check(ctx: RuleContext) -> None:
    index = ctx.index
    headers: dict[Location, Header] = {}
    responses: dict[Location, list[Response]] = {}
    for _, resp in index.responses:
        for header in resp.headers:
            if header.name.lower() == _CREDENTIALS and isinstance(header.node, dict):
                headers.setdefault(header.loc, header)
                responses.setdefault(header.loc, []).append(resp)
    for loc, header in headers.items():
        ctx.examine(loc)
        found = next((where for v, where in documented_values(index, header) if _is_true(v)), None)
        if found is None:
            continue
        star = None
        for resp in responses[loc]:
            origin = resp.header(_ORIGIN)
            if origin is not None and any(_is_star(v) for v, _ in documented_values(index, origin)):
                star = resp
                break
        if star is None:
            ctx.report(
                found,
                "Access-Control-Allow-Credentials is documented as true: other websites can "
                "send requests with their visitors' cookies and credentials and read the "
                "answers; deactivate credential submission, or allow it only for an "
                "allow-list of origins (API-50, B.12.6, 8.13.6)",
                subject=loc,
            )
        else:
            ctx.report(
                found,
                "Access-Control-Allow-Credentials is documented as true while response "
                f"{star.code} allows origin '*': any website may call the API with its "
                "visitors' credentials; allow-list the origins and deactivate credential "
                "submission (API-50, B.12.6, 8.13.6)",
                severity=Severity.ERROR,
                subject=loc,
            )
