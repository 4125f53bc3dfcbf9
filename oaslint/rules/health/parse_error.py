"""parse-error: the file is not valid YAML/JSON (reported by the loader)."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.text import excerpt

META = RuleMeta(
    id="parse-error",
    applies_to="files",
    title="The file is not valid YAML or JSON",
    severity=Severity.ERROR,
    references=("B.12.1.3",),
    description=(
        "Reported when a file named on the command line, or reached through a `$ref`, "
        "cannot be parsed as YAML or JSON, or repeats a mapping key. The finding sits at "
        "the line and column where the parser stopped. Files that parse but are hostile "
        "(alias bombs, nesting deeper than 1000 levels, over 64 MiB) are refused here too."
    ),
    rationale=(
        "A document that does not parse cannot be checked at all, and a duplicated key "
        "silently hides one of its two values from every tool that reads the file."
    ),
    bad_example=("openapi: 3.0.3\ninfo: {title: Example, version: '1'\npaths: {}\n"),
    good_example=("openapi: 3.0.3\ninfo: {title: Example, version: '1'}\npaths: {}\n"),
    always_on=True,
    category="health",
)


def check(ctx: RuleContext) -> None:
    """Duplicate keys; syntax errors are turned into findings by the engine."""
    for src in ctx.index.document.files.values():
        ctx.examine(Location(src.path, ""))
        if src.encoding_problem is not None:
            note, line, col = src.encoding_problem
            ctx.report_at(src.path, line, col, note, severity=Severity.WARNING)
        for key, line, col, first_line, _ in src.duplicate_keys:
            ctx.report_at(
                src.path,
                line,
                col,
                f"duplicate key {excerpt(key)} (first defined on line "
                f"{first_line}); the earlier value is silently lost",
            )
