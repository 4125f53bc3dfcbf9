"""retry-after-429: a 429 response tells the client when to retry."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import Aggregate, RuleContext, RuleMeta

META = RuleMeta(
    id="retry-after-429",
    applies_to="429 responses",
    aggregate=Aggregate(
        ("/components/headers", "/components/responses", "/responses", "/paths"),
        "{missing} of {examined} {applies_to} document no Retry-After header: declare it "
        "once in components/headers and $ref it from each 429 response, so clients back "
        "off (B.12.1.4)",
    ),
    title="A 429 response documents no Retry-After header",
    severity=Severity.INFO,
    references=("B.12.1.4",),
    description=(
        "Flags a `429` response that documents no `Retry-After` header (header names "
        "compare case-insensitively; a header or response reached through `$ref` counts). "
        "The finding points at the response where it is written: a shared response in "
        "`components/responses` (Swagger 2.0: `responses`) is reported once there, not per "
        "operation using it. `4XX` range responses are not checked."
    ),
    rationale=(
        "Rate limiting (B.12.1.4) only protects the service when clients back off. "
        "`Retry-After` tells them how long to wait; without it clients retry at once and "
        "turn a limit into a retry storm."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "        '429': {description: Too many requests}\n"
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
    limitations=(
        "Other rate-limit headers (`RateLimit-Reset`, `X-RateLimit-Reset`) do not replace "
        "`Retry-After`, the one header HTTP defines for this (RFC 9110 section 10.2.3)."
    ),
)


def check(ctx: RuleContext) -> None:
    seen: set[Location] = set()
    for _, resp in ctx.index.responses:
        if resp.code.strip() != "429" or not isinstance(resp.node, dict):
            continue
        if resp.loc in seen:
            continue
        seen.add(resp.loc)
        ctx.examine(resp.loc)
        if resp.header("Retry-After") is None:
            ctx.report(
                resp.loc,
                "429 response documents no Retry-After header; add one so clients back off "
                "(B.12.1.4)",
                prefer_key=True,
            )
