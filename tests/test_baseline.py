"""Baselines: write, then only new findings; lines may move; fixed entries are counted."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from oaslint.baseline import Baseline, BaselineError
from oaslint.cli import main
from oaslint.model import Finding, Severity

SELECT = ["--select", "https-servers,wss-websockets"]

SPEC = """\
openapi: 3.0.3
info: {title: Legacy, version: '1'}
servers:
  - url: http://legacy.example.com
  - url: ws://legacy.example.com/stream
paths: {}
"""


@pytest.fixture
def project(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> str:
    root = str(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    os.makedirs("specs")
    _write("specs/api.yaml", SPEC)
    return root


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def _json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main([*argv, *SELECT, "-f", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_round_trip_with_lines_shifted(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["specs/api.yaml", *SELECT, "--write-baseline", "oaslint-baseline.json"]) == 0
    captured = capsys.readouterr()
    assert "oaslint: wrote 2 findings to oaslint-baseline.json" in captured.err
    with open("oaslint-baseline.json", encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["oaslint-baseline"] == 2
    assert [(e["rule"], e["file"], e["pointer"], e["line"]) for e in data["findings"]] == [
        ("https-servers", "specs/api.yaml", "/servers/0/url", 4),
        ("wss-websockets", "specs/api.yaml", "/servers/1/url", 5),
    ]

    # Lines inserted at the top, and one new problem: only the new one is reported.
    shifted = SPEC.replace("openapi: 3.0.3\n", "# moved\n\n# down\nopenapi: 3.0.3\n")
    shifted = shifted.replace(
        "paths: {}", "  - url: http://new.example.com\n    description: new\npaths: {}"
    )
    _write("specs/api.yaml", shifted)
    code, report = _json(["specs/api.yaml", "--baseline", "oaslint-baseline.json"], capsys)
    assert code == 1
    assert [(f["rule"], f["line"], f["pointer"]) for f in report["findings"]] == [
        ("https-servers", 9, "/servers/2/url")
    ]
    assert report["baseline"] == {"file": "oaslint-baseline.json", "suppressed": 2, "fixed": 0}
    assert report["summary"] == {"files": 1, "error": 1, "warning": 0, "info": 0}

    # Without the new problem, the run is clean.
    _write(
        "specs/api.yaml", SPEC.replace("openapi: 3.0.3\n", "# moved\n\n# down\nopenapi: 3.0.3\n")
    )
    assert main(["specs/api.yaml", *SELECT, "--baseline", "oaslint-baseline.json"]) == 0
    assert capsys.readouterr().out == (
        "1 file linted: 0 findings (0 error, 0 warning, 0 info); "
        "baseline oaslint-baseline.json: 2 known hidden, 0 fixed\n"
    )


def test_fixed_entries_are_counted(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["specs/api.yaml", *SELECT, "--write-baseline", "b.json"]) == 0
    capsys.readouterr()
    _write("specs/api.yaml", SPEC.replace("ws://", "wss://"))
    assert main(["specs/api.yaml", *SELECT, "--baseline", "b.json"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        "; baseline b.json: 1 known hidden, 1 fixed (refresh it with --write-baseline)\n"
    )
    _, report = _json(["specs/api.yaml", "--baseline", "b.json"], capsys)
    assert report["baseline"]["fixed"] == 1


def test_entries_of_files_not_linted_are_not_counted_as_fixed(
    project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write("specs/other.yaml", SPEC)
    assert main(["specs", *SELECT, "--write-baseline", "b.json"]) == 0
    capsys.readouterr()
    _, report = _json(["specs/api.yaml", "--baseline", "b.json"], capsys)  # pre-commit style
    assert report["baseline"] == {"file": "b.json", "suppressed": 2, "fixed": 0}


def test_works_from_another_working_directory(
    project: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["specs/api.yaml", *SELECT, "--write-baseline", "b.json"]) == 0
    monkeypatch.chdir("specs")
    capsys.readouterr()
    _, report = _json(["api.yaml", "--baseline", "../b.json"], capsys)
    assert report["findings"] == [] and report["baseline"]["suppressed"] == 2


def test_baseline_from_the_configuration(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    os.makedirs("ci")
    assert main(["specs/api.yaml", *SELECT, "--write-baseline", "ci/baseline.json"]) == 0
    _write(".oaslint.yaml", "baseline: ci/baseline.json\n")  # relative to the config file
    capsys.readouterr()
    code, report = _json(["specs/api.yaml"], capsys)
    assert code == 0 and report["baseline"]["suppressed"] == 2


def test_counts_repeated_findings(tmp_path: os.PathLike[str]) -> None:
    def finding(message: str) -> Finding:
        return Finding("api.yaml", 3, 1, "r", message, Severity.ERROR, pointer="/a")

    path = os.path.join(str(tmp_path), "b.json")
    from oaslint import baseline

    baseline.write(path, [finding("one")], "0")
    kept, outcome = Baseline.load(path).apply([finding("one"), finding("two")], [])
    assert [f.message for f in kept] == ["two"] and outcome.suppressed == 1


def test_write_and_baseline_together_record_everything(
    project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["specs/api.yaml", *SELECT, "--write-baseline", "b.json"]) == 0
    _write(
        "specs/api.yaml", SPEC.replace("paths: {}", "  - url: http://new.example.com\npaths: {}")
    )
    argv = ["specs/api.yaml", *SELECT, "--baseline", "b.json", "--write-baseline", "b.json"]
    assert main(argv) == 0
    with open("b.json", encoding="utf-8") as fh:
        assert len(json.load(fh)["findings"]) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such baseline file"),
        ("{not json", "invalid JSON"),
        ('{"findings": []}', "not an oaslint baseline"),
        ('{"oaslint-baseline": 1, "findings": {}}', "findings: expected a list"),
        ('{"oaslint-baseline": 1, "findings": [{"rule": 1}]}', "findings[0]: expected an object"),
    ],
)
def test_bad_baseline_files_exit_2(
    project: str, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    if content is not None:
        _write("b.json", content)
    assert main(["specs/api.yaml", *SELECT, "--baseline", "b.json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("oaslint: error: --baseline: b.json: ") and message in err, err


def test_load_error_type(tmp_path: os.PathLike[str]) -> None:
    with pytest.raises(BaselineError):
        Baseline.load(os.path.join(str(tmp_path), "missing.json"))


def test_a_file_of_the_same_name_in_another_folder_is_not_hidden(
    project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fingerprint holds the path relative to the baseline, not the base name
    (mutation survivor: a baseline of a/api.yaml hid a new finding in b/api.yaml)."""
    os.makedirs("a")
    os.makedirs("b")
    _write("a/api.yaml", SPEC)
    assert main(["a/api.yaml", *SELECT, "--write-baseline", "oaslint-baseline.json"]) == 0
    capsys.readouterr()
    _write("b/api.yaml", SPEC)
    code, report = _json(["b/api.yaml", "--baseline", "oaslint-baseline.json"], capsys)
    assert code == 1
    assert report["baseline"]["suppressed"] == 0
    assert sorted((f["file"], f["rule"]) for f in report["findings"]) == [
        ("b/api.yaml", "https-servers"),
        ("b/api.yaml", "wss-websockets"),
    ]
