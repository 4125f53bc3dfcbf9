"""validation-error-400: operations that take input document that invalid input is rejected."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import Aggregate, RuleContext, RuleMeta
from oaslint.rules.shared.status import missing_response_loc

META = RuleMeta(
    id="validation-error-400",
    title="An operation that takes input declares no 400, 422 or 4XX response",
    severity=Severity.WARNING,
    references=("B.12.1.3", "NL-TS 2.3.6"),
    description=(
        "Flags an operation that takes input (any parameter, its own or its path item's, "
        "or a request body; Swagger 2.0 `body`/`formData` parameters included) and "
        "declares none of `400`, `422` or the `4XX` range. One finding per operation, at "
        "its `responses` key (its method key when it has none); an operation object "
        "`$ref`-ed from several paths is reported once. An operation documenting client "
        "errors only by `4XX` passes here and is `specific-status-codes`' finding."
    ),
    rationale=(
        "B.12.1.3 requires input to be validated and invalid input to be rejected; NL-TS "
        "2.3.6 asks for the semantically right status code. A contract that documents no "
        "400 (or 422) response does not promise that malformed or out-of-range input is "
        "refused rather than processed, and clients cannot tell a validation error from "
        "any other failure."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      parameters:\n"
        "        - {name: limit, in: query, schema: {type: integer, maximum: 100}}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      parameters:\n"
        "        - {name: limit, in: query, schema: {type: integer, maximum: 100}}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "        '400': {description: Invalid query parameters}\n"
    ),
    limitations=(
        "A parameter-only operation whose input errors surface as `404` (an unknown id in "
        "the path) still needs a 400 for malformed values; `default` responses do not "
        "count."
    ),
    applies_to="operations that take input",
    aggregate=Aggregate(  # DESIGN 2.3: an API-wide decision, folded by the engine when on
        anchors=("/components/responses", "/responses", "/paths"),
        message=(
            "{missing} of {examined} {applies_to} declare no 400, 422 or 4XX response: the "
            "contract does not say that invalid input is rejected; document a 400 Bad "
            "Request (or 422) response, once in components and referenced "
            "(B.12.1.3, NL-TS 2.3.6)"
        ),
    ),
)

_CODES = ("400", "422")


def check(ctx: RuleContext) -> None:
    seen: set[Location] = set()
    for op in ctx.index.operations:
        if not op.parameters and op.request_body is None:
            continue
        ctx.examine(op.loc)
        if any(op.has_response(code) for code in _CODES):
            continue
        loc = missing_response_loc(op)
        if loc in seen:
            continue
        seen.add(loc)
        takes = "a request body" if op.request_body is not None else "parameters"
        ctx.report(
            loc,
            f"{op.key} takes {takes} but declares no 400, 422 (or 4XX) response: the "
            "contract does not say that invalid input is rejected; document a 400 Bad "
            "Request (or 422) response (B.12.1.3, NL-TS 2.3.6)",
            prefer_key=True,
            subject=op.loc,
        )
