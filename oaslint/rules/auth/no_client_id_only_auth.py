"""no-client-id-only-auth: a client identifier is never the only credential."""

from __future__ import annotations

from oaslint.index import Operation
from oaslint.model import Location, Severity
from oaslint.rules.auth._client import is_client_id
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.names import words
from oaslint.rules.shared.security import requirement_entries
from oaslint.text import excerpt

META = RuleMeta(
    id="no-client-id-only-auth",
    title="An operation's only credential is a client identifier",
    severity=Severity.ERROR,
    references=("NL-SEC clients",),
    description=(
        "Flags an operation whose only credential is a client identifier: every "
        "alternative of its effective security requirement names only `apiKey` schemes "
        "whose parameter `name` is a client id (`client_id`, `clientId`, `client-id`, "
        "with or without an `X-` prefix), reported at the scheme's entry in the "
        "requirement (once per written requirement); or it has no security requirement "
        "and takes a required header or query parameter so named, reported at the "
        "parameter's `name`, unless the operation is an OAuth 2.0 authorization request "
        "(it also takes `response_type` or `redirect_uri`: there the client id names the "
        "client to the user). A client id sent together with a secret (`{appId: [], "
        "appKey: []}`) is not flagged."
    ),
    rationale=(
        "The NL API Strategy security extension: the client identifier is not a secret, it "
        "is exposed to the resource owner and MUST NOT be used alone for client "
        "authentication. Anyone who has seen a client id (in an app, a URL, a log) can "
        "call an API that accepts it as the only credential."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "security: [{clientId: []}]\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    clientId: {type: apiKey, in: header, name: X-Client-Id}\n"
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
        "          scopes: {'pets:read': Read pets}\n"
    ),
    limitations=(
        "Only the parameter names above are recognised; an identifier named otherwise "
        "(`app_id`, `consumer`) is not. An anonymous `{}` alternative is "
        "`operation-security-defined`'s finding and is not counted here."
    ),
    applies_to="operations",
)


# An OAuth 2.0 authorization request (RFC 6749 4.1.1) names its client in the query:
# that identifies the client to the user, it does not authenticate a caller.
_OAUTH_REQUEST = frozenset({("response", "type"), ("redirect", "uri")})


def check(ctx: RuleContext) -> None:
    index = ctx.index
    client_ids = {
        s.name
        for s in index.security_schemes
        if s.type == "apiKey" and is_client_id(str(s.node.get("name", "")))
    }
    requirements: dict[Location, tuple[str, list[Operation]]] = {}
    reported: set[Location] = set()
    for op in index.operations:
        ctx.examine(op.loc)
        alternatives = [(req, loc) for _, req, loc in requirement_entries(op) if req]
        if alternatives:
            if not client_ids or not all(set(req) <= client_ids for req, _ in alternatives):
                continue
            for req, loc in alternatives:
                for name in req:
                    requirements.setdefault(loc.child(name), (name, []))[1].append(op)
            continue
        if any(words(p.name) in _OAUTH_REQUEST for p in op.parameters):
            continue
        for p in op.parameters:
            if p.location not in ("header", "query") or p.node.get("required") is not True:
                continue
            if not is_client_id(p.name) or p.loc in reported:
                continue
            reported.add(p.loc)
            ctx.report(
                p.at("name"),
                f"{op.key} declares no security requirement but requires {p.location} "
                f"parameter {excerpt(p.name)}: a client id is not a secret and MUST NOT be used "
                "alone for client authentication; protect the operation with a security "
                "scheme (NL-SEC clients)",
                subject=op.loc,
            )
    for where, (name, ops) in requirements.items():
        first = ops[0].key
        which = first if len(ops) == 1 else f"{len(ops)} operations, first {first}"
        ctx.report(
            where,
            f"this security requirement ({which}) accepts apiKey scheme {excerpt(name)} alone, "
            "which carries a client identifier: a client id is not a secret and MUST NOT be "
            "used alone for client authentication; require a real credential (an OAuth2 "
            "access token, a client certificate) (NL-SEC clients)",
            prefer_key=True,
            subject=ops[0].loc,
        )
