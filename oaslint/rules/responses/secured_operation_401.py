"""secured-operation-401: a secured operation documents how bad credentials are answered."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.status import (
    accepts_credentials,
    missing_response_aggregate,
    report_missing,
)

META = RuleMeta(
    id="secured-operation-401",
    title="A secured operation declares no 401 response",
    severity=Severity.WARNING,
    references=("NL-SEC authorization errors", "NL-TS 2.3.6"),
    description=(
        "Flags an operation whose effective security (its own `security`, else the root "
        "one) names at least one security scheme, but which declares neither a `401` nor a "
        "`4XX` range response. Responses reached through `$ref` count. Operations with "
        "optional authentication (a `{}` alternative beside a scheme) are treated as "
        "secured: credentials a client sends can still be rejected; the anonymous "
        "alternative itself is `operation-security-defined`'s finding. Public operations "
        "(no effective security, or only `{}`) are not flagged. The finding points at the "
        "operation's `responses` key (its method key when it has no `responses`); an "
        "operation object `$ref`-ed from several paths is reported once, where it is written."
    ),
    rationale=(
        "The NL API security extension prescribes when a secured API answers `401 "
        "Unauthorized` (missing or invalid credentials); documenting it tells clients how "
        "to react (re-authenticate) and keeps implementations from leaking information "
        "through ad-hoc error codes (NL-TS 2.3.6: use the semantically right status code)."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "security:\n"
        "  - oauth: [read]\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    oauth:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        clientCredentials:\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {read: read pets}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "security:\n"
        "  - oauth: [read]\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "        '401': {description: Missing or invalid access token}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    oauth:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        clientCredentials:\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {read: read pets}\n"
    ),
    applies_to="secured operations",
    aggregate=missing_response_aggregate(
        "401", "Unauthorized", "NL-SEC authorization errors, NL-TS 2.3.6"
    ),
)


def check(ctx: RuleContext) -> None:
    seen: set[Location] = set()
    for op in ctx.index.operations:
        if not accepts_credentials(op):
            continue
        report_missing(
            ctx,
            op,
            "401",
            f"{op.key} requires credentials but declares no 401 (or 4XX) response; document "
            "401 Unauthorized (NL-SEC authorization errors, NL-TS 2.3.6)",
            seen,
        )
