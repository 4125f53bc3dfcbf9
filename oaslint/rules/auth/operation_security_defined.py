"""operation-security-defined: every operation requires authentication."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.security import is_public, public_operations_option

META = RuleMeta(
    id="operation-security-defined",
    applies_to="operations",
    title="An operation can be called without authentication",
    severity=Severity.ERROR,
    references=("API-52", "B.12.1", "8.13.2"),
    description=(
        "Flags an operation whose effective security requirement (its own `security`, else "
        "the root `security`; Swagger 2.0 alike) is missing, or allows anonymous access: an "
        "empty list (`security: []`) or an empty alternative (`- {}`). An operation's own "
        "requirement is reported where it is written (the `security` key, or the `{}` "
        "alternative); a missing or inherited one at the operation's method key. "
        "Operations that are public by design are exempt when listed in the "
        '`public-operations` option, e.g. `["GET /health", "* /public/*"]`. A document '
        "that defines no security scheme at all gets one finding from "
        "`security-schemes-defined` instead of one per operation."
    ),
    rationale=(
        "An operation without a security requirement is documented as open to anyone. "
        "B.12.1 says APIs must not be exposed unless required and API-52 asks for OAuth 2.0 "
        "authorisation; an optional (`{}`) alternative silently turns authentication off. "
        "Declaring the intentionally public operations in configuration keeps that decision "
        "explicit and reviewable."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    apiKey: {type: apiKey, in: header, name: X-Api-Key}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "security: [{apiKey: []}]\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    apiKey: {type: apiKey, in: header, name: X-Api-Key}\n"
    ),
    options={"public-operations": public_operations_option()},
    limitations=(
        "Only operations under `paths` are checked (not webhooks or callbacks). Whether the "
        "named schemes exist is left to `valid-openapi`."
    ),
)


def check(ctx: RuleContext) -> None:
    if not ctx.index.security_schemes:
        if ctx.index.operations:  # one defect, one finding: security-schemes-defined's
            ctx.unverifiable("no security schemes at all (see security-schemes-defined)")
        return  # nothing to require yet: security-schemes-defined reports the document
    public: list[str] = list(ctx.options.get("public-operations", []))
    root_sec_loc = ctx.index.loc("security")
    for op in ctx.index.operations:
        if is_public(op, public):
            continue
        ctx.examine(op.loc)
        own = op.security_loc is not None and op.security_loc != root_sec_loc
        hint = (
            "require a declared scheme, or list it in `public-operations` if public by design "
            "(API-52, B.12.1, 8.13.2)"
        )
        if op.security is None:
            ctx.report(
                op.loc,
                f"{op.key} has no security requirement (own or root): callable by anyone; {hint}",
                prefer_key=True,
            )
        elif not op.security:
            if own and op.security_loc is not None:
                ctx.report(
                    op.security_loc,
                    f"{op.key} declares `security: []`, which switches authentication off for "
                    f"this operation; {hint}",
                )
            else:
                ctx.report(
                    op.loc,
                    f"{op.key} inherits the root `security: []`, which allows anonymous access; "
                    f"{hint}",
                    prefer_key=True,
                )
        else:
            for i, req in enumerate(op.security):
                if isinstance(req, dict) and not req:
                    if own and op.security_loc is not None:
                        ctx.report(
                            op.security_loc.child(i),
                            f"{op.key} lists an empty security alternative (`{{}}`), which "
                            f"makes authentication optional; {hint}",
                        )
                    else:
                        ctx.report(
                            op.loc,
                            f"{op.key} inherits a root security requirement with an empty "
                            f"alternative (`{{}}`), which makes authentication optional; {hint}",
                            prefer_key=True,
                        )
                    break
