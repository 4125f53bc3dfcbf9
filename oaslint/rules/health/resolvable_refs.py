"""resolvable-refs: every `$ref` must point at something that exists."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.text import excerpt

META = RuleMeta(
    id="resolvable-refs",
    applies_to="documents",
    title="A `$ref` cannot be resolved",
    severity=Severity.ERROR,
    references=("B.12.1.3",),
    description=(
        "Flags a `$ref` whose target does not exist: a missing or unreadable file, a JSON "
        "pointer that names nothing, or a remote (`http(s)://`) reference while remote "
        "references are off (the default; `--allow-remote` turns them on). The finding "
        "sits on the `$ref` value, in the file where that `$ref` is written."
    ),
    rationale=(
        "An unresolvable reference leaves part of the contract undefined: validation, "
        "gateways and code generators either fail or silently accept anything there. "
        "Fetching remote documents by default would let a document make the linter reach "
        "out to arbitrary hosts."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          $ref: '#/components/responses/Missing'\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          $ref: '#/components/responses/Ok'\n"
        "components:\n"
        "  responses:\n"
        "    Ok: {description: OK}\n"
    ),
    always_on=True,
    category="health",
)


def check(ctx: RuleContext) -> None:
    ctx.examine(ctx.index.loc())  # the document: its reference graph
    for problem in ctx.index.document.ref_problems:
        ctx.report(
            problem.location, f"cannot resolve $ref {excerpt(problem.ref)}: {problem.reason}"
        )
