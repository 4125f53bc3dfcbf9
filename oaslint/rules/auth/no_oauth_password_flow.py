"""no-oauth-password-flow: no OAuth 2.0 resource owner password credentials grant."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.security import flows
from oaslint.text import excerpt

META = RuleMeta(
    id="no-oauth-password-flow",
    applies_to="OAuth2 flows",
    title="An OAuth2 security scheme offers the password flow",
    severity=Severity.ERROR,
    references=("B.12.4", "8.13.4", "OAuth 2.0 Security BCP (RFC 9700)"),
    description=(
        "Flags an OAuth2 `password` (resource owner password credentials) flow: the "
        "`flows.password` entry of an OAS 3 `oauth2` scheme (located at the `password` "
        "key) or a Swagger 2.0 `oauth2` definition with `flow: password` (located at that "
        "value)."
    ),
    rationale=(
        "With the password grant the client application sees the user's password, which "
        "defeats the point of OAuth, trains users to type passwords into third-party apps "
        "and rules out multi-factor authentication. The OAuth 2.0 Security Best Current "
        "Practice forbids it; B.12.4 and 8.13.4 allow only the authorization code grant "
        "(with PKCE) for users and client credentials for service-to-service access."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    oauth:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        password:\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {read: read access}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    oauth:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        clientCredentials:\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {read: read access}\n"
    ),
)


def check(ctx: RuleContext) -> None:
    index = ctx.index
    for scheme in index.security_schemes:
        for name, _, loc in flows(index, scheme):
            ctx.examine(loc)
            if name == "password":
                ctx.report(
                    loc,
                    f"OAuth2 scheme {excerpt(scheme.name)} offers the password flow, which hands "
                    "the "
                    "user's password to the client application and rules out multi-factor "
                    "login; use the authorizationCode flow with PKCE for users, or "
                    "clientCredentials for services (B.12.4, 8.13.4, OAuth 2.0 Security BCP)",
                    prefer_key=not index.is_swagger,
                )
