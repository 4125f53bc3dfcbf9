"""no-wildcard-media-types: request and response media types are explicit."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import Aggregate, RuleContext, RuleMeta
from oaslint.rules.shared.media import essence, is_script, is_wildcard
from oaslint.text import excerpt

META = RuleMeta(
    id="no-wildcard-media-types",
    applies_to="media types",
    # a wildcard written at every operation (Kubernetes: `consumes: ['*/*']` 450 times)
    # is one API-wide decision: one finding per wildcard type, with its places
    aggregate=Aggregate(
        ("/consumes", "/produces", "/paths"),
        "media type {key} is a wildcard at {missing} places: list the exact media types, "
        "such as application/json (NL-TS 2.3.5)",
        per_key=True,
    ),
    title="A media type is a wildcard (`*/*` or `type/*`)",
    severity=Severity.WARNING,
    references=("NL-TS 2.3.5",),
    description=(
        "Flags a media range (`*/*`, `type/*`, or a bare `*`) used as a request or response "
        "media type: OAS 3 `content` keys of request bodies and responses, and Swagger 2.0 "
        "`consumes`/`produces` entries in effect for an operation with a body parameter or "
        "a response `schema`. Such a media type gets this finding only (not "
        "`json-media-types`'s)."
    ),
    rationale=(
        'NL-TS 2.3.5: define content types explicitly (`@Consumes("application/json")`) so '
        "that unintended types are never accepted or produced. An API that consumes `*/*` "
        "hands any body to some parser (XML: XXE), and one that produces `*/*` cannot be "
        "negotiated with or checked by clients."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          '*/*':\n"
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
    ),
)


def check(ctx: RuleContext) -> None:
    for m in ctx.index.media_types:
        ctx.examine(m.loc)
        if not is_wildcard(m.media_type) or is_script(m.media_type):
            continue
        if m.direction == "request":
            why = "any body type reaches a parser"
        else:
            why = "clients cannot check what they get"
        ctx.report(
            m.loc,
            f"{m.direction} media type {excerpt(m.media_type)} is a wildcard: {why}; list the "
            "exact "
            "media types, such as application/json (NL-TS 2.3.5)",
            prefer_key=True,
            key=essence(m.media_type),
        )
