"""secured-operation-403: a secured operation documents how insufficient rights are answered."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.status import (
    accepts_credentials,
    missing_response_aggregate,
    report_missing,
)

META = RuleMeta(
    id="secured-operation-403",
    title="A secured operation declares no 403 response",
    severity=Severity.WARNING,
    references=("NL-SEC authorization errors", "NL-TS 2.3.6"),
    description=(
        "Flags an operation whose effective security (its own `security`, else the root "
        "one) names at least one security scheme, but which declares neither a `403` nor a "
        "`4XX` range response. Responses reached through `$ref` count. Operations with "
        "optional authentication (a `{}` alternative beside a scheme) are treated as "
        "secured: credentials a client sends can still be rejected; the anonymous "
        "alternative itself is `operation-security-defined`'s finding. Public operations "
        "(no effective security, or only `{}`) are not flagged. The finding points at the "
        "operation's `responses` key (its method key when it has no `responses`); an "
        "operation object `$ref`-ed from several paths is reported once, where it is written."
    ),
    rationale=(
        "The NL API security extension prescribes when a secured API answers `403 "
        "Forbidden` (valid credentials, but not allowed: wrong scope, no rights on the "
        "resource, or existence of the resource withheld); documenting it tells clients how "
        "to react and keeps implementations from leaking information through ad-hoc error "
        "codes (NL-TS 2.3.6: use the semantically right status code)."
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
        "        '403': {description: Token lacks the required scope}\n"
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
        "403", "Forbidden", "NL-SEC authorization errors, NL-TS 2.3.6"
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
            "403",
            f"{op.key} requires credentials but declares no 403 (or 4XX) response; document "
            "403 Forbidden (NL-SEC authorization errors, NL-TS 2.3.6)",
            seen,
        )
