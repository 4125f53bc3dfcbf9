"""Shared test set-up: where ../shared/corpus is, and what happens when it is not there.

The real-world corpus sits beside the checkout (``../shared/corpus``), not in it: a
clone of the repository alone must still pass ``python -m pytest``. A test that needs
the corpus says so with ``@pytest.mark.corpus`` (or the ``corpus`` fixture; every test
in ``test_corpus.py`` counts too). Without the corpus such a test is skipped, with the
reason shown in the summary; under ``CI=true`` (``.ci/run`` sets it) it fails instead,
so CI can never pass by quietly not looking at the corpus.
"""

from __future__ import annotations

import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared"))
CORPUS = os.path.join(SHARED, "corpus")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def corpus_missing_reason() -> str | None:
    if os.path.isdir(CORPUS):
        return None
    return (
        f"needs the real-world corpus at {CORPUS} (../shared/corpus beside the checkout); "
        "it is not part of the repository"
    )


def require_corpus() -> str:
    """The corpus folder; skip the test without it (fail under CI=true)."""
    reason = corpus_missing_reason()
    if reason is not None:
        if in_ci():
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    return CORPUS


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "corpus: needs ../shared/corpus (skipped without it, failed under CI=true)"
    )


def _needs_corpus(item: pytest.Item) -> bool:
    return (
        item.get_closest_marker("corpus") is not None
        or "corpus" in getattr(item, "fixturenames", ())
        or item.path.name == "test_corpus.py"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    if _needs_corpus(item):
        require_corpus()


@pytest.fixture
def corpus() -> str:
    return require_corpus()


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


@pytest.fixture(autouse=True, scope="session")
def _private_parse_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The CLI's parse cache goes to a temporary folder, never the user's own."""
    os.environ["OASLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("oaslint-cache"))


@pytest.fixture(autouse=True)
def _no_result_cache(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process CLI runs never reuse a result: tests change rules, the engine or (under
    mutmut) the code itself between runs of the same file with the same configuration,
    which the result cache's key cannot see. Tests marked ``result_cache`` use it."""
    if request.node.get_closest_marker("result_cache") is None:
        from oaslint import resultcache

        monkeypatch.setattr(resultcache, "configure", lambda directory: None)
        monkeypatch.setattr(resultcache, "_active", None)


@pytest.fixture(autouse=True, scope="session")
def _cold_rule_caches_under_mutmut() -> None:
    """mutmut forks each mutant's test run from the process that ran the clean tests, so
    the memoised rule helpers would answer from the clean run and hide their mutants
    (tests/README.md, "Rules, session 9"): start each mutant's run with cold caches."""
    if not os.environ.get("MUTANT_UNDER_TEST"):
        return
    from oaslint.rules.errors import _secrets
    from oaslint.rules.health import valid_openapi
    from oaslint.rules.shared import names

    names.words.cache_clear()
    names.credential_term.cache_clear()
    names.personal_data_term.cache_clear()
    _secrets.secret_shape.cache_clear()
    valid_openapi._validator.cache_clear()
