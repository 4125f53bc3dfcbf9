"""What each rule examined on each of its fixtures, pinned (compliance counts).

``ctx.examine(place)`` and a report's ``subject`` decide the ``examined`` count of a
rule's run (``RuleRun``, shown by the compliance report as "N places checked") and the
places an aggregate counts. The fixture tests pin the findings only, so a rule that
examined nothing, examined the wrong place or reported about the wrong subject passed
them (mutation survivors such as ``ctx.examine(None)`` or ``subject=None``). This test
pins, for every bad and good fixture, the rule's run on the fixture's root document:
``examined``, ``found``, ``suppressed`` and the reason it was unverifiable, if it was.

The reviewed snapshot is ``tests/data/rule-runs.txt``; regenerate it with
``OASLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_mut_rules_examined.py`` and
review the diff like code (a changed count must be explained by the change).
"""

from __future__ import annotations

import os

from tests.harness import fixture_root, run
from tests.test_rule_fixtures import RULES_DIR, _cases, _config

SNAPSHOT = os.path.join(os.path.dirname(__file__), "data", "rule-runs.txt")


def _line(rule_id: str, path: str) -> str:
    result = run(fixture_root(path), [rule_id], _config(path))
    runs = [r for r in result.rule_runs if r.rule == rule_id]
    name = os.path.relpath(path, RULES_DIR).replace(os.sep, "/")
    if not runs:  # a document that does not parse has no rule runs (parse-error)
        return f"{name} runs=0 files={result.files} errors={len(result.errors)}"
    assert len(runs) == 1, f"{path}: {len(runs)} runs of {rule_id}"
    r = runs[0]
    unverifiable = repr(r.unverifiable) if r.unverifiable else "no"
    return (
        f"{name} ran={r.ran} examined={r.examined} found={r.found} "
        f"suppressed={r.suppressed} unverifiable={unverifiable}"
    )


def test_rule_runs_on_fixtures_equal_the_snapshot() -> None:
    cases = sorted(_cases("bad") + _cases("good"))
    lines = [_line(rule_id, path) for rule_id, path in cases]
    text = "\n".join(lines) + "\n"
    if os.environ.get("OASLINT_UPDATE_SNAPSHOTS") == "1":
        with open(SNAPSHOT, "w", encoding="utf-8") as fh:
            fh.write(text)
        return
    with open(SNAPSHOT, encoding="utf-8") as fh:
        want = fh.read().splitlines()
    got = text.splitlines()
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    assert not missing and not extra, (
        f"\nsnapshot only: {missing}\nnow: {extra}\n"
        "review, then OASLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_mut_rules_examined.py"
    )
