"""api-key-header-name: API keys travel in the X-Api-Key header."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.auth._client import is_client_id
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.text import excerpt

META = RuleMeta(
    id="api-key-header-name",
    applies_to="header API key schemes",
    title="An API key header is not named X-Api-Key",
    severity=Severity.INFO,
    references=("API-13",),
    description=(
        "Flags an `apiKey` security scheme with `in: header` whose `name` is not "
        "`X-Api-Key` (compared case-insensitively), located at the `name` value. In OAS 3 an "
        "apiKey in the `Authorization` header gets its own advice: describe it as an `http` "
        "scheme. API keys in the query or a cookie are reported by `no-credentials-in-uri` "
        "and `auth-via-security-schemes`. A header that names a client identifier "
        "(`X-Client-Id`, `client_id`) is not an API key and is left to `no-client-id-only-auth`."
    ),
    rationale=(
        "The NL API strategy (API-13 and its table of authorization headers) fixes "
        "`Authorization: Bearer <token>` for authorized access and `X-Api-Key: <api-key>` "
        "for API keys. One well-known name lets gateways, log filters and secret scanners "
        "redact the key and spares clients a lookup per API."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    key:\n"
        "      type: apiKey\n"
        "      in: header\n"
        "      name: X-Custom-Key\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    key:\n"
        "      type: apiKey\n"
        "      in: header\n"
        "      name: X-Api-Key\n"
    ),
    limitations=(
        "In Swagger 2.0 an apiKey in the `Authorization` header is the only way to describe "
        "bearer tokens (there is no `http` type), so it is not flagged there."
    ),
)


def check(ctx: RuleContext) -> None:
    index = ctx.index
    for scheme in index.security_schemes:
        if scheme.type != "apiKey" or str(scheme.node.get("in", "")).lower() != "header":
            continue
        ctx.examine(scheme.loc)
        name = str(scheme.node.get("name", ""))
        low = name.strip().lower()
        if low == "x-api-key" or "name" not in scheme.node or is_client_id(name):
            continue
        if low == "authorization":
            if index.is_swagger:
                continue
            ctx.report(
                scheme.at("name"),
                f"apiKey scheme {excerpt(scheme.name)} reads the `Authorization` header, so tools "
                "cannot tell which authentication scheme it carries; describe bearer tokens "
                "as `type: http, scheme: bearer` (with `bearerFormat`), and plain API keys "
                "in the `X-Api-Key` header (API-13)",
                subject=scheme.loc,
            )
            continue
        ctx.report(
            scheme.at("name"),
            f"apiKey scheme {excerpt(scheme.name)} uses the header {excerpt(name)}; the NL API "
            "strategy "
            "names the API key header `X-Api-Key`, which gateways and log filters know to "
            "redact; rename it to `X-Api-Key` (API-13)",
            subject=scheme.loc,
        )
