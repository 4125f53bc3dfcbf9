"""oauth-client-credentials: OAuth 2.0 APIs offer the client credentials grant."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.security import flows
from oaslint.text import excerpt

META = RuleMeta(
    id="oauth-client-credentials",
    title="No OAuth2 scheme offers the client credentials grant",
    severity=Severity.INFO,
    references=("NL-SEC client credentials", "B.12.4.2", "8.13.4.4"),
    description=(
        "Flags a document with `oauth2` security schemes none of which offers a "
        "`clientCredentials` flow (Swagger 2.0: `flow: application`). One finding per "
        "document, at the first `oauth2` scheme's `flows` key (Swagger 2.0: its `type`), "
        "naming the schemes. Documents without `oauth2` schemes are not judged "
        "(`oauth2-authorization` asks for OAuth 2.0 itself)."
    ),
    rationale=(
        "The NL API Strategy security extension names the OAuth 2.0 client credentials "
        "grant for clients that access the API on their own behalf (system to system), "
        "and B.12.4.2 and 8.13.4.4 require it for service-to-service authorization. "
        "Without it such clients end up impersonating users, sharing user accounts or "
        "getting a separate, weaker key mechanism."
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
        "    oauth:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        authorizationCode:\n"
        "          authorizationUrl: https://auth.example.com/authorize\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {'pets:read': Read pets}\n"
        "        clientCredentials:\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {'pets:read': Read pets}\n"
    ),
    limitations=(
        "An API meant for end users only (no system-to-system clients) may disable the "
        "rule or suppress the finding with that reason."
    ),
    applies_to="documents with OAuth2 schemes",
)

_CLIENT_CREDENTIALS = ("clientCredentials", "application")


def check(ctx: RuleContext) -> None:
    index = ctx.index
    schemes = [s for s in index.security_schemes if s.type == "oauth2"]
    if not schemes:
        return
    first = schemes[0]
    where = first.at("type") if index.is_swagger else first.at("flows")
    ctx.examine(where)
    for scheme in schemes:
        if any(name in _CLIENT_CREDENTIALS for name, _, _ in flows(index, scheme)):
            return
    names = ", ".join(excerpt(s.name) for s in schemes)
    grant = "`flow: application`" if index.is_swagger else "a `clientCredentials` flow"
    ctx.report(
        where,
        f"no OAuth2 scheme ({names}) offers the client credentials grant, so clients that "
        "act on their own behalf (system to system) have no grant of their own; add "
        f"{grant} (NL-SEC client credentials, B.12.4.2, 8.13.4.4)",
        prefer_key=not index.is_swagger,
    )
