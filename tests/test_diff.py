"""--diff BASE: only findings in files changed since a git revision."""

from __future__ import annotations

import os
import subprocess

import pytest

from oaslint.cli import main

ROOT_DOC = (
    "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"
    "servers:\n  - url: http://root.example.com\n  - $ref: 'servers.yaml#/Shared'\npaths: {}\n"
)
SERVERS = "Shared:\n  url: https://shared.example.com\n"


def _git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> str:
    folder = str(tmp_path)
    monkeypatch.chdir(folder)
    _git("init", "-q", "-b", "main")
    _git("config", "user.email", "t@example.com")
    _git("config", "user.name", "t")
    with open("openapi.yaml", "w") as fh:
        fh.write(ROOT_DOC)
    with open("servers.yaml", "w") as fh:
        fh.write(SERVERS)
    _git("add", ".")
    _git("commit", "-qm", "base")
    return folder


def test_only_changed_files_are_reported(repo: str, capsys: pytest.CaptureFixture[str]) -> None:
    with open("servers.yaml", "w") as fh:  # the shared fragment regresses
        fh.write("Shared:\n  url: http://shared.example.com\n")
    assert main(["openapi.yaml", "--select", "https-servers", "--diff", "HEAD"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert [line.split(": error")[0] for line in lines[: lines.index("")]] == ["servers.yaml:2:8"]
    assert "1 finding in unchanged files not shown" in captured.err
    # without --diff both findings show
    assert main(["openapi.yaml", "--select", "https-servers"]) == 1
    assert len(capsys.readouterr().out.splitlines()) == 5  # 2 findings, blank, 1 rule, total


def test_nothing_changed_means_nothing_reported(
    repo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["openapi.yaml", "--select", "https-servers", "--diff", "HEAD"]) == 0
    captured = capsys.readouterr()
    # the document was linted and its finding found, only not shown (not: nothing ran)
    assert captured.out == "1 file linted: 0 findings (0 error, 0 warning, 0 info)\n"
    assert "--diff HEAD: 1 finding in unchanged files not shown" in captured.err


def test_untracked_files_count_as_changed(repo: str, capsys: pytest.CaptureFixture[str]) -> None:
    with open("new.yaml", "w") as fh:
        fh.write(ROOT_DOC.replace("servers.yaml", "missing.yaml"))
    assert main(["new.yaml", "--select", "https-servers", "--diff", "HEAD"]) == 1
    assert "new.yaml:4:10: error [https-servers]" in capsys.readouterr().out


def test_bad_revision_is_exit_2(repo: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["openapi.yaml", "--diff", "no-such-rev"]) == 2
    assert "--diff" in capsys.readouterr().err
