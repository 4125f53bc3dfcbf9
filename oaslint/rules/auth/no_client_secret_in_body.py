"""no-client-secret-in-body: no client secret in a request body."""

from __future__ import annotations

from typing import Any

from oaslint.index import Located, Operation, SpecIndex
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.names import words
from oaslint.text import excerpt

META = RuleMeta(
    id="no-client-secret-in-body",
    title="A request body carries a client secret",
    severity=Severity.WARNING,
    references=("NL-SEC client secrets", "B.12.2.1", "8.13.2.1"),
    description=(
        "Flags a top-level field named `client_secret` (any case and separator: "
        "`clientSecret`, `client-secret`) of a request body (JSON, form or any other media "
        "type; the body schema and its `allOf`/`oneOf`/`anyOf` parts, through `$ref`; "
        "Swagger 2.0: the `formData` parameters, or the `in: body` schema) that also has a "
        "`client_id` or `grant_type` field, which makes it the RFC 6749 2.3.1 client "
        "authentication the guidance discourages. Read-only properties are excluded. The "
        "finding points at the property's key (the parameter's `name`), once where it is "
        "written. A `client_secret` in the path or "
        "query is `no-credentials-in-uri`'s finding and in a header "
        "`auth-via-security-schemes`'s, so one parameter gets one finding."
    ),
    rationale=(
        "The NL API Strategy security extension calls client credentials in the request "
        "body (`client_id` + `client_secret`, RFC 6749 2.3.1) prone to credential theft and "
        "NOT RECOMMENDED, limited to clients that cannot use anything else; B.12.2.1 asks "
        "for strong client authentication. Request bodies end up in application logs, "
        "error reports and debugging proxies, and a shared secret proves nothing about "
        "possession. Prefer private_key_jwt (RFC 7523) or mTLS (RFC 8705) client "
        "authentication."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /token:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/x-www-form-urlencoded:\n"
        "            schema:\n"
        "              type: object\n"
        "              properties:\n"
        "                grant_type: {type: string, enum: [client_credentials]}\n"
        "                client_id: {type: string, maxLength: 64}\n"
        "                client_secret: {type: string, maxLength: 128}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /token:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/x-www-form-urlencoded:\n"
        "            schema:\n"
        "              type: object\n"
        "              properties:\n"
        "                grant_type: {type: string, enum: [client_credentials]}\n"
        "                client_assertion_type: {type: string, maxLength: 128}\n"
        "                client_assertion: {type: string, maxLength: 4096}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    limitations=(
        "Only the name `client_secret` (in its spellings) beside `client_id` or "
        "`grant_type` is matched: a `client_secret` of something else (Stripe's "
        "PaymentIntent secret) or nested in a configuration object (the credentials a "
        "webhook integration stores) is not client authentication, and other secret "
        "fields (a user's password on a login form) are legitimate input. A token "
        "endpoint that must accept `client_secret` for legacy clients should suppress the "
        "finding with the reason."
    ),
    applies_to="request bodies",
)

_NAME = ("client", "secret")
_COMPANIONS = (("client", "id"), ("grant", "type"))
_COMPOSING = ("allOf", "oneOf", "anyOf")


def _top_properties(index: SpecIndex, root: Located) -> list[tuple[str, Any, Location]]:
    """(name, property schema as written, its key) of the object a body is: the body
    schema and its allOf/oneOf/anyOf parts, through $ref; not nested properties."""
    out: list[tuple[str, Any, Location]] = []
    stack = [(root.node, root.loc)]
    seen: set[int] = set()
    while stack:
        node, loc = stack.pop()
        node, loc = index.deref(node, loc)
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        props = node.get("properties")
        if isinstance(props, dict):
            out += [(str(k), v, loc.child("properties", k)) for k, v in props.items()]
        for key in _COMPOSING:
            parts = node.get(key)
            if isinstance(parts, list):
                stack += [(part, loc.child(key, i)) for i, part in enumerate(parts)]
    return out


def _body_roots(index: SpecIndex, op: Operation) -> list[list[tuple[str, Any, Location]]]:
    """Per request body form: its top-level fields as (name, schema, key location)."""
    out = []
    if index.is_swagger:
        form = [(p.name, p.node, p.at("name")) for p in op.parameters if p.location == "formData"]
        if form:
            out.append(form)
        for p in op.parameters:
            if p.location == "body":
                schema = index.deref_child(Located(p.node, p.loc), "schema")
                if schema is not None:
                    out.append(_top_properties(index, schema))
        return out
    for media in op.request_media:
        if media.schema is not None:
            out.append(_top_properties(index, media.schema))
    return out


def check(ctx: RuleContext) -> None:
    index = ctx.index
    seen: set[Location] = set()
    reported: set[Location] = set()
    for op in index.operations:
        if op.request_body is None:
            continue
        if op.request_body.loc not in seen:
            seen.add(op.request_body.loc)
            ctx.examine(op.request_body.loc)
        for fields in _body_roots(index, op):
            names = {words(name) for name, _, _ in fields}
            if not any(c in names for c in _COMPANIONS):
                continue  # a secret of something else (a payment intent), not client auth
            for name, sub, loc in fields:
                if words(name) != _NAME or loc in reported:
                    continue
                target, _ = index.deref(sub, loc)
                if isinstance(target, dict) and target.get("readOnly") is True:
                    continue  # clients do not send it
                reported.add(loc)
                ctx.report(
                    loc,
                    f"request body field {excerpt(name)} sends the client secret in the request "
                    "body, which is NOT RECOMMENDED (logged, replayable, no proof of "
                    "possession); authenticate clients with private_key_jwt (RFC 7523) or "
                    "mTLS (RFC 8705) (NL-SEC client secrets, B.12.2.1, 8.13.2.1)",
                    prefer_key=loc.pointer.rsplit("/", 1)[-1] != "name",  # a property key
                    subject=op.request_body.loc,
                )
