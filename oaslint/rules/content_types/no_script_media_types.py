"""no-script-media-types: no request or response media type is script or HTML."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.media import essence, is_script
from oaslint.text import excerpt

META = RuleMeta(
    id="no-script-media-types",
    applies_to="media types",
    title="A request or response media type is executable script or HTML",
    severity=Severity.ERROR,
    references=("B.12.5.2", "8.13.5.2", "NL-TS 2.3.5"),
    description=(
        "Flags a request or response media type that is executable script or HTML: "
        "`application/javascript`, `text/javascript`, `application/ecmascript`, "
        "`text/ecmascript`, `text/html`, `application/xhtml+xml`, and their legacy aliases "
        "`application/x-javascript`, `text/x-javascript`, `application/x-ecmascript`, "
        "`text/x-ecmascript`, `text/jscript`. Media types compare case-insensitively and "
        "without parameters (`text/html; charset=utf-8` is HTML). Checked: OAS 3 `content` "
        "keys of request bodies and responses, Swagger 2.0 `consumes`/`produces` entries in "
        "effect for an operation with a body parameter or a response `schema`. Such a media "
        "type gets this finding only (not `json-media-types`'s)."
    ),
    rationale=(
        "B.12.5.2 and 8.13.5.2: an API must not return directly executable script code. A "
        "browser runs JavaScript and HTML responses in the API's origin, so any reflected "
        "data becomes cross-site scripting; NL-TS 2.3.5 asks for `application/json`, not "
        "`application/javascript`."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /widget:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: Widget code\n"
        "          content:\n"
        "            application/javascript:\n"
        "              schema: {type: string}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /widget:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: Widget configuration\n"
        "          content:\n"
        "            application/json:\n"
        "              schema: {type: object}\n"
    ),
    limitations=(
        "`image/svg+xml` can carry script too but is left to review (it is an image type "
        "that `json-media-types` allows as a binary download). An OAuth authorization "
        "endpoint that documents its HTML login page is flagged; suppress that finding "
        "with a justification when the page is deliberate."
    ),
)


def check(ctx: RuleContext) -> None:
    for m in ctx.index.media_types:
        ctx.examine(m.loc)
        if not is_script(m.media_type):
            continue
        kind = "HTML" if "html" in essence(m.media_type) else "executable script"
        ctx.report(
            m.loc,
            f"{m.direction} media type {excerpt(m.media_type)} is {kind}: a browser executes it in "
            "the API's origin, turning reflected data into cross-site scripting; serve data "
            "as application/json (B.12.5.2, 8.13.5.2, NL-TS 2.3.5)",
            prefer_key=True,
        )
