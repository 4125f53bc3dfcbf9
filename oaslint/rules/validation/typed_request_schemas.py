"""typed-request-schemas: every request schema says what type of value it accepts."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.schemas import request_schemas

META = RuleMeta(
    id="typed-request-schemas",
    title="A request schema accepts any JSON value (no type)",
    severity=Severity.WARNING,
    references=("B.12.1.3",),
    description=(
        "Flags a schema reached from a request (parameters, request bodies; through "
        "`$ref`, `allOf`/`oneOf`/`anyOf`, `items`, `properties`, `additionalProperties`), "
        "each schema once where it is written, that has no `type` and none of `$ref`, "
        "`allOf`, `oneOf`, `anyOf`, `enum`, `const`, `not` (nor 3.1 `contentMediaType` / "
        "`contentEncoding`, `if`, `$dynamicRef`), so it accepts any JSON value. A schema "
        "with `properties`/`additionalProperties` or `items`/`prefixItems` counts as an "
        "object or array (as for the other validation rules). Not flagged: parts of an "
        "`allOf`/`oneOf`/`anyOf` (the composition gives the type), an empty "
        "`additionalProperties: {}` (an open object: `closed-objects`' finding), "
        "`readOnly` schemas and what lies below them, schemas under `not`. The finding "
        "points at the schema (its key, for a property)."
    ),
    rationale=(
        "B.12.1.3 requires input to be validated restrictively. An untyped schema accepts "
        "strings, numbers, objects and arrays alike, so the contract lets a client send "
        "anything and none of the length, range or size limits apply: the server's "
        "parser and business logic get whatever arrives."
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
        "              additionalProperties: false\n"
        "              properties:\n"
        "                name: {type: string, maxLength: 50}\n"
        "                tag: {description: Any tag}\n"
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
        "                tag: {type: string, maxLength: 20, description: Any tag}\n"
        "      responses:\n"
        "        '201': {description: Created}\n"
    ),
    limitations=(
        "Parameters described with `content` instead of `schema` are not followed. A "
        "schema that deliberately accepts any value (a free-form JSON document) should "
        "say so with a suppression and its reason."
    ),
    applies_to="request schemas",
)

# keywords that constrain the value as much as (or instead of) a type
_SHAPING = (
    "$ref",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "const",
    "not",
    "contentMediaType",
    "contentEncoding",
    "if",
    "$dynamicRef",
)


def check(ctx: RuleContext) -> None:
    index = ctx.index
    schemas = request_schemas(index)
    uses = list(schemas.typed())
    parts: set[int] = set()  # oneOf/anyOf alternatives: the composition gives the type
    for use, _ in uses:
        for key in ("oneOf", "anyOf"):
            subs = use.node.get(key)
            if isinstance(subs, list):
                for i, sub in enumerate(subs):
                    target, _ = index.deref(sub, use.loc.child(key, i))
                    if isinstance(target, dict):
                        parts.add(id(target))
    for use, types in uses:
        ctx.examine(use.loc)
        node = use.node
        if types or any(k in node for k in _SHAPING):
            continue
        if id(node) in parts or schemas.is_allof_part(node):
            continue
        if not node and use.loc.pointer.endswith("/additionalProperties"):
            continue
        ctx.report(
            use.loc,
            f"{schemas.label(use)} has no type (nor enum, const or a composition), so a "
            "request may carry any JSON value there and no length, range or size limit "
            "applies; declare its type (B.12.1.3)",
            prefer_key=True,
        )
