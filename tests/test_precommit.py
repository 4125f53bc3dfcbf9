"""The pre-commit hook, run by the REAL pre-commit (slow: ~20 s with a warm pip cache).

pre-commit clones a hook repository at a commit and pip-installs it into a
fresh virtual environment (PyPI must be reachable for the dependencies). To
test what is in this working tree, and not only what is committed, the
checkout's files (tracked and untracked, minus ignored ones: ``git ls-files
--cached --others --exclude-standard``) are copied into a temporary repository
and committed there; in CI the checkout is clean, so that is exactly HEAD.
A second temporary repository plays the user's project, with a
``.pre-commit-config.yaml`` pointing at that commit. One environment is built
(``PRE_COMMIT_HOME`` is shared by both runs). Marked ``network``: pre-commit
installs oaslint's dependencies from the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import skip_or_fail

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

BAD = """\
openapi: 3.0.3
info: {title: Bad, version: '1'}
servers:
  - url: http://api.example.com/v1
paths: {}
"""
GOOD = BAD.replace("http://", "https://")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "oaslint tests",
    "GIT_AUTHOR_EMAIL": "tests@oaslint.invalid",
    "GIT_COMMITTER_NAME": "oaslint tests",
    "GIT_COMMITTER_EMAIL": "tests@oaslint.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def test_skip_non_openapi_also_skips_unparsable_files_that_are_not_openapi(
    tmp_path: os.PathLike[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What pre-commit passes: other YAML, templates that do not parse, broken specs."""
    from oaslint.cli import main

    monkeypatch.chdir(str(tmp_path))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    files = {
        "chart.yaml": "image: {{ .Values.image }}\n  bad: [\n",  # a Helm template
        "other.yaml": "name: x\n",
        "broken-api.yaml": "openapi: 3.0.3\ninfo: {title: T, version: '1'\npaths: {}\n",
    }
    for name, text in files.items():
        with open(name, "w", encoding="utf-8") as fh:
            fh.write(text)
    assert (
        main(["--skip-non-openapi", "chart.yaml", "other.yaml", "--select", "https-servers"]) == 0
    )
    assert capsys.readouterr().out == "0 files linted: 0 findings (0 error, 0 warning, 0 info)\n"
    assert main(["--skip-non-openapi", "chart.yaml", "broken-api.yaml"]) == 1
    assert "broken-api.yaml:3:1: error [parse-error]" in capsys.readouterr().out
    assert main(["chart.yaml"]) == 1  # named without the flag: reported


def test_hook_definition_runs_serially_and_quietly() -> None:
    """One process per run (no parallel batches each printing a result), no summary."""
    from ruamel.yaml import YAML

    with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as fh:
        (hook,) = YAML(typ="safe").load(fh)
    assert hook["id"] == "oaslint"
    assert hook["require_serial"] is True
    assert hook["entry"].split() == ["oaslint", "--skip-non-openapi", "--quiet"]
    assert hook["types_or"] == ["yaml", "json"]


def test_hook_entry_prints_findings_only(
    tmp_path: os.PathLike[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from oaslint.cli import main

    monkeypatch.chdir(str(tmp_path))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    for name, text in (("bad.yaml", BAD), ("good.yaml", GOOD), ("other.yaml", "a: 1\n")):
        with open(name, "w", encoding="utf-8") as fh:
            fh.write(text)
    entry = ["--skip-non-openapi", "--quiet", "--select", "https-servers"]
    assert main([*entry, "good.yaml", "other.yaml"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main([*entry, "bad.yaml", "good.yaml"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("bad.yaml:4:10: error [https-servers]") and out.count("\n") == 1


def _git(cwd: str, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def _hook_repo(dest: str) -> str:
    """A committed copy of this checkout's working tree; returns the commit."""
    listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    os.makedirs(dest)
    for rel in filter(None, listed.split("\0")):
        src = os.path.join(ROOT, rel)
        if not os.path.isfile(src):  # deleted but still in the index
            continue
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(src, target)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "oaslint under test")
    return _git(dest, "rev-parse", "HEAD")


@pytest.mark.slow
@pytest.mark.network
def test_pre_commit_hook_fails_on_a_bad_spec_and_skips_other_yaml(
    tmp_path: os.PathLike[str],
) -> None:
    if shutil.which("git") is None:
        skip_or_fail("git is not installed")
    if not os.path.exists(os.path.join(ROOT, ".git")):  # a file in a worktree
        skip_or_fail("not a git checkout")
    base = str(tmp_path)
    hooks = os.path.join(base, "oaslint-repo")
    rev = _hook_repo(hooks)
    assert os.path.isfile(os.path.join(hooks, ".pre-commit-hooks.yaml"))

    project = os.path.join(base, "project")
    os.makedirs(os.path.join(project, "specs"))
    files = {
        "specs/bad.yaml": BAD,
        "specs/good.yaml": GOOD,
        "docker-compose.yaml": "services: {web: {image: nginx}}\n",  # YAML, not OpenAPI
        "package.json": '{"name": "x", "version": "1.0.0"}\n',  # JSON, not OpenAPI
        "chart-template.yaml": "image: {{ .Values.image }}\n  x: [\n",  # does not parse
        ".pre-commit-config.yaml": (
            "repos:\n"
            f"  - repo: {hooks}\n"
            f"    rev: {rev}\n"
            "    hooks:\n"
            "      - id: oaslint\n"
            "        args: [--select, https-servers]\n"
        ),
    }
    for rel, text in files.items():
        with open(os.path.join(project, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "project")

    env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": os.path.join(base, "store"),
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("GITHUB_ACTIONS", None)  # plain text output, even when the suite runs in Actions

    def run(*names: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "oaslint", "--files", *names],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    bad = run(
        "specs/bad.yaml",
        "specs/good.yaml",
        "docker-compose.yaml",
        "package.json",
        "chart-template.yaml",
    )
    out = bad.stdout + bad.stderr
    assert bad.returncode == 1, out
    assert "Failed" in out and "exit code: 1" in out, out
    assert "specs/bad.yaml:4:10: error [https-servers]" in out, out
    assert "specs/good.yaml:" not in out, out
    for skipped in ("docker-compose", "package.json", "chart-template"):
        assert skipped not in out, out  # skipped silently
    assert "files linted" not in out, out  # --quiet: no summary, from any batch
    assert out.count("error [https-servers]") == 1, out

    good = run("specs/good.yaml", "docker-compose.yaml", "package.json")
    out = good.stdout + good.stderr
    assert good.returncode == 0, out
    assert "Passed" in out, out
