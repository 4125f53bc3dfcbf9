"""integer-format: request integers declare their size (int32 / int64)."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.schemas import (
    Node,
    enumerated,
    is_number,
    report_loc,
    request_schemas,
)

META = RuleMeta(
    id="integer-format",
    title="A request integer has no format (int32 / int64)",
    severity=Severity.INFO,
    references=("B.12.1.3", "OWASP API4"),
    description=(
        "Flags an `integer` schema (also in a 3.1 type list) reached from a request "
        "(parameters, Swagger 2.0 non-body parameters, request bodies; through `$ref`, "
        "`allOf`/`oneOf`/`anyOf`, `items`, `properties`, `additionalProperties`), each "
        "schema once where it is written, with no `format` on itself or in its `allOf` "
        "context. An `enum`/`const` integer is exempt. `readOnly` schemas and what lies "
        "below them and schemas under `not` are not flagged. The finding points at the "
        "`type` key. An integer that lacks `minimum` or `maximum` is left to "
        "`bounded-numbers`, which reports the same schema, so one schema gets one "
        "finding: this rule flags bounded integers whose size on the wire is unstated."
    ),
    rationale=(
        "B.12.1.3 asks for restrictive validation and OWASP API4 for explicit limits on "
        "numbers. Without `int32`/`int64` the contract does not say how large an integer "
        "may be, so generated servers and clients pick different types: a value that one "
        "side accepts overflows or is truncated on the other, often before any `maximum` "
        "is checked."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      parameters:\n"
        "        - name: limit\n"
        "          in: query\n"
        "          schema: {type: integer, minimum: 1, maximum: 100}\n"
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
        "        - name: limit\n"
        "          in: query\n"
        "          schema: {type: integer, format: int32, minimum: 1, maximum: 100}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    limitations=(
        "An unbounded integer without a format gets only `bounded-numbers`' finding (add "
        "the bounds and the format together). Any `format` counts (`int32`, `int64`, or a "
        "custom one such as `uint8`); "
        "parameters described with `content` instead of `schema` are not followed."
    ),
    applies_to="request integers",
)


def _formatted(node: Node) -> bool:
    return isinstance(node.get("format"), str) and bool(node["format"].strip())


# the bounds bounded-numbers looks for: where one is missing, that rule reports the schema
def _has_max(node: Node) -> bool:
    return any(is_number(node.get(k)) for k in ("maximum", "exclusiveMaximum"))


def _has_min(node: Node) -> bool:
    return any(is_number(node.get(k)) for k in ("minimum", "exclusiveMinimum"))


def check(ctx: RuleContext) -> None:
    schemas = request_schemas(ctx.index)
    for use in schemas.of_type("integer"):
        ctx.examine(use.loc)
        if enumerated(use.node) or schemas.any_related(use.node, _formatted):
            continue
        if not (
            schemas.any_related(use.node, _has_min) and schemas.any_related(use.node, _has_max)
        ):
            continue  # bounded-numbers reports this schema: one finding per schema
        loc, key = report_loc(use)
        ctx.report(
            loc,
            f"{schemas.label(use)} is a request integer without a format: the contract does "
            "not say how large it may be, so client and server may parse it into different "
            "sizes (overflow, truncation); add `format: int32` or `int64` "
            "(B.12.1.3, OWASP API4)",
            prefer_key=key,
            subject=use.loc,
        )
