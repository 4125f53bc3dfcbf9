"""https-security-urls: OAuth2 and OpenID Connect endpoints use https."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.transport._urls import url_scheme
from oaslint.text import excerpt

META = RuleMeta(
    id="https-security-urls",
    applies_to="OAuth2 and OpenID Connect URLs",
    title="An OAuth2 or OpenID Connect URL does not use https",
    severity=Severity.ERROR,
    references=("API-11", "B.12.3", "8.13.3.2.3"),
    description=(
        "Flags an OAuth2 `authorizationUrl`, `tokenUrl` or `refreshUrl` (in any flow, or "
        "directly on a Swagger 2.0 `oauth2` definition) and an `openIdConnectUrl` whose "
        "scheme is not `https`. Relative URLs are resolved against the server and are left "
        "to `https-servers`."
    ),
    rationale=(
        "Tokens, authorization codes and client credentials pass through these endpoints; "
        "B.12.3 and 8.13.3.2.3 require that tokens are only ever exchanged over HTTPS."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    oauth:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        clientCredentials:\n"
        "          tokenUrl: http://auth.example.com/token\n"
        "          scopes: {read: read access}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    oauth:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        clientCredentials:\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {read: read access}\n"
    ),
)

_URL_KEYS = ("authorizationUrl", "tokenUrl", "refreshUrl")


def check(ctx: RuleContext) -> None:
    for scheme in ctx.index.security_schemes:
        node = scheme.node
        targets = []
        if isinstance(node.get("openIdConnectUrl"), str):
            targets.append(
                (node["openIdConnectUrl"], scheme.at("openIdConnectUrl"), "openIdConnectUrl")
            )
        for key in _URL_KEYS:  # Swagger 2.0 keeps them on the definition itself
            if isinstance(node.get(key), str):
                targets.append((node[key], scheme.at(key), key))
        flows = node.get("flows")
        if isinstance(flows, dict):
            for flow_name, flow in flows.items():
                if not isinstance(flow, dict):
                    continue
                for key in _URL_KEYS:
                    if isinstance(flow.get(key), str):
                        targets.append((flow[key], scheme.at("flows", flow_name, key), key))
        for url, loc, key in targets:
            ctx.examine(loc)
            found = url_scheme(url)
            if found is not None and found != "https":
                ctx.report(
                    loc,
                    f"{key} {excerpt(url)} of security scheme {excerpt(scheme.name)} uses "
                    f"{excerpt(found)}: tokens "
                    "and credentials would be exchanged without TLS; use https (API-11, B.12.3)",
                )
