"""rate-limit-429: an operation documents the 429 of its rate limit."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.status import missing_response_aggregate, report_missing

META = RuleMeta(
    id="rate-limit-429",
    title="An operation declares no 429 response",
    severity=Severity.WARNING,
    references=("B.12.1.4", "8.13.7"),
    description=(
        "Flags an operation that declares neither a `429` nor a `4XX` range response "
        "(responses reached through `$ref` count). The finding points at the operation's "
        "`responses` key (its method key when it has no `responses`); an operation object "
        "`$ref`-ed from several paths is reported once, where it is written. Whether the "
        "429 documents `Retry-After` is `retry-after-429`'s concern."
    ),
    rationale=(
        "B.12.1.4 and 8.13.7 require restrictive limits per client (rate limiting) against "
        "deliberate or accidental denial of service. An operation whose contract has no "
        "`429 Too Many Requests` suggests no limit is enforced, and leaves clients without a "
        "documented way to back off."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "        '429':\n"
        "          description: Too many requests\n"
        "          headers:\n"
        "            Retry-After:\n"
        "              schema: {type: integer, minimum: 0, maximum: 86400}\n"
    ),
    applies_to="operations",
    aggregate=missing_response_aggregate("429", "Too Many Requests", "B.12.1.4, 8.13.7"),
)


def check(ctx: RuleContext) -> None:
    seen: set[Location] = set()
    for op in ctx.index.operations:
        report_missing(
            ctx,
            op,
            "429",
            f"{op.key} declares no 429 (or 4XX) response: no sign of rate limiting; document "
            "429 Too Many Requests (B.12.1.4, 8.13.7)",
            seen,
        )
