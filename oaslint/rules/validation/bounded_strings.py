"""bounded-strings: string input has a length bound."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import Aggregate, RuleContext, RuleMeta
from oaslint.rules.shared.schemas import (
    BOUNDED_FORMATS,
    SCHEMA_ANCHORS,
    Node,
    anchored_pattern,
    enumerated,
    is_number,
    report_loc,
    request_schemas,
)

META = RuleMeta(
    id="bounded-strings",
    applies_to="request string schemas",
    aggregate=Aggregate(
        SCHEMA_ANCHORS,
        "{missing} of {examined} {applies_to} have no maxLength (or enum, anchored "
        "pattern, bounded format): the API leaves (nearly) all its request strings "
        "unbounded; add a maxLength to each place listed (B.12.1.3, OWASP API4)",
    ),
    title="A request string has no maxLength, enum, anchored pattern or bounded format",
    severity=Severity.WARNING,
    references=("B.12.1.3", "OWASP API4"),
    description=(
        "Flags a string schema (`type: string`, also in a 3.1 type list such as "
        "`[string, 'null']`) reached from a request: parameters (Swagger 2.0 non-body "
        "parameters are their own schema) and request bodies, through `$ref`, "
        "`allOf`/`oneOf`/`anyOf`, `items`, `properties` and `additionalProperties`, each "
        "schema once where it is written (a shared component is one finding, not one per "
        "use). It is bounded by any of: `maxLength`, a non-empty `enum`, `const`, a "
        "`pattern` anchored at both ends in every alternative (`^[a-z]{2}$`, "
        "`^(?:a|b)$`; not `^a|b$`, not a match-anything `^.*$`), or a format whose syntax "
        "bounds the length: `date`, `date-time`, `time`, `uuid`, `ipv4`, `ipv6`. A bound "
        "written on an `allOf` owner or sibling part counts. Not flagged: `readOnly` "
        "schemas and everything below them (clients do not send them), schemas under `not`, "
        "response-only schemas, and `format: binary` strings or 3.1 `contentMediaType` "
        "strings without `contentEncoding` (raw file content: limit its size at the server, "
        "a schema cannot). The finding points at the schema's `type` key."
    ),
    rationale=(
        "B.12.1.3 requires APIs to be restrictively validated from their OpenAPI schema. An "
        "unbounded string lets a client send megabytes into a field, which costs memory, "
        "storage and CPU in every layer that handles it (OWASP API4, unrestricted resource "
        "consumption) and carries injection payloads of any size."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      parameters:\n"
        "        - name: name\n"
        "          in: query\n"
        "          schema: {type: string}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      parameters:\n"
        "        - name: name\n"
        "          in: query\n"
        "          schema: {type: string, maxLength: 100}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    limitations=(
        "`email`, `hostname`, `uri` and `byte` formats do not count as bounds (validators "
        "do not limit their length). When a schema is used in several `allOf` contexts, a "
        "bound in any of them counts; `readOnly` in any `allOf` context exempts it. A "
        "pattern that matches no string (the idioms `.^`, `$.`, `(?!)`, `(?!x)x`, "
        "`[^\\s\\S]`, `[^\\w\\W]`, `\\b\\B`; Box writes `.^` for a null-only `anyOf` "
        "alternative) bounds it; other unmatchable patterns are not recognised."
        " Parameters described with `content` instead of `schema` are not followed."
        " An OAS 3.0 GET, HEAD or DELETE request body is not judged: the specification "
        "says consumers SHALL ignore it."
    ),
)


# Idioms for "matches no string" (Box writes `.^` for a null-only alternative).
UNMATCHABLE = frozenset({".^", "$.", "(?!)", "(?!x)x", "[^\\s\\S]", "[^\\w\\W]", "\\b\\B"})


def _bounded(node: Node) -> bool:
    pattern = node.get("pattern")  # any YAML value: `pattern: {}` is invalid, not a crash
    return (
        (isinstance(pattern, str) and pattern in UNMATCHABLE)
        or is_number(node.get("maxLength"))
        or enumerated(node)
        or anchored_pattern(pattern)
        or _format(node) in BOUNDED_FORMATS
    )


def _format(node: Node) -> str | None:
    """The schema's format when it is a string (`format: []` is invalid, not a crash)."""
    value = node.get("format")
    return value if isinstance(value, str) else None


def _raw_content(node: Node) -> bool:
    return node.get("format") == "binary" or (
        "contentMediaType" in node and "contentEncoding" not in node
    )


def check(ctx: RuleContext) -> None:
    schemas = request_schemas(ctx.index)
    for use in schemas.of_type("string"):
        ctx.examine(use.loc)
        if schemas.any_related(use.node, _bounded) or schemas.any_related(use.node, _raw_content):
            continue
        loc, key = report_loc(use)
        ctx.report(
            loc,
            f"{schemas.label(use)}: request string without maxLength (or enum, anchored "
            "pattern, bounded format); add a maxLength (B.12.1.3, OWASP API4)",
            prefer_key=key,
            subject=use.loc,
        )
