"""oauth-scopes-restrictive: OAuth2 flows define scopes and operations require them."""

from __future__ import annotations

from oaslint.index import SecurityScheme, SpecIndex
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.security import (
    flows,
    is_public,
    public_operations_option,
    requirement_entries,
)
from oaslint.text import excerpt

META = RuleMeta(
    id="oauth-scopes-restrictive",
    applies_to="OAuth2 flows and secured operations",
    title="OAuth2 access is not restricted by scopes",
    severity=Severity.WARNING,
    references=("B.12.3", "8.13.3.2.2"),
    description=(
        "Flags an OAuth2 flow that defines no scopes (located at its `scopes`, or at the "
        "flow when `scopes` is missing; Swagger 2.0: the definition's `scopes`), and a "
        "security requirement that names an `oauth2` or `openIdConnect` scheme with an "
        "empty scope list, located at that entry of the requirement where it is written "
        "(a root requirement is reported once, not once per operation). A requirement on a "
        "scheme whose flows define no scopes at all is not reported again: the flow "
        "finding covers it. Operations listed in the `public-operations` option (same "
        "format as for `operation-security-defined`) are exempt."
    ),
    rationale=(
        "Without scopes every token the authorization server issues opens every operation: "
        "a token obtained for reading a profile can delete data. B.12.3 and 8.13.3.2.2 "
        "require access tokens with a restrictive scope; least privilege starts with each "
        "operation naming the scope it needs."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "security: [{oauth: []}]\n"
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
    options={"public-operations": public_operations_option()},
    limitations=(
        "Whether the scopes are narrow enough (one `admin` scope for everything) is not "
        "judged. OpenID Connect schemes have no scope list in the document, so only their "
        "requirements are checked."
    ),
)


def _scopeless_flows(index: SpecIndex, scheme: SecurityScheme) -> tuple[int, list[Location]]:
    """(number of flows, locations of the flows without scopes)."""
    count = 0
    bad: list[Location] = []
    for _, flow, loc in flows(index, scheme):
        count += 1
        scopes = flow.node.get("scopes")
        if not (isinstance(scopes, dict) and scopes):
            bad.append(flow.loc.child("scopes") if "scopes" in flow.node else loc)
    return count, bad


def check(ctx: RuleContext) -> None:
    index = ctx.index
    covered: set[str] = set()  # schemes whose every flow lacks scopes
    for scheme in index.security_schemes:
        if scheme.type != "oauth2":
            continue
        count, bad = _scopeless_flows(index, scheme)
        if count:
            ctx.examine(scheme.loc)
        for loc in bad:
            ctx.report(
                loc,
                f"an OAuth2 flow of scheme {excerpt(scheme.name)} defines no scopes, so every "
                "token "
                "it issues grants access to every operation; define scopes per kind of access "
                "and require them in `security` (B.12.3, 8.13.3.2.2)",
                prefer_key=True,
            )
        if count and len(bad) == count:
            covered.add(scheme.name)

    public: list[str] = list(ctx.options.get("public-operations", []))
    found: dict[Location, tuple[str, str, list[str]]] = {}  # loc -> (scheme, type, op keys)
    for op in index.operations:
        if is_public(op, public):
            continue
        for _, req, loc in requirement_entries(op):
            for name, scopes in req.items():
                used = index.security_scheme(str(name))
                if used is None or used.type not in ("oauth2", "openIdConnect"):
                    continue
                ctx.examine(loc.child(str(name)))
                if scopes or used.name in covered:
                    continue
                entry = found.setdefault(loc.child(str(name)), (used.name, used.type, []))
                entry[2].append(op.key)
    for loc, (name, kind, ops) in found.items():
        what = ops[0] if len(ops) == 1 else f"{len(ops)} operations (e.g. {ops[0]})"
        ctx.report(
            loc,
            f"{what} require{'s' if len(ops) == 1 else ''} {kind} scheme {excerpt(name)} without "
            "any "
            "scope, so any token from the authorization server is accepted; list the scopes "
            "the operation needs (B.12.3, 8.13.3.2.2)",
            prefer_key=True,
        )
