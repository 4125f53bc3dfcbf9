"""Real public documents shipped in tests/realworld/ (see its SOURCES.md): the suite
tests real specs even in a clone without ../shared/corpus."""

from __future__ import annotations

import os

import pytest

from oaslint.engine import Linter
from oaslint.registry import all_rules

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "realworld")
SPECS = sorted(n for n in os.listdir(HERE) if n.endswith((".yaml", ".json")))


def test_the_specs_are_there_with_their_sources() -> None:
    assert len(SPECS) >= 2
    with open(os.path.join(HERE, "SOURCES.md"), encoding="utf-8") as fh:
        sources = fh.read()
    for name in SPECS:
        assert f"`{name}`" in sources, f"{name} has no source and licence in SOURCES.md"


@pytest.mark.parametrize("name", SPECS)
def test_real_spec_lints_cleanly_with_located_findings(name: str) -> None:
    path = os.path.join(HERE, name)
    result = Linter(all_rules()).lint_paths([path])
    assert result.files == 1 and not result.errors, result.errors
    rules = {f.rule for f in result.findings}
    # valid, fully resolvable documents: none of these may fire
    assert not rules & {"internal-error", "parse-error", "valid-openapi", "resolvable-refs"}
    assert result.findings, "these documents have known findings (security headers, 405/406)"
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for f in result.findings:
        assert os.path.samefile(f.file, path)
        assert 1 <= f.line <= len(lines) and f.column >= 1, f
