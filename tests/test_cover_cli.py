"""The command line's error paths: files it cannot write, a missing --ref-root, and the
catch-all that turns any unexpected exception into one line and exit 2 (never a traceback).

Run in-process through :func:`oaslint.cli.main`, asserting the exact exit code, the exact
error line and that nothing was written to standard output.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import click
import pytest

from oaslint.cli import main
from oaslint.engine import Linter

BAD = """\
openapi: 3.0.3
info: {title: Bad, version: '1'}
servers:
  - url: http://api.example.com
paths: {}
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text(BAD)
    return tmp_path


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    return captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--output", "missing/out.txt"],
            "oaslint: error: --output: cannot write missing/out.txt: No such file or directory\n",
        ),
        (
            ["--write-baseline", "missing/base.json"],
            "oaslint: error: --write-baseline: missing/base.json: cannot write: "
            "No such file or directory\n",
        ),
        (
            ["--ref-root", "missing"],
            "oaslint: error: --ref-root: missing: no such directory\n",
        ),
    ],
)
def test_unwritable_outputs_and_missing_ref_root_exit_2(
    folder: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["bad.yaml", "-q", *args]) == 2
    err = _error(capsys)
    assert err.endswith(message), err
    assert not (folder / "missing").exists()


def test_unwritable_report_exits_2_after_the_main_output(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--report is written after the main output: that output stands, the run fails."""
    assert main(["bad.yaml", "--select", "https-servers", "--report", "json=missing/r.json"]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("bad.yaml:4:10: error [https-servers] ")
    assert captured.err == (
        "oaslint: error: --report: cannot write missing/r.json: No such file or directory\n"
    )


def test_report_file_is_written_beside_the_main_output(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The success path of the same options: --output and --report both written."""
    args = ["bad.yaml", "--select", "https-servers", "--output", "out.txt"]
    assert main([*args, "--report", "json=out.json"]) == 1
    assert capsys.readouterr().out == ""
    assert "bad.yaml:4:" in (folder / "out.txt").read_text()
    report = json.loads((folder / "out.json").read_text())
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("https-servers", 4)]


@pytest.mark.parametrize(
    ("exc", "code", "message"),
    [
        (
            RuntimeError("boom"),
            2,
            "oaslint: internal error: RuntimeError: boom (please report this)\n",
        ),
        (click.Abort(), 2, "oaslint: aborted\n"),
        # click turns Ctrl-C into Abort after a newline; the shell convention is 130
        (KeyboardInterrupt(), 130, "\noaslint: aborted\n"),
    ],
)
def test_unexpected_exceptions_become_one_line_and_an_exit_code(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exc: BaseException,
    code: int,
    message: str,
) -> None:
    def explode(self: Linter, *args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(Linter, "lint_paths", explode)
    assert main(["bad.yaml"]) == code
    assert _error(capsys) == message


def test_click_exit_inside_a_command_keeps_its_code(  # click returns it, no exception
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def leave(self: Linter, *args: object, **kwargs: object) -> None:
        raise click.exceptions.Exit(3)

    monkeypatch.setattr(Linter, "lint_paths", leave)
    assert main(["bad.yaml"]) == 3
    assert _error(capsys) == ""


class _TtyStdin:
    """Standard input as a terminal: the user is told the run waits for a document."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)

    def isatty(self) -> bool:
        return True


def test_stdin_from_a_terminal_says_it_is_waiting(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _TtyStdin(BAD.encode()))
    assert main(["-", "--select", "https-servers", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "oaslint: reading a document from standard input (end it with Ctrl-D)\n"
    )
    findings = json.loads(captured.out)["findings"]
    assert [(f["file"], f["rule"], f["line"]) for f in findings] == [
        ("<stdin>", "https-servers", 4)
    ]
    # -q: no prompt
    monkeypatch.setattr(sys, "stdin", _TtyStdin(BAD.encode()))
    assert main(["-", "-q", "--select", "https-servers"]) == 1
    assert capsys.readouterr().err == ""
