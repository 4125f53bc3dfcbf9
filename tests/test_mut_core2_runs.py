"""Survivors of the complete ``oaslint.runs`` mutation run (tests/README.md, "Core,
session 9", later the same day), killed through the ``Linter`` API: the
``documents`` and ``rule_runs`` of a result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from oaslint.config import Config, build_config
from oaslint.engine import Linter
from oaslint.model import Location, Severity
from oaslint.result import DocumentInfo, LintResult, RuleRun
from oaslint.rules.base import Rule, RuleContext, RuleMeta


def _rule(check: Callable[[RuleContext], None], applies_to: str = "", rid: str = "x-r") -> Rule:
    meta = RuleMeta(
        id=rid,
        title="t",
        severity=Severity.WARNING,
        references=("house rule",),
        description="d",
        rationale="r",
        bad_example="b",
        good_example="g",
        applies_to=applies_to,
    )
    return Rule(meta, check, origin="plugin")


def _lint(tmp_path: Any, rules: list[Rule], text: str = "", name: str = "api.yaml") -> LintResult:
    path = tmp_path / name
    path.write_text(text or "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n")
    return Linter(rules).lint_paths([str(path)])


def _info(tmp_path: Any, info: str) -> DocumentInfo:
    result = _lint(tmp_path, [], f"openapi: 3.0.3\ninfo: {info}\npaths: {{}}\n")
    (doc,) = result.documents
    assert doc.path == str(tmp_path / "api.yaml")
    assert doc.files == (str(tmp_path / "api.yaml"),)
    return doc


def test_document_title_and_version_are_cut_and_neutral(tmp_path: Any) -> None:
    doc = _info(tmp_path, f'{{title: "{"t" * 199}\\u0007x", version: "{"v" * 49}\\nyz"}}')
    # cut first (200 and 50 characters), then escaped
    assert doc.title == "t" * 199 + "\\x07"
    assert doc.version == "v" * 49 + "\\n"


def test_document_float_and_int_versions(tmp_path: Any) -> None:
    assert _info(tmp_path, "{title: T, version: 1.5}").version == "1.5"
    assert _info(tmp_path, "{title: T, version: 2}").version == "2"
    assert _info(tmp_path, "{title: T, version: true}").version == ""
    assert _info(tmp_path, "{title: 7, version: [1]}") == DocumentInfo(
        str(tmp_path / "api.yaml"), "", "", (str(tmp_path / "api.yaml"),)
    )


def test_document_int_version_bounded_at_160_bits(tmp_path: Any) -> None:
    below = 2**159 - 1  # 159 bits: shown
    assert _info(tmp_path, f"{{title: T, version: {below}}}").version == str(below)
    at = 2**159  # 160 bits
    assert _info(tmp_path, f"{{title: T, version: {at}}}").version == "<a very large number>"


def test_document_without_info_mapping(tmp_path: Any) -> None:
    doc = _info(tmp_path, "[a]")
    assert (doc.title, doc.version) == ("", "")
    result = _lint(tmp_path, [], "openapi: 3.0.3\n", name="bare.yaml")
    assert [(d.title, d.version) for d in result.documents] == [("", "")]


def _run(result: LintResult, rid: str = "x-r") -> RuleRun:
    (run,) = [r for r in result.rule_runs if r.rule == rid]
    return run


def test_a_rule_that_records_nothing(tmp_path: Any) -> None:
    path = str(tmp_path / "api.yaml")
    silent = _run(_lint(tmp_path, [_rule(lambda ctx: None)]))
    assert silent == RuleRun("x-r", path, True, examined=None)
    declared = _run(_lint(tmp_path, [_rule(lambda ctx: None, "operations")]))
    assert declared == RuleRun("x-r", path, True, examined=0)


def test_examined_counts_reported_subjects_once(tmp_path: Any) -> None:
    def check(ctx: RuleContext) -> None:
        f = ctx.index.document.root.path
        a, b, c = Location(f, "/info"), Location(f, "/paths"), Location(f, "/openapi")
        ctx.examine(a)
        ctx.examine(a)
        ctx.report(b, "at b about a", subject=a)
        ctx.report(c, "at c")
        ctx.unverifiable("no servers")

    run = _run(_lint(tmp_path, [_rule(check)]))
    assert run == RuleRun(
        "x-r", str(tmp_path / "api.yaml"), True, examined=2, unverifiable="no servers", found=2
    )


def test_reports_without_examine_count(tmp_path: Any) -> None:
    def check(ctx: RuleContext) -> None:
        f = ctx.index.document.root.path
        ctx.report(Location(f, "/info"), "one")
        ctx.report(Location(f, "/info"), "two")
        ctx.report(Location(f, "/paths"), "three")

    run = _run(_lint(tmp_path, [_rule(check)]))
    assert (run.examined, run.found) == (2, 3)


def test_a_crashing_rule_and_a_rule_that_did_not_run(tmp_path: Any) -> None:
    def crash(ctx: RuleContext) -> None:
        ctx.examine(Location(ctx.index.document.root.path, "/info"))
        ctx.unverifiable("why")
        raise ValueError("boom")

    linter = Linter([_rule(crash), _rule(lambda ctx: None, rid="x-off")], Config(ignore=("x-off",)))
    (tmp_path / "api.yaml").write_text("openapi: 3.0.3\ninfo: {title: T, version: '1'}\n")
    result = linter.lint_paths([str(tmp_path / "api.yaml")])
    run = _run(result)
    assert run.ran and run.examined == 1 and run.unverifiable == "why"
    assert run.error is not None and "boom" in run.error
    assert _run(result, "x-off") == RuleRun("x-off", str(tmp_path / "api.yaml"), False)


def test_a_rule_an_override_turns_off_for_the_document_did_not_run(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    def check(ctx: RuleContext) -> None:
        ctx.examine(Location(ctx.index.document.root.path, "/info"))

    rule = _rule(check)
    raw = {"overrides": [{"files": ["api.yaml"], "rules": {"x-r": "off"}}]}
    cfg = build_config(raw, [rule], None)
    (tmp_path / "api.yaml").write_text("openapi: 3.0.3\ninfo: {title: T, version: '1'}\n")
    result = Linter([rule], cfg).lint_paths(["api.yaml"])
    assert _run(result) == RuleRun("x-r", "api.yaml", False)


def test_inline_suppressions_are_counted_per_rule(tmp_path: Any) -> None:
    def check(ctx: RuleContext) -> None:
        f = ctx.index.document.root.path
        ctx.report(Location(f, "/info/title"), "one")
        ctx.report(Location(f, "/openapi"), "two")

    text = (
        "openapi: 3.0.3\ninfo:\n  title: T  # oaslint: ignore[x-r] known\n"
        "  version: '1'\npaths: {}\n"
    )
    run = _run(_lint(tmp_path, [_rule(check)], text))
    assert (run.found, run.suppressed) == (1, 1)
