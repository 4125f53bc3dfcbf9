"""oauth-pkce: authorization code flows document PKCE."""

from __future__ import annotations

import re

from oaslint.index import SecurityScheme, SpecIndex
from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.security import documented_texts, flows
from oaslint.text import excerpt

META = RuleMeta(
    id="oauth-pkce",
    applies_to="authorization code flows",
    title="An authorization code flow does not document PKCE",
    severity=Severity.WARNING,
    references=("B.12.4.1", "8.13.4.1", "8.13.4.2", "NL GOV OAuth profile"),
    description=(
        "Flags an OAuth2 `authorizationCode` flow (Swagger 2.0: `flow: accessCode`) and an "
        "`openIdConnect` scheme when neither the scheme's `description` nor any `x-` "
        "extension on the scheme or its flows (name or text values) mentions PKCE: `PKCE`, "
        "RFC 7636, `code_challenge`, `code_verifier` or `S256`. So `x-pkce: true`, "
        '`x-usePkce: S256` or a description "PKCE (S256) is required" all count; an '
        "extension set to `false` or `null` does not. Located at the flow key (Swagger 2.0: "
        "the `flow` value; OpenID Connect: the `type` value)."
    ),
    rationale=(
        "Without PKCE an intercepted authorization code (a malicious app on the same device, "
        "a leaked redirect) can be exchanged for tokens, and the flow relies on `state` "
        "alone against CSRF. B.12.4.1 and 8.13.4.1-2 require the authorization code grant "
        "with PKCE for public and confidential clients, and the NL GOV Assurance profile "
        "for OAuth 2.0 makes it a MUST (hence a warning). The document is where client "
        "developers learn that they must send `code_challenge` with `S256`."
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
        "      description: Authorization code flow; PKCE with S256 is required.\n"
        "      flows:\n"
        "        authorizationCode:\n"
        "          authorizationUrl: https://auth.example.com/authorize\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {read: read access}\n"
    ),
    limitations=(
        "Only what the document says is checked: an authorization server that enforces "
        "PKCE without the document saying so is still reported, and a description that "
        "mentions PKCE only to say it is optional still counts."
    ),
)

_PKCE_RE = re.compile(
    r"(?<![a-z])pkce(?![a-z])|rfc\s*-?\s*7636|code[_ -]?challenge|code[_ -]?verifier|\bS256\b", re.I
)

_ADVICE = (
    "require PKCE (RFC 7636, `code_challenge_method=S256`) and say so in the scheme's "
    "description or an `x-pkce` extension (B.12.4.1, 8.13.4.1-2, NL GOV OAuth profile)"
)


def _mentions_pkce(index: SpecIndex, scheme: SecurityScheme) -> bool:
    return any(_PKCE_RE.search(t) for t in documented_texts(index, scheme))


def check(ctx: RuleContext) -> None:
    index = ctx.index
    for scheme in index.security_schemes:
        if scheme.type == "openIdConnect":
            ctx.examine(scheme.at("type"))
            if not _mentions_pkce(index, scheme):
                ctx.report(
                    scheme.at("type"),
                    f"OpenID Connect scheme {excerpt(scheme.name)} does not document PKCE, so "
                    "clients may run the code flow without binding the code to the client "
                    f"and an intercepted code can be redeemed; {_ADVICE}",
                )
            continue
        if scheme.type != "oauth2":
            continue
        for name, _, loc in flows(index, scheme):
            if name not in ("authorizationCode", "accessCode"):
                continue
            ctx.examine(loc)
            if _mentions_pkce(index, scheme):
                break
            ctx.report(
                loc,
                f"the authorization code flow of OAuth2 scheme {excerpt(scheme.name)} does not "
                "document PKCE, so an intercepted authorization code can be redeemed for "
                f"tokens; {_ADVICE}",
                prefer_key=not index.is_swagger,
            )
