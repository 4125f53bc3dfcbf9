"""bearer-format-declared: bearer schemes say what their tokens are."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import OAS3_VERSIONS, RuleContext, RuleMeta
from oaslint.text import excerpt

META = RuleMeta(
    id="bearer-format-declared",
    versions=OAS3_VERSIONS,
    applies_to="bearer security schemes",
    title="A bearer scheme does not declare its token format",
    severity=Severity.INFO,
    references=("SC-R003", "B.12.3"),
    description=(
        "Flags an `http` security scheme with `scheme: bearer` (case-insensitive) that has "
        "no `bearerFormat` or an empty one, located at the `scheme` value. Swagger 2.0 has no "
        "bearer scheme type, so the rule does not apply to it."
    ),
    rationale=(
        "`bearerFormat` tells clients and reviewers what the token is (`JWT`, an opaque "
        "reference token...). SC-R003 requires JWTs used for client authentication and "
        "authorization grants to follow RFC 7515/7518, and B.12.3 requires signed tokens "
        "whose encryption method is verified: that can only be reviewed when the format is "
        "stated."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    bearer:\n"
        "      type: http\n"
        "      scheme: bearer\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    bearer:\n"
        "      type: http\n"
        "      scheme: bearer\n"
        "      bearerFormat: JWT\n"
    ),
)


def check(ctx: RuleContext) -> None:
    for scheme in ctx.index.security_schemes:
        if scheme.type.lower() != "http":
            continue
        if str(scheme.node.get("scheme", "")).strip().lower() != "bearer":
            continue
        ctx.examine(scheme.at("scheme"))
        if str(scheme.node.get("bearerFormat") or "").strip():
            continue
        ctx.report(
            scheme.at("scheme"),
            f"bearer scheme {excerpt(scheme.name)} does not say what its tokens are, so clients "
            "and "
            "reviewers cannot check how they are signed and validated; add `bearerFormat` "
            "(e.g. `JWT`) (SC-R003, B.12.3)",
        )
