"""auth-via-security-schemes: credentials are declared as security schemes, not parameters."""

from __future__ import annotations

import re

from oaslint.index import Parameter
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.names import credential_term
from oaslint.rules.shared.security import closed_values
from oaslint.text import excerpt

META = RuleMeta(
    id="auth-via-security-schemes",
    applies_to="operations and API key schemes",
    title="Credentials are passed as a plain parameter or cookie",
    severity=Severity.WARNING,
    references=("SC007", "API-13", "NL-SEC authorization headers"),
    description=(
        "Flags a `header` or `cookie` parameter that carries credentials by hand instead of "
        "through a declared security scheme: the headers `Authorization`, "
        "`Proxy-Authorization`, `X-Api-Key` and `Cookie`, and any header or cookie whose "
        "name denotes a credential (`X-Auth-Token`, `X-Access-Token`, "
        "`Ocp-Apim-Subscription-Key`, a `session`/`sid`/`JSESSIONID` cookie...; same word "
        "matching as `no-credentials-in-uri`). Located at the parameter's `name`. Also "
        "flags an `apiKey` security scheme with `in: cookie`, located at `in`. Credentials "
        "in the path or query are `no-credentials-in-uri`'s, so one parameter gets one "
        "finding."
    ),
    rationale=(
        "A credential declared as an ordinary parameter is invisible as authentication: "
        "`security` does not show it, generated clients treat it as data, gateways do not "
        "enforce it and log filters do not redact it. SC007 requires fully standardised "
        "authentication models and API-13 fixes `Authorization: Bearer` and `X-Api-Key` "
        "as the headers, declared through security schemes. Cookie-based API keys also "
        "expose the API to cross-site request forgery."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      parameters:\n"
        "        - name: Authorization\n"
        "          in: header\n"
        "          required: true\n"
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
        "      security: [{bearer: []}]\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    bearer: {type: http, scheme: bearer, bearerFormat: JWT}\n"
    ),
    limitations=(
        "Message signature headers (`Signature`, `X-Hub-Signature`, `Stripe-Signature`) and "
        "CSRF tokens (`X-CSRF-Token`) are not flagged: they protect integrity or forms, "
        "and no security scheme type describes them. A header with an unrelated name is "
        "recognised when its examples show `key=value` fields with a credential name (Box's "
        "`boxapi: shared_link=[link]&shared_link_password=[password]`); otherwise it cannot "
        "be. Parameters that no operation uses are not "
        "checked."
    ),
)

_AUTH_HEADERS = {"authorization", "proxy-authorization", "x-api-key", "cookie"}


def _credential(p: Parameter) -> str | None:
    if p.location == "header":
        if p.name.strip().lower() in _AUTH_HEADERS:
            return f"the {p.name.strip()} header"
        term = credential_term(p.name, header=True)
        return f"a credential ({term})" if term else _embedded(p)
    if p.location == "cookie":
        term = credential_term(p.name, cookie=True)
        return f"a credential ({term})" if term else None
    return None


_PAIR_SPLIT_RE = re.compile(r"[&;,]")


def _embedded(p: Parameter) -> str | None:
    """A credential in a header's ``key=value`` fields, as its examples show them.

    Box's ``boxapi`` header: ``shared_link=[link]&shared_link_password=[password]``.
    """
    schema = p.node.get("schema")
    values = [p.node.get("example")]
    if isinstance(schema, dict):
        values.append(schema.get("example"))
    examples = p.node.get("examples")
    if isinstance(examples, dict):
        values += [e.get("value") for e in examples.values() if isinstance(e, dict)]
    for value in values:
        if not isinstance(value, str) or "=" not in value:
            continue
        for pair in _PAIR_SPLIT_RE.split(value):
            key = pair.partition("=")[0].strip()
            term = credential_term(key, header=True) if key else None
            if term is not None:
                return f"a credential ({term}, in its {excerpt(key)} field)"
    return None


def check(ctx: RuleContext) -> None:
    index = ctx.index
    for op in index.operations:
        ctx.examine(op.loc)  # how its credentials travel
    for p in index.parameters:
        if p.location in ("header", "cookie"):
            ctx.examine(p.at("name"))
        what = _credential(p)
        if what is None or closed_values(index, p):
            continue
        ctx.report(
            p.at("name"),
            f"{p.location} parameter {excerpt(p.name)} passes {what} by hand, so `security` does "
            "not "
            "show it and gateways, clients and log filters do not treat it as authentication; "
            "declare a security scheme (http bearer, or apiKey in header `X-Api-Key`) and "
            "require it with `security` instead (SC007, API-13)",
        )
    for scheme in index.security_schemes:
        if scheme.type == "apiKey":
            ctx.examine(scheme.at("in"))
        if scheme.type == "apiKey" and str(scheme.node.get("in", "")).lower() == "cookie":
            loc: Location = scheme.at("in")
            ctx.report(
                loc,
                f"apiKey scheme {excerpt(scheme.name)} expects its key in a cookie, which browsers "
                "send along with cross-site requests (CSRF) and which ties the API to browser "
                "sessions; accept it in a header (`X-Api-Key`) or use OAuth2 bearer tokens "
                "(SC007, API-13)",
            )
