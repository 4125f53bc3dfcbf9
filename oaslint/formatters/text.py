"""Human output: ``file:line:col: severity [rule-id] message``, a per-rule summary, a total.

One line per finding (a stable format for tools that parse it), then, when there
are findings, a blank line and one line per rule with its severity and count, most
severe first (``--statistics`` prints only this part), then the closing line.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from oaslint.text import neutral

if TYPE_CHECKING:
    from oaslint.formatters import FormatContext
    from oaslint.result import LintResult

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def summary(result: LintResult) -> str:
    """The closing line: files, findings by severity, file errors, suppressions, baseline."""
    counts = result.counts()
    total = sum(counts.values())
    files = "file" if result.files == 1 else "files"
    line = (
        f"{result.files} {files} linted: {_plural(total, 'finding')} "
        f"({counts['error']} error, {counts['warning']} warning, {counts['info']} info)"
    )
    if result.errors:
        line += f", {_plural(len(result.errors), 'file error')}"
    if result.suppressed:
        line += f", {len(result.suppressed)} suppressed inline"
    b = result.baseline
    if b is not None:
        line += f"; baseline {neutral(b.file)}: {b.suppressed} known hidden, {b.fixed} fixed"
        if b.fixed:
            line += " (refresh it with --write-baseline)"
    return line


def _file(name: str) -> str:
    """A file name safe to start a log line: escaped, never starting with ``::``.

    GitHub Actions reads any log line that starts with ``::`` as a workflow
    command (``::error file=...::``), so a file named so gets a ``./`` prefix.
    """
    shown = neutral(name)
    return "./" + shown if shown.startswith(":") else shown


def per_rule(result: LintResult, color: bool = False) -> list[str]:
    """One line per rule that found something: severity, rule, count; most severe first."""
    counts = Counter((f.severity, f.rule) for f in result.findings)
    if not counts:
        return []
    width = max(len(rule) for _, rule in counts)
    lines = []
    for (sev, rule), n in sorted(counts.items(), key=lambda kv: (-kv[0][0], -kv[1], kv[0][1])):
        label = f"{sev.label:<7}"
        shown = f"{_COLORS[sev.label]}{label}{_RESET}" if color else label
        lines.append(f"  {shown} {rule:<{width}} {n:>6}")
    return lines


def render(result: LintResult, ctx: FormatContext) -> str:
    # Everything from a document or a file name is neutralised: a newline, `\r` or
    # an ANSI escape in a path key or a file name could forge log lines otherwise.
    lines = []
    if ctx.statistics:
        lines = per_rule(result, ctx.color)
        lines.append(summary(result))
        return "\n".join(lines) + "\n"
    for f in result.findings:
        sev = f.severity.label
        shown = f"{_COLORS[sev]}{sev}{_RESET}" if ctx.color else sev
        message = f.message
        if f.related:  # an aggregate: how many places, and the first
            first = f.related[0]
            message += (
                f" ({len(f.related)} places; first: {first.file}:{first.line}:{first.column})"
            )
        lines.append(
            f"{_file(f.file)}:{f.line}:{f.column}: {shown} [{neutral(f.rule)}] {neutral(message)}"
        )
    for e in result.errors:
        lines.append(f"{_file(e.file)}: error: {neutral(e.message)}")
    if not ctx.quiet:
        rules = per_rule(result, ctx.color)
        if rules:
            lines += ["", *rules]
        lines.append(summary(result))
    return "".join(line + "\n" for line in lines)
