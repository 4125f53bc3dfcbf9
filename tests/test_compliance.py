"""The compliance report (--format compliance) and the manual checks."""

from __future__ import annotations

import os

import pytest

from oaslint.cli import main
from oaslint.compliance import MANUAL_CHECKS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "samples", "petstore-insecure.yaml")


def test_report_lists_checked_requirements_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([SAMPLE, "--format", "compliance", "--fail-on", "never"]) == 0
    report = capsys.readouterr().out
    lines = report.splitlines()
    assert lines[0] == "# oaslint compliance report"
    # the sample's two http URLs (https-servers, https-security-urls) are the API-11 errors
    assert (
        "| API-11 | `https-security-urls`, `https-servers`, `servers-declared` | 2 | 0 | 0 "
        "| findings to review |" in lines
    )
    assert (
        "| API-50 | `cors-credentials`, `cors-no-wildcard-origin` | 0 | 0 | 0 | no findings |"
        in lines
    )
    for check in MANUAL_CHECKS:
        assert f"| {check.requirement} | {check.what} |" in lines


def test_requirements_of_rules_not_run_are_not_passed(capsys: pytest.CaptureFixture[str]) -> None:
    main([SAMPLE, "--format", "compliance", "--select", "https-servers"])
    report = capsys.readouterr().out
    checked, _, rest = report.partition("## Requirements not checked in this run")
    assert "| API-50 |" not in checked
    assert "| API-50 | `cors-credentials`, `cors-no-wildcard-origin` |" in rest
    assert "| API-11 | `https-servers` | 1 | 0 | 0 | findings to review |" in checked
