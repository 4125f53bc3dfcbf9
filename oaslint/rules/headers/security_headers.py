"""security-headers: responses document the mandatory security headers."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import Aggregate, RuleContext, RuleMeta
from oaslint.rules.shared.status import status_class

META = RuleMeta(
    id="security-headers",
    title="A response does not document the security headers",
    severity=Severity.WARNING,
    references=("NL-TS 2.3.1", "NL-SEC security headers"),
    description=(
        "Flags a response with content (OAS 3 `content`, Swagger 2.0 `schema`) and a "
        "`2XX`, `3XX`, `4XX` or `5XX` code (exact or range) or `default`, that does not "
        "document all of `Cache-Control`, `Content-Security-Policy`, "
        "`Strict-Transport-Security`, `X-Content-Type-Options` and `X-Frame-Options` under "
        "`headers`. One finding per response naming every missing header. Header names "
        "compare case-insensitively and headers reached through `$ref` count. The finding "
        "points at the response where it is written: a shared response in "
        "`components/responses` (Swagger 2.0: `responses`) is reported once there, not per "
        "use. Responses without content (`204`, bodiless redirects) are exempt."
    ),
    rationale=(
        "NL-TS 2.3.1 requires these headers on every API response: `Cache-Control: "
        "no-store` keeps sensitive data out of caches, `Content-Security-Policy: "
        "frame-ancestors 'none'` and `X-Frame-Options: DENY` stop clickjacking, "
        "`X-Content-Type-Options: nosniff` stops MIME sniffing into HTML, and "
        "`Strict-Transport-Security` (also required by law) pins clients to HTTPS. "
        "Documenting them makes them part of the contract that gateways and tests check."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          headers:\n"
        "            Cache-Control: {schema: {type: string, enum: [no-store]}}\n"
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
        "        '200':\n"
        "          description: OK\n"
        "          headers:\n"
        "            Cache-Control: {$ref: '#/components/headers/CacheControl'}\n"
        "            Content-Security-Policy: {$ref: '#/components/headers/CSP'}\n"
        "            Strict-Transport-Security: {$ref: '#/components/headers/HSTS'}\n"
        "            X-Content-Type-Options: {$ref: '#/components/headers/NoSniff'}\n"
        "            X-Frame-Options: {$ref: '#/components/headers/FrameOptions'}\n"
        "          content:\n"
        "            application/json:\n"
        "              schema: {type: object}\n"
        "components:\n"
        "  headers:\n"
        "    CacheControl: {schema: {type: string, enum: [no-store]}}\n"
        "    CSP: {schema: {type: string, enum: [\"frame-ancestors 'none'\"]}}\n"
        "    HSTS: {schema: {type: string, enum: [max-age=31536000]}}\n"
        "    NoSniff: {schema: {type: string, enum: [nosniff]}}\n"
        "    FrameOptions: {schema: {type: string, enum: [DENY]}}\n"
    ),
    limitations=(
        "Headers a gateway adds to every response are still expected in the document; "
        "declare them in shared `components/headers` and `$ref` them, or disable the rule "
        "when the contract deliberately leaves transport headers out."
    ),
    applies_to="responses with content",
    aggregate=Aggregate(
        ("/components/headers", "/components/responses", "/responses", "/paths"),
        "{missing} of {examined} {applies_to} lack security headers (Cache-Control, "
        "Content-Security-Policy, Strict-Transport-Security, X-Content-Type-Options, "
        "X-Frame-Options): declare them once in components/headers and $ref them (NL-TS 2.3.1)",
    ),
)

REQUIRED = (
    "Cache-Control",
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
)


def check(ctx: RuleContext) -> None:
    seen: set[Location] = set()
    for _, resp in ctx.index.responses:
        if resp.loc in seen or not isinstance(resp.node, dict):
            continue
        seen.add(resp.loc)
        if status_class(resp.code) not in ("2", "3", "4", "5", "d") or not resp.has_body:
            continue
        ctx.examine(resp.loc)
        missing = [name for name in REQUIRED if resp.header(name) is None]
        if not missing:
            continue
        several = len(missing) > 1
        it = "them" if several else "it"
        ctx.report(
            resp.loc,
            f"response {resp.code} documents no {', '.join(missing)} header"
            f"{'s' if several else ''}; declare {it} under `headers` (NL-TS 2.3.1)",
            prefer_key=True,
        )
