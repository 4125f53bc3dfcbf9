"""no-credentials-in-uri: no API keys, tokens, passwords or secrets in URIs."""

from __future__ import annotations

from oaslint.index import Parameter
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.names import credential_term, names_path_resource, url_credentials
from oaslint.rules.shared.security import closed_values
from oaslint.text import excerpt

META = RuleMeta(
    id="no-credentials-in-uri",
    applies_to="operation URIs, API key schemes and server URLs",
    title="Credentials are sent in the URI",
    severity=Severity.ERROR,
    references=("API-13", "API-58", "B.12.2", "8.13.2.2.4"),
    description=(
        "Flags credentials that travel in a URI: an `apiKey` security scheme with "
        "`in: query` (located at `in`); a `path` or `query` parameter whose name denotes a "
        "credential (located at its `name`); and a server URL with user information "
        "(`https://user:pass@host`), a credential-named query parameter "
        "(`?api_key=...`) or a credential-named server variable. Names are matched on "
        "their word parts (camelCase, snake_case, kebab-case, dots; case-insensitive) "
        "against an English and Dutch vocabulary: `token`, `access_token`, `id_token`, "
        "`api_key`/`apikey`/`X-Api-Key`, `client_secret`, `password`, `passwd`, `pwd`, "
        "`wachtwoord`, `pin`, `otp`, `session_id`, `jwt`, `signature`, `auth`, "
        "`authorization`, `credentials`... The head of the name decides: `accessToken` "
        "and `client-secret` are credentials; `tokenType`, `secretName`, "
        "`tokenization-mode`, `keyword`, `passage` and `pageSize` are not. Header and "
        "cookie parameters are left to `auth-via-security-schemes`, so one parameter "
        "gets one finding."
    ),
    rationale=(
        "URIs end up in server and proxy access logs, browser history, `Referer` headers "
        "and monitoring tools, even over TLS. API-13 requires tokens to be accepted as "
        "HTTP headers only, API-58 forbids sensitive information in URIs and 8.13.2.2.4 "
        "requires shared secrets to travel outside URLs."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /reports:\n"
        "    get:\n"
        "      parameters:\n"
        "        - name: access_token\n"
        "          in: query\n"
        "          schema: {type: string}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /reports:\n"
        "    get:\n"
        "      security: [{bearer: []}]\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    bearer: {type: http, scheme: bearer, bearerFormat: JWT}\n"
    ),
    limitations=(
        "Names are judged by their words only. `key` counts as a credential when it is the "
        "whole name or qualified as `api`, `access`, `secret`, `private`, `client`, "
        "`subscription`, `app`, `auth`, `session`, `signing`, `shared`, `master` or "
        "`developer` key (`sortKey`, `partition_key`, `Idempotency-Key` are not); `token` "
        "preceded by a paging word (`pageToken`, `next_token`, `syncToken`) or "
        "`truncated`/`masked` is a cursor or display form; a bare `session` names a "
        "session resource (Stripe's `session` filter), while `session_id`, `sessionToken`, "
        "`JSESSIONID` are flagged. A path parameter that identifies an item of the plural "
        "collection named just before it (`/sessions/{session}`, `/tokens/{token_id}`, "
        "`/v2/spaces/keys/{access_key}`) is an identifier the server hands out and is not "
        "flagged (`/reset/{resetToken}` is). Parameters with an `enum`/`const` or of type "
        "boolean cannot carry a secret and are skipped. Parameters that no operation uses "
        "are not checked."
    ),
)


def check(ctx: RuleContext) -> None:
    index = ctx.index
    for scheme in index.security_schemes:
        if scheme.type == "apiKey":
            ctx.examine(scheme.loc)
        if scheme.type == "apiKey" and str(scheme.node.get("in", "")).lower() == "query":
            key_name = str(scheme.node.get("name", ""))
            key = f"its key {excerpt(key_name)}" if key_name else "its key (no `name` given)"
            ctx.report(
                scheme.at("in"),
                f"apiKey security scheme {excerpt(scheme.name)} sends {key} in the query "
                "string, where access logs, "
                "proxies and browser history keep it; send it in a header instead "
                "(`in: header`, name `X-Api-Key`) (API-13, API-58, 8.13.2.2.4)",
                subject=scheme.loc,
            )

    flagged: dict[Location, tuple[Parameter, str]] = {}
    for op in index.operations:
        ctx.examine(op.loc)  # its URI: path and query parameters
        for p in op.parameters:
            if p.location not in ("path", "query") or p.loc in flagged:
                continue
            ctx.examine(p.at("name"))
            term = credential_term(p.name)
            if term is None:
                continue
            if p.location == "path" and names_path_resource(op.path, p.name):
                continue
            if closed_values(index, p):
                continue
            flagged[p.loc] = (p, term)
    for p, term in flagged.values():
        where = "path segment" if p.location == "path" else "query string"
        ctx.report(
            p.at("name"),
            f"{p.location} parameter {excerpt(p.name)} carries a credential ({term}) in the "
            f"{where}, "
            "where access logs, proxies and browser history keep it; accept credentials in "
            "a header through a declared security scheme instead (API-13, API-58, B.12.2)",
        )

    for server in index.servers:
        if server.level == "swagger":
            continue
        ctx.examine(server.loc)
        how = url_credentials(server.url)
        if how is not None:
            ctx.report(
                server.loc,
                f"server URL {excerpt(server.url)} embeds credentials through {how}; URLs are "
                "published, logged and cached, so the credential is disclosed; remove it and "
                "authenticate through a security scheme (API-58, 8.13.2.2.4)",
            )
    if index.is_swagger and "@" in str(index.root.get("host", "")):
        ctx.report(
            index.loc("host"),
            "Swagger `host` embeds user information (`user:password@`); URLs are published, "
            "logged and cached, so the credential is disclosed; remove it and authenticate "
            "through a security scheme (API-58, 8.13.2.2.4)",
        )
