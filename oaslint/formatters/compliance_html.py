"""Compliance report (HTML): one self-contained file for auditors (``--format
compliance-html``).

No scripts, no external resources, no network: the styles are inline, so the file
opens anywhere and prints to PDF. Statuses carry a mark and a word as well as a
colour, so they survive greyscale printing; a table of contents links the sections;
evidence folds away in ``<details>`` elements (opened for printing by the browser's
print styles where it supports that). Same content as the Markdown report.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from oaslint.compliance import Status
from oaslint.formatters._compliance_view import MARKS, build, status_label, word

if TYPE_CHECKING:
    from oaslint.compliance import Evidence
    from oaslint.formatters import FormatContext
    from oaslint.result import LintResult

EVIDENCE_SHOWN = 200  # per requirement; the JSON and SARIF reports list every finding

_CLASS = {
    Status.VIOLATED: "violated",
    Status.NOT_VERIFIABLE: "unverifiable",
    Status.NOT_CHECKED: "unchecked",
    Status.ACCEPTED_RISK: "accepted",
    Status.PASSED: "passed",
    Status.NOT_APPLICABLE: "na",
    Status.MANUAL: "manual",
}

# Colours differ in lightness as well as hue, and every status also has a mark and a
# border style, so a greyscale print still tells them apart.
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;
max-width:75em;padding:0 1em;color:#111}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:2px solid #444;page-break-after:avoid}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eee}td.n{text-align:right}
.st{white-space:nowrap;font-weight:600;padding:.1em .4em;border-radius:3px}
.violated{background:#8b0000;color:#fff;border:2px solid #000}
.unverifiable{background:#ffd24d;color:#000;border:2px dashed #000}
.unchecked{background:#fff;color:#000;border:2px dotted #000}
.accepted{background:#f4a261;color:#000;border:2px double #000}
.passed{background:#2d6a4f;color:#fff;border:1px solid #000}
.na{background:#e9ecef;color:#333;border:1px solid #999}
.manual{background:#dbe7ff;color:#000;border:1px dashed #666}
th .st{white-space:normal;display:inline-block}.legend{line-height:2}
.id{font-weight:700;white-space:nowrap}.rules{color:#444;font-size:.9em}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
details summary{cursor:pointer}ul.ev{margin:.3em 0;padding-left:1.2em}
nav ol{columns:2}.legend span{margin-right:.8em}
@media print{body{margin:0;max-width:none}nav{page-break-after:always}
a{color:#000;text-decoration:none}tr{page-break-inside:avoid}
details>*{display:block}
details::details-content{content-visibility:visible;display:block}}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _code(text: str) -> str:
    """Escaped, with Markdown-style `code` spans (rule ids in reasons) as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(text))


def _status(status: Status, label: str) -> str:
    return f'<span class="st {_CLASS[status]}">{MARKS[status]} {_e(label)}</span>'


def _rule(rule: str, pages: dict[str, str]) -> str:
    """A rule id, linked to its rule page when one is known (a link loads nothing)."""
    code = f"<code>{_e(rule)}</code>"
    page = pages.get(rule)
    return f'<a href="{_e(page)}">{code}</a>' if page else code


def _evidence(ev: Evidence, lang: str, pages: dict[str, str]) -> str:
    where = f"{ev.file}:{ev.line}:{ev.column}"
    extra = ""
    if ev.kind == "suppressed":
        extra = f" <em>({_e(word('suppressed_because', lang, reason=ev.reason))})</em>"
    elif ev.kind == "baselined":
        extra = f" <em>({_e(word('baselined', lang))})</em>"
    return (
        f"<li>{_rule(ev.rule, pages)} <code>{_e(where)}</code> "
        f"[{_e(ev.severity)}] {_e(ev.message)}{extra}</li>"
    )


def render(result: LintResult, ctx: FormatContext) -> str:
    view = build(result, ctx)
    lang = view.lang
    statuses = list(Status)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # nothing may be loaded: no scripts, styles, images or fonts from anywhere
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{_e(view.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(view.title)}</h1>",
        '<table class="header">',
    ]
    out += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in view.header]
    out.append("</table>")
    if view.documents:
        out.append(
            f"<table><tr><th>{_e(word('document', lang))}</th><th>info.title</th>"
            "<th>info.version</th></tr>"
        )
        out += [
            f"<tr><td><code>{_e(p)}</code> {_e(n)}</td><td>{_e(t)}</td><td>{_e(v)}</td></tr>"
            for t, v, p, n in view.documents
        ]
        out.append("</table>")
    else:
        out.append(f"<p><em>{_e(word('no_documents', lang))}</em></p>")
    out.append(
        f'<p class="legend">{_e(word("legend", lang))}: '
        + "".join(f"<span>{_status(s, status_label(s, lang))}</span>" for s in statuses)
        + f" {_e(word('messages_note', lang))}</p>"
    )
    out.append(f'<nav><h2 id="contents">{_e(word("contents", lang))}</h2><ol>')
    out.append(f'<li><a href="#summary">{_e(word("summary", lang))}</a></li>')
    if view.per_document:
        out.append(f'<li><a href="#per-document">{_e(word("per_document", lang))}</a></li>')
    out += [f'<li><a href="#{s.anchor}">{_e(s.title)}</a></li>' for s in view.sections]
    out.append("</ol></nav>")

    head = "".join(f"<th>{_status(s, status_label(s, lang))}</th>" for s in statuses)
    out.append(f'<section id="summary"><h2>{_e(word("summary", lang))}</h2><table>')
    out.append(
        f"<tr><th>{_e(word('standard', lang))}</th>{head}<th>{_e(word('verdict', lang))}</th></tr>"
    )
    for sec in view.sections:
        cells = "".join(f'<td class="n">{sec.counts[s]}</td>' for s in statuses)
        out.append(
            f'<tr><td><a href="#{sec.anchor}">{_e(sec.standard.title(lang))}</a></td>{cells}'
            f"<td>{_e(sec.verdict)}</td></tr>"
        )
    out.append("</table></section>")
    if view.per_document:
        out.append(f'<section id="per-document"><h2>{_e(word("per_document", lang))}</h2><table>')
        verdict_head = _e(word("verdict", lang))
        out.append(f"<tr><th>{_e(word('document', lang))}</th>{head}<th>{verdict_head}</th></tr>")
        for doc, counts, verdict in view.per_document:
            cells = "".join(f'<td class="n">{counts[s]}</td>' for s in statuses)
            out.append(f"<tr><td><code>{_e(doc)}</code></td>{cells}<td>{_e(verdict)}</td></tr>")
        out.append("</table></section>")

    for sec in view.sections:
        out.append(f'<section id="{sec.anchor}" class="standard"><h2>{_e(sec.title)}</h2>')
        out.append(
            f"<table><tr><th>{_e(word('requirement', lang))}</th><th>{_e(word('status', lang))}"
            f"</th><th>{_e(word('reason', lang))}</th><th>{_e(word('evidence', lang))}</th></tr>"
        )
        for row in sec.rows:
            rules = (
                f'<div class="rules">{_e(word("checked_by", lang))}: '
                + "; ".join(f"{_rule(r, view.rule_pages)} {_code(t)}" for r, t in row.rules)
                + "</div>"
                if row.rules
                else ""
            )
            if row.evidence:
                items = "".join(
                    _evidence(e, lang, view.rule_pages) for e in row.evidence[:EVIDENCE_SHOWN]
                )
                if len(row.evidence) > EVIDENCE_SHOWN:
                    more = word("more", lang, n=len(row.evidence) - EVIDENCE_SHOWN)
                    items += f"<li>{_e(more)} ({_e(word('all_findings', lang))})</li>"
                evidence = (
                    f"<details><summary>{len(row.evidence)}</summary>"
                    f'<ul class="ev">{items}</ul></details>'
                )
            else:
                evidence = "–"
            out.append(
                f'<tr id="{_e(sec.anchor)}-{_e(_slug(row.id))}"><td><span class="id">'
                f"{_e(row.id)}</span> {_e(row.text)}{rules}</td>"
                f"<td>{_status(row.status, row.label)}</td>"
                f"<td>{'<br>'.join(_code(r) for r in row.reasons)}</td><td>{evidence}</td></tr>"
            )
        out.append("</table>")
        if sec.manual:
            out.append(f"<h3>{_e(word('manual_checklist', lang))}</h3><ul>")
            out += [
                f'<li>☐ <span class="id">{_e(rid)}</span> {_e(what)}</li>'
                for rid, what in sec.manual
            ]
            out.append("</ul>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower())
