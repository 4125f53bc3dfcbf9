"""Every real-world document of ../shared/corpus lints cleanly, with pinned findings.

Single files and the two multi-file roots named in corpus/SOURCES.md. Each target's
findings (rule, file, pointer, line, severity, count, fingerprint) are compared with its
reviewed snapshot in ``tests/data/corpus/`` (the net of DESIGN.md section 3, made by
``scripts/corpus_snapshot.py``): a rule going silent or noisy on a real spec fails here
with the diff. Regenerate with ``OASLINT_UPDATE_SNAPSHOTS=1 python -m pytest
tests/test_corpus.py`` (or ``python scripts/corpus_snapshot.py``) and review the diff
like code. Whether a missing corpus skips or fails is the ``corpus`` fixture's decision
(tests/conftest.py).
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import sys
from collections import Counter
from types import ModuleType

import pytest

from oaslint.engine import Linter, LintResult
from oaslint.registry import all_rules

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _load_script() -> ModuleType:
    path = os.path.join(ROOT, "scripts", "corpus_snapshot.py")
    spec = importlib.util.spec_from_file_location("corpus_snapshot", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("corpus_snapshot", module)
    spec.loader.exec_module(module)
    return module


snap = _load_script()
TARGETS: list[str] = snap.targets() or list(snap.MULTI_ROOTS)

_results: dict[str, LintResult] = {}


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(all_rules())


def _result(linter: Linter, corpus: str, target: str) -> LintResult:
    if target not in _results:  # one lint per target for all the tests of this module
        _results[target] = linter.lint_paths([os.path.join(corpus, target)])
    return _results[target]


def test_corpus_is_present(corpus: str) -> None:
    assert len(snap.targets(corpus)) >= 15
    # a snapshot for every target and no stale one for a target that left the corpus
    expected = {snap.snapshot_name(t) for t in snap.targets(corpus)}
    have = set(os.listdir(snap.SNAPSHOTS))
    assert expected == have, f"missing: {expected - have}, stale: {have - expected}"


@pytest.mark.parametrize("target", TARGETS)
def test_corpus_document_lints_cleanly(linter: Linter, corpus: str, target: str) -> None:
    result = _result(linter, corpus, target)
    assert result.files == 1
    assert not result.errors, result.errors
    internal = [f for f in result.findings if f.rule == "internal-error"]
    assert not internal, internal[:3]
    # every finding is located inside a real line of a real file
    for f in result.findings:
        assert f.line >= 1 and f.column >= 1
    # the corpus documents are valid OpenAPI apart from known upstream defects
    counts = Counter(f.rule for f in result.findings)
    assert counts["parse-error"] <= 1  # the Latin-1 BAG fragment is a warning


@pytest.mark.parametrize("target", TARGETS)
def test_corpus_findings_match_the_snapshot(linter: Linter, corpus: str, target: str) -> None:
    text = snap.render(target, _result(linter, corpus, target).findings, corpus)
    path = os.path.join(snap.SNAPSHOTS, snap.snapshot_name(target))
    if os.environ.get("OASLINT_UPDATE_SNAPSHOTS") == "1":
        os.makedirs(snap.SNAPSHOTS, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        return
    assert os.path.exists(path), f"{path} missing: run scripts/corpus_snapshot.py and review"
    with open(path, encoding="utf-8") as fh:
        old = fh.read()
    if old != text:
        diff = list(
            difflib.unified_diff(
                old.splitlines(), text.splitlines(), "snapshot", "now", lineterm=""
            )
        )
        shown = "\n".join(diff[:60]) + (f"\n... {len(diff) - 60} more" if len(diff) > 60 else "")
        pytest.fail(f"{target}: findings differ from {path} (review, then update):\n{shown}")
