"""correlation-id-header: every operation accepts an ``X-Correlation-ID`` header.

A plugin rule module: ``META`` plus ``check(ctx)``, exactly like a built-in.
"""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import Option, RuleContext, RuleMeta

META = RuleMeta(
    id="correlation-id-header",
    title="An operation does not accept the correlation-id header",
    severity=Severity.WARNING,
    references=("MIN-LOG-3",),
    description=(
        "Flags an operation whose parameters (its own and its path item's, `$ref`s "
        "followed) include no header parameter named `X-Correlation-ID` (the name is "
        "an option; compared without regard to case)."
    ),
    rationale=(
        "The ministry's logging standard (MIN-LOG-3) traces one request through every "
        "service by its correlation id; an API that does not accept it breaks the trail."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses: {'200': {description: ok}}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      parameters:\n"
        "        - {name: X-Correlation-ID, in: header, schema: {type: string}}\n"
        "      responses: {'200': {description: ok}}\n"
    ),
    options={
        "header": Option("str", "X-Correlation-ID", "name of the required header parameter"),
    },
    category="ministry",
)


def check(ctx: RuleContext) -> None:
    wanted = str(ctx.options["header"]).lower()
    for op in ctx.index.operations:
        if any(p.location == "header" and p.name.lower() == wanted for p in op.parameters):
            continue
        ctx.report(
            op.loc,
            f"{op.key} does not accept the {ctx.options['header']} header: requests cannot be "
            "traced across services; add it as a header parameter (MIN-LOG-3)",
        )
