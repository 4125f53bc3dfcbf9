"""Readable text output: the per-rule summary, --statistics, --min-severity (issue 11)."""

from __future__ import annotations

import json
import os
import re

import pytest

from oaslint.cli import main

SPEC = """\
openapi: 3.0.3
info: {title: T, version: '1'}
servers:
  - url: http://api.example.com
  - url: http://api2.example.com
paths:
  /a:
    get:
      responses:
        '200': {description: OK}
"""
SELECT = ["--select", "https-servers,rate-limit-429,method-not-allowed-405", "--no-aggregate"]
FINDING = re.compile(r"^api\.yaml:\d+:\d+: (error|warning|info) \[[a-z0-9-]+\] ")


@pytest.fixture
def project(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    with open("api.yaml", "w", encoding="utf-8") as fh:
        fh.write(SPEC)
    return str(tmp_path)


def test_findings_then_per_rule_summary_most_severe_first(
    project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["api.yaml", *SELECT]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [bool(FINDING.match(x)) for x in lines[:5]] == [True, True, True, True, False]
    assert lines[4:] == [
        "",
        "  error   https-servers               2",
        "  warning rate-limit-429              1",
        "  info    method-not-allowed-405      1",
        "1 file linted: 4 findings (2 error, 1 warning, 1 info)",
    ]


def test_statistics_prints_only_the_summary(
    project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["api.yaml", *SELECT, "--statistics"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "  error   https-servers               2",
        "  warning rate-limit-429              1",
        "  info    method-not-allowed-405      1",
        "1 file linted: 4 findings (2 error, 1 warning, 1 info)",
    ]


def test_no_findings_no_summary_table(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["api.yaml", "--select", "wss-websockets"]) == 0
    assert capsys.readouterr().out == "1 file linted: 0 findings (0 error, 0 warning, 0 info)\n"


def test_min_severity_hides_lower_findings_but_not_from_fail_on(
    project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["api.yaml", *SELECT, "--min-severity", "error", "--fail-on", "info"])
    captured = capsys.readouterr()
    shown = [x for x in captured.out.splitlines() if FINDING.match(x)]
    assert [x.split(" ")[1] for x in shown] == ["error", "error"]
    assert "2 findings below it not shown" in captured.err
    assert code == 1
    # Only warnings and infos, shown as nothing at error level: the exit code still
    # follows --fail-on over every finding.
    code = main(
        [
            "api.yaml",
            "--select",
            "rate-limit-429",
            "--min-severity",
            "error",
            "--fail-on",
            "warning",
        ]
    )
    out = capsys.readouterr().out
    assert not [x for x in out.splitlines() if FINDING.match(x)] and code == 1
    assert main(["api.yaml", *SELECT, "--min-severity", "warning", "-f", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert sorted(f["severity"] for f in report["findings"]) == ["error", "error", "warning"]
