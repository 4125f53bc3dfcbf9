"""Compliance statuses (oaslint.compliance) and the reports built on them
(``--format compliance`` Markdown, ``--format compliance-html``), ``--profile``, ``--lang``."""

from __future__ import annotations

import os
import re

import pytest

from oaslint.cli import main
from oaslint.compliance import RequirementStatus, Status, statuses
from oaslint.config import Config
from oaslint.engine import Linter
from oaslint.register import Requirement, load_register, ref_id
from oaslint.registry import all_rules
from oaslint.result import LintResult

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "samples", "petstore-insecure.yaml")
RULES = all_rules()
REGISTER = load_register(RULES)
NOUNS = {r.meta.id: r.meta.applies_to for r in RULES}

# Like nl-brp-bewoning: operations, but no servers and no security at all.
BEWONING = """\
openapi: 3.0.3
info: {title: Bewoning, version: '2.0.0'}
paths:
  /bewoningen/{adresseerbaarObjectIdentificatie}:
    get:
      operationId: raadpleegBewoning
      parameters:
        - name: adresseerbaarObjectIdentificatie
          in: path
          required: true
          schema: {type: string, pattern: '^[0-9]{16}$'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: object}
"""

SECURE = """\
openapi: 3.0.3
info: {title: Secure, version: '1'}
servers:
  - url: https://api.example.com/v1
security: [{bearer: []}]
paths:
  /items:
    get:
      responses:
        '200': {description: OK}
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
      bearerFormat: JWT
      description: JWTs signed with ES256 only, validated as RFC 8725 describes.
"""


def _lint(
    tmp_path: os.PathLike[str], text: str, name: str = "api.yaml", **kw: object
) -> LintResult:
    path = os.path.join(tmp_path, name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return Linter(RULES, Config(**kw)).lint_paths([path])  # type: ignore[arg-type]


def _overall(result: LintResult) -> dict[str, RequirementStatus]:
    return {s.requirement.id: s for s in statuses(result, REGISTER, NOUNS) if s.document is None}


def test_no_servers_no_security_is_never_passed(tmp_path: os.PathLike[str]) -> None:
    st = _overall(_lint(tmp_path, BEWONING))
    # TLS requirements: the contract does not say how the API is served
    for rid in ("API-11", "SC004", "B.12.4.3", "8.13.4.5", "B.12.7", "8.13.8"):
        assert st[rid].status is Status.NOT_VERIFIABLE, rid
        assert any(r.code == "unverifiable" and "server URL" in r.detail for r in st[rid].reasons)
    # no authentication at all: violated where the guidance asks for one
    for rid in ("SC007", "B.12.2.1", "8.13.2.1"):
        assert st[rid].status is Status.VIOLATED, rid
    # API-52 / B.12.1: operation-security-defined cannot judge operations without schemes
    for rid in ("API-52", "B.12.1.1"):
        assert st[rid].status is Status.NOT_VERIFIABLE, rid
    # OAuth requirements: no OAuth flows to look at
    for rid in ("B.12.4.1.1", "8.13.4.1", "OAuth 2.0 Security BCP", "SC008", "SC-R001"):
        assert st[rid].status is Status.NOT_APPLICABLE, rid
        assert all(r.code == "nothing" for r in st[rid].reasons)
    assert not any(
        st[r].status is Status.PASSED
        for r in ("API-11", "SC004", "API-52", "B.12.1.1", "SC008", "SC-R001", "B.12.2.1")
    )


def test_passed_needs_something_examined(tmp_path: os.PathLike[str]) -> None:
    st = _overall(_lint(tmp_path, SECURE))
    assert st["API-11"].status is Status.PASSED
    assert any(r.code == "passed" and r.count >= 1 for r in st["API-11"].reasons)
    assert st["SC-R003"].status is Status.PASSED  # bearer-format-declared examined the scheme
    assert st["API-50"].status is Status.NOT_APPLICABLE  # no CORS header documented


def test_violated_lists_findings_as_evidence(tmp_path: os.PathLike[str]) -> None:
    result = _lint(tmp_path, SECURE.replace("https://api", "http://api"))
    st = _overall(result)["API-11"]
    assert st.status is Status.VIOLATED and st.severities == (("error", 1),)
    (ev,) = st.evidence
    assert (ev.kind, ev.rule, ev.line) == ("finding", "https-servers", 4)
    assert ev.file.endswith("api.yaml")


def test_not_checked_when_a_rule_is_deselected(tmp_path: os.PathLike[str]) -> None:
    selected = ("https-servers", "servers-declared")
    st = _overall(_lint(tmp_path, SECURE, select=selected))
    assert st["API-11"].status is Status.NOT_CHECKED  # https-security-urls did not run
    # the reasons name every rule citing API-11 that did not run
    assert [r.rule for r in st["API-11"].reasons] == sorted(
        r.meta.id
        for r in all_rules()
        if "API-11" in {ref_id(x) for x in r.meta.references} and r.meta.id not in selected
    )
    # SC004 is cited only by the selected rules, which ran and found nothing
    assert {
        r.meta.id for r in all_rules() if "SC004" in {ref_id(x) for x in r.meta.references}
    } == set(selected)
    assert st["SC004"].status is Status.PASSED


def test_machine_requirement_without_rule_is_not_checked_and_manual_is_manual(
    tmp_path: os.PathLike[str],
) -> None:
    st = _overall(_lint(tmp_path, SECURE))
    assert st["SC005"].status is Status.MANUAL
    assert st["SC-S001"].status is Status.MANUAL  # informative (SOAP)
    # every machine requirement has a rule today; one without is "not checked", never passed
    unruled = Requirement("X-1", "nl-ts", "machine", "a statement", "een uitspraak")
    (status,) = [
        s
        for s in statuses(_lint(tmp_path, SECURE), REGISTER, NOUNS, requirements=[unruled])
        if s.document is None
    ]
    assert status.status is Status.NOT_CHECKED and status.reasons[0].code == "no-rule"


def test_manual_requirement_cited_by_a_rule_never_passes(tmp_path: os.PathLike[str]) -> None:
    # valid-openapi cites 8.13.1 (a gateway requirement): no machine pass for it
    st = _overall(_lint(tmp_path, SECURE))
    assert st["8.13.1"].status is Status.MANUAL


def test_suppressed_findings_are_accepted_risk_with_reasons(tmp_path: os.PathLike[str]) -> None:
    text = SECURE.replace(
        "  - url: https://api.example.com/v1\n",
        "  - url: http://api.example.com/v1\n"
        "    x-oaslint-ignore: {https-servers: internal network behind the TLS gateway}\n",
    )
    st = _overall(_lint(tmp_path, text))["SC004"]
    assert st.status is Status.ACCEPTED_RISK
    (ev,) = st.evidence
    assert ev.kind == "suppressed" and ev.reason == "internal network behind the TLS gateway"


def test_baselined_findings_are_accepted_risk(
    tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = os.path.join(tmp_path, "api.yaml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(SECURE.replace("https://api", "http://api"))
    baseline = os.path.join(tmp_path, "baseline.json")
    main([path, "--write-baseline", baseline, "--format", "json"])
    capsys.readouterr()
    main([path, "--baseline", baseline, "--format", "compliance", "--fail-on", "never"])
    report = capsys.readouterr().out
    row = next(line for line in report.splitlines() if line.startswith("| **SC004**"))
    assert "! accepted risk" in row and "in the baseline" in row and "https-servers" in row
    assert re.search(
        r"\| Findings \| 0 open, 0 suppressed inline, [1-9]\d* hidden by the baseline", report
    )


def test_unloadable_document_is_not_verifiable(tmp_path: os.PathLike[str]) -> None:
    result = _lint(tmp_path, "openapi: 3.0.3\npaths: [unclosed\n")
    st = _overall(result)
    assert st["API-11"].status is Status.NOT_VERIFIABLE
    assert st["API-11"].reasons[0].code == "not-loaded"


def test_statuses_per_document_and_overall(tmp_path: os.PathLike[str]) -> None:
    for name, text in (("a.yaml", SECURE), ("b.yaml", BEWONING)):
        with open(os.path.join(tmp_path, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    result = Linter(RULES).lint_paths([str(tmp_path)])
    api11 = [s for s in statuses(result, REGISTER, NOUNS) if s.requirement.id == "API-11"]
    by_doc = {os.path.basename(s.document or ""): s.status for s in api11}
    assert by_doc == {
        "": Status.NOT_VERIFIABLE,
        "a.yaml": Status.PASSED,
        "b.yaml": Status.NOT_VERIFIABLE,
    }


# -- the Markdown report -------------------------------------------------------------


def _report(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main([*args, "--fail-on", "never"])
    return capsys.readouterr().out


def test_markdown_report_layout(capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(capsys, SAMPLE, "--format", "compliance")
    lines = report.splitlines()
    assert lines[0] == "# oaslint compliance report"
    n = len(all_rules())
    assert "| Profile | all |" in lines and f"| Rules run | {n} of {n} |" in lines
    assert "| `samples/petstore-insecure.yaml` | Petstore (insecure sample) | 1.0.0 |" in [
        line.replace(ROOT + os.sep, "") for line in lines
    ]
    assert "## Summary per standard" in lines
    titles = [s.title("en") for s in REGISTER.ordered_standards()]
    for i, title in enumerate(titles, 1):
        assert f"## {i}. {title}" in lines
    # every requirement of the register appears, in its standard's section
    for req in REGISTER.requirements:
        assert f"| **{req.id}** " in report, req.id
    api11 = next(line for line in lines if line.startswith("| **API-11**"))
    assert "✗ violated (error × 2)" in api11 and "petstore-insecure.yaml:6:10" in api11
    assert "- [ ] **SC005** audit logs exist and their content matches NEN 7513" in lines


def test_markdown_summary_counts_match_sections(capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(capsys, SAMPLE, "--format", "compliance")
    summary = [line for line in report.splitlines() if line.startswith("| [")]
    assert len(summary) == len(REGISTER.standards)
    first = summary[0].split(" | ")[1:8]
    section = report.split("## 1. ")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| **")]
    assert sum(int(n) for n in first) == len(rows)


def test_profile_and_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(
        capsys, SAMPLE, "--format", "compliance", "--profile", "healthcare", "--lang", "nl"
    )
    lines = report.splitlines()
    assert lines[0] == "# oaslint-nalevingsrapport"
    assert "| Profiel | healthcare |" in lines
    assert "## 1. Beveiligingsregels voor zorg-API's (SC)" in lines
    assert not any(line.startswith("## 2.") for line in lines)
    assert "| **API-11**" not in report and "| **SC004**" in report
    assert "## Samenvatting per standaard" in lines and "handmatig" in report
    # the healthcare profile runs only the rules citing healthcare requirements
    assert "no-trace-method" not in report and "rate-limit-429" not in report


def test_profile_and_lang_from_configuration(
    tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]
) -> None:
    config = os.path.join(tmp_path, ".oaslint.yaml")
    with open(config, "w", encoding="utf-8") as fh:
        fh.write("profile: ssdlc\nlang: nl\n")
    report = _report(capsys, SAMPLE, "--config", config, "--format", "compliance")
    assert "## 1. Secure SDLC B.12: API-beveiliging" in report
    assert "## 3." not in report
    with open(config, "w", encoding="utf-8") as fh:
        fh.write("profile: everything\n")
    assert main([SAMPLE, "--config", config]) == 2
    assert "profile: expected one of" in capsys.readouterr().err


def test_multiple_documents_get_per_document_summaries(
    tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in (("a.yaml", SECURE), ("b.yaml", BEWONING)):
        with open(os.path.join(tmp_path, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    report = _report(capsys, str(tmp_path), "--format", "compliance")
    assert "## Summary per document" in report
    per_doc = report.split("## Summary per document")[1].split("\n## ")[0]
    assert re.search(r"\| `[^`]*a\.yaml` \|", per_doc) and re.search(
        r"\| `[^`]*b\.yaml` \|", per_doc
    )
    assert "| Bewoning | 2.0.0 |" in report and "| Secure | 1 |" in report


def test_markdown_escapes_document_content(
    tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = os.path.join(tmp_path, "api.yaml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(SECURE.replace("title: Secure", "title: '<img src=x onerror=alert(1)> | x'"))
    report = _report(capsys, path, "--format", "compliance")
    assert "<img" not in report and "&lt;img src=x onerror=alert(1)&gt; \\| x" in report


def test_header_names_rules_not_run_and_referenced_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = os.path.join(ROOT, "tests", "data", "multi-spec", "openapi.yaml")
    report = _report(capsys, root, "--format", "compliance", "--select", "https-servers")
    not_run = next(line for line in report.splitlines() if line.startswith("| Rules not run |"))
    assert "no-trace-method" in not_run and "https-servers" not in not_run
    assert "(+1 $ref-ed file(s))" in report


def test_rule_switched_off_for_the_document_is_not_checked(tmp_path: os.PathLike[str]) -> None:
    from oaslint.config import build_config

    config_path = os.path.join(tmp_path, ".oaslint.yaml")
    raw = {"overrides": [{"files": ["legacy.yaml"], "rules": {"https-servers": "off"}}]}
    config = build_config(raw, RULES, config_path)
    for name in ("legacy.yaml", "new.yaml"):
        with open(os.path.join(tmp_path, name), "w", encoding="utf-8") as fh:
            fh.write(SECURE.replace("https://api", "http://api"))
    result = Linter(RULES, config).lint_paths(
        [os.path.join(tmp_path, "legacy.yaml"), os.path.join(tmp_path, "new.yaml")]
    )
    sc004 = {
        os.path.basename(s.document or ""): s.status
        for s in statuses(result, REGISTER, NOUNS)
        if s.requirement.id == "SC004"
    }
    assert sc004 == {
        "": Status.VIOLATED,
        "legacy.yaml": Status.NOT_CHECKED,
        "new.yaml": Status.VIOLATED,
    }
