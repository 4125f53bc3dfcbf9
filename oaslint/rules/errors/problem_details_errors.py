"""problem-details-errors: error responses use application/problem+json."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import Aggregate, RuleContext, RuleMeta
from oaslint.rules.shared.media import essence, is_problem
from oaslint.rules.shared.status import is_error
from oaslint.text import excerpt

META = RuleMeta(
    id="problem-details-errors",
    title="An error response is not application/problem+json",
    severity=Severity.INFO,
    references=("NL-TS 2.3.8",),
    description=(
        "Flags a `4XX` or `5XX` response (exact code or range) with content none of whose "
        "media types is `application/problem+json` (RFC 9457; `application/problem+xml` "
        "is accepted too, `json-media-types` judges XML). The finding points at the "
        "response's first media type, where it is written: a shared response is reported "
        "once. In Swagger 2.0 the media types are the `produces` entries in effect for a "
        "response with a `schema`, so a root `produces` list gets one finding for the whole "
        "document. Responses without content and `default` responses are not flagged."
    ),
    rationale=(
        "NL-TS 2.3.8 asks for generic, uniform error messages. RFC 9457 problem details "
        "give every error the same small structure (`type`, `title`, `status`, `detail`, "
        "`instance`) with no room for ad-hoc technical fields, and let clients handle all "
        "errors with one code path."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "        '400':\n"
        "          description: Bad request\n"
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
        "        '200': {description: OK}\n"
        "        '400':\n"
        "          description: Bad request\n"
        "          content:\n"
        "            application/problem+json:\n"
        "              schema: {type: object}\n"
    ),
    limitations=(
        "Swagger 2.0 responses with a `schema` but no `produces` in effect have no declared "
        "media type and are not flagged. An error response in `application/scim+json` is "
        "not flagged: SCIM (RFC 7644, section 3.12) mandates its own error body "
        "(`urn:ietf:params:scim:api:messages:2.0:Error`), which a SCIM client must get."
    ),
    applies_to="error responses with content",
    aggregate=Aggregate(
        ("/components/responses", "/components/schemas", "/responses", "/paths"),
        "{missing} of {examined} {applies_to} are not application/problem+json: return RFC "
        "9457 problem details from one shared error response (NL-TS 2.3.8)",
    ),
)


SCIM = "application/scim+json"  # RFC 7644 errors (section 3.12)


def check(ctx: RuleContext) -> None:
    seen: set[Location] = set()
    for _, resp in ctx.index.responses:
        if not is_error(resp, include_default=False):
            continue
        media = [m for m in resp.media if m.media_type]
        if not media:
            continue
        first = media[0]
        if first.loc in seen:
            continue
        seen.add(first.loc)
        ctx.examine(first.loc)
        if any(is_problem(m.media_type) or essence(m.media_type) == SCIM for m in media):
            continue
        ctx.report(
            first.loc,
            f"error response {resp.code} is {excerpt(first.media_type)}, not "
            "application/problem+json; "
            "return RFC 9457 problem details (NL-TS 2.3.8)",
            prefer_key=True,
        )
