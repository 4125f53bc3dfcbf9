"""Aggregation details the mutation run of ``oaslint/aggregate.py`` found unpinned.

Each test names the behaviour it pins; all go through the public ``Linter`` API.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from oaslint.config import build_config
from oaslint.engine import Linter
from oaslint.model import Severity, aggregate_fingerprint_of
from oaslint.registry import all_rules
from oaslint.result import LintResult
from oaslint.rules.base import Aggregate, Rule, RuleContext, RuleMeta

# four operations without a 429 (or 4XX) response
FOUR = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n" + "".join(
    f"  /{p}:\n    get:\n      responses:\n        '200': {{description: OK}}\n" for p in "abcd"
)


def _write(tmp: os.PathLike[str], text: str, name: str = "api.yaml") -> str:
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def _lint(path: str, raw: dict[str, Any], rules: list[Rule] | None = None) -> LintResult:
    rules = rules if rules is not None else all_rules()
    cfg = build_config({"aggregate": True, **raw}, rules, None)
    return Linter(rules, cfg).lint_paths([path])


def _op(path: str, ok: bool) -> str:
    extra = "        '429': {description: Slow down}\n" if ok else ""
    return f"  /{path}:\n    get:\n      responses:\n        '200': {{description: OK}}\n{extra}"


def _spec(*ops: tuple[str, bool]) -> str:
    return "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n" + "".join(
        _op(p, ok) for p, ok in ops
    )


def _override(pointer: str, value: Any) -> dict[str, Any]:
    return {"files": ["**"], "pointers": [pointer], "rules": {"rate-limit-429": value}}


def test_places_after_a_place_an_override_disables_still_count(
    tmp_path: os.PathLike[str],
) -> None:
    # /a is switched off; /b and /c miss the decision, /d meets it: 2 of 3 places
    # miss it, below 90%, so both misses are reported one by one.
    path = _write(tmp_path, _spec(("a", False), ("b", False), ("c", False), ("d", True)))
    raw = {"select": ["rate-limit-429"], "overrides": [_override("/paths/~1a", "off")]}
    found = _lint(path, raw).findings
    assert [(f.pointer, f.aggregate) for f in found] == [
        ("/paths/~1b/get/responses", False),
        ("/paths/~1c/get/responses", False),
    ]


def test_an_override_for_one_place_keeps_the_other_places(tmp_path: os.PathLike[str]) -> None:
    # An override that only changes the severity at /a: every place is still a place,
    # so /d meeting the decision keeps the three misses apart.
    path = _write(tmp_path, _spec(("a", False), ("b", False), ("c", False), ("d", True)))
    raw = {"select": ["rate-limit-429"], "overrides": [_override("/paths/~1a", "error")]}
    found = _lint(path, raw).findings
    assert [(f.line, f.aggregate, f.severity) for f in found] == [
        (6, False, Severity.ERROR),
        (10, False, Severity.WARNING),
        (14, False, Severity.WARNING),
    ]


def test_an_aggregate_without_per_key_has_the_empty_key(tmp_path: os.PathLike[str]) -> None:
    path = _write(tmp_path, FOUR)
    (agg,) = _lint(path, {"select": ["rate-limit-429"]}).findings
    assert agg.aggregate and agg.key == ""
    assert agg.fingerprint == aggregate_fingerprint_of("rate-limit-429", agg.file, "")


def test_aggregate_end_and_references(tmp_path: os.PathLike[str]) -> None:
    path = _write(tmp_path, FOUR)
    (agg,) = _lint(path, {"select": ["rate-limit-429"]}).findings
    (rule,) = [r for r in all_rules() if r.meta.id == "rate-limit-429"]
    assert (agg.line, agg.column, agg.end_line, agg.end_column) == (3, 1, 3, 6)
    assert agg.references == rule.meta.references and agg.references


def test_per_key_a_single_miss_first_does_not_stop_the_next_key(
    tmp_path: os.PathLike[str],
) -> None:
    # text/csv once (first), application/xml twice: the xml misses still fold
    text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n" + "".join(
        f"  /{p}:\n    get:\n      responses:\n        '200':\n          description: OK\n"
        f"          content:\n            {mt}: {{schema: {{type: string}}}}\n"
        for p, mt in (("a", "text/csv"), ("b", "application/xml"), ("c", "application/xml"))
    )
    found = _lint(_write(tmp_path, text), {"select": ["json-media-types"]}).findings
    assert sorted((f.aggregate, f.key, len(f.related)) for f in found) == [
        (False, "", 0),
        (True, "application/xml", 2),
    ]


def _plugin(
    aggregate: Aggregate, applies_to: str, report: Callable[[RuleContext], None]
) -> list[Rule]:
    meta = RuleMeta(
        id="x-owner",
        title="An operation names no owner",
        severity=Severity.INFO,
        references=("house rule",),
        description="d",
        rationale="r",
        bad_example="b",
        good_example="g",
        applies_to=applies_to,
        aggregate=aggregate,
    )
    return [*all_rules(), Rule(meta, report, origin="plugin")]


def _every_operation(ctx: RuleContext) -> None:
    for op in ctx.index.operations:
        ctx.examine(op.loc)
        ctx.report(op.loc, "no x-owner")


def test_broken_template_without_applies_to_says_places(tmp_path: os.PathLike[str]) -> None:
    rules = _plugin(Aggregate(("/paths",), "{nope}"), "", _every_operation)
    (agg,) = _lint(_write(tmp_path, FOUR), {"select": ["x-owner"]}, rules).findings
    assert agg.message == "4 of 4 places miss this decision (An operation names no owner)"


def test_per_key_examined_counts_the_key_s_own_misses(tmp_path: os.PathLike[str]) -> None:
    def check(ctx: RuleContext) -> None:
        for i, op in enumerate(ctx.index.operations):
            ctx.examine(op.loc)
            if i < 3:  # /d meets it; /a-/c miss it under one key
                ctx.report(op.loc, "no x-owner", key="team")

    rules = _plugin(
        Aggregate(("/paths",), "{key}: {missing} of {examined}", per_key=True), "ops", check
    )
    (agg,) = _lint(_write(tmp_path, FOUR), {"select": ["x-owner"]}, rules).findings
    assert agg.aggregate and agg.message == "'team': 3 of 3"


def test_a_scalar_anchor_is_located_at_its_key(tmp_path: os.PathLike[str]) -> None:
    rules = _plugin(Aggregate(("/info/title",), "{missing} of {examined}"), "ops", _every_operation)
    text = FOUR.replace("info: {title: T, version: '1'}", "info:\n  title: Title\n  version: '1'")
    (agg,) = _lint(_write(tmp_path, text), {"select": ["x-owner"]}, rules).findings
    assert (agg.pointer, agg.line, agg.column, agg.end_line, agg.end_column) == (
        "/info/title",
        3,
        3,
        3,
        8,
    )


def test_without_per_key_report_keys_do_not_split_the_decision(
    tmp_path: os.PathLike[str],
) -> None:
    def check(ctx: RuleContext) -> None:
        for i, op in enumerate(ctx.index.operations):
            ctx.examine(op.loc)
            ctx.report(op.loc, "no x-owner", key="ab"[i % 2])

    rules = _plugin(Aggregate(("/paths",), "{missing} of {examined} [{key}]"), "ops", check)
    (agg,) = _lint(_write(tmp_path, FOUR), {"select": ["x-owner"]}, rules).findings
    assert (agg.aggregate, agg.key, agg.message, len(agg.related)) == (True, "", "4 of 4 ['']", 4)
