"""asymmetric-client-auth: some security scheme offers public-key client authentication."""

from __future__ import annotations

import re

from oaslint.index import SecurityScheme, SpecIndex
from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.prose import NEGATION_DOC, affirmed
from oaslint.rules.shared.security import documented_texts
from oaslint.text import excerpt

META = RuleMeta(
    id="asymmetric-client-auth",
    applies_to="security scheme sets",
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
        "negated mention (`we do not support mTLS`) does not count. When the only "
        "asymmetric method is mTLS (no private_key_jwt / RFC 7523 / jwt-bearer client "
        "assertion), NL-SEC and 8.13.2.3 are met but SC-R001 is not: that is reported at "
        "**info**, at the same place, citing SC-R001. A document without any scheme is "
        "left to `security-schemes-defined`."
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
        "The check reads what the document says: asymmetric authentication enforced by a "
        "gateway but not documented does not count. Prose is matched, not understood. "
        + NEGATION_DOC
    ),
)

_JWT_RE = re.compile(
    r"private[_ -]?key[_ -]?jwt|rfc\s*-?\s*7523|client[_ -]assertion[_ -]type:jwt-bearer", re.I
)
_MTLS_RE = re.compile(
    r"rfc\s*-?\s*8705|(?<![a-z])mtls(?![a-z])|mutual[_ -]?tls|tls[_ ]client[_ ]auth|"
    r"client[_ -]certificates?",
    re.I,
)


def _methods(index: SpecIndex, scheme: SecurityScheme) -> set[str]:
    """The asymmetric client authentication a scheme offers: "jwt", "mtls" or both."""
    found = {"mtls"} if scheme.type == "mutualTLS" else set()
    texts = documented_texts(index, scheme)
    if affirmed(texts, _JWT_RE):
        found.add("jwt")
    if affirmed(texts, _MTLS_RE):
        found.add("mtls")
    return found


def check(ctx: RuleContext) -> None:
    index = ctx.index
    schemes = index.security_schemes
    if not schemes:
        return
    where = index.security_schemes_loc or index.root_key_loc()
    ctx.examine(where)
    methods: set[str] = set()
    for s in schemes:
        methods |= _methods(index, s)
    if "jwt" in methods:
        return
    names = ", ".join(excerpt(s.name) for s in schemes)
    if methods:  # mTLS only: NL-SEC and 8.13.2.3 are met, SC-R001 asks for RFC 7523
        ctx.report(
            where,
            f"the security schemes ({names}) offer mTLS but not private_key_jwt: SC-R001 "
            "asks for RFC 7523 client authentication when requesting OAuth access tokens; "
            "document private_key_jwt (RFC 7523) client authentication too (SC-R001)",
            severity=Severity.INFO,
        )
        return
    offer = "add a `mutualTLS` scheme, or document" if index.at_least("3.1") else "document"
    ctx.report(
        where,
        f"no security scheme ({names}) offers asymmetric client authentication; {offer} "
        "private_key_jwt (RFC 7523) or mTLS (RFC 8705) (NL-SEC client authentication, SC008, "
        "SC-R001, 8.13.2.3)",
    )
