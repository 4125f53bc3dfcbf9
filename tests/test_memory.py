"""No leak: a linted document is freed as soon as its results are taken (issue 14).

Counted with the cyclic collector off, as during a run: a document kept alive by a
reference cycle (a cache whose value holds its key) counts as leaked, even though a
later collection might free it.
"""

from __future__ import annotations

import gc
import os

import pytest

from oaslint import cli
from oaslint.engine import Linter
from oaslint.loader.document import Document
from oaslint.registry import all_rules
from tests.conftest import CORPUS

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "samples", "petstore-insecure.yaml")
CUSTOM = os.path.join(HERE, "data", "custom", "defined", "config.yaml")


def _documents() -> int:
    return sum(1 for o in gc.get_objects() if type(o) is Document)


@pytest.fixture
def no_collector() -> object:
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    yield None
    if was:
        gc.enable()


def test_linted_documents_are_freed(
    no_collector: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _documents() == 0
    for _ in range(20):
        cli.main([SAMPLE, "--format", "json", "--config", CUSTOM])
        assert _documents() == 0
    capsys.readouterr()


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="../shared/corpus is not there")
def test_many_documents_in_one_run_are_freed_one_by_one(no_collector: object) -> None:
    linter = Linter(all_rules())
    peak: list[int] = []
    original = linter.lint_document

    def spy(doc: Document) -> object:
        peak.append(_documents())  # this document only, not the ones before it
        return original(doc)

    linter.lint_document = spy  # type: ignore[method-assign]
    names = ["nl-brp-personen-bevragen.oas31.yaml", "nl-don-api-register.oas31.json"]
    result = linter.lint_paths([os.path.join(CORPUS, n) for n in names * 3])
    assert result.files == 2  # the same path twice is linted once
    result = linter.lint_paths([os.path.join(CORPUS, n) for n in names])
    assert peak and max(peak) == 1
    assert _documents() == 0
