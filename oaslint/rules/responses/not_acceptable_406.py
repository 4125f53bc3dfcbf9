"""not-acceptable-406: an operation that returns a body documents the 406."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.status import missing_response_aggregate, report_missing, returns_body

META = RuleMeta(
    id="not-acceptable-406",
    title="An operation returning a body declares no 406 response",
    severity=Severity.INFO,
    references=("NL-TS 2.3.5",),
    description=(
        "Flags an operation that returns a body but declares neither a `406` nor a `4XX` "
        "range response. An operation returns a body when one of its `2XX` responses "
        "(exact or range; its `default` response when it declares no `2XX`) has content "
        "(OAS 3 `content`, Swagger 2.0 `schema`); responses reached through `$ref` count. "
        "Operations that answer only without a body (`204`, redirects) are not flagged. The "
        "finding points at the operation's `responses` key; an operation object `$ref`-ed "
        "from several paths is reported once, where it is written."
    ),
    rationale=(
        "NL-TS 2.3.5: an API must not simply echo the client's `Accept` header into the "
        "response `Content-Type`, and should reject a request whose `Accept` lists none of "
        "its types with `406 Not Acceptable`. Documenting the 406 makes the content "
        "negotiation explicit and avoids misinterpreted (possibly executable) responses."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          content:\n"
        "            application/json:\n"
        "              schema: {type: object}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          content:\n"
        "            application/json:\n"
        "              schema: {type: object}\n"
        "        '406': {description: None of the Accept types can be produced}\n"
    ),
    limitations=(
        "A Swagger 2.0 response is taken to have a body when it has a `schema`; "
        "`produces` alone does not count. HEAD operations never return a body, even when "
        "the document describes the content of the matching GET, so they are not flagged."
    ),
    applies_to="operations returning a body",
    aggregate=missing_response_aggregate("406", "Not Acceptable", "NL-TS 2.3.5"),
)


def check(ctx: RuleContext) -> None:
    seen: set[Location] = set()
    for op in ctx.index.operations:
        if not returns_body(op):
            continue
        report_missing(
            ctx,
            op,
            "406",
            f"{op.key} returns a body but declares no 406 (or 4XX) response; document 406 "
            "Not Acceptable (NL-TS 2.3.5)",
            seen,
        )
