"""Engine survivors of the session-10 fresh core sample (seed 1010; tests/README.md):
the message bound's exact length, where an internal-error finding sits, and the
references a parse-error finding carries."""

from __future__ import annotations

import os
from collections.abc import Callable

from oaslint.engine import MAX_MESSAGE, Linter
from oaslint.model import Location, Severity
from oaslint.registry import all_rules
from oaslint.rules.base import Rule, RuleContext, RuleMeta

GOOD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"


def _rule(check: Callable[[RuleContext], None]) -> Rule:
    meta = RuleMeta(
        id="x-plugin",
        title="t",
        severity=Severity.WARNING,
        references=("house rule",),
        description="d",
        rationale="r",
        bad_example="b",
        good_example="g",
    )
    return Rule(meta, check, origin="plugin")


def _write(tmp_path: os.PathLike[str], text: str, name: str = "api.yaml") -> str:
    path = os.path.join(str(tmp_path), name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def test_a_long_message_is_cut_to_exactly_the_bound(tmp_path: os.PathLike[str]) -> None:
    def check(ctx: RuleContext) -> None:
        ctx.report(Location(ctx.index.document.root.path, "/info"), "x" * (3 * MAX_MESSAGE))

    path = _write(tmp_path, GOOD)
    result = Linter([_rule(check)]).lint_paths([path])
    (finding,) = result.findings
    assert len(finding.message) == MAX_MESSAGE
    assert finding.message == "x" * (MAX_MESSAGE - 3) + "..."


def test_an_internal_error_sits_at_the_first_line(tmp_path: os.PathLike[str]) -> None:
    def check(ctx: RuleContext) -> None:
        raise RuntimeError("boom")

    path = _write(tmp_path, "\n\n" + GOOD)
    result = Linter([_rule(check)]).lint_paths([path])
    (finding,) = result.findings
    assert finding.rule == "internal-error"
    assert (finding.line, finding.column) == (1, 1)


def test_a_parse_error_carries_the_parse_error_rule_references(
    tmp_path: os.PathLike[str],
) -> None:
    rules = all_rules()
    (parse_error,) = [r for r in rules if r.meta.id == "parse-error"]
    assert parse_error.meta.references
    path = _write(tmp_path, "openapi: 3.0.3\ninfo: [unclosed\n")
    result = Linter(rules).lint_paths([path])
    (finding,) = [f for f in result.findings if f.rule == "parse-error"]
    assert finding.references == parse_error.meta.references
