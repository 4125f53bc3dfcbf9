"""Configuration files: reading failures, string forms of ``files`` and ``pointers``,
a literal ``[`` in an override glob, and a bad ``aggregate`` value; through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from oaslint.cli import main

API = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'http://x'}]\npaths: {}\n"


@pytest.fixture(autouse=True)
def _folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API)


def _findings(capsys: pytest.CaptureFixture[str]) -> list[tuple[Any, ...]]:
    report = json.loads(capsys.readouterr().out)
    return [(f["file"], f["rule"], f["severity"], f["line"]) for f in report["findings"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"fail-on: w\xe9rning\n", "c.yaml: cannot read: not UTF-8"),
        (
            b"# " + b"x" * (4 * 1024 * 1024) + b"\n",
            "c.yaml: cannot read: file is 4194307 bytes, larger than the 4194304 byte limit",
        ),
        (
            b"rules:\n  security-headers: {aggregate: maybe}\n",
            "c.yaml: rules.security-headers.aggregate: expected true or false",
        ),
    ],
)
def test_unreadable_or_invalid_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    (tmp_path / "c.yaml").write_bytes(content)
    assert main(["api.yaml", "--config", "c.yaml"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"oaslint: error: {message}\n"


def test_files_and_pointers_may_be_single_strings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "c.yaml").write_text(
        "overrides:\n  - files: api.yaml\n    pointers: /servers\n"
        "    rules: {https-servers: info}\n"
    )
    assert main(["api.yaml", "--config", "c.yaml", "--select", "https-servers", "-f", "json"]) == 0
    assert _findings(capsys) == [("api.yaml", "https-servers", "info", 3)]


def test_an_unclosed_bracket_in_an_override_glob_is_literal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a[pi.yaml").write_text(API)
    (tmp_path / "c.yaml").write_text(
        "overrides:\n  - files: ['a[pi.yaml']\n    rules: {https-servers: off}\n"
    )
    args = ["api.yaml", "a[pi.yaml", "--config", "c.yaml", "--select", "https-servers"]
    assert main([*args, "-f", "json"]) == 1
    assert _findings(capsys) == [("api.yaml", "https-servers", "error", 3)]
