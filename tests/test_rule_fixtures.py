"""Every rule's bad fixtures fire exactly where marked; good fixtures stay silent.

Fixtures live in ``tests/rules/<rule-id>/``: ``bad*.yaml|json`` files and
``bad*/`` folders (root ``openapi.yaml``) carry ``# expect: <rule-id>``
markers; ``good*`` files and folders must produce no finding of the rule.
An optional ``config.yaml`` beside them holds configuration for all of them.

Each bad fixture also has a reviewed snapshot of the text output for its rule,
``<fixture>.txt`` beside it (ruff/insta style): messages are part of what users
see. Regenerate with ``OASLINT_UPDATE_SNAPSHOTS=1 python -m pytest`` and review
the diff like code.
"""

from __future__ import annotations

import os

import pytest
from ruamel.yaml import YAML

from oaslint.engine import LintResult
from oaslint.registry import all_rules
from tests.harness import check_fixture

RULES_DIR = os.path.join(os.path.dirname(__file__), "rules")


def _cases(prefix: str) -> list[tuple[str, str]]:
    out = []
    for rule_id in sorted(os.listdir(RULES_DIR)):
        folder = os.path.join(RULES_DIR, rule_id)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.startswith(prefix) and not name.endswith((".txt", ".md", ".expect")):
                out.append((rule_id, os.path.join(folder, name)))
    return out


def _config(path: str) -> dict[str, object] | None:
    cfg = os.path.join(os.path.dirname(path.rstrip("/")), "config.yaml")
    if os.path.exists(cfg):
        with open(cfg, encoding="utf-8") as fh:
            data = YAML(typ="safe").load(fh)
        return dict(data) if data else None
    return None


@pytest.mark.parametrize(("rule_id", "path"), _cases("bad"), ids=lambda v: os.path.basename(v))
def test_bad_fixture_fires_exactly_where_marked(rule_id: str, path: str) -> None:
    expected, found, result = check_fixture(path, rule_id, _config(path))
    assert expected, f"{path}: a bad fixture needs at least one '# expect: {rule_id}' marker"
    assert not [f for f in result.findings if f.rule == "internal-error"]
    assert found == expected, (
        f"\nmissing: {sorted((expected - found).elements())}"
        f"\nunexpected: {sorted((found - expected).elements())}"
    )
    _check_snapshot(path, rule_id, result)


def _check_snapshot(path: str, rule_id: str, result: LintResult) -> None:
    base = os.path.dirname(path.rstrip("/"))
    lines = [
        f"{os.path.relpath(f.file, base)}:{f.line}:{f.column}: {f.severity.label} "
        f"[{f.rule}] {f.message}"
        for f in result.findings
        if f.rule == rule_id
    ]
    # messages may name files (a missing `$ref` target): keep the snapshot independent
    # of where the checkout lives
    text = "\n".join(lines).replace(os.path.abspath(base) + os.sep, "").replace(os.sep, "/")
    text += "\n"
    snapshot = path.rstrip("/") + ".txt"
    if os.environ.get("OASLINT_UPDATE_SNAPSHOTS") == "1":
        with open(snapshot, "w", encoding="utf-8") as fh:
            fh.write(text)
        return
    assert os.path.exists(snapshot), (
        f"{snapshot} missing: run OASLINT_UPDATE_SNAPSHOTS=1 python -m pytest and review it"
    )
    with open(snapshot, encoding="utf-8") as fh:
        assert fh.read() == text, f"{snapshot} differs (review, then update the snapshot)"


@pytest.mark.parametrize(("rule_id", "path"), _cases("good"), ids=lambda v: os.path.basename(v))
def test_good_fixture_is_silent(rule_id: str, path: str) -> None:
    _, found, result = check_fixture(path, rule_id, _config(path))
    assert not [f for f in result.findings if f.rule == "internal-error"]
    assert not found, f"unexpected findings: {sorted(found.elements())}"
    assert result.files == 1 and not result.errors


def test_every_rule_has_bad_and_good_fixtures() -> None:
    bad = {rid for rid, _ in _cases("bad")}
    good = {rid for rid, _ in _cases("good")}
    ids = {r.meta.id for r in all_rules() if r.origin == "oaslint"}
    assert not ids - bad, f"rules without a bad fixture: {sorted(ids - bad)}"
    assert not ids - good, f"rules without a good fixture: {sorted(ids - good)}"
    assert not (bad | good) - ids, f"fixtures for unknown rules: {sorted((bad | good) - ids)}"
