"""servers-declared: a document with operations says where (and how) the API is served."""

from __future__ import annotations

import re

from oaslint.index import Server
from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.transport._urls import url_scheme

META = RuleMeta(
    id="servers-declared",
    title="The document declares no absolute server URL",
    severity=Severity.INFO,
    references=("NL-TS 2.2", "API-11", "SC004", "B.12.4.3", "8.13.4.5"),
    description=(
        "Flags a document with operations that declares no absolute server URL: OAS 3 "
        "without `servers` at the root, on a path item or on an operation, or with only "
        "relative URLs there (`/v1`, `//api.example.com`; a URL built from server "
        "variables counts as absolute when their `default` values make it so); Swagger "
        "2.0 without `host`. One finding per document, at the root `servers` key when "
        "there is one, else at the `openapi`/`swagger` key. Link servers do not count. "
        "`https-servers` judges the URLs that are declared."
    ),
    rationale=(
        "API-11, SC004, B.12.4.3 and 8.13.4.5 require the API to be offered over TLS only, "
        "and NL-TS 2.2 makes it a legal obligation. A contract that names no absolute "
        "server cannot show that: its URLs resolve against wherever the document was "
        "fetched from (possibly plain http), and `https-servers` has nothing to check, so "
        "the transport requirement stays unverified."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: /v1\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: https://api.example.com/v1\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    limitations=(
        "A document that is deliberately host-neutral (one contract for many "
        "deployments) gets this finding; state the https-only deployment in a server URL "
        "template such as `https://{host}/v1`, or suppress the finding with the reason."
    ),
    applies_to="documents with operations",
)

_VAR = re.compile(r"\{([^{}]+)\}")


def _absolute(server: Server) -> bool:
    url = server.url
    variables = server.node.get("variables") if isinstance(server.node, dict) else None
    if "{" in url and isinstance(variables, dict):

        def default(m: re.Match[str]) -> str:
            var = variables.get(m.group(1))
            if isinstance(var, dict) and "default" in var:
                return str(var["default"])
            return m.group(0)

        url = _VAR.sub(default, url)
    head = url.strip().split("://", 1)
    if len(head) == 2 and head[0] and "{" in head[0]:
        return True  # `{scheme}://host`: absolute, whatever the variable
    return url_scheme(url) is not None


def check(ctx: RuleContext) -> None:
    index = ctx.index
    if not index.operations:
        return
    root_key = index.root_key_loc()
    ctx.examine(root_key)
    if index.is_swagger:
        if str(index.root.get("host", "") or "").strip():
            return
        ctx.unverifiable("no `host`: the contract does not say where the API is served")
        ctx.report(
            root_key,
            "the document has no `host`, so it does not say where the API is served or "
            "that it is served over https only; declare `host` and `schemes: [https]` "
            "(NL-TS 2.2, API-11, SC004)",
            subject=root_key,
        )
        return
    if any(_absolute(s) for s in index.servers if s.level in ("root", "path", "operation")):
        return
    # its finding is about a missing fact: compliance reports the TLS requirements it
    # cites as "not verifiable" (with this finding as evidence), not as "violated"
    ctx.unverifiable("no absolute server URL: the contract does not say where the API is served")
    if "servers" in index.root:
        ctx.report(
            index.loc("servers"),
            "the document declares only relative server URLs, so it does not say where the "
            "API is served or that it is served over https only; declare an absolute "
            "`https://` server URL (NL-TS 2.2, API-11, SC004)",
            prefer_key=True,
            subject=root_key,
        )
        return
    ctx.report(
        root_key,
        "the document declares no `servers`, so it does not say where the API is served or "
        "that it is served over https only; declare an absolute `https://` server URL "
        "(NL-TS 2.2, API-11, SC004)",
    )
