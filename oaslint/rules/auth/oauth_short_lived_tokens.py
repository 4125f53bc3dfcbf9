"""oauth-short-lived-tokens: user token flows say how long their tokens live."""

from __future__ import annotations

import re

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.prose import NEGATION_DOC, affirmed
from oaslint.rules.shared.security import documented_texts, flows
from oaslint.text import excerpt

META = RuleMeta(
    id="oauth-short-lived-tokens",
    title="An OAuth2 flow issues user tokens with no refresh URL and no documented lifetime",
    severity=Severity.INFO,
    references=("B.12.3.2", "8.13.3.2.1"),
    description=(
        "Flags an `oauth2` flow that issues tokens for users (`authorizationCode`, "
        "`implicit`, `password`; Swagger 2.0 `accessCode`, `implicit`, `password`) with no "
        "`refreshUrl` and no documented token lifetime in the scheme's `description` or "
        "`x-` extensions (on the scheme and its flows: the extension's name and text "
        "values, so `x-token-lifetime: 3600` counts). Lifetime vocabulary "
        "(case-insensitive): `lifetime`, `expiry`, `expires`, `expiration`, `expire`, "
        "`expires_in`, `ttl`, `time to live`, `short-lived`, `valid for`, `geldig`, "
        "`verloopt`, or a duration such as `15 minutes`/`1 hour`/`10 min`/`3600 "
        "seconds`/`1 uur`. One finding per flow, at its `tokenUrl` (the `authorizationUrl` "
        "for `implicit`; the flow when neither is written). " + NEGATION_DOC
    ),
    rationale=(
        "B.12.3.2 and 8.13.3.2.1 require access tokens to be short-lived (minutes or "
        "hours). A stolen token is useful for as long as it lives; a contract that neither "
        "offers refresh (so tokens can be short) nor states a lifetime leaves clients and "
        "auditors unable to tell whether tokens expire at all."
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
        "          scopes: {}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    users:\n"
        "      type: oauth2\n"
        "      description: Access tokens expire after 15 minutes.\n"
        "      flows:\n"
        "        authorizationCode:\n"
        "          authorizationUrl: https://auth.example.com/authorize\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {}\n"
    ),
    limitations=(
        "A lifetime stated only in the authorization server's own documentation is not "
        "seen. The vocabulary is matched, not understood: a long lifetime ('tokens expire "
        "after a year') counts as documented; judge it by hand."
    ),
    applies_to="OAuth2 flows that issue user tokens",
)

_LIFETIME = re.compile(
    r"life[ _-]?time|expir(?:y|es|ation|ed|e)|expires_in|(?<![a-z])ttl(?![a-z])|"
    r"time[ _-]to[ _-]live|short[ _-]lived|valid for|geldig|verloopt|"
    r"\b\d+\s*(?:minutes?|min|hours?|h|seconds?|s|minuten|uur|seconden)\b",
    re.I,
)
_USER_FLOWS = ("authorizationCode", "accessCode", "implicit", "password")


def check(ctx: RuleContext) -> None:
    index = ctx.index
    seen: set[Location] = set()
    for scheme in index.security_schemes:
        if scheme.type != "oauth2" or scheme.loc in seen:
            continue
        seen.add(scheme.loc)
        texts: list[str] | None = None
        for name, flow, loc in flows(index, scheme):
            if name not in _USER_FLOWS:
                continue
            ctx.examine(loc)
            if flow.get("refreshUrl"):
                continue
            if texts is None:
                texts = documented_texts(index, scheme)
            if affirmed(texts, _LIFETIME):
                continue
            key = "authorizationUrl" if name == "implicit" else "tokenUrl"
            where = flow.at(key) if key in flow.node else loc
            ctx.report(
                where,
                f"the {name} flow of OAuth2 scheme {excerpt(scheme.name)} issues user tokens "
                "but has "
                "no refreshUrl and documents no token lifetime: nothing shows the tokens are "
                "short-lived; state the lifetime (minutes or hours) in the scheme's "
                "description or an `x-token-lifetime` extension (B.12.3.2, 8.13.3.2.1)",
                subject=loc,
            )
