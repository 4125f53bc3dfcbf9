"""oauth2-authorization: authorization is delegated through OAuth 2.0 (or OIDC, mTLS, bearer)."""

from __future__ import annotations

import re

from oaslint.index import SecurityScheme
from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.security import requirement_entries
from oaslint.text import excerpt

META = RuleMeta(
    id="oauth2-authorization",
    title="Secured operations rely only on API keys or HTTP basic/digest",
    severity=Severity.WARNING,
    references=("API-52", "B.12.3.1", "8.13.3.1"),
    description=(
        "Flags a document whose secured operations (effective security requirements, "
        "anonymous alternatives aside) name only `apiKey` schemes and `http` schemes other "
        "than `bearer` (`basic`, `digest`...; Swagger 2.0 `basic`): none of them uses an "
        "`oauth2`, `openIdConnect`, `mutualTLS` or `http` `bearer` scheme. One finding per "
        "document, at `components/securitySchemes` (Swagger 2.0: `securityDefinitions`). "
        "An `apiKey` in the `Authorization` header whose description calls it a bearer "
        "token counts as a bearer scheme (Swagger 2.0 has no bearer type). "
        "Schemes that are declared but used by no operation do not count either way; "
        "`no-http-basic-auth` still judges each basic scheme on its own."
    ),
    rationale=(
        "API-52 asks for OAuth 2.0 to authorize access, and B.12.3.1 and 8.13.3.1 for "
        "authorization through a standard token-based mechanism. API keys and passwords "
        "identify a caller but carry no delegated, scoped and expiring authorization: "
        "every holder of the key has all of its rights, for as long as it lives."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "security: [{apiKey: []}]\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    apiKey: {type: apiKey, in: header, name: X-Api-Key}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "security: [{oauth: ['pets:read']}]\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    oauth:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        clientCredentials:\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {'pets:read': Read pets}\n"
    ),
    limitations=(
        "An `apiKey` that carries an OAuth access token (a custom token header) is not "
        "recognised; describe such tokens as `http` `bearer` or `oauth2`. An API that is "
        "deliberately key-based (open data with rate limiting) may suppress the finding "
        "with the reason."
    ),
    applies_to="documents with secured operations",
)


_BEARER = re.compile(r"\bbearer\b", re.I)


def delegated(scheme: SecurityScheme) -> bool:
    """OAuth 2.0, OpenID Connect, mutual TLS or a bearer token scheme.

    Swagger 2.0 has no bearer scheme type, so bearer tokens are written as an
    ``apiKey`` in the ``Authorization`` header: such a scheme counts when its
    description calls it a bearer token (Kubernetes)."""
    if scheme.type in ("oauth2", "openIdConnect", "mutualTLS"):
        return True
    if scheme.type == "http":
        return str(scheme.node.get("scheme", "")).lower() == "bearer"
    return (
        scheme.type == "apiKey"
        and str(scheme.node.get("in", "")).lower() == "header"
        and str(scheme.node.get("name", "")).strip().lower() == "authorization"
        and bool(_BEARER.search(str(scheme.node.get("description", ""))))
    )


def check(ctx: RuleContext) -> None:
    index = ctx.index
    used: dict[str, SecurityScheme] = {}
    for op in index.operations:
        for _, req, _ in requirement_entries(op):
            for name in req:
                scheme = index.security_scheme(str(name))
                if scheme is not None:
                    used[scheme.name] = scheme
    if not used:
        return
    where = index.security_schemes_loc or index.root_key_loc()
    ctx.examine(where)
    if any(delegated(s) for s in used.values()):
        return
    names = ", ".join(f"{excerpt(s.name)} ({s.type})" for s in used.values())
    ctx.report(
        where,
        f"the secured operations rely only on {names}: API keys and passwords carry no "
        "delegated, scoped, expiring authorization; authorize through OAuth 2.0 (an "
        "`oauth2` or `openIdConnect` scheme with scopes) (API-52, B.12.3.1, 8.13.3.1)",
        prefer_key=True,
    )
