"""Markdown summary: counts by severity and by rule (errors first), then findings.

Written for GitHub's job summary (``$GITHUB_STEP_SUMMARY``, the Action writes it
from the same run as its annotations and SARIF) and for merge-request comments.
Document content in messages is escaped: Markdown punctuation gets a backslash,
``<``, ``>`` and ``&`` become entities and ``|`` gets a backslash too, so a
hostile spec cannot inject links, images, HTML or table cells into the page. At
most :data:`MAX_ROWS` findings are listed, most severe first; the counts always
cover all of them.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from oaslint.formatters.text import summary

if TYPE_CHECKING:
    from oaslint.formatters import FormatContext
    from oaslint.result import LintResult

MAX_ROWS = 50
LEVELS = ("error", "warning", "info")
_PUNCT = re.compile(r"([\\`*_\[\]()#!~])")


def escape(text: str) -> str:
    """``text`` as literal Markdown inside a table cell (one line)."""
    text = _PUNCT.sub(r"\\\1", " ".join(text.split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def _rule(rule_id: str, ctx: FormatContext) -> str:
    if ctx.docs_url and ctx.rule(rule_id) is not None:
        return f"[`{rule_id}`]({ctx.docs_url}/{rule_id}.md)"
    return f"`{rule_id}`"


def render(result: LintResult, ctx: FormatContext) -> str:
    counts = result.counts()
    total = sum(counts.values())
    out = [f"## oaslint: {total} finding{'s' if total != 1 else ''}", ""]
    out.append(escape(summary(result)))
    out.append("")
    out += ["| Severity | Findings |", "| --- | ---: |"]
    out += [f"| {level} | {counts[level]} |" for level in LEVELS]
    out.append("")
    if result.errors:
        out += ["### Files oaslint could not lint", ""]
        out += [f"- {escape(e.file)}: {escape(e.message)}" for e in result.errors]
        out.append("")
    if result.findings:
        by_rule: Counter[tuple[int, str]] = Counter(
            (int(f.severity), f.rule) for f in result.findings
        )
        out += ["### By rule", "", "| Rule | Severity | Findings |", "| --- | --- | ---: |"]
        for (sev, rule_id), n in sorted(
            by_rule.items(), key=lambda kv: (-kv[0][0], -kv[1], kv[0][1])
        ):
            label = LEVELS[3 - sev] if 1 <= sev <= 3 else str(sev)
            out.append(f"| {_rule(rule_id, ctx)} | {label} | {n} |")
        out.append("")
        ordered = sorted(result.findings, key=lambda f: (-int(f.severity), f))
        shown = ordered[:MAX_ROWS]
        head = "Findings" if len(shown) == total else f"Findings (the first {len(shown)})"
        out += [f"### {head}", "", "| Severity | Location | Rule | Message |"]
        out.append("| --- | --- | --- | --- |")
        for f in shown:
            where = escape(f"{ctx.repo_path(f.file)}:{f.line}:{f.column}")
            out.append(
                f"| {f.severity.label} | {where} | {_rule(f.rule, ctx)} | {escape(f.message)} |"
            )
        if total > len(shown):
            out += ["", f"{total - len(shown)} more in the log and the SARIF report."]
        out.append("")
    return "\n".join(out)
