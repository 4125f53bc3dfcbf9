"""GitHub Actions workflow commands: one annotation per finding.

``::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message``
(``::warning`` for warnings, ``::notice`` for info). GitHub shows them on the
pull request's diff and the run summary. Escaping is GitHub's (the same as
``@actions/core``): in the message ``%``, CR and LF become ``%25``, ``%0D``,
``%0A``; in property values ``:`` and ``,`` also become ``%3A`` and ``%2C``.
Files are given relative to the repository root (``FormatContext.root``:
``GITHUB_WORKSPACE`` in a workflow), which is what GitHub needs to place them.
Files oaslint could not lint (exit code 2) become ``::error file=F::message``.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step
and drops the rest silently, so annotations come most severe first (file errors,
errors, warnings, notices; then by file and line) and at most
:data:`MAX_PER_LEVEL` of each level are emitted (one notice fewer, to leave room
for the closing one). The findings beyond that are printed as plain
``file:line:col: severity [rule] message`` lines, so the log still holds every
one, and a closing ``::notice`` says how many were not annotated. A plain
summary line follows, for the log (not with ``--quiet``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from oaslint.formatters.text import summary

if TYPE_CHECKING:
    from oaslint.formatters import FormatContext
    from oaslint.result import LintResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
MAX_PER_LEVEL = 10  # GitHub's display limit per annotation level and step


def escape_data(text: str) -> str:
    """Escape a message (the part after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=...,title=...``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str | int], message: str) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items())
    head = f"{name} {props}" if props else name
    return f"::{head}::{escape_data(message)}"


def render(result: LintResult, ctx: FormatContext) -> str:
    titles = {r.meta.id: r.meta.title for r in ctx.rules}
    lines = []
    budget = {"error": MAX_PER_LEVEL, "warning": MAX_PER_LEVEL, "notice": MAX_PER_LEVEL - 1}
    for e in result.errors:
        if budget["error"] > 0:
            budget["error"] -= 1
            lines.append(
                command("error", {"file": ctx.repo_path(e.file), "title": "oaslint"}, e.message)
            )
        else:
            lines.append(f"{e.file}: error: {e.message}")
    order = sorted(result.findings, key=lambda f: (-int(f.severity), f))
    more = 0
    for f in order:
        level = COMMANDS[f.severity.label]
        if budget[level] <= 0:
            more += 1
            lines.append(f"{f.file}:{f.line}:{f.column}: {f.severity.label} [{f.rule}] {f.message}")
            continue
        budget[level] -= 1
        props: dict[str, str | int] = {
            "file": ctx.repo_path(f.file),
            "line": f.line,
            "col": f.column,
        }
        if f.end_line >= f.line > 0:
            props["endLine"] = f.end_line
            if f.end_line == f.line and f.end_column > f.column:
                # GitHub's endColumn is inclusive; ours is exclusive.
                props["endColumn"] = f.end_column - 1
        title = titles.get(f.rule)
        props["title"] = f"oaslint {f.rule}: {title}" if title else f"oaslint {f.rule}"
        lines.append(command(level, props, f.message))
    if more:
        lines.append(
            command(
                "notice",
                {"title": "oaslint"},
                f"{more} more finding{'s' if more != 1 else ''} not annotated (GitHub shows "
                f"{MAX_PER_LEVEL} per level and step): see the log, the step summary or the "
                "SARIF report",
            )
        )
    if not ctx.quiet:
        lines.append(summary(result))
    return "".join(line + "\n" for line in lines)
