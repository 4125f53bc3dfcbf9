"""Compliance report (Markdown): per standard, every requirement with its status.

For auditors, API owners and security officers: ``oaslint --format compliance -o
report.md specs/`` (``--profile``, ``--lang nl``). Fit for a pull-request comment and
the GitHub step summary. A header identifies the documents, a summary counts the
statuses per standard (and per document), then one section per standard lists each
requirement with its status, the reason and the evidence (rule, file:line, message),
followed by the manual checklist of that standard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from oaslint.compliance import Status
from oaslint.formatters._compliance_view import MARKS, build, status_label, word

if TYPE_CHECKING:
    from oaslint.compliance import Evidence
    from oaslint.formatters import FormatContext
    from oaslint.result import LintResult

EVIDENCE_SHOWN = 5


def _cell(text: str) -> str:
    """Safe inside a Markdown table cell: no pipes, newlines or raw HTML."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("[", "\\[")  # no Markdown link or image from document text
        .replace("]", "\\]")
        .replace("`", "\\`")
        .replace("\r", " ")
        .replace("\n", " ")
    )


def _evidence(e: Evidence, lang: str) -> str:
    where = f"{e.file}:{e.line}:{e.column}"
    text = f"`{e.rule}` {where} {e.message}"
    if e.kind == "suppressed":
        text += f" ({word('suppressed_because', lang, reason=e.reason)})"
    elif e.kind == "baselined":
        text += f" ({word('baselined', lang)})"
    return _cell(text)


def render(result: LintResult, ctx: FormatContext) -> str:
    view = build(result, ctx)
    lang = view.lang
    statuses = list(Status)
    out = [f"# {view.title}", "", "| | |", "|---|---|"]
    out += [f"| {k} | {_cell(v)} |" for k, v in view.header]
    out.append("")
    if view.documents:
        out += [f"| {word('document', lang)} | info.title | info.version |", "|---|---|---|"]
        out += [
            f"| `{_cell(p)}`{' ' + _cell(n) if n else ''} | {_cell(t)} | {_cell(v)} |"
            for t, v, p, n in view.documents
        ]
    else:
        out.append(f"_{word('no_documents', lang)}_")
    out += [
        "",
        f"{word('legend', lang)}: "
        + ", ".join(f"{MARKS[s]} {status_label(s, lang)}" for s in statuses)
        + f". {word('messages_note', lang)}",
        "",
        f"## {word('summary', lang)}",
        "",
        f"| {word('standard', lang)} | "
        + " | ".join(f"{MARKS[s]} {status_label(s, lang)}" for s in statuses)
        + f" | {word('verdict', lang)} |",
        "|---|" + "---|" * (len(statuses) + 1),
    ]
    for sec in view.sections:
        cells = " | ".join(str(sec.counts[s]) for s in statuses)
        out.append(
            f"| [{_cell(sec.standard.title(lang))}](#{sec.anchor}) | {cells} | {sec.verdict} |"
        )
    if view.per_document:
        out += [
            "",
            f"## {word('per_document', lang)}",
            "",
            f"| {word('document', lang)} | "
            + " | ".join(f"{MARKS[s]} {status_label(s, lang)}" for s in statuses)
            + f" | {word('verdict', lang)} |",
            "|---|" + "---|" * (len(statuses) + 1),
        ]
        for doc, doc_counts, verdict in view.per_document:
            cells = " | ".join(str(doc_counts[s]) for s in statuses)
            out.append(f"| `{_cell(doc)}` | {cells} | {verdict} |")
    for sec in view.sections:
        out += [
            "",
            f"## {sec.title}",
            "",
            f"| {word('requirement', lang)} | {word('status', lang)} | {word('reason', lang)} "
            f"| {word('evidence', lang)} |",
            "|---|---|---|---|",
        ]
        for row in sec.rows:
            shown = [_evidence(e, lang) for e in row.evidence[:EVIDENCE_SHOWN]]
            if len(row.evidence) > EVIDENCE_SHOWN:
                more = word("more", lang, n=len(row.evidence) - EVIDENCE_SHOWN)
                shown.append(f"{more} ({word('all_findings', lang)})")
            rules = (
                f"<br>{word('checked_by', lang)}: "
                + "; ".join(f"`{r}` {_cell(t)}" for r, t in row.rules)
                if row.rules
                else ""
            )
            out.append(
                f"| **{_cell(row.id)}** {_cell(row.text)}{rules} | {MARKS[row.status]} {row.label} "
                f"| {'<br>'.join(_cell(r) for r in row.reasons)} "
                f"| {'<br>'.join(shown) or '–'} |"
            )
        if sec.manual:
            out += ["", f"### {word('manual_checklist', lang)}: {sec.standard.title(lang)}", ""]
            out += [f"- [ ] **{_cell(rid)}** {_cell(what)}" for rid, what in sec.manual]
    return "\n".join(out) + "\n"
