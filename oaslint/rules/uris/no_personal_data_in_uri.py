"""no-personal-data-in-uri: no BSNs, e-mail addresses or other personal data in URIs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from oaslint.index import Located, Parameter, SpecIndex
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.names import is_bsn, is_email, personal_data_term
from oaslint.rules.shared.security import closed_values
from oaslint.text import excerpt

META = RuleMeta(
    id="no-personal-data-in-uri",
    applies_to="operation URIs",
    title="Personal data is sent in the URI",
    severity=Severity.ERROR,
    references=("API-58",),
    description=(
        "Flags a `path` or `query` parameter whose name denotes personal data (located at "
        "its `name`): `bsn`, `burgerservicenummer`, `sofinummer`, `a-nummer`, `ssn`, "
        "`iban`, `email`/`e-mail`/`emailadres`, `phone`/`telefoon(nummer)`, "
        "`geboortedatum`/`birthdate`/`date_of_birth`, `creditcard`/`card_number`, "
        "`cvv`, `passport`/`paspoort`, `documentnummer`. Names are matched on their word "
        "parts like `no-credentials-in-uri` (`inpBsn`, `inpA_nummer`, `PhoneNumber`, "
        "`betrokkene__burgerservicenummer__in` all match; `email_verified` does not). "
        "For a parameter whose name says nothing, its `example`, `examples`, `x-example`, "
        "`default`, `enum` and `const` values (also on its schema) are checked: a 9-digit "
        "number that passes the BSN eleven-test (elfproef) or an e-mail address is "
        "flagged at that value. One parameter gets one finding."
    ),
    rationale=(
        "API-58: URIs are cached and logged by systems outside the control of client and "
        "server, even over TLS, so personal data in them is disclosed. Use a pseudonym in "
        "the path, or send the data in a request body (e.g. a `POST` search)."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /persons:\n"
        "    get:\n"
        "      parameters:\n"
        "        - name: burgerservicenummer\n"
        "          in: query\n"
        "          schema: {type: string}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /persons/search:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/json:\n"
        "            schema:\n"
        "              type: object\n"
        "              properties:\n"
        "                burgerservicenummer: {type: string}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    limitations=(
        "Postcode and huisnummer are not flagged, alone or together (address lookups by "
        "postcode and house number are the BAG APIs' design). A phone number or e-mail "
        "address that belongs to an organisation is flagged like any other: the name "
        "cannot tell. A parameter is also judged by its declared `format` (`phone-number`, "
        "as Twilio's `To`/`From` filters, `phone`, `tel`, `email`, `idn-email`): the format "
        "says what it holds whatever its name. Names of persons (`naam`, `surname`) are "
        "not flagged: too many "
        "resources have a name. The name of a parameter with an `enum`/`const` or of type "
        "boolean is not judged (its values still are). Values are only checked on the "
        "parameter and its schema (and array `items`), not in request bodies (which are not "
        "part of the URI)."
    ),
)


def _values(index: SpecIndex, p: Parameter) -> Iterator[tuple[Any, Location]]:
    """Example-like values of a parameter, in a fixed order, each with its location."""
    holder = Located(p.node, p.loc)
    schemas: list[Located] = [holder]
    schema = index.deref_child(holder, "schema")
    if schema is not None:
        schemas.append(schema)
        items = index.deref_child(schema, "items")
        if items is not None:
            schemas.append(items)
    elif "items" in p.node:  # Swagger 2.0 array parameter
        items = index.deref_child(holder, "items")
        if items is not None:
            schemas.append(items)
    for s in schemas:
        node = s.node
        if not isinstance(node, dict):
            continue
        for key in ("example", "x-example", "default", "const"):
            if key in node:
                yield node[key], s.at(key)
        for key in ("enum", "examples"):
            value = node.get(key)
            if isinstance(value, list):
                for i, item in enumerate(value):
                    yield item, s.at(key, i)
        if isinstance(node.get("examples"), dict):
            for _, ex, _ in index.iter_map(s, "examples"):
                if isinstance(ex.node, dict) and "value" in ex.node:
                    yield ex.node["value"], ex.loc.child("value")


# `format` values that say a parameter holds personal data (Twilio: phone-number)
PERSONAL_FORMATS = {
    "phone-number": "a phone number",
    "phone": "a phone number",
    "tel": "a phone number",
    "email": "an e-mail address",
    "idn-email": "an e-mail address",
}


def _personal_format(index: SpecIndex, p: Parameter) -> str | None:
    """What a parameter's declared ``format`` says it holds (own, schema or items)."""
    for node, _ in _formats(index, p):
        fmt = node.get("format")
        if isinstance(fmt, str) and fmt.lower() in PERSONAL_FORMATS:
            return PERSONAL_FORMATS[fmt.lower()]
    return None


def _formats(index: SpecIndex, p: Parameter) -> Iterator[tuple[dict[str, Any], Location]]:
    holder = Located(p.node, p.loc)
    schema = index.deref_child(holder, "schema")
    for s in (holder, schema, index.deref_child(schema, "items") if schema else None):
        if s is not None and isinstance(s.node, dict):
            yield s.node, s.loc


def _personal_value(value: Any) -> str | None:
    if is_bsn(value):
        return "a valid BSN (it passes the eleven-test)"
    if is_email(value):
        return "an e-mail address"
    return None


def check(ctx: RuleContext) -> None:
    index = ctx.index
    for op in index.operations:
        ctx.examine(op.loc)  # its URI: path and query parameters
    for p in index.parameters:
        if p.location not in ("path", "query"):
            continue
        ctx.examine(p.at("name"))
        where = "path segment" if p.location == "path" else "query string"
        what = personal_data_term(p.name) or _personal_format(index, p)
        if what is not None and not closed_values(index, p):
            ctx.report(
                p.at("name"),
                f"{p.location} parameter {excerpt(p.name)} puts {what} in the {where} (logged); "
                "use a pseudonym or a request body, e.g. a POST search (API-58)",
            )
            continue
        for value, loc in _values(index, p):
            kind = _personal_value(value)
            if kind is not None:
                ctx.report(
                    loc,
                    f"{p.location} parameter {excerpt(p.name)} has the value {excerpt(value)}, "
                    f"{kind}, in the {where} (logged); use a pseudonym or a request body (API-58)",
                    subject=p.at("name"),
                )
                break
