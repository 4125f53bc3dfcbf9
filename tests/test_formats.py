"""Output formats: SARIF (schema-valid), GitHub annotations (escaping), JUnit, JSON."""

from __future__ import annotations

import json
import os
import shutil
import urllib.parse
import xml.etree.ElementTree as ET
from typing import Any

import jsonschema
import pytest

from oaslint.cli import main
from oaslint.engine import LintResult
from oaslint.formatters import BUILTIN_FORMATTERS, FormatContext, github, sarif
from oaslint.model import FileError, Finding, Severity
from oaslint.registry import all_rules

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
SCHEMA_PATH = os.path.join(DATA, "sarif-schema-2.1.0.json")
SELECT = ["--select", "https-servers,wss-websockets"]

BAD = """\
openapi: 3.0.3
info: {title: Bad, version: '1'}
servers:
  - url: http://api.example.com
  - url: http://api.example.com
    description: same URL twice on purpose
paths: {}
"""


@pytest.fixture
def work(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """A working directory with the multi-file spec under specs/ and a one-file spec."""
    folder = str(tmp_path)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("OASLINT_DOCS_URL", raising=False)
    shutil.copytree(os.path.join(DATA, "multi-spec"), os.path.join(folder, "specs"))
    with open(os.path.join(folder, "bad.yaml"), "w", encoding="utf-8") as fh:
        fh.write(BAD)
    return folder


def _schema() -> dict[str, Any]:
    with open(SCHEMA_PATH, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def test_every_format_is_registered() -> None:
    assert {"text", "json", "sarif", "github", "junit"} <= set(BUILTIN_FORMATTERS)


# -- SARIF ------------------------------------------------------------------------


def _sarif(argv: list[str], capsys: pytest.CaptureFixture[str], code: int = 1) -> dict[str, Any]:
    assert main([*argv, "--format", "sarif"]) == code
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def test_sarif_is_valid_against_the_official_schema(
    work: str, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _sarif(["specs/openapi.yaml", "bad.yaml", "missing.yaml", *SELECT], capsys, code=2)
    jsonschema.validate(log, _schema())  # raises on any violation
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["invocations"][0]["executionSuccessful"] is False  # missing.yaml
    note = run["invocations"][0]["toolExecutionNotifications"][0]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "missing.yaml"


def test_sarif_full_run_without_select_is_valid(
    work: str, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _sarif(["specs/openapi.yaml", "bad.yaml"], capsys)
    jsonschema.validate(log, _schema())
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {r.meta.id for r in all_rules()}


def test_sarif_rules_and_results(
    work: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OASLINT_DOCS_URL", "https://github.com/example/oaslint/blob/v1/rules/")
    log = _sarif(["specs/openapi.yaml", *SELECT], capsys)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    # every rule that ran: the selected ones plus the always-on health rules
    assert {
        "https-servers",
        "wss-websockets",
        "parse-error",
        "valid-openapi",
        "resolvable-refs",
    } <= set(rules)
    assert "invalid-suppression" not in rules  # not selected, did not run
    rule = rules["https-servers"]
    assert rule["name"] == "HttpsServers"
    assert rule["shortDescription"]["text"] == "A server URL does not use https"
    assert rule["fullDescription"]["text"].startswith("Flags a server URL")
    assert rule["helpUri"] == "https://github.com/example/oaslint/blob/v1/rules/https-servers.md"
    assert "# `https-servers`" in rule["help"]["markdown"]
    assert rule["properties"]["security-severity"] == "7.5"
    assert rule["properties"]["tags"][:2] == ["security", "openapi"]
    assert "API-11" in rule["properties"]["tags"]
    assert rule["defaultConfiguration"] == {"level": "error"}

    by_file = {}
    for res in run["results"]:
        loc = res["locations"][0]["physicalLocation"]
        by_file.setdefault(loc["artifactLocation"]["uri"], []).append((res, loc))
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    # the findings of the $ref-ed file point at that file, relative to the working directory
    assert sorted(by_file) == ["specs/openapi.yaml", "specs/paths/pets.yaml"]
    res, loc = next(
        (r, lo) for r, lo in by_file["specs/paths/pets.yaml"] if r["ruleId"] == "https-servers"
    )
    assert loc["region"] == {"startLine": 2, "startColumn": 10, "endLine": 2, "endColumn": 33}
    assert res["level"] == "error"
    assert res["partialFingerprints"]["oaslint/v1"]
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root.startswith("file:///") and root.endswith("/")


def test_sarif_fingerprints_survive_lines_moving_and_stay_unique(
    work: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _sarif(["bad.yaml", *SELECT], capsys)["runs"][0]["results"]
    with open("bad.yaml", "w", encoding="utf-8") as fh:
        fh.write("# a comment\n\n# moved down\n" + BAD)
    after = _sarif(["bad.yaml", *SELECT], capsys)["runs"][0]["results"]
    fps_before = [r["partialFingerprints"]["oaslint/v1"] for r in before]
    fps_after = [r["partialFingerprints"]["oaslint/v1"] for r in after]
    assert fps_before == fps_after and len(set(fps_before)) == len(fps_before) == 2
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after]
    assert lines == [7, 8]


def test_sarif_uses_the_github_workspace_as_root(
    work: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", work)
    monkeypatch.chdir(os.path.join(work, "specs"))
    log = _sarif(["openapi.yaml", *SELECT], capsys)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"specs/openapi.yaml", "specs/paths/pets.yaml"}


# -- GitHub annotations -----------------------------------------------------------


def test_github_escaping() -> None:
    assert github.escape_data("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext: a, b"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def _finding(message: str, file: str = "specs/api.yaml") -> Finding:
    return Finding(
        file=file,
        line=3,
        column=5,
        rule="https-servers",
        message=message,
        severity=Severity.ERROR,
        pointer="/servers/0/url",
        end_line=3,
        end_column=20,
    )


def test_github_render_escapes_messages_files_and_titles(tmp_path: os.PathLike[str]) -> None:
    result = LintResult(
        findings=[
            _finding("50% of it:\nsecond line, with comma", "specs/we,ird:name.yaml"),
            Finding(
                file="specs/api.yaml",
                line=9,
                column=1,
                rule="unused-suppression",
                message="unused",
                severity=Severity.WARNING,
                end_line=9,
                end_column=4,
            ),
            Finding(
                file="specs/api.yaml",
                line=10,
                column=1,
                rule="https-servers",
                message="fyi",
                severity=Severity.INFO,
                end_line=11,
                end_column=2,
            ),
        ],
        errors=[FileError("specs/missing.yaml", "no such file or directory")],
        files=1,
    )
    root = str(tmp_path)
    ctx = FormatContext(all_rules(), "0.0.0", root=root, cwd=root)
    lines = github.render(result, ctx).splitlines()
    # most severe first: the file oaslint could not lint, then errors, warnings, notices
    assert (
        lines.pop(0) == "::error file=specs/missing.yaml,title=oaslint::no such file or directory"
    )
    assert lines[0] == (
        "::error file=specs/we%2Cird%3Aname.yaml,line=3,col=5,endLine=3,endColumn=19,"
        "title=oaslint https-servers%3A A server URL does not use https"
        "::50%25 of it:%0Asecond line, with comma"
    )
    assert lines[1].startswith("::warning file=specs/api.yaml,line=9,col=1,endLine=9,endColumn=3,")
    # multi-line region: no endColumn (GitHub only uses columns on one line)
    assert lines[2].startswith("::notice file=specs/api.yaml,line=10,col=1,endLine=11,title=")
    assert lines[3].startswith("1 file linted: 3 findings")


def test_github_annotations_point_at_the_referenced_file(
    work: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # github is then the default format
    assert main(["specs/openapi.yaml", *SELECT]) == 1
    out = capsys.readouterr().out.splitlines()
    annotations = [line for line in out if line.startswith("::")]
    assert annotations == [
        "::error file=specs/openapi.yaml,line=4,col=10,endLine=4,endColumn=34,"
        "title=oaslint https-servers%3A A server URL does not use https::"
        + annotations[0].split("::", 2)[2],
        "::error file=specs/paths/pets.yaml,line=2,col=10,endLine=2,endColumn=32,"
        "title=oaslint https-servers%3A A server URL does not use https::"
        + annotations[1].split("::", 2)[2],
        "::error file=specs/paths/pets.yaml,line=3,col=10,endLine=3,endColumn=37,"
        "title=oaslint wss-websockets%3A " + annotations[2].split("%3A ", 1)[1],
    ]
    assert "server URL 'http://pets.example.com'" in annotations[1]


def test_github_is_default_only_in_actions_and_an_explicit_format_wins(
    work: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["bad.yaml", *SELECT, "--format", "text"]) == 1
    assert capsys.readouterr().out.startswith("bad.yaml:4:10: error [https-servers]")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert main(["bad.yaml", *SELECT]) == 1
    assert capsys.readouterr().out.startswith("bad.yaml:4:10: error")


def test_github_file_errors(work: str, capsys: pytest.CaptureFixture[str]) -> None:
    with open("notes.yaml", "w", encoding="utf-8") as fh:
        fh.write("just: yaml\n")
    assert main(["missing.yaml", "notes.yaml", *SELECT, "-f", "github"]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "::error file=missing.yaml,title=oaslint::no such file or directory"
    assert out[1].startswith("::error file=notes.yaml,title=oaslint::not an OpenAPI document")


# -- JUnit ------------------------------------------------------------------------


def test_junit_one_suite_per_file_one_case_per_finding(
    work: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with open("good.yaml", "w", encoding="utf-8") as fh:
        fh.write(BAD.replace("http://", "https://"))
    assert main(["specs/openapi.yaml", "good.yaml", "missing.yaml", *SELECT, "-f", "junit"]) == 2
    text = capsys.readouterr().out
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    pets = os.path.join("specs", "paths", "pets.yaml")
    assert set(suites) == {os.path.join("specs", "openapi.yaml"), pets, "good.yaml", "missing.yaml"}
    cases = suites[pets].findall("testcase")
    assert [c.get("classname") for c in cases] == ["https-servers", "wss-websockets"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert (failure.text or "").startswith(f"{pets}:2:10: error [https-servers]")
    assert suites[pets].get("failures") == "2"
    (clean,) = suites["good.yaml"].findall("testcase")
    assert clean.get("name") == "oaslint" and len(clean) == 0  # passed
    assert clean.get("classname") == "oaslint"
    (errored,) = suites["missing.yaml"].findall("testcase")
    assert (errored.get("name"), errored.get("classname")) == ("oaslint", "oaslint")
    error = suites["missing.yaml"].find("testcase/error")
    assert error is not None and error.get("message") == "no such file or directory"
    assert error.get("type") == "file-error"
    assert root.get("failures") == "3" and root.get("errors") == "1"


def test_junit_escapes_xml(tmp_path: os.PathLike[str]) -> None:
    from oaslint.formatters import junit

    result = LintResult(findings=[_finding('<&> "quoted" \x01 control')], files=1)
    text = junit.render(result, FormatContext(all_rules(), "0.0.0"))
    failure = ET.fromstring(text).find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == '<&> "quoted" \ufffd control'


# -- JSON stays stable ------------------------------------------------------------


def test_json_keys_unchanged_without_baseline(
    work: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bad.yaml", *SELECT, "-f", "json"]) == 1
    assert set(json.loads(capsys.readouterr().out)) == {"version", "findings", "errors", "summary"}


def test_sarif_module_levels_cover_every_severity() -> None:
    assert set(sarif.LEVELS) == {s.label for s in Severity}
    assert set(github.COMMANDS) == {s.label for s in Severity}


def test_sarif_links_only_built_in_rule_pages(
    work: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OASLINT_DOCS_URL", "https://github.com/example/oaslint/blob/v1/rules/")
    with open(".oaslint.yaml", "w", encoding="utf-8") as fh:
        fh.write(
            "custom-rules:\n"
            "  - id: info-contact\n"
            "    title: The document names a contact\n"
            "    description: Consumers need someone to report a security problem to.\n"
            "    references: [B.12.1]\n"
            "    severity: info\n"
            "    given: $.info\n"
            "    then: {field: contact, function: defined}\n"
        )
    log = _sarif(["bad.yaml", "--select", "https-servers,info-contact"], capsys)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["https-servers"]["helpUri"].endswith("/rules/https-servers.md")
    assert "helpUri" not in rules["info-contact"]  # no page under rules/ for config rules
    assert "# `info-contact`" in rules["info-contact"]["help"]["markdown"]
    jsonschema.validate(log, _schema())


def test_sarif_file_outside_the_workspace_is_an_absolute_file_uri(
    work: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document outside GITHUB_WORKSPACE keeps its absolute path, as a file:// URI
    (percent-encoded), without a uriBaseId (sampled mutation survivor)."""
    workspace = os.path.join(work, "specs")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", workspace)
    outside = os.path.join(work, "out side.yaml")
    shutil.copy(os.path.join(work, "bad.yaml"), outside)
    log = _sarif([outside, *SELECT], capsys)
    locations = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]
    expected = "file://" + urllib.parse.quote(outside.replace(os.sep, "/"))
    assert locations == [{"uri": expected}, {"uri": expected}]


def test_sarif_region_keeps_an_end_column_of_1() -> None:
    """A span ending at column 1 of a later line keeps its end (sampled mutation survivor);
    an end before the start or column 0 is left out."""
    from oaslint.formatters.sarif import _region

    assert _region(2, 5, 3, 1) == {"startLine": 2, "startColumn": 5, "endLine": 3, "endColumn": 1}
    assert _region(2, 1, 2, 1) == {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 1}
    assert _region(2, 5, 2, 3) == {"startLine": 2, "startColumn": 5, "endLine": 2}
    assert _region(2, 5, 2, 0) == {"startLine": 2, "startColumn": 5, "endLine": 2}
    assert _region(0, 0, 0, 0) == {"startLine": 1, "startColumn": 1}
