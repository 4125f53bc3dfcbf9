"""The command line: exit codes, text and JSON output, several files, options."""

from __future__ import annotations

import json
import os

import pytest

from oaslint.cli import main

BAD = """\
openapi: 3.0.3
info: {title: Bad, version: '1'}
servers:
  - url: http://api.example.com
paths: {}
"""
GOOD = """\
openapi: 3.0.3
info: {title: Good, version: '1'}
servers:
  - url: https://api.example.com
paths: {}
"""


@pytest.fixture
def specs(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> str:
    folder = str(tmp_path)
    monkeypatch.chdir(folder)
    for name, text in (("bad.yaml", BAD), ("good.yaml", GOOD), ("broken.yaml", "openapi: [\n")):
        with open(os.path.join(folder, name), "w") as fh:
            fh.write(text)
    os.mkdir(os.path.join(folder, "tree"))
    with open(os.path.join(folder, "tree", "config.yaml"), "w") as fh:
        fh.write("name: not an OpenAPI document\n")
    with open(os.path.join(folder, "tree", "api.json"), "w") as fh:
        json.dump(
            {
                "swagger": "2.0",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "schemes": ["http"],
            },
            fh,
        )
    return folder


SELECT = ["--select", "https-servers"]


def test_exit_0_when_clean(specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["good.yaml", *SELECT]) == 0
    out = capsys.readouterr().out
    assert out == "1 file linted: 0 findings (0 error, 0 warning, 0 info)\n"


def test_exit_1_and_text_format(specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bad.yaml", *SELECT, "--format", "text"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "bad.yaml:4:10: error [https-servers] server URL 'http://api.example.com'"
    )
    assert lines[-1] == "1 file linted: 1 finding (1 error, 0 warning, 0 info)"


def test_json_format_is_the_documented_interface(
    specs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bad.yaml", "good.yaml", *SELECT, "-f", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"version", "findings", "errors", "summary"}
    (finding,) = report["findings"]
    assert finding == {
        "rule": "https-servers",
        "severity": "error",
        "message": "server URL 'http://api.example.com' uses 'http': traffic and credentials "
        "would travel without TLS; offer the API over https only (API-11, SC004)",
        "file": "bad.yaml",
        "line": 4,
        "column": 10,
        "end_line": 4,
        "end_column": 32,
        "pointer": "/servers/0/url",
        "references": ["API-11", "SC004", "B.12.4.3", "8.13.4.5"],
        "related": [],
    }
    assert report["summary"] == {"files": 2, "error": 1, "warning": 0, "info": 0}


def test_parse_error_is_a_finding_and_other_files_are_linted(
    specs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["broken.yaml", "bad.yaml", *SELECT, "-f", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    rules = sorted((f["file"], f["rule"]) for f in report["findings"])
    assert rules == [("bad.yaml", "https-servers"), ("broken.yaml", "parse-error")]


def test_exit_2_for_missing_file_but_others_linted(
    specs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["nope.yaml", "bad.yaml", *SELECT]) == 2
    out = capsys.readouterr().out
    assert "bad.yaml:4:10: error [https-servers]" in out
    assert "nope.yaml: error: no such file or directory" in out


def test_fail_on(specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bad.yaml", *SELECT, "--fail-on", "never"]) == 0
    # the exit code changed, the finding is still reported
    out = capsys.readouterr().out
    assert out.startswith("bad.yaml:4:10: error [https-servers] ")
    assert out.endswith("1 file linted: 1 finding (1 error, 0 warning, 0 info)\n")
    assert main(["bad.yaml", *SELECT, "--fail-on", "error"]) == 1
    assert main(["good.yaml", *SELECT, "--fail-on", "info"]) == 0


def test_bad_options_exit_2(specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bad.yaml", "--select", "no-such-rule"]) == 2
    assert "unknown rule 'no-such-rule'" in capsys.readouterr().err
    assert main(["bad.yaml", "--format", "xml"]) == 2
    assert "--format: unknown format 'xml'" in capsys.readouterr().err
    assert main(["bad.yaml", "--fail-on", "sometimes"]) == 2
    assert "'sometimes' is not one of" in capsys.readouterr().err
    assert main(["bad.yaml", "--config", "missing-config.yaml"]) == 2
    captured = capsys.readouterr()
    assert "missing-config.yaml: no such configuration file" in captured.err
    assert captured.out == ""  # nothing was linted


def test_ignore(specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    with open("both.yaml", "w") as fh:
        fh.write(BAD.replace("paths: {}", "  - url: ws://api.example.com/s\npaths: {}"))
    argv = ["both.yaml", "--select", "https-servers,wss-websockets", "-f", "json"]
    assert main([*argv, "--ignore", "https-servers"]) == 1
    report = json.loads(capsys.readouterr().out)
    # only the ignored rule went silent: the other selected rule still reports
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("wss-websockets", 5)]
    assert main(argv) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [
        ("https-servers", 4),
        ("wss-websockets", 5),
    ]


def test_directory_scan_skips_non_openapi(specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tree", *SELECT, "-f", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == []
    assert [(f["file"], f["line"]) for f in report["findings"]] == [
        (os.path.join("tree", "api.json"), 1)
    ]


def test_named_non_openapi_file_is_an_error_unless_skipped(
    specs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    name = os.path.join("tree", "config.yaml")
    assert main([name, *SELECT]) == 2
    out = capsys.readouterr().out
    assert f"{name}: error: not an OpenAPI document (no 'openapi' or 'swagger' root key)" in out
    assert out.endswith("0 files linted: 0 findings (0 error, 0 warning, 0 info), 1 file error\n")
    assert main([name, "--skip-non-openapi", *SELECT]) == 0
    assert capsys.readouterr().out == "0 files linted: 0 findings (0 error, 0 warning, 0 info)\n"
    # skipping leaves the OpenAPI files of the same run linted
    assert main([name, "bad.yaml", "--skip-non-openapi", *SELECT]) == 1
    assert "bad.yaml:4:10: error [https-servers]" in capsys.readouterr().out


def test_rules_and_explain(specs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "https-servers" in listing and "API-11" in listing
    assert main(["explain", "https-servers"]) == 0
    page = capsys.readouterr().out
    assert "# `https-servers`" in page and "## Why it matters" in page
    assert main(["explain", "nope"]) == 2


def test_python_dash_m(specs: str) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "oaslint", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and "oaslint" in proc.stdout
