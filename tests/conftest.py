from __future__ import annotations

import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared"))
CORPUS = os.path.join(SHARED, "corpus")


@pytest.fixture
def corpus() -> str:
    if not os.path.isdir(CORPUS):
        pytest.fail(f"{CORPUS} is missing: the corpus must sit beside the checkout (../shared)")
    return CORPUS


ROOT = os.path.dirname(HERE)

# What the suite depends on is set here, not inherited: the same results in a terminal,
# inside GitHub Actions (GITHUB_ACTIONS=true makes `github` the default format), with
# NO_COLOR/FORCE_COLOR set, with a user git config that signs commits, from any directory.
_CLEARED = (
    "GITHUB_ACTIONS",
    "GITHUB_WORKSPACE",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_OUTPUT",
    "GITLAB_CI",
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "OASLINT_DOCS_URL",
    # a hook or `git rebase --exec` running the suite must not point the tests' own
    # repositories at the outer one
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
)


def in_ci() -> bool:
    """Whether the suite runs in CI (``CI`` set by GitHub Actions, GitLab CI, ...)."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> None:
    """Skip a test that cannot run here; in CI fail with the reason instead, so a test
    that stopped running is seen (CI is where everything must run)."""
    if in_ci():
        pytest.fail(f"cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _hermetic_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = oaslint tests\n\temail = tests@example.com\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
        "[tag]\n\tgpgsign = false\n[core]\n\thooksPath = /dev/null\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    # subprocesses (`sys.executable -m oaslint`) import this checkout, not an installed copy
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", ROOT + (os.pathsep + path if path else ""))
    monkeypatch.chdir(ROOT)
