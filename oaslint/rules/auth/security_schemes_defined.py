"""security-schemes-defined: a document with operations declares how clients authenticate."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta

META = RuleMeta(
    id="security-schemes-defined",
    applies_to="documents with operations",
    title="The document defines no security schemes",
    severity=Severity.ERROR,
    references=("SC007", "B.12.2", "8.13.2"),
    description=(
        "Flags a document that has operations but no security scheme at all: no entry in "
        "`components.securitySchemes` (OAS 3) or `securityDefinitions` (Swagger 2.0). The "
        "finding points at the empty `securitySchemes`/`securityDefinitions` when it is "
        "written, else at the root `openapi`/`swagger` key. A document without operations "
        "(a shared components file) is not flagged."
    ),
    rationale=(
        "Without a declared scheme, clients and gateways cannot tell how to authenticate and "
        "reviewers cannot check that every operation is protected. SC007 requires fully "
        "standardised identification and authentication models, which start with declaring "
        "them; B.12.2 and 8.13.2 require authentication adequate to the protection needs."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "security: [{oauth: ['pets:read']}]\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    oauth:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        clientCredentials:\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {'pets:read': read pets}\n"
    ),
)


def check(ctx: RuleContext) -> None:
    index = ctx.index
    if index.operations:
        ctx.examine(index.loc())
    if index.security_schemes or not index.operations:
        return
    where = index.security_schemes_loc or index.root_key_loc()
    container = "securityDefinitions" if index.is_swagger else "components.securitySchemes"
    ctx.report(
        where,
        f"the document has {len(index.operations)} operation(s) but defines no security "
        "scheme, so neither clients nor reviewers can tell how access is authenticated; "
        f"declare the scheme(s) the API accepts under `{container}` and apply them with "
        "`security` (SC007, B.12.2, 8.13.2)",
    )
