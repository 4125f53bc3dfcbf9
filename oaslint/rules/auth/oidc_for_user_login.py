"""oidc-for-user-login: user login through OAuth 2.0 uses OpenID Connect."""

from __future__ import annotations

import re

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.prose import NEGATION_DOC, affirmed
from oaslint.rules.shared.security import documented_texts, flows
from oaslint.text import excerpt

META = RuleMeta(
    id="oidc-for-user-login",
    title="Users log in through OAuth 2.0 without OpenID Connect",
    severity=Severity.INFO,
    references=("SC-R002",),
    description=(
        "Flags an `oauth2` `authorizationCode` flow (Swagger 2.0: `accessCode`), which "
        "logs users in, when the document declares no `openIdConnect` scheme and the "
        "flow's scheme shows no OpenID Connect: the flow's `scopes` have no `openid` "
        "scope, and the scheme's `description` and `x-` extensions (on the scheme and its "
        "flows: name and text values) do not mention `OpenID Connect` (also "
        "`OpenID-Connect`, `OpenIDConnect`), `OIDC` or `openid` (case-insensitive). One "
        "finding per flow, at its `authorizationUrl` (the flow when it has none). An "
        "`implicit` flow is `no-oauth-implicit-flow`'s error and is not judged here. "
        + NEGATION_DOC
    ),
    rationale=(
        "SC-R002: APIs SHOULD use OpenID Connect to achieve single sign-on when requesting "
        "OAuth access tokens. Plain OAuth 2.0 authorizes a client but says nothing "
        "standard about who logged in; OpenID Connect adds the ID token, a standard "
        "identity layer that identity providers, audits and single sign-on rely on."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    users:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        authorizationCode:\n"
        "          authorizationUrl: https://auth.example.com/authorize\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {'pets:read': Read pets}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    users:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        authorizationCode:\n"
        "          authorizationUrl: https://auth.example.com/authorize\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {openid: Sign in, 'pets:read': Read pets}\n"
    ),
    limitations=(
        "OpenID Connect configured at the identity provider but not visible in the "
        "contract is not seen: add the `openid` scope or an `openIdConnect` scheme. The "
        "prose vocabulary is matched, not understood."
    ),
    applies_to="OAuth2 authorization code flows",
)

_OIDC = re.compile(r"open[ _-]?id(?:[ _-]?connect)?|(?<![a-z])oidc(?![a-z])", re.I)
_USER_FLOWS = ("authorizationCode", "accessCode")


def check(ctx: RuleContext) -> None:
    index = ctx.index
    schemes = index.security_schemes
    has_oidc = any(s.type == "openIdConnect" for s in schemes)
    seen: set[Location] = set()
    for scheme in schemes:
        if scheme.type != "oauth2" or scheme.loc in seen:
            continue
        seen.add(scheme.loc)
        texts: list[str] | None = None
        for name, flow, loc in flows(index, scheme):
            if name not in _USER_FLOWS:
                continue
            ctx.examine(loc)
            if has_oidc:
                continue
            scopes = flow.get("scopes")
            if isinstance(scopes, dict) and any(str(k).lower() == "openid" for k in scopes):
                continue
            if texts is None:
                texts = documented_texts(index, scheme)
            if affirmed(texts, _OIDC):
                continue
            where = flow.at("authorizationUrl") if "authorizationUrl" in flow.node else loc
            ctx.report(
                where,
                f"OAuth2 scheme {excerpt(scheme.name)} logs users in with the authorization code "
                "flow but the document shows no OpenID Connect (no openIdConnect scheme, no "
                "`openid` scope, no mention): clients get no standard identity for single "
                "sign-on; use OpenID Connect (SC-R002)",
                subject=loc,
            )
