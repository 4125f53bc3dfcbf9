"""no-http-basic-auth: no HTTP Basic, Digest or other weak HTTP authentication schemes."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.text import excerpt

META = RuleMeta(
    id="no-http-basic-auth",
    applies_to="security schemes",
    title="A security scheme uses HTTP Basic, Digest or another weak scheme",
    severity=Severity.WARNING,
    references=("NL-SEC client secrets", "B.12.2.1", "8.13.2.1"),
    description=(
        "Flags an `http` security scheme whose `scheme` is `basic`, `digest`, `negotiate`, "
        "`ntlm` or `oauth` (the OAuth 1.0 HTTP scheme), case-insensitive, located at the "
        "`scheme` value; and a Swagger 2.0 `type: basic` definition, located at `type`."
    ),
    rationale=(
        "Basic sends a reusable password (or client secret) with every request; Digest "
        "relies on MD5 and lets the server store password equivalents; Negotiate/NTLM and "
        "OAuth 1.0 are legacy. The NL API strategy security extension marks client "
        "authentication with HTTP Basic as NOT RECOMMENDED (prone to credential theft) and "
        "B.12.2.1 and 8.13.2.1 require authentication strength adequate to the protection "
        "needs. Use "
        "OAuth 2.0 bearer tokens, ideally obtained with asymmetric client authentication."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    basic:\n"
        "      type: http\n"
        "      scheme: basic\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    bearer:\n"
        "      type: http\n"
        "      scheme: bearer\n"
        "      bearerFormat: JWT\n"
    ),
)

_WEAK = {
    "basic": "sends a reusable user name and password (or client secret) with every request",
    "digest": "relies on MD5 and lets the server keep password equivalents",
    "negotiate": "is a legacy Windows scheme (SPNEGO/NTLM) unsuited to internet APIs",
    "ntlm": "is a legacy Windows scheme with weak, relayable credentials",
    "oauth": "is OAuth 1.0, superseded by OAuth 2.0",
}


def check(ctx: RuleContext) -> None:
    advice = (
        "use OAuth 2.0 bearer tokens (preferably with private_key_jwt or mTLS client "
        "authentication) instead (NL-SEC client secrets, B.12.2.1)"
    )
    for scheme in ctx.index.security_schemes:
        ctx.examine(scheme.loc)
        if ctx.index.is_swagger and scheme.type == "basic":
            ctx.report(
                scheme.at("type"),
                f"security definition {excerpt(scheme.name)} uses HTTP Basic authentication, which "
                f"{_WEAK['basic']}; {advice}",
                subject=scheme.loc,
            )
            continue
        if scheme.type.lower() != "http":
            continue
        value = str(scheme.node.get("scheme", "")).strip().lower()
        why = _WEAK.get(value)
        if why is not None:
            ctx.report(
                scheme.at("scheme"),
                f"security scheme {excerpt(scheme.name)} uses HTTP {value.capitalize()} "
                f"authentication, which {why}; {advice}",
                subject=scheme.loc,
            )
