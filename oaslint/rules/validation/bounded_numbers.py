"""bounded-numbers: numeric input has a minimum and a maximum."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import Aggregate, RuleContext, RuleMeta
from oaslint.rules.shared.schemas import (
    SCHEMA_ANCHORS,
    Node,
    enumerated,
    is_number,
    report_loc,
    request_schemas,
)

META = RuleMeta(
    id="bounded-numbers",
    applies_to="request number schemas",
    aggregate=Aggregate(
        SCHEMA_ANCHORS,
        "{missing} of {examined} {applies_to} lack a minimum or a maximum: the API "
        "leaves (nearly) all its request numbers unbounded on one side or both; add "
        "what each place listed misses (B.12.1.3)",
    ),
    title="A request number has no maximum or no minimum",
    severity=Severity.INFO,
    references=("B.12.1.3",),
    description=(
        "Flags an `integer` or `number` schema (also in a 3.1 type list) reached from a "
        "request (parameters, Swagger 2.0 non-body parameters, request bodies; through "
        "`$ref`, `allOf`/`oneOf`/`anyOf`, `items`, `properties`, `additionalProperties`), "
        "each schema once where it is written, that lacks an upper bound (`maximum`, or a "
        "numeric 3.1 `exclusiveMaximum`) or a lower bound (`minimum`, or a numeric "
        "`exclusiveMinimum`); the message names which. The boolean `exclusiveMaximum: true` "
        "of Swagger 2.0 / OAS 3.0 only modifies `maximum` and is not a bound by itself. An "
        "`enum`/`const` bounds both ends, and bounds on an `allOf` owner or sibling part "
        "count. `readOnly` schemas and what lies below them, schemas under `not` and "
        "response-only schemas are not flagged. The finding points at the `type` key."
    ),
    rationale=(
        "B.12.1.3 requires restrictive validation. Unbounded numbers reach business logic "
        "as negative quantities, huge page sizes or overflowing amounts: a `limit` of "
        "10000000 or a quantity of -1 are classic abuse cases."
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
        "          schema: {type: integer}\n"
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
        "          schema: {type: integer, minimum: 1, maximum: 100}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    limitations=(
        "`format: int32`/`int64` are not counted as bounds: their ranges are technical, not "
        "business limits."
        " Parameters described with `content` instead of `schema` are not followed."
        " An OAS 3.0 GET, HEAD or DELETE request body is not judged: the specification "
        "says consumers SHALL ignore it."
    ),
)


def _has_max(node: Node) -> bool:
    return any(is_number(node.get(k)) for k in ("maximum", "exclusiveMaximum")) or enumerated(node)


def _has_min(node: Node) -> bool:
    return any(is_number(node.get(k)) for k in ("minimum", "exclusiveMinimum")) or enumerated(node)


def check(ctx: RuleContext) -> None:
    schemas = request_schemas(ctx.index)
    for use in schemas.of_type("integer", "number"):
        ctx.examine(use.loc)
        missing = []
        if not schemas.any_related(use.node, _has_min):
            missing.append("minimum")
        if not schemas.any_related(use.node, _has_max):
            missing.append("maximum")
        if not missing:
            continue
        loc, key = report_loc(use)
        ctx.report(
            loc,
            f"{schemas.label(use)}: request number without {' or '.join(missing)}; add "
            f"{' and '.join(missing)} (B.12.1.3)",
            prefer_key=key,
            subject=use.loc,
        )
