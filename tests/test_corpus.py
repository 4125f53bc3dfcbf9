"""Every real-world document of ../shared/corpus lints without internal error.

Single files and the two multi-file roots named in corpus/SOURCES.md. This is a
robustness test, not a benchmark (timings live in benchmarks/).
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

from oaslint.engine import Linter
from oaslint.registry import all_rules
from tests.conftest import CORPUS

MULTI_ROOTS = (
    "multi-digitalocean/specification/DigitalOcean-public.v2.yaml",
    "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2/adressen.yaml",
)


def _documents() -> list[str]:
    if not os.path.isdir(CORPUS):
        return []
    singles = sorted(n for n in os.listdir(CORPUS) if n.endswith((".yaml", ".yml", ".json")))
    return singles + list(MULTI_ROOTS)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(all_rules())


def test_corpus_is_present() -> None:
    assert os.path.isdir(CORPUS), f"{CORPUS} missing: put shared/ beside the checkout"
    assert len(_documents()) >= 15


@pytest.mark.parametrize("name", _documents())
def test_corpus_document_lints_cleanly(linter: Linter, name: str) -> None:
    result = linter.lint_paths([os.path.join(CORPUS, name)])
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
