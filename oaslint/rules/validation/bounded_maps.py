"""bounded-maps: a request map (additionalProperties schema) has maxProperties."""

from __future__ import annotations

from typing import Any

from oaslint.model import Severity
from oaslint.rules.base import Aggregate, RuleContext, RuleMeta
from oaslint.rules.shared.schemas import (
    SCHEMA_ANCHORS,
    Node,
    is_number,
    report_loc,
    request_schemas,
)

META = RuleMeta(
    id="bounded-maps",
    title="A request map has no maxProperties",
    severity=Severity.WARNING,
    references=("B.12.1.3", "OWASP API4"),
    description=(
        "Flags an object schema reached from a request (parameters, request bodies; "
        "through `$ref`, `allOf`/`oneOf`/`anyOf`, `items`, `properties`, "
        "`additionalProperties`), each schema once where it is written, whose "
        "`additionalProperties` is a non-empty schema, which makes it a map with "
        "arbitrary keys, and that has no `maxProperties` (on itself, an `allOf` owner or "
        "a sibling part). `additionalProperties: {}` or `true` is an open object, "
        "`closed-objects`' finding, not a map. `readOnly` schemas and what lies below "
        "them and schemas under `not` are not flagged. The finding points at the object's "
        "`type` key (the schema when it has none), where `maxProperties` belongs; an "
        "untyped map value is `typed-request-schemas`' finding at `additionalProperties`."
    ),
    rationale=(
        "B.12.1.3 requires restrictive input validation. A map without `maxProperties` "
        "lets one request carry any number of keys, each parsed, stored and indexed: "
        "unbounded work and storage per request (OWASP API4, unrestricted resource "
        "consumption), and hash-flooding of the server's dictionaries."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/json:\n"
        "            schema:\n"
        "              type: object\n"
        "              additionalProperties: {type: string, maxLength: 100}\n"
        "      responses:\n"
        "        '201': {description: Created}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/json:\n"
        "            schema:\n"
        "              type: object\n"
        "              maxProperties: 20\n"
        "              additionalProperties: {type: string, maxLength: 100}\n"
        "      responses:\n"
        "        '201': {description: Created}\n"
    ),
    limitations=(
        "`patternProperties` maps (3.1) are not considered; parameters described with "
        "`content` instead of `schema` are not followed."
    ),
    applies_to="request maps",
    aggregate=Aggregate(
        SCHEMA_ANCHORS,
        "{missing} of {examined} {applies_to} have no maxProperties: the API leaves "
        "(nearly) all its request maps unbounded; add a maxProperties to each place "
        "listed (B.12.1.3, OWASP API4)",
    ),
)


def _is_map(value: Any) -> bool:
    return isinstance(value, dict) and bool(value)


def _bounded(node: Node) -> bool:
    return is_number(node.get("maxProperties"))


def check(ctx: RuleContext) -> None:
    schemas = request_schemas(ctx.index)
    for use, _ in schemas.typed():
        if not _is_map(use.node.get("additionalProperties")):
            continue
        ctx.examine(use.loc)
        if schemas.any_related(use.node, _bounded):
            continue
        loc, key = report_loc(use)
        ctx.report(
            loc,
            f"{schemas.label(use)} is a request map without maxProperties: one request can "
            "carry any number of keys, each to be parsed and stored; add a maxProperties "
            "(B.12.1.3, OWASP API4)",
            prefer_key=key,
            subject=use.loc,
        )
