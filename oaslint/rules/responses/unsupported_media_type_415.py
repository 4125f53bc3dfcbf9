"""unsupported-media-type-415: an operation that takes a body documents the 415."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.status import missing_response_aggregate, report_missing

META = RuleMeta(
    id="unsupported-media-type-415",
    title="An operation taking a request body declares no 415 response",
    severity=Severity.WARNING,
    references=("NL-TS 2.3.5",),
    description=(
        "Flags an operation that takes a request body (OAS 3 `requestBody`; Swagger 2.0 "
        "`in: body` or `in: formData` parameters, own or inherited from the path item) but "
        "declares neither a `415` nor a `4XX` range response. Request bodies and responses "
        "reached through `$ref` count. The finding points at the operation's `responses` "
        "key; an operation object `$ref`-ed from several paths is reported once, where it "
        "is written."
    ),
    rationale=(
        "NL-TS 2.3.5: a request whose `Content-Type` is unexpected or missing must be "
        "rejected (`415 Unsupported Media Type`), not parsed anyway: guessing the format "
        "leads to misinterpretation and injection, and accepting XML where JSON was meant "
        "opens XXE. Documenting the 415 makes that rejection part of the contract."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/json:\n"
        "            schema: {type: object, additionalProperties: false}\n"
        "      responses:\n"
        "        '201': {description: Created}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/json:\n"
        "            schema: {type: object, additionalProperties: false}\n"
        "      responses:\n"
        "        '201': {description: Created}\n"
        "        '415': {description: Content-Type not supported}\n"
    ),
    applies_to="operations taking a request body",
    aggregate=missing_response_aggregate("415", "Unsupported Media Type", "NL-TS 2.3.5"),
    limitations=(
        "An OAS 3.0 GET, HEAD or DELETE request body is not counted (Stripe declares an empty "
        "one on 246 GET operations): the specification says consumers SHALL ignore it, so "
        "no server parses it. OAS 3.1 allows such bodies and they count."
    ),
)


def check(ctx: RuleContext) -> None:
    seen: set[Location] = set()
    for op in ctx.index.operations:
        if op.request_body is None or op.body_ignored:
            continue
        report_missing(
            ctx,
            op,
            "415",
            f"{op.key} takes a request body but declares no 415 (or 4XX) response; document "
            "415 Unsupported Media Type (NL-TS 2.3.5)",
            seen,
        )
