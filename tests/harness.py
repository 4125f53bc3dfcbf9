"""Fixture harness: expectations live on the offending line.

JSON fixtures list their expectations in ``<file>.json.expect`` as
``LINE RULE-ID`` lines. A fixture line ending in ``# expect: rule-id`` (several: ``# expect: a, b``;
twice on one line: ``# expect: a*2``) must produce exactly that finding on
that line, in that file. ``lint_fixture`` compares the multiset of
(rule, file, line) found for one rule with the multiset expected, over every
file of the fixture (``$ref``-ed files included), so count, file and line are
all checked.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from oaslint.config import build_config
from oaslint.engine import Linter, LintResult
from oaslint.registry import all_rules

EXPECT_RE = re.compile(r"#\s*expect:\s*(.+?)\s*$")

Key = tuple[str, str, int]  # (rule, file relative to the fixture dir, line)


def markers(paths: Iterable[str], base: str) -> Counter[Key]:
    out: Counter[Key] = Counter()
    for path in paths:
        rel = os.path.relpath(path, base)
        if path.endswith(".json"):  # no comments in JSON: `<file>.expect` holds "LINE RULE" lines
            if os.path.exists(path + ".expect"):
                with open(path + ".expect", encoding="utf-8") as fh:
                    for raw in fh:
                        if raw.strip() and not raw.startswith("#"):
                            line, rule = raw.split()
                            out[(rule, rel, int(line))] += 1
            continue
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                m = EXPECT_RE.search(line)
                if not m:
                    continue
                for item in m.group(1).split(","):
                    item = item.strip()
                    name, _, times = item.partition("*")
                    out[(name.strip(), rel, lineno)] += int(times) if times else 1
    return out


def fixture_files(root: str) -> list[str]:
    """The root file and, for a folder fixture, every file in the folder."""
    if os.path.isdir(root):
        found = []
        for dirpath, _, names in os.walk(root):
            found += [
                os.path.join(dirpath, n) for n in names if n.endswith((".yaml", ".yml", ".json"))
            ]
        return sorted(found)
    return [root]


def fixture_root(path: str) -> str:
    """A fixture is a file, or a folder whose root document is openapi.yaml/.json."""
    if os.path.isdir(path):
        for name in ("openapi.yaml", "openapi.json", "swagger.yaml", "swagger.json"):
            if os.path.exists(os.path.join(path, name)):
                return os.path.join(path, name)
        raise FileNotFoundError(f"{path}: no openapi.yaml root")
    return path


def run(
    path: str, rule_ids: Iterable[str] | None = None, config: dict[str, Any] | None = None
) -> LintResult:
    rules = all_rules()
    raw = dict(config or {})
    # fixtures mark places: aggregation (tests/test_aggregate.py) only where asked for
    raw.setdefault("aggregate", False)
    if rule_ids is not None:
        raw.setdefault("select", list(rule_ids))
    cfg = build_config(raw, rules, None)
    return Linter(rules, cfg).lint_paths([path])


def found(result: LintResult, rule_id: str, base: str) -> Counter[Key]:
    out: Counter[Key] = Counter()
    for f in result.findings:
        if f.rule == rule_id:
            out[(f.rule, os.path.relpath(f.file, base), f.line)] += 1
    return out


def check_fixture(
    path: str, rule_id: str, config: dict[str, Any] | None = None
) -> tuple[Counter[Key], Counter[Key], LintResult]:
    """(expected, found, result) for one rule on one fixture file or folder."""
    root = fixture_root(path)
    base = path if os.path.isdir(path) else os.path.dirname(path)
    expected = Counter(
        {k: v for k, v in markers(fixture_files(path), base).items() if k[0] == rule_id}
    )
    result = run(root, [rule_id], config)
    return expected, found(result, rule_id, base), result
