"""asymmetric-client-auth: some security scheme offers public-key client authentication."""

from __future__ import annotations

import re

from oaslint.index import SecurityScheme, SpecIndex
from oaslint.model import Severity
from oaslint.rules._security import documented_texts
from oaslint.rules.base import RuleContext, RuleMeta

META = RuleMeta(
    id="asymmetric-client-auth",
    title="No security scheme offers asymmetric client authentication",
    severity=Severity.WARNING,
    references=("NL-SEC client authentication", "SC008", "SC-R001", "8.13.2.3"),
    description=(
        "Flags a document that declares security schemes, none of which offers asymmetric "
        "(public-key) client authentication. A scheme counts when it is of type "
        "`mutualTLS` (OAS 3.1), or when its `description`, or any `x-` extension on it or "
        "on its OAuth2 flows (the extension's name or its text values), mentions "
        "`private_key_jwt`, RFC 7523 (or the `jwt-bearer` client assertion type), mTLS / "
        "mutual TLS, RFC 8705, `tls_client_auth` / `self_signed_tls_client_auth`, or client "
        "certificates. So `x-mtls: true`, `x-private-key-jwt: true`, "
        "`x-token-endpoint-auth-methods: [private_key_jwt]` and `x-client-authentication: "
        "RFC 7523` all count; an extension set to `false` or `null` does not. The finding "
        "points at `components.securitySchemes` (Swagger 2.0: `securityDefinitions`). A "
        "document without any scheme is left to `security-schemes-defined`."
    ),
    rationale=(
        "The NL API strategy security extension RECOMMENDS asymmetric client authentication "
        "(mTLS per RFC 8705 or private_key_jwt) over client secrets, and the NL GOV OAuth "
        "profile REQUIRES private_key_jwt for full clients. SC008 requires tokens used for "
        "client authentication to be signed asymmetrically, SC-R001 requires RFC 7523 and "
        "8.13.2.3 asks for asymmetric cryptography for high assurance service-to-service "
        "traffic. Shared secrets leak, get copied between environments and cannot prove "
        "possession."
    ),
    bad_example=(
        "openapi: 3.1.0\n"
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
    good_example=(
        "openapi: 3.1.0\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    oauth:\n"
        "      type: oauth2\n"
        "      description: Clients authenticate at the token endpoint with private_key_jwt.\n"
        "      flows:\n"
        "        clientCredentials:\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {read: read access}\n"
    ),
    limitations=(
        "The check reads what the document says: a description that mentions mTLS only to "
        "say it is not supported still counts, and asymmetric authentication enforced by a "
        "gateway but not documented does not."
    ),
)

_ASYMMETRIC_RE = re.compile(
    r"private[_ -]?key[_ -]?jwt|rfc\s*-?\s*7523|rfc\s*-?\s*8705|(?<![a-z])mtls(?![a-z])|"
    r"mutual[_ -]?tls|tls[_ ]client[_ ]auth|client[_ -]assertion[_ -]type:jwt-bearer|"
    r"client[_ -]certificates?",
    re.I,
)


def _is_asymmetric(index: SpecIndex, scheme: SecurityScheme) -> bool:
    if scheme.type == "mutualTLS":
        return True
    return any(_ASYMMETRIC_RE.search(t) for t in documented_texts(index, scheme))


def check(ctx: RuleContext) -> None:
    index = ctx.index
    schemes = index.security_schemes
    if not schemes or any(_is_asymmetric(index, s) for s in schemes):
        return
    names = ", ".join(repr(s.name) for s in schemes)
    offer = (
        "document" if index.version in ("2.0", "3.0") else "add a `mutualTLS` scheme, or document"
    )
    ctx.report(
        index.security_schemes_loc or index.root_key_loc(),
        f"no security scheme ({names}) offers asymmetric client authentication; {offer} "
        "private_key_jwt (RFC 7523) or mTLS (RFC 8705) (NL-SEC client authentication, SC008, "
        "SC-R001, 8.13.2.3)",
    )
