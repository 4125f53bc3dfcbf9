"""closed-objects: request body objects reject undeclared properties."""

from __future__ import annotations

from typing import Any

from oaslint.index import SpecIndex
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.schemas import Node, report_loc, request_schemas, schema_types

META = RuleMeta(
    id="closed-objects",
    applies_to="request body object schemas",
    title="A request body object allows undeclared properties",
    severity=Severity.INFO,
    references=("B.12.1.3",),
    description=(
        "Flags an object schema (`type: object`, also in a 3.1 type list; an untyped "
        "schema with `properties`, `patternProperties` or `additionalProperties`) reached "
        "from a request body (through `$ref`, `allOf`/`oneOf`/`anyOf`, `items`, "
        "`properties`, `additionalProperties`), each schema once where it is written, whose "
        "`additionalProperties` is absent, `true` or `{}`. A schema-valued "
        "`additionalProperties` (a typed map) and `unevaluatedProperties: false` (or a "
        "schema) close it. Composition is respected: an `allOf` part cannot be closed "
        "without rejecting its siblings' properties, so parts are not flagged; a schema "
        "composing properties with `allOf`/`oneOf`/`anyOf` is flagged only in OAS 3.1, "
        "where `unevaluatedProperties: false` closes it. `readOnly` schemas and what lies "
        "below them, schemas under `not`, parameters and response-only schemas are not "
        "flagged. The finding points at the schema's `type` key."
    ),
    rationale=(
        "B.12.1.3 requires restrictive validation. An open object accepts any extra "
        "property a client adds, and frameworks that bind bodies onto models then let "
        "clients set fields they should not (`isAdmin`, `price`): mass assignment (OWASP "
        "API3). Closed objects also catch misspelled fields."
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
        "              properties:\n"
        "                name: {type: string, maxLength: 50}\n"
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
        "              additionalProperties: false\n"
        "              properties:\n"
        "                name: {type: string, maxLength: 50}\n"
        "      responses:\n"
        "        '201': {description: Created}\n"
    ),
    limitations=(
        "In Swagger 2.0 and OAS 3.0 an object built with `allOf` (or with `oneOf`/`anyOf` "
        "parts that add properties) cannot be closed at all and is not flagged. A "
        "polymorphic base (a schema with a `discriminator`, or one that other schemas "
        "extend through `allOf`) is not flagged either: closing it would reject every "
        "valid request of its subtypes (Haal Centraal BRP's `PersonenQuery`, the base of "
        "seven queries); its subtypes are judged on their own."
        " An OAS 3.0 GET, HEAD or DELETE request body is not judged: the specification "
        "says consumers SHALL ignore it."
    ),
)


def _closes(value: Any) -> bool:
    return value is False or (isinstance(value, dict) and bool(value))


def _composes_properties(index: SpecIndex, node: Node, loc: Location) -> bool:
    """Whether ``node`` combines subschemas that declare properties of the same object."""
    if isinstance(node.get("allOf"), list):
        return True
    for key in ("oneOf", "anyOf"):
        subs = node.get(key)
        if isinstance(subs, list):
            for i, sub in enumerate(subs):
                target, _ = index.deref(sub, loc.child(key, i))
                if isinstance(target, dict) and (
                    "properties" in target or isinstance(target.get("allOf"), list)
                ):
                    return True
    return False


def _extended_bases(index: SpecIndex) -> set[int]:
    """Schemas other schemas extend: ``allOf`` members written anywhere in the document."""
    bases: set[int] = set()
    for c in index.containers:
        node = c.node
        if isinstance(node, dict) and isinstance(node.get("allOf"), list):
            for i, sub in enumerate(node["allOf"]):
                target, _ = index.deref(sub, c.location.child("allOf", i))
                if isinstance(target, dict):
                    bases.add(id(target))
    return bases


def check(ctx: RuleContext) -> None:
    index = ctx.index
    schemas = request_schemas(index)
    bases = _extended_bases(index)
    composing = ("allOf", "oneOf", "anyOf")
    for use, types in schemas.typed(body_only=True):
        node = use.node
        if "object" not in types and (
            not index.at_least("3.1") or not any(k in node for k in composing)
        ):
            continue
        if schemas.is_allof_part(use.node):
            continue
        if "discriminator" in node or id(node) in bases:
            continue  # a polymorphic base: closing it would reject every subtype's fields
        ctx.examine(use.loc)
        if _closes(node.get("additionalProperties")) or _closes(node.get("unevaluatedProperties")):
            continue
        composed = _composes_properties(index, node, use.loc)
        if composed and not index.at_least("3.1"):
            continue
        if "object" not in types and not (
            composed and schemas.any_related(use.node, lambda n: "object" in schema_types(n))
        ):
            continue
        fix = "unevaluatedProperties: false" if composed else "additionalProperties: false"
        loc, key = report_loc(use)
        ctx.report(
            loc,
            f"{schemas.label(use)}: open request object accepts undeclared properties (mass "
            f"assignment); set {fix} (B.12.1.3)",
            prefer_key=key,
        )
