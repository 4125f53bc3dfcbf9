"""method-not-allowed-405: an operation documents the 405 for methods it does not allow."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.status import missing_response_aggregate, report_missing

META = RuleMeta(
    id="method-not-allowed-405",
    title="An operation declares no 405 response",
    severity=Severity.INFO,
    references=("NL-TS 2.3.4",),
    description=(
        "Flags an operation that declares neither a `405` nor a `4XX` range response "
        "(responses reached through `$ref` count). The finding points at the operation's "
        "`responses` key (its method key when it has no `responses`); an operation object "
        "`$ref`-ed from several paths is reported once, where it is written."
    ),
    rationale=(
        "NL-TS 2.3.4 asks APIs to allow-list their HTTP methods and to reject every other "
        "method with `405 Method Not Allowed`. Documenting the 405 makes that behaviour part "
        "of the contract, so gateways and tests can check it."
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
        "        '405': {description: Method not allowed}\n"
    ),
    limitations=(
        "Checked per operation, as the catalogue asks, although a 405 answers a method the "
        "path does not offer; a `4XX` range response satisfies it."
    ),
    applies_to="operations",
    aggregate=missing_response_aggregate("405", "Method Not Allowed", "NL-TS 2.3.4"),
)


def check(ctx: RuleContext) -> None:
    seen: set[Location] = set()
    for op in ctx.index.operations:
        report_missing(
            ctx,
            op,
            "405",
            f"{op.key} declares no 405 (or 4XX) response; document 405 Method Not Allowed "
            "(NL-TS 2.3.4)",
            seen,
        )
