"""cors-no-wildcard-origin: Access-Control-Allow-Origin is never `*`."""

from __future__ import annotations

from typing import Any

from oaslint.index import Header, Located, SpecIndex
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta

META = RuleMeta(
    id="cors-no-wildcard-origin",
    applies_to="Access-Control-Allow-Origin headers",
    title="Access-Control-Allow-Origin is documented as `*`",
    severity=Severity.WARNING,
    references=("API-50", "B.12.6", "8.13.6"),
    description=(
        "Flags an `Access-Control-Allow-Origin` response header (name compared "
        "case-insensitively, header objects reached through `$ref` included) whose values "
        "include `*`: its schema's `enum`, `const`, `default`, `example` or `examples`, the "
        "header's own `example` or `examples` values (OAS 3), or its `enum`, `default` or "
        "`x-example` (Swagger 2.0). One finding per header object, where it is written, at "
        "the first `*` value (in that order)."
    ),
    rationale=(
        "API-50, B.12.6 and 8.13.6 require a restrictive CORS policy: echo the request's "
        "`Origin` only when it is on an allow-list. `Access-Control-Allow-Origin: *` lets "
        "every website read the responses in its visitors' browsers, switching the "
        "same-origin protection off."
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
        "              schema: {type: string, enum: ['*']}\n"
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
        "              description: The request's Origin when it is on the allow-list\n"
        "              schema: {type: string, example: 'https://app.example.com'}\n"
    ),
    limitations=(
        "A header documented only in prose (`description: returns *`) is not read; an "
        "open API meant for any website (the exception API-50 allows) should suppress the "
        "finding with a justification."
    ),
)

_NAME = "access-control-allow-origin"


def _is_star(value: Any) -> bool:
    return isinstance(value, str) and value.strip() == "*"


def _star_in(index: SpecIndex, obj: Located, keys: tuple[str, ...]) -> Location | None:
    """The first `*` among ``obj``'s values under ``keys`` (lists and example maps too)."""
    node = obj.node
    for key in keys:
        if key not in node:
            continue
        value = node[key]
        if key == "enum" or (key == "examples" and isinstance(value, list)):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if _is_star(item):
                        return obj.at(key, i)
        elif key == "examples":  # OAS 3 header examples: {name: Example Object}
            for _, ex, _ in index.iter_map(obj, "examples"):
                if isinstance(ex.node, dict) and _is_star(ex.node.get("value")):
                    return ex.loc.child("value")
        elif _is_star(value):
            return obj.at(key)
    return None


def _wildcard(index: SpecIndex, header: Header) -> Location | None:
    obj = Located(header.node, header.loc)
    schema = index.deref_child(obj, "schema")
    if schema is not None and isinstance(schema.node, dict):
        found = _star_in(index, schema, ("enum", "const", "default", "example", "examples"))
        if found is not None:
            return found
    return _star_in(index, obj, ("enum", "default", "example", "examples", "x-example"))


def check(ctx: RuleContext) -> None:
    seen: set[Location] = set()
    for _, resp in ctx.index.responses:
        for header in resp.headers:
            if header.name.lower() != _NAME or not isinstance(header.node, dict):
                continue
            if header.loc in seen:
                continue
            seen.add(header.loc)
            ctx.examine(header.loc)
            loc = _wildcard(ctx.index, header)
            if loc is not None:
                ctx.report(
                    loc,
                    "Access-Control-Allow-Origin is documented as '*': any website can read "
                    "these responses; echo only allow-listed origins (API-50, B.12.6, 8.13.6)",
                    subject=header.loc,
                )
