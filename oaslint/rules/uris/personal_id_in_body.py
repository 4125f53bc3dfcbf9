"""personal-id-in-body: citizen service numbers in request and response bodies."""

from __future__ import annotations

from typing import Any

from oaslint.index import Located
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.names import personal_data_term
from oaslint.rules.shared.schemas import walk_schemas
from oaslint.text import excerpt

META = RuleMeta(
    id="personal-id-in-body",
    title="A body carries a citizen service number (BSN) instead of a pseudonym",
    severity=Severity.INFO,
    references=("NL-SEC identification",),
    description=(
        "Flags a property of a schema reached from a request or response body (through `$ref`, "
        "`allOf`/`oneOf`/`anyOf`, `items`, `properties`, `additionalProperties`) whose name "
        "denotes a citizen service number: `bsn`, `bsnNummer`, `burgerservicenummer`, "
        "`sofinummer`, `ssn`, `socialSecurityNumber` (the same vocabulary and name-part matching "
        "as `no-personal-data-in-uri`, limited to person numbers: `ouderBsn`, `bsn_value` match, "
        "`bsnVerificatie` does not). One finding per property definition, at its key; a `type: "
        "boolean` property (a flag about the number, such as the BRP's 'in onderzoek') is not "
        "flagged. A BSN in a path or query parameter is `no-personal-data-in-uri`'s finding."
    ),
    rationale=(
        "The NL API Strategy security extension asks APIs to identify citizens by a "
        "pseudonym rather than the BSN unless a legal ground requires the BSN (the Wet "
        "algemene bepalingen burgerservicenummer restricts who may process it). A BSN in "
        "a body is stored, logged and forwarded by every system the message passes, and "
        "links all records of a person across organisations."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /aanvragen:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/json:\n"
        "            schema:\n"
        "              type: object\n"
        "              properties:\n"
        "                burgerservicenummer: {type: string, pattern: '^[0-9]{9}$'}\n"
        "      responses:\n"
        "        '201': {description: Created}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /aanvragen:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/json:\n"
        "            schema:\n"
        "              type: object\n"
        "              properties:\n"
        "                pseudoniem: {type: string, format: uuid}\n"
        "      responses:\n"
        "        '201': {description: Created}\n"
    ),
    limitations=(
        "Whether a legal ground allows the BSN is not in the contract: an API that must "
        "process it (the BRP) should suppress the finding with that ground as the reason. "
        "A BSN property named otherwise (`identificatie` with a BSN description) is not "
        "seen, nor a schema reached only through a discriminator `mapping` (the BRP "
        "personen query schemas)."
    ),
    applies_to="body schema properties",
)

_PERSON_NUMBERS = frozenset(
    {"a BSN (burgerservicenummer)", "a sofinummer", "a social security number"}
)


def _names_person_number(node: dict[str, Any]) -> bool:
    props = node.get("properties")
    return isinstance(props, dict) and any(
        personal_data_term(str(name)) in _PERSON_NUMBERS for name in props
    )


def check(ctx: RuleContext) -> None:
    index = ctx.index
    starts: list[Located] = []
    for op in index.operations:
        for media in [*op.request_media, *(m for r in op.responses for m in r.media)]:
            if media.schema is not None:
                starts.append(media.schema)
        if index.is_swagger:  # a body parameter without `consumes` has no media type
            for p in op.parameters:
                if p.location == "body":
                    schema = index.deref_child(Located(p.node, p.loc), "schema")
                    if schema is not None:
                        starts.append(schema)
    examined: set[Location] = set()
    for start in starts:  # the bodies: what the rule looks at
        if start.loc not in examined:
            examined.add(start.loc)
            ctx.examine(start.loc)
    # a fast identity-based pass first: most documents carry no person number at all
    pairs = [(s.node, s.loc) for s in starts]
    if not any(_names_person_number(n) for n, _ in walk_schemas(index, pairs, locate=False)):
        return
    reported: set[Location] = set()
    for use in index.schemas_under(starts, "body"):
        props = use.node.get("properties")
        if not isinstance(props, dict) or not _names_person_number(use.node):
            continue
        ctx.examine(use.loc)
        for name, sub in props.items():
            what = personal_data_term(str(name))
            if what not in _PERSON_NUMBERS:
                continue
            loc = use.loc.child("properties", name)
            if loc in reported:
                continue
            target, _ = index.deref(sub, loc)
            if isinstance(target, dict) and target.get("type") == "boolean":
                continue  # a flag about the number (BRP: "in onderzoek"), not the number
            reported.add(loc)
            ctx.report(
                loc,
                f"body property {excerpt(str(name))} carries {what}: the BSN links every record of "
                "a person across organisations and may only be processed on a legal ground; "
                "identify the person by a pseudonym, or suppress this finding citing the "
                "legal ground (NL-SEC identification)",
                prefer_key=True,
                subject=use.loc,
            )
