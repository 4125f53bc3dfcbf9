"""rate-limit-headers: an API that rate-limits tells clients their limits."""

from __future__ import annotations

import re

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta

META = RuleMeta(
    id="rate-limit-headers",
    title="Rate limits are enforced (429) but no response carries rate-limit headers",
    severity=Severity.INFO,
    references=("B.12.1.4", "8.13.7"),
    description=(
        "Flags a document that declares `429` responses but documents no rate-limit "
        "header on any response: `RateLimit`, `RateLimit-Policy` (IETF httpapi draft), "
        "`RateLimit-Limit`/`-Remaining`/`-Reset`, or any `X-RateLimit-*` / "
        "`X-Rate-Limit-*` header (names compared case-insensitively, headers reached "
        "through `$ref` included). One finding per document, at the `openapi`/`swagger` "
        "key, naming the first 429 response. `Retry-After` on each 429 is "
        "`retry-after-429`'s concern."
    ),
    rationale=(
        "B.12.1.4 and 8.13.7 require rate limiting; the 429 responses show the API does "
        "it. Without rate-limit headers clients only learn the limit by hitting it, so "
        "well-behaved clients cannot pace themselves and the limit turns into errors "
        "instead of back-pressure."
    ),
    bad_example=(
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
        "            Retry-After: {schema: {type: integer}}\n"
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
        "          headers:\n"
        "            RateLimit: {schema: {type: string}}\n"
        "            RateLimit-Policy: {schema: {type: string}}\n"
        "        '429':\n"
        "          description: Too many requests\n"
        "          headers:\n"
        "            Retry-After: {schema: {type: integer}}\n"
    ),
    limitations=(
        "Limits published elsewhere (a developer portal) are not seen; a document "
        "without 429 responses is not judged (`rate-limit-429` flags those operations)."
    ),
    applies_to="documents with 429 responses",
)

_RATE_LIMIT = re.compile(r"^(?:x-)?rate-?limit(?:-|$)", re.I)


def check(ctx: RuleContext) -> None:
    index = ctx.index
    first: tuple[str, Location] | None = None
    count = 0
    limited = False
    seen: set[Location] = set()
    for op, resp in index.responses:
        if any(_RATE_LIMIT.match(h.name.strip()) for h in resp.headers):
            limited = True
        if resp.code.strip() == "429" and resp.loc not in seen:
            seen.add(resp.loc)
            count += 1
            if first is None:
                first = (op.key, resp.loc)
    if first is None:
        return
    root = index.root_key_loc()
    ctx.examine(root)
    if limited:
        return
    several = f" and {count - 1} other(s)" if count > 1 else ""
    ctx.report(
        root,
        f"the API documents 429 responses ({first[0]}{several}) but no response carries a "
        "rate-limit header: clients learn the limit only by hitting it; document "
        "`RateLimit` and `RateLimit-Policy` (or `X-RateLimit-*`) headers "
        "(B.12.1.4, 8.13.7)",
    )
