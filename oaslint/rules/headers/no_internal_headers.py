"""no-internal-headers: no proxy-internal request headers, no leaking response headers."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.text import excerpt

META = RuleMeta(
    id="no-internal-headers",
    applies_to="header parameters and response headers",
    title="A request header is proxy-internal or a response header leaks internals",
    severity=Severity.WARNING,
    references=("NL-TS 2.3.7",),
    description=(
        "Flags a request header parameter (`in: header`) that proxies and TLS offloaders "
        "use among themselves: `Forwarded`, any `X-Forwarded-*` (`-For`, `-Host`, "
        "`-Proto`...), `X-Real-IP`, `X-Client-IP`, `True-Client-IP`, `X-Client-Cert`, "
        "`X-SSL-Client-Cert`, `X-Original-URL`, `X-Rewrite-URL`; and a response header that "
        "leaks the implementation: `Server`, `X-Powered-By`, `X-AspNet-Version`, "
        "`X-AspNetMvc-Version`. Names compare case-insensitively. A parameter is reported "
        "at its `name`, a response header at its key in the response's `headers`, once "
        "where each is written (`$ref`-ed components included)."
    ),
    rationale=(
        "NL-TS 2.3.7: headers used internally must be filtered on the way in and out. An API "
        "that documents a client-supplied `X-Forwarded-For` or `X-Client-Cert` invites "
        "clients to forge their IP address or certificate; `Server` and `X-Powered-By` tell "
        "attackers which software, and which vulnerabilities, to try."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      parameters:\n"
        "        - name: X-Forwarded-For\n"
        "          in: header\n"
        "          schema: {type: string, maxLength: 200}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      parameters:\n"
        "        - name: X-Request-ID\n"
        "          in: header\n"
        "          schema: {type: string, format: uuid}\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
)

_REQUEST = frozenset(
    {
        "forwarded",
        "x-real-ip",
        "x-client-ip",
        "true-client-ip",
        "x-client-cert",
        "x-ssl-client-cert",
        "x-original-url",
        "x-rewrite-url",
    }
)
_RESPONSE = frozenset({"server", "x-powered-by", "x-aspnet-version", "x-aspnetmvc-version"})


def _internal_request(name: str) -> bool:
    low = name.strip().lower()
    return low in _REQUEST or low.startswith("x-forwarded-")


def check(ctx: RuleContext) -> None:
    for p in ctx.index.parameters:
        if p.location.lower() == "header":
            ctx.examine(p.at("name"))
        if p.location.lower() == "header" and _internal_request(p.name):
            ctx.report(
                p.at("name"),
                f"request header {excerpt(p.name)} is set by proxies, not clients: documenting it "
                "invites clients to forge their address, scheme or certificate; filter it at "
                "the edge and leave it out of the contract (NL-TS 2.3.7)",
            )
    seen: set[Location] = set()
    for _, resp in ctx.index.responses:
        for h in resp.headers:
            ctx.examine(h.key_loc)
            if h.name.strip().lower() not in _RESPONSE or h.key_loc in seen:
                continue
            seen.add(h.key_loc)
            ctx.report(
                h.key_loc,
                f"response header {excerpt(h.name)} reveals the server software and version, "
                "telling attackers which vulnerabilities to try; strip it on the way out and "
                "remove it from the contract (NL-TS 2.3.7)",
                prefer_key=True,
            )
