"""The suite sets what it depends on (tests/conftest.py), so it passes wherever it runs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from oaslint.cli import main
from tests.conftest import ROOT, skip_or_fail


def test_ci_and_colour_variables_are_cleared(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "NO_COLOR", "FORCE_COLOR", "GIT_DIR"):
        assert name not in os.environ, name
    # the default format is text, as in a terminal (GitHub Actions would make it `github`)
    assert main(["samples/petstore-insecure.yaml", "--select", "https-servers"]) == 1
    assert capsys.readouterr().out.startswith("samples/petstore-insecure.yaml:")


def test_home_and_git_config_are_the_suites_own(tmp_path: os.PathLike[str]) -> None:
    assert os.environ["HOME"] != os.path.expanduser("~root")
    assert os.environ["GIT_CONFIG_NOSYSTEM"] == "1"
    folder = str(tmp_path)
    git = ["git", "-C", folder]
    subprocess.run([*git, "init", "-q"], check=True)
    signing = subprocess.run(
        [*git, "config", "commit.gpgsign"], capture_output=True, text=True, check=False
    )
    assert signing.stdout.strip() == "false"  # a user's `gpgsign = true` cannot leak in
    with open(os.path.join(folder, "f"), "w") as fh:
        fh.write("x\n")
    subprocess.run([*git, "add", "f"], check=True)
    subprocess.run([*git, "commit", "-qm", "m"], check=True)


def test_working_directory_is_the_checkout() -> None:
    assert os.getcwd() == ROOT


def test_subprocesses_run_the_checkouts_code(tmp_path: os.PathLike[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "import oaslint; print(oaslint.__file__)"],
        cwd=str(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.strip() == os.path.join(ROOT, "oaslint", "__init__.py")


def test_skip_or_fail_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI: no widget"):
        skip_or_fail("no widget")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no widget"):
        skip_or_fail("no widget")
