"""no-oauth-implicit-flow: no OAuth 2.0 implicit grant."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.security import flows
from oaslint.text import excerpt

META = RuleMeta(
    id="no-oauth-implicit-flow",
    applies_to="OAuth2 flows",
    title="An OAuth2 security scheme offers the implicit flow",
    severity=Severity.ERROR,
    references=("B.12.4.1", "8.13.4.1", "OAuth 2.0 Security BCP (RFC 9700)"),
    description=(
        "Flags an OAuth2 `implicit` flow: the `flows.implicit` entry of an OAS 3 `oauth2` "
        "scheme (located at the `implicit` key) or a Swagger 2.0 `oauth2` definition with "
        "`flow: implicit` (located at that value)."
    ),
    rationale=(
        "The implicit grant returns the access token in the redirect URI fragment, where "
        "browser history, referrers and injected scripts can read it, and it cannot bind the "
        "token to the client. The OAuth 2.0 Security Best Current Practice forbids it; "
        "B.12.4.1 and 8.13.4.1 require the authorization code grant with PKCE instead."
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
        "        implicit:\n"
        "          authorizationUrl: https://auth.example.com/authorize\n"
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
        "      description: Authorization code flow with PKCE (S256).\n"
        "      flows:\n"
        "        authorizationCode:\n"
        "          authorizationUrl: https://auth.example.com/authorize\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {read: read access}\n"
    ),
)


def check(ctx: RuleContext) -> None:
    index = ctx.index
    for scheme in index.security_schemes:
        for name, _, loc in flows(index, scheme):
            ctx.examine(loc)
            if name == "implicit":
                ctx.report(
                    loc,
                    f"OAuth2 scheme {excerpt(scheme.name)} offers the implicit flow, which returns "
                    "access tokens in the redirect URI where browsers and scripts can leak "
                    "them; use the authorizationCode flow with PKCE instead "
                    "(B.12.4.1, 8.13.4.1, OAuth 2.0 Security BCP)",
                    prefer_key=not index.is_swagger,
                )
