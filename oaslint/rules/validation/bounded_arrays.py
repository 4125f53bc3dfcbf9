"""bounded-arrays: array input has maxItems."""

from __future__ import annotations

from oaslint.index import SpecIndex
from oaslint.model import Location, Severity
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
    id="bounded-arrays",
    applies_to="request array schemas",
    aggregate=Aggregate(
        SCHEMA_ANCHORS,
        "{missing} of {examined} {applies_to} have no maxItems: the API leaves "
        "(nearly) all its request arrays unbounded; add a maxItems to each place listed (B.12.1.3, "
        "OWASP API4)",
    ),
    title="A request array has no maxItems",
    severity=Severity.WARNING,
    references=("B.12.1.3", "OWASP API4"),
    description=(
        "Flags an array schema (`type: array`, also in a 3.1 type list; an untyped schema "
        "with `items`/`prefixItems`) reached from a request (parameters, Swagger 2.0 "
        "non-body parameters, request bodies; through `$ref`, `allOf`/`oneOf`/`anyOf`, "
        "`items`, `properties`, `additionalProperties`), each schema once where it is "
        "written, that has no `maxItems` (an `enum`/`const` also bounds it). A `maxItems` "
        "on an `allOf` owner or sibling part counts. `readOnly` schemas and what lies "
        "below them, schemas under `not` and response-only schemas are not flagged. The "
        "finding points at the schema's `type` key (the schema when it has none)."
    ),
    rationale=(
        "B.12.1.3 requires restrictive validation. An array without `maxItems` lets one "
        "request carry any number of elements, each processed, stored or looked up: an "
        "easy way to exhaust the service (OWASP API4, unrestricted resource consumption)."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      parameters:\n"
        "        - name: ids\n"
        "          in: query\n"
        "          schema:\n"
        "            type: array\n"
        "            items: {type: string, format: uuid}\n"
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
        "        - name: ids\n"
        "          in: query\n"
        "          schema:\n"
        "            type: array\n"
        "            maxItems: 50\n"
        "            items: {type: string, format: uuid}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    limitations=(
        "An array with `uniqueItems: true` whose items are an `enum` (or `const`, or "
        "boolean) is bounded by construction (PagerDuty's `include[]` filters) and is not "
        "flagged. Parameters described with `content` instead of `schema` are not followed."
        " An OAS 3.0 GET, HEAD or DELETE request body is not judged: the specification "
        "says consumers SHALL ignore it."
    ),
)


def _bounded(node: Node) -> bool:
    return is_number(node.get("maxItems")) or enumerated(node)


def _unique_from_a_fixed_set(index: SpecIndex, node: Node, loc: Location) -> bool:
    """``uniqueItems: true`` over enumerated (or boolean) items: at most that many."""
    if node.get("uniqueItems") is not True or "items" not in node:
        return False
    items, _ = index.deref(node["items"], loc.child("items"))
    return isinstance(items, dict) and (enumerated(items) or items.get("type") == "boolean")


def check(ctx: RuleContext) -> None:
    schemas = request_schemas(ctx.index)
    for use in schemas.of_type("array"):
        ctx.examine(use.loc)
        if schemas.any_related(use.node, _bounded):
            continue
        if _unique_from_a_fixed_set(ctx.index, use.node, use.loc):
            continue
        loc, key = report_loc(use)
        ctx.report(
            loc,
            f"{schemas.label(use)}: request array without maxItems; add a maxItems "
            "(B.12.1.3, OWASP API4)",
            prefer_key=key,
            subject=use.loc,
        )
