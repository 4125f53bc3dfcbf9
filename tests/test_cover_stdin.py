"""``oaslint -``: a document read from standard input is bounded and checked like a file.

In-process through :func:`oaslint.cli.main` with ``sys.stdin`` replaced: text that is not
UTF-8 is read as Windows-1252 and said so (a parse-error finding at the first bad byte,
the other rules still run), NUL bytes make it "not a text file", and a closed or failing
standard input is one file error (exit 2), never a traceback.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from oaslint.cli import main


class _Stdin:
    def __init__(self, buffer: Any) -> None:
        self.buffer = buffer

    def isatty(self) -> bool:
        return False


class _Failing(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise OSError(5, "Input/output error")

    def read(self, size: int = -1) -> bytes:
        raise OSError(5, "Input/output error")


def _run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdin: Any,
    *args: str,
) -> tuple[int, dict[str, Any]]:
    monkeypatch.setattr(sys, "stdin", stdin)
    code = main(["-", "--format", "json", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, json.loads(captured.out)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_stdin_that_is_not_utf8_is_read_as_cp1252_and_reported(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        b"openapi: 3.0.3\ninfo: {title: caf\xe9, version: '1'}\n"
        b"servers: [{url: 'http://x'}]\npaths: {}\n"
    )
    code, report = _run(
        monkeypatch, capsys, _Stdin(io.BytesIO(text)), "--select", "parse-error,https-servers"
    )
    assert code == 1
    assert [
        (f["file"], f["rule"], f["line"], f["column"], f["message"]) for f in report["findings"]
    ] == [
        (
            "<stdin>",
            "parse-error",
            2,
            18,
            "input is not UTF-8 (byte 0xe9); read as Windows-1252, but YAML and JSON must be UTF-8",
        ),
        (
            "<stdin>",
            "https-servers",
            3,
            17,
            "server URL 'http://x' uses 'http': traffic and credentials would travel without "
            "TLS; offer the API over https only (API-11, SC004)",
        ),
    ]


def test_stdin_with_nul_bytes_is_not_a_text_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _run(monkeypatch, capsys, _Stdin(io.BytesIO(b"openapi: 3.0.3\n\x00\n")))
    assert code == 1
    assert [(f["rule"], f["line"], f["column"], f["message"]) for f in report["findings"]] == [
        ("parse-error", 1, 1, "not a text file (contains NUL bytes)")
    ]


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (None, "standard input is not available"),
        (_Stdin(None), "standard input is not available"),
        (_Stdin(io.BufferedReader(_Failing())), "cannot read standard input: Input/output error"),
    ],
)
def test_unavailable_stdin_is_a_file_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: Any, message: str
) -> None:
    code, report = _run(monkeypatch, capsys, stdin)
    assert code == 2
    assert report["findings"] == []
    assert report["errors"] == [{"file": "<stdin>", "message": message}]
