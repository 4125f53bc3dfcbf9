"""Human output: ``file:line:col: severity [rule-id] message`` and a summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oaslint.engine import LintResult
    from oaslint.formatters import FormatContext

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def render(result: LintResult, ctx: FormatContext) -> str:
    lines = []
    for f in result.findings:
        sev = f.severity.label
        shown = f"{_COLORS[sev]}{sev}{_RESET}" if ctx.color else sev
        lines.append(f"{f.file}:{f.line}:{f.column}: {shown} [{f.rule}] {f.message}")
    for e in result.errors:
        lines.append(f"{e.file}: error: {e.message}")
    counts = result.counts()
    total = sum(counts.values())
    files = "file" if result.files == 1 else "files"
    summary = (
        f"{result.files} {files} linted: {total} finding{'s' if total != 1 else ''} "
        f"({counts['error']} error, {counts['warning']} warning, {counts['info']} info)"
    )
    if result.errors:
        summary += f", {len(result.errors)} file error{'s' if len(result.errors) != 1 else ''}"
    lines.append(summary)
    return "\n".join(lines) + "\n"
