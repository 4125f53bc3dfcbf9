"""json-media-types: requests and responses are JSON (or an allowed binary type)."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import Aggregate, Option, RuleContext, RuleMeta
from oaslint.rules.shared.media import essence, is_json, is_script, is_wildcard, is_xml, matches_any
from oaslint.text import excerpt

META = RuleMeta(
    id="json-media-types",
    title="A request or response media type is not JSON",
    severity=Severity.WARNING,
    references=("NL-TS 2.3.5",),
    description=(
        "Flags a request or response media type that is neither `application/json` nor an "
        "`application/*+json` type (`problem+json`, `hal+json`, `merge-patch+json`...), "
        "compared case-insensitively and without parameters. XML types (`*/xml`, `+xml`) "
        "get an XXE-specific message. Not flagged: the types in `allowed_media_types` "
        "(binary downloads and uploads; `type/*` patterns allowed), request types in "
        "`allowed_request_media_types` (form posts and file uploads: OAuth token endpoints "
        "must take `application/x-www-form-urlencoded`, and files travel as "
        "`multipart/form-data`), and types already flagged by `no-script-media-types` or "
        "`no-wildcard-media-types` (one media type gets one finding). Checked: OAS 3 "
        "`content` keys of request bodies and responses; Swagger 2.0 `consumes`/`produces` "
        "entries in effect for an operation with a body parameter or a response `schema`."
    ),
    rationale=(
        "NL-TS 2.3.5 asks for explicitly defined content types, `application/json` for JSON "
        "responses: every extra format is another parser on the attack surface, and XML "
        "parsers in particular are prone to XML external entity (XXE) attacks."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/xml:\n"
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
    options={
        "allowed_media_types": Option(
            "list[str]",
            ["application/octet-stream", "application/pdf", "image/*"],
            "Media types (or `type/*` patterns) allowed in requests and responses: binary "
            "downloads and uploads.",
        ),
        "allowed_request_media_types": Option(
            "list[str]",
            ["multipart/form-data", "application/x-www-form-urlencoded"],
            "Media types (or `type/*` patterns) additionally allowed in request bodies; set "
            "to `[]` to demand JSON request bodies everywhere.",
        ),
    },
    limitations=(
        "Streaming and export types (`text/event-stream`, `text/csv`, `application/yaml`, "
        "`application/x-ndjson`) are flagged like any other non-JSON type; add them to "
        "`allowed_media_types` when they are intended. Media types of parameters described "
        "with `content` and multipart `encoding.contentType` values are not checked."
    ),
    applies_to="media types",
    aggregate=Aggregate(
        ("/produces", "/consumes", "/paths"),
        "media type {key} is used at {missing} places and is not JSON: use application/json "
        "(or an application/*+json type), or allow it in the rule's options (NL-TS 2.3.5)",
        per_key=True,
    ),
)


def check(ctx: RuleContext) -> None:
    allowed: list[str] = list(ctx.options.get("allowed_media_types", ()))
    allowed_req: list[str] = allowed + list(ctx.options.get("allowed_request_media_types", ()))
    for m in ctx.index.media_types:
        mt = m.media_type
        if is_script(mt) or is_wildcard(mt):
            continue  # the finding of no-script-media-types / no-wildcard-media-types
        ctx.examine(m.loc)
        if is_json(mt) or matches_any(mt, allowed_req if m.direction == "request" else allowed):
            continue
        why = " (XML: XXE risk)" if is_xml(mt) else ""
        ctx.report(
            m.loc,
            f"{m.direction} media type {excerpt(mt)} is not JSON{why}; use application/json or "
            "allow it in the rule's options (NL-TS 2.3.5)",
            prefer_key=True,
            key=essence(mt),
        )
