"""Compliance statuses and rule-run counts the mutation run of the core found unpinned.

``statuses`` is a pure function of plain values (oaslint.compliance), so most cases
build a ``LintResult`` by hand; the baseline counts go through the ``Linter`` API.
"""

from __future__ import annotations

import os

import pytest

from oaslint import baseline as baseline_mod
from oaslint.baseline import Baseline
from oaslint.compliance import Evidence, Reason, Status, statuses
from oaslint.config import Config
from oaslint.engine import Linter
from oaslint.model import FileError, Finding, Severity
from oaslint.register import Register, Requirement
from oaslint.registry import all_rules
from oaslint.result import DocumentInfo, LintResult, RuleRun

REQ = Requirement("R-1", "std", "machine", "text", "tekst", rules=("r",))
REGISTER = Register(standards={}, requirements=(REQ,))
DOC = "a.yaml"


@pytest.mark.parametrize(
    ("run", "status", "reason"),
    [
        (
            RuleRun("r", DOC, True, examined=2, unverifiable="no URL", found=2),
            Status.NOT_VERIFIABLE,
            Reason("unverifiable", "r", DOC, 0, "no URL"),
        ),
        (
            RuleRun("r", DOC, True, examined=2, found=2),
            Status.VIOLATED,
            Reason("findings", "r", DOC, 2),
        ),
        (RuleRun("r", DOC, False), Status.NOT_CHECKED, Reason("not-run", "r", DOC)),
        (
            RuleRun("r", DOC, True, error="boom"),
            Status.NOT_VERIFIABLE,
            Reason("error", "r", DOC, 0, "boom"),
        ),
        (
            RuleRun("r", DOC, True, examined=3, suppressed=1, baselined=2),
            Status.ACCEPTED_RISK,
            Reason("suppressed", "r", DOC, 3),
        ),
        (
            RuleRun("r", DOC, True, examined=3, baselined=2),
            Status.ACCEPTED_RISK,
            Reason("baselined", "r", DOC, 2),
        ),
        (
            RuleRun("r", DOC, True, examined=3, unverifiable="no URL"),
            Status.NOT_VERIFIABLE,
            Reason("unverifiable", "r", DOC, 0, "no URL"),
        ),
        (RuleRun("r", DOC, True), Status.NOT_VERIFIABLE, Reason("not-examined", "r", DOC)),
        (
            RuleRun("r", DOC, True, examined=3),
            Status.PASSED,
            Reason("passed", "r", DOC, 3, "operations"),
        ),
        (
            RuleRun("r", DOC, True, examined=0),
            Status.NOT_APPLICABLE,
            Reason("nothing", "r", DOC, 0, "operations"),
        ),
    ],
)
def test_each_rule_status_with_its_full_reason(
    run: RuleRun, status: Status, reason: Reason
) -> None:
    result = LintResult(rule_runs=[run], documents=[DocumentInfo(DOC, files=(DOC,))])
    overall, per_doc = statuses(result, REGISTER, {"r": "operations"})
    assert (overall.document, overall.status, overall.reasons) == (None, status, (reason,))
    assert (per_doc.document, per_doc.status, per_doc.reasons) == (DOC, status, (reason,))


def test_a_kept_finding_is_evidence_without_a_reason() -> None:
    finding = Finding(DOC, 4, 7, "r", "bad", Severity.ERROR)
    result = LintResult(
        findings=[finding],
        rule_runs=[RuleRun("r", DOC, True, examined=1, found=1)],
        documents=[DocumentInfo(DOC, files=(DOC,))],
    )
    overall = statuses(result, REGISTER)[0]
    assert overall.evidence == (Evidence("finding", "r", "bad", DOC, 4, 7, "error", ""),)
    assert overall.severities == (("error", 1),)


TWO_HTTP = """\
openapi: 3.0.3
info: {title: T, version: '1'}
servers:
  - url: http://a.example.com
  - url: http://b.example.com
paths: {}
"""


def _write(path: str, text: str) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def test_the_baseline_count_moves_every_hidden_finding(tmp_path: os.PathLike[str]) -> None:
    rules = all_rules()
    cfg = Config(select=["https-servers"])  # type: ignore[arg-type]
    path = _write(os.path.join(tmp_path, "api.yaml"), TWO_HTTP)
    first = Linter(rules, cfg).lint_paths([path])
    assert [f.rule for f in first.findings] == ["https-servers", "https-servers"]
    base = os.path.join(tmp_path, "baseline.json")
    baseline_mod.write(base, first.findings, "0")
    again = Linter(rules, cfg, baseline=Baseline.load(base)).lint_paths([path])
    assert again.findings == []
    (run,) = [r for r in again.rule_runs if r.rule == "https-servers"]
    assert (run.found, run.baselined) == (0, 2)


def test_a_baselined_finding_of_a_file_that_did_not_load(tmp_path: os.PathLike[str]) -> None:
    rules = all_rules()
    good = _write(os.path.join(tmp_path, "good.yaml"), TWO_HTTP)
    broken = _write(os.path.join(tmp_path, "broken.yaml"), "openapi: 3.0.3\npaths: [unclosed\n")
    first = Linter(rules, Config()).lint_paths([good, broken])
    assert "parse-error" in {f.rule for f in first.findings}
    base = os.path.join(tmp_path, "baseline.json")
    baseline_mod.write(base, first.findings, "0")
    again = Linter(rules, Config(), baseline=Baseline.load(base)).lint_paths([good, broken])
    assert again.findings == [] and again.baseline is not None
    assert len(again.baseline.baselined) == len(first.findings)
    (run,) = [r for r in again.rule_runs if r.rule == "https-servers"]
    assert (run.found, run.baselined) == (0, 2)


def test_documents_that_did_not_load_get_their_own_status() -> None:
    """Unloaded: files with a read error and files whose parse-error is not of a
    loaded document; a parse-error in a loaded (referenced) file and another rule's
    finding elsewhere add no document."""
    result = LintResult(
        findings=[
            Finding("shared.yaml", 1, 1, "parse-error", "bad YAML", Severity.ERROR),
            Finding("broken.yaml", 2, 1, "parse-error", "bad YAML", Severity.ERROR),
            Finding("other.yaml", 3, 1, "r", "bad", Severity.ERROR),
        ],
        errors=[FileError("gone.yaml", "cannot read")],
        rule_runs=[RuleRun("r", DOC, True, examined=1)],
        documents=[DocumentInfo(DOC, files=(DOC, "shared.yaml"))],
    )
    overall, *per_doc = statuses(result, REGISTER)
    assert [(p.document, p.status) for p in per_doc] == [
        (DOC, Status.PASSED),
        ("broken.yaml", Status.NOT_VERIFIABLE),
        ("gone.yaml", Status.NOT_VERIFIABLE),
    ]
    assert overall.status is Status.NOT_VERIFIABLE
    assert [(r.code, r.document) for r in overall.reasons] == [
        ("not-loaded", "broken.yaml"),
        ("not-loaded", "gone.yaml"),
    ]


def test_evidence_per_document_covers_its_referenced_files_and_counts_severities() -> None:
    shared = Finding("shared.yaml", 5, 3, "r", "bad", Severity.WARNING)
    hidden = Finding("shared.yaml", 6, 3, "r", "accepted", Severity.ERROR)
    result = LintResult(
        findings=[shared],
        suppressed=[hidden],
        rule_runs=[RuleRun("r", DOC, True, examined=2, found=1, suppressed=1)],
        documents=[DocumentInfo(DOC, files=(DOC, "shared.yaml"))],
    )
    overall, per_doc = statuses(result, REGISTER)
    for st in (overall, per_doc):
        assert st.status is Status.VIOLATED
        assert st.evidence == (
            Evidence("finding", "r", "bad", "shared.yaml", 5, 3, "warning", ""),
            Evidence("suppressed", "r", "accepted", "shared.yaml", 6, 3, "error", ""),
        )
        assert st.severities == (("warning", 1),)


def test_without_any_document_each_requirement_still_gets_a_status() -> None:
    (only,) = statuses(LintResult(), REGISTER)
    assert (only.document, only.status, only.reasons, only.evidence, only.severities) == (
        None,
        Status.NOT_VERIFIABLE,
        (Reason("not-loaded", "r", ""),),
        (),
        (),
    )


@pytest.mark.parametrize(
    ("checkable", "status", "code"),
    [
        ("machine", Status.NOT_CHECKED, "no-rule"),
        ("manual", Status.MANUAL, "manual"),
        ("no", Status.MANUAL, "no"),
    ],
)
def test_a_requirement_no_rule_checks(checkable: str, status: Status, code: str) -> None:
    req = Requirement("R-2", "std", checkable, "text", "tekst")
    result = LintResult(documents=[DocumentInfo(DOC, files=(DOC,))])
    overall, per_doc = statuses(result, Register({}, (req,)))
    assert (per_doc.requirement, per_doc.document, per_doc.status) == (req, DOC, status)
    assert per_doc.reasons == (Reason(code, document=DOC),)
    assert (overall.requirement, overall.document, overall.status) == (req, None, status)


def test_a_rule_without_a_run_on_a_loaded_document_is_not_loaded_there() -> None:
    result = LintResult(documents=[DocumentInfo(DOC, files=(DOC,))])
    _, per_doc = statuses(result, REGISTER)
    assert (per_doc.status, per_doc.reasons) == (
        Status.NOT_VERIFIABLE,
        (Reason("not-loaded", "r", DOC),),
    )


def test_a_rule_without_an_applies_to_noun_passes_with_an_empty_detail() -> None:
    result = LintResult(
        rule_runs=[RuleRun("r", DOC, True, examined=3)],
        documents=[DocumentInfo(DOC, files=(DOC,))],
    )
    _, per_doc = statuses(result, REGISTER)
    assert per_doc.reasons == (Reason("passed", "r", DOC, 3, ""),)


@pytest.mark.parametrize(("found", "status"), [(0, Status.MANUAL), (1, Status.VIOLATED)])
def test_a_manual_requirement_a_rule_checks(found: int, status: Status) -> None:
    req = Requirement("R-3", "std", "manual", "text", "tekst", rules=("r",))
    result = LintResult(
        rule_runs=[RuleRun("r", DOC, True, examined=3, found=found)],
        documents=[DocumentInfo(DOC, files=(DOC,))],
    )
    _, per_doc = statuses(result, Register({}, (req,)))
    assert per_doc.status is status
    if status is Status.MANUAL:
        assert per_doc.reasons == (Reason("manual", document=DOC),)


def test_a_manual_requirement_keeps_its_document_and_evidence() -> None:
    req = Requirement("R-4", "std", "manual", "text", "tekst", rules=("r",))
    hidden = Finding(DOC, 6, 3, "r", "accepted", Severity.ERROR)
    result = LintResult(
        suppressed=[hidden],
        suppression_reasons={hidden: "gateway"},
        rule_runs=[RuleRun("r", DOC, True, examined=1, suppressed=1)],
        documents=[DocumentInfo(DOC, files=(DOC,))],
    )
    _, per_doc = statuses(result, Register({}, (req,)))
    assert (per_doc.document, per_doc.status) == (DOC, Status.MANUAL)
    assert per_doc.evidence == (
        Evidence("suppressed", "r", "accepted", DOC, 6, 3, "error", "gateway"),
    )
