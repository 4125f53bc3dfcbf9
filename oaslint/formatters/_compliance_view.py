"""What both compliance reports show (Markdown and HTML), in English or Dutch.

:func:`build` turns a result into a :class:`View` of plain strings and numbers; the
two formatters only lay it out. The statuses come from :func:`oaslint.compliance.statuses`.
"""

from __future__ import annotations

import datetime
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from oaslint.compliance import Evidence, Reason, RequirementStatus, Status, statuses
from oaslint.register import Register, Standard, load_register, manual_checks, rule_title

if TYPE_CHECKING:
    from oaslint.formatters import FormatContext
    from oaslint.result import LintResult

# Marks readable without colour (greyscale print, screen readers read the word too).
MARKS = {
    Status.VIOLATED: "✗",
    Status.NOT_VERIFIABLE: "?",
    Status.NOT_CHECKED: "–",
    Status.ACCEPTED_RISK: "!",
    Status.PASSED: "✓",
    Status.NOT_APPLICABLE: "○",
    Status.MANUAL: "✎",
}

STATUS_NL = {
    Status.VIOLATED: "geschonden",
    Status.NOT_VERIFIABLE: "niet te verifiëren",
    Status.NOT_CHECKED: "niet gecontroleerd",
    Status.ACCEPTED_RISK: "geaccepteerd risico",
    Status.PASSED: "voldaan",
    Status.NOT_APPLICABLE: "niet van toepassing",
    Status.MANUAL: "handmatig",
}

WORDS: dict[str, tuple[str, str]] = {
    "title": ("oaslint compliance report", "oaslint-nalevingsrapport"),
    "documents": ("Documents", "Documenten"),
    "files": ("Files", "Bestanden"),
    "date": ("Date", "Datum"),
    "profile": ("Profile", "Profiel"),
    "rules_run": ("Rules run", "Uitgevoerde regels"),
    "findings": ("Findings", "Bevindingen"),
    "findings_line": (
        "{open} open, {suppressed} suppressed inline, {baselined} hidden by the baseline, "
        "{errors} file error(s)",
        "{open} open, {suppressed} inline onderdrukt, {baselined} verborgen door de baseline, "
        "{errors} bestandsfout(en)",
    ),
    "of": ("{n} of {total}", "{n} van {total}"),
    "not_run": ("Rules not run", "Niet uitgevoerde regels"),
    "more_files": ("(+{n} $ref-ed file(s))", "(+{n} via $ref geladen bestand(en))"),
    "summary": ("Summary per standard", "Samenvatting per standaard"),
    "per_document": ("Summary per document", "Samenvatting per document"),
    "contents": ("Contents", "Inhoud"),
    "standard": ("Standard", "Standaard"),
    "document": ("Document", "Document"),
    "verdict": ("Verdict", "Oordeel"),
    "requirement": ("Requirement", "Eis"),
    "status": ("Status", "Status"),
    "reason": ("Reason", "Reden"),
    "evidence": ("Evidence", "Bewijs"),
    "checked_by": ("Checked by", "Gecontroleerd door"),
    "manual_checklist": ("Manual checklist", "Handmatige controles"),
    "manual_intro": (
        "Not machine-checkable from an OpenAPI document; confirm these by hand.",
        "Niet automatisch te controleren uit een OpenAPI-document; bevestig deze handmatig.",
    ),
    "none": ("none", "geen"),
    "more": ("and {n} more", "en nog {n}"),
    "all_findings": (
        "every finding: --format json or sarif",
        "alle bevindingen: --format json of sarif",
    ),
    "verdict_violated": ("not met", "niet voldaan"),
    "verdict_incomplete": ("incomplete", "onvolledig"),
    "verdict_manual": (
        "met by machine checks; manual checks open",
        "automatisch voldaan; handmatige controles open",
    ),
    "verdict_met": ("met", "voldaan"),
    "no_documents": ("no document could be linted", "geen document kon worden gecontroleerd"),
    "legend": ("Legend", "Legenda"),
    "messages_note": (
        "Finding messages are in English.",
        "Meldingen van bevindingen zijn in het Engels.",
    ),
    "suppressed_because": ("suppressed: {reason}", "onderdrukt: {reason}"),
    "baselined": ("in the baseline", "in de baseline"),
}

REASONS: dict[str, tuple[str, str]] = {
    "findings": ("{count} finding(s) of `{rule}`", "{count} bevinding(en) van `{rule}`"),
    "suppressed": (
        "{count} finding(s) of `{rule}` accepted (suppressed inline or baselined)",
        "{count} bevinding(en) van `{rule}` geaccepteerd (inline onderdrukt of in de baseline)",
    ),
    "baselined": (
        "{count} finding(s) of `{rule}` hidden by the baseline",
        "{count} bevinding(en) van `{rule}` verborgen door de baseline",
    ),
    "error": ("`{rule}` failed: {detail}", "`{rule}` faalde: {detail}"),
    "not-loaded": ("the document could not be loaded", "het document kon niet worden geladen"),
    "unverifiable": ("{detail} (`{rule}`)", "{detail} (`{rule}`)"),
    "not-examined": (
        "`{rule}` does not say what it examined",
        "`{rule}` meldt niet wat het onderzocht",
    ),
    "not-run": (
        "`{rule}` did not run (disabled, deselected or switched off for the document)",
        "`{rule}` is niet uitgevoerd (uitgeschakeld, niet geselecteerd of voor het document "
        "uitgezet)",
    ),
    "passed": ("`{rule}` examined {count} {detail}", "`{rule}` onderzocht {count} plaats(en)"),
    "nothing": ("no {detail} (`{rule}`)", "niets te onderzoeken voor `{rule}`"),
    "no-rule": (
        "no rule of this oaslint version checks it yet",
        "nog geen regel van deze oaslint-versie controleert dit",
    ),
    "manual": ("confirm by hand: {manual}", "handmatig bevestigen: {manual}"),
    "no": (
        "informative or not applicable to an OpenAPI contract; listed for completeness",
        "informatief of niet van toepassing op een OpenAPI-contract; volledigheidshalve vermeld",
    ),
}

# Dutch for the reasons rules give through ctx.unverifiable (English otherwise).
UNVERIFIABLE_NL = {
    "no security schemes at all (see security-schemes-defined)": (
        "helemaal geen security schemes (zie security-schemes-defined)"
    ),
    "no absolute server URL: the contract does not say how it is served": (
        "geen absolute server-URL: het contract zegt niet hoe de API wordt aangeboden"
    ),
}


REASONS_SHOWN = 10


def word(key: str, lang: str, **values: object) -> str:
    en, nl = WORDS[key]
    return (nl if lang == "nl" else en).format(**values)


def status_label(status: Status, lang: str) -> str:
    return STATUS_NL[status] if lang == "nl" else status.value


def reason_text(reason: Reason, lang: str, manual: str, documents: int) -> str:
    en, nl = REASONS[reason.code]
    detail = reason.detail
    if lang == "nl" and reason.code == "unverifiable":
        detail = UNVERIFIABLE_NL.get(detail, detail)
    text = (nl if lang == "nl" else en).format(
        count=reason.count, rule=reason.rule, detail=detail or "places", manual=manual
    )
    if documents > 1 and reason.document and reason.code not in ("manual", "no", "no-rule"):
        text = f"{reason.document}: {text}"
    return text


@dataclass
class Row:
    id: str
    text: str
    status: Status
    label: str  # status word, with counts per severity when violated
    reasons: list[str]
    evidence: list[Evidence]
    rules: list[tuple[str, str]]  # (rule id, title in the report's language)


@dataclass
class Section:
    standard: Standard
    title: str
    anchor: str
    rows: list[Row]
    counts: Counter[Status]
    verdict: str
    manual: list[tuple[str, str]]  # (id, what to confirm)


@dataclass
class View:
    lang: str
    title: str
    header: list[tuple[str, str]]
    documents: list[tuple[str, str, str, str]]  # (title, version, path, note on $ref files)
    sections: list[Section]
    per_document: list[tuple[str, Counter[Status], str]] = field(default_factory=list)
    # rule page of each built-in rule (``<docs_url>/<id>.md``), for links in HTML
    rule_pages: dict[str, str] = field(default_factory=dict)


def verdict(counts: Counter[Status], lang: str) -> str:
    if counts[Status.VIOLATED]:
        return word("verdict_violated", lang)
    if counts[Status.NOT_VERIFIABLE] or counts[Status.NOT_CHECKED]:
        return word("verdict_incomplete", lang)
    if counts[Status.MANUAL]:
        return word("verdict_manual", lang)
    return word("verdict_met", lang)


def _anchor(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    keep = "".join(c for c in text.lower() if c.isalnum() or c in " -_")
    return keep.replace(" ", "-")


def _date(ctx: FormatContext) -> str:
    if ctx.date:
        return ctx.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
        if epoch.isdigit()
        else datetime.datetime.now(datetime.timezone.utc)
    )
    return when.strftime("%Y-%m-%d")


def build(result: LintResult, ctx: FormatContext, register: Register | None = None) -> View:
    lang = ctx.lang if ctx.lang in ("en", "nl") else "en"
    register = register or load_register(ctx.rules)
    standards = register.ordered_standards(ctx.profile)
    keys = {s.key for s in standards}
    wanted = [r for r in register.requirements if keys & set(r.standards)]
    nouns = {r.meta.id: r.meta.applies_to for r in ctx.rules}
    titles = {r.meta.id: rule_title(r, lang) for r in ctx.rules}
    all_statuses = statuses(result, register, nouns, wanted)
    overall = {s.requirement.id: s for s in all_statuses if s.document is None}
    per_doc: dict[str, list[RequirementStatus]] = {}
    for s in all_statuses:
        if s.document is not None:
            per_doc.setdefault(s.document, []).append(s)
    n_docs = len(per_doc)

    in_profile = register.profile_rules(ctx.profile) if ctx.profile != "all" else None
    known = [r.meta.id for r in ctx.rules if in_profile is None or r.meta.id in in_profile]
    ran = [r for r in result.rules if r in known or in_profile is None]
    b = result.baseline
    header = [
        (word("documents", lang), str(len(result.documents))),
        (word("files", lang), str(len(set(result.linted_files)))),
        (word("date", lang), _date(ctx)),
        ("oaslint", ctx.version),
        (word("profile", lang), ctx.profile),
        (word("rules_run", lang), word("of", lang, n=len(ran), total=len(known))),
        *(
            [(word("not_run", lang), ", ".join(sorted(set(known) - set(ran))))]
            if set(known) - set(ran)
            else []
        ),
        (
            word("findings", lang),
            word(
                "findings_line",
                lang,
                open=len(result.findings),
                suppressed=len(result.suppressed),
                baselined=b.suppressed if b else 0,
                errors=len(result.errors),
            ),
        ),
    ]
    documents = []
    for d in result.documents:
        note = word("more_files", lang, n=len(d.files) - 1) if len(d.files) > 1 else ""
        documents.append((d.title, d.version, d.path, note))

    sections = []
    for i, std in enumerate(standards, 1):
        title = f"{i}. {std.title(lang)}"
        rows = []
        for req in register.of_standard(std.key):
            st = overall[req.id]
            label = status_label(st.status, lang)
            if st.status is Status.VIOLATED and st.severities:
                label += " (" + ", ".join(f"{sev} × {n}" for sev, n in st.severities) + ")"
            reasons = list(
                dict.fromkeys(
                    reason_text(r, lang, req.manual(lang) or req.text(lang), n_docs)
                    for r in st.reasons
                )
            )
            if len(reasons) > REASONS_SHOWN:  # a register of many documents
                more = word("more", lang, n=len(reasons) - REASONS_SHOWN)
                reasons = [*reasons[:REASONS_SHOWN], more]
            rows.append(
                Row(
                    req.id,
                    req.text(lang),
                    st.status,
                    label,
                    reasons,
                    list(st.evidence),
                    [(r, titles.get(r, "")) for r in req.rules],
                )
            )
        counts = Counter(r.status for r in rows)
        manual = [(r.id, r.manual(lang)) for r in manual_checks(register, [std.key])]
        sections.append(
            Section(std, title, _anchor(title), rows, counts, verdict(counts, lang), manual)
        )
    view = View(lang, word("title", lang), header, documents, sections)
    if ctx.docs_url:
        base = ctx.docs_url.rstrip("/")
        view.rule_pages = {
            r.meta.id: f"{base}/{r.meta.id}.md" for r in ctx.rules if r.origin == "oaslint"
        }
    if n_docs > 1:
        for doc, items in per_doc.items():
            counts = Counter(s.status for s in items)
            view.per_document.append((doc, counts, verdict(counts, lang)))
    return view
