"""Survivors of the complete mutation run of the compliance formatters (tests/README.md,
"Session 10"): the Markdown and HTML reports laid out from one hand-built view, so the
expected text depends on no register, rule or wording outside the two formatters."""

from __future__ import annotations

import os
from collections import Counter

import pytest

from oaslint.compliance import Evidence, Status
from oaslint.formatters import FormatContext, compliance, compliance_html
from oaslint.formatters._compliance_view import Row, Section, View
from oaslint.register import Standard

STD = Standard("s1", 1, "all", "Std <One> & [x]", "Norm <Een>", "g.md")
STD2 = Standard("s2", 2, "all", "Second", "Tweede", "g2.md")
EV = [
    Evidence("finding", "rule-a", "msg | \"one\" '1' <b>", "a.yaml", 3, 5, "error"),
    Evidence("suppressed", "rule-a", "msg two", "a.yaml", 4, 1, "warning", "test server"),
    Evidence("baselined", "rule-b", "msg `three`", "b.yaml", 5, 2, "info"),
    *(Evidence("finding", "rule-c", f"m{i}", "c.yaml", 10 + i, 1, "error") for i in range(4)),
]
CTX = FormatContext(rules=[], version="9")
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "compliance-layout")


def _view(lang: str, docs: bool) -> View:
    rows = [
        Row(
            "R-1",
            "Text [1] & more",
            Status.VIOLATED,
            "violated (error × 2)",
            ["reason one", "reason `two`"],
            EV,  # 7: two more than the Markdown report shows
            [("rule-a", "Title A"), ("rule-b", "Title <B>")],
        ),
        Row("R.2/X", "Second\nline", Status.PASSED, "passed", ["ok"], EV[:5], []),  # exactly 5
        Row("R-3", "Manual", Status.MANUAL, "manual", [], [], []),
    ]
    sec1 = Section(
        STD,
        "1. Std <One>",
        "1-std-one",
        rows,
        Counter(r.status for r in rows),
        "not met",
        [("R-3", "Check | by hand\r\nplease")],
    )
    sec2 = Section(STD2, "2. Second", "2-second", [], Counter(), "met", [])
    per_doc = [
        ("a.yaml", Counter({Status.VIOLATED: 1, Status.PASSED: 2}), "not met"),
        ("b|c.yaml", Counter({Status.MANUAL: 1}), "met"),
    ]
    documents = [("API [t]", "1.0", "a.yaml", "(+1 $ref-ed file(s))"), ("B", "2", "b.yaml", "")]
    return View(
        lang,
        "Title & co",
        [("Documents", "2"), ("Key|x", "v<1>\nv2")],
        documents if docs else [],
        [sec1, sec2],
        per_doc if docs else [],
        {"rule-a": "https://d.example/rule-a.md"},
    )


def _render(monkeypatch: pytest.MonkeyPatch, module: object, lang: str, docs: bool) -> str:
    monkeypatch.setattr(module, "build", lambda result, ctx: _view(lang, docs))
    text: str = module.render(None, CTX)  # type: ignore[attr-defined]
    return text


def _expected(name: str) -> str:
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        return f.read()


CASES = [("en", True, "en"), ("nl", False, "nl"), ("nl", True, "nl-documents")]


@pytest.mark.parametrize(("lang", "docs", "name"), CASES)
def test_markdown_report_layout(
    monkeypatch: pytest.MonkeyPatch, lang: str, docs: bool, name: str
) -> None:
    assert _render(monkeypatch, compliance, lang, docs) == _expected(f"{name}.md")


@pytest.mark.parametrize(("lang", "docs", "name"), CASES)
def test_html_report_layout(
    monkeypatch: pytest.MonkeyPatch, lang: str, docs: bool, name: str
) -> None:
    monkeypatch.setattr(compliance_html, "EVIDENCE_SHOWN", 5)  # R-1 has 7, R.2/X exactly 5
    html = _render(monkeypatch, compliance_html, lang, docs)
    assert html.replace(compliance_html._CSS, "CSS") == _expected(f"{name}.html")
