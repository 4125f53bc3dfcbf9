"""What each rule examined (DESIGN 2.2): the facts compliance statuses come from."""

from __future__ import annotations

import os

import pytest

from oaslint.config import Config
from oaslint.engine import Linter
from oaslint.loader.document import Document
from oaslint.loader.source import parse_text
from oaslint.registry import all_rules
from oaslint.result import RuleRun
from oaslint.rules.base import Rule

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = [r for r in all_rules() if r.origin == "oaslint"]

# Their `examine` calls are added by the "signal" branch (aggregation), which owns them;
# until it lands they examine nothing and report `examined=None` (not verifiable).
# Their facts come from the suppressions, settled by the engine (oaslint.suppress).
META_RULES = {"unused-suppression", "invalid-suppression"}

NO_OPERATIONS = """\
openapi: 3.0.3
info: {title: Empty, version: '1'}
paths: {}
"""
# Rules that look at operations (or what only operations carry) and nothing else.
OPERATION_RULES = {
    "operation-security-defined",
    "security-schemes-defined",
    "no-trace-method",
    "no-personal-data-in-uri",
    "no-credentials-in-uri",
    "bounded-strings",
    "bounded-arrays",
    "bounded-numbers",
    "closed-objects",
    "retry-after-429",
    "auth-via-security-schemes",
}


def _run(rule: Rule, text: str) -> RuleRun:
    src = parse_text(text, "example.yaml", os.path.join(ROOT, "example.yaml"))
    doc = Document.from_source(src)
    linter = Linter(RULES, Config(select=(rule.meta.id,)))
    linter.lint_document(doc)
    (run,) = [r for r in linter.rule_runs if r.rule == rule.meta.id]
    return run


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.id)
def test_every_rule_says_what_it_applies_to(rule: Rule) -> None:
    assert rule.meta.applies_to, f"{rule.meta.id}: RuleMeta.applies_to is empty"


@pytest.mark.parametrize(
    "rule",
    [r for r in RULES if r.meta.id not in META_RULES | {"parse-error"}],
    ids=lambda r: r.meta.id,
)
def test_good_example_examines_something_and_finds_nothing(rule: Rule) -> None:
    run = _run(rule, rule.meta.good_example)
    assert run.ran and run.error is None
    assert run.found == 0
    assert run.examined is not None and run.examined >= 1, run


@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.meta.id in OPERATION_RULES], ids=lambda r: r.meta.id
)
def test_document_without_operations_examines_nothing(rule: Rule) -> None:
    run = _run(rule, NO_OPERATIONS)
    assert run.examined == 0 and run.found == 0, run
    assert run.unverifiable is None


def test_bad_example_reports_examined_subjects() -> None:
    rule = next(r for r in RULES if r.meta.id == "https-servers")
    run = _run(rule, rule.meta.bad_example)
    assert run.found >= 1 and run.examined is not None and run.examined >= run.found


@pytest.mark.parametrize("rule_id", ["https-servers", "wss-websockets"])
def test_no_absolute_server_url_is_unverifiable(rule_id: str) -> None:
    rule = next(r for r in RULES if r.meta.id == rule_id)
    text = NO_OPERATIONS.replace(
        "paths: {}", "paths:\n  /a:\n    get:\n      responses: {'200': {description: OK}}"
    )
    run = _run(rule, text)
    assert run.unverifiable is not None and "server URL" in run.unverifiable
    assert run.examined == 0


def test_rule_runs_are_plain_picklable_values() -> None:
    import pickle

    rule = RULES[0]
    run = _run(rule, NO_OPERATIONS)
    assert pickle.loads(pickle.dumps(run)) == run


def test_disabled_and_deselected_rules_did_not_run() -> None:
    rule = next(r for r in RULES if r.meta.id == "https-servers")
    src = parse_text(NO_OPERATIONS, "example.yaml", os.path.join(ROOT, "example.yaml"))
    linter = Linter(RULES, Config(select=(rule.meta.id,)))
    linter.lint_document(Document.from_source(src))
    runs = {r.rule: r for r in linter.rule_runs}
    assert runs["https-servers"].ran
    assert not runs["no-trace-method"].ran and runs["no-trace-method"].examined is None
    assert runs["valid-openapi"].ran  # health rules always run


def test_suppressed_and_baselined_findings_are_counted_per_rule(tmp_path: object) -> None:
    from oaslint import baseline as baseline_mod

    folder = str(tmp_path)
    path = os.path.join(folder, "api.yaml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(
            "openapi: 3.0.3\n"
            "info: {title: T, version: '1'}\n"
            "servers:\n"
            "  - url: http://a.example.com\n"
            "  - url: http://b.example.com\n"
            "    x-oaslint-ignore: {https-servers: test server only}\n"
            "paths: {}\n"
        )
    config = Config(select=("https-servers",))
    first = Linter(RULES, config).lint_paths([path])
    (run,) = [r for r in first.rule_runs if r.rule == "https-servers"]
    assert (run.examined, run.found, run.suppressed, run.baselined) == (2, 1, 1, 0)
    assert list(first.suppression_reasons.values()) == ["test server only"]
    base = os.path.join(folder, "baseline.json")
    baseline_mod.write(base, first.findings, "test")
    again = Linter(RULES, config, baseline=baseline_mod.Baseline.load(base)).lint_paths([path])
    (run,) = [r for r in again.rule_runs if r.rule == "https-servers"]
    assert (run.found, run.suppressed, run.baselined) == (0, 1, 1)
    (doc,) = again.documents
    assert (doc.title, doc.version) == ("T", "1") and doc.files == (doc.path,)


def test_custom_rules_examine_each_given_match(tmp_path: object) -> None:
    from oaslint.config import build_config
    from oaslint.registry import with_config_rules

    raw = {
        "custom-rules": {
            "info-contact": {
                "given": "$.info",
                "then": {"field": "contact", "function": "defined"},
                "references": ["API-11"],
            }
        }
    }
    config = build_config(raw, RULES, None)
    rules = with_config_rules(RULES, config)
    src = parse_text(NO_OPERATIONS, "example.yaml", os.path.join(ROOT, "example.yaml"))
    linter = Linter(rules, config)
    linter.lint_document(Document.from_source(src))
    (run,) = [r for r in linter.rule_runs if r.rule == "info-contact"]
    assert (run.examined, run.found) == (1, 1)


def test_parse_errors_in_referenced_files_count_as_found(tmp_path: object) -> None:
    folder = str(tmp_path)
    with open(os.path.join(folder, "api.yaml"), "w", encoding="utf-8") as fh:
        fh.write(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"
            "paths:\n  /a:\n    $ref: 'broken.yaml'\n"
        )
    with open(os.path.join(folder, "broken.yaml"), "w", encoding="utf-8") as fh:
        fh.write("get: [unclosed\n")
    result = Linter(RULES).lint_paths([os.path.join(folder, "api.yaml")])
    assert any(f.rule == "parse-error" for f in result.findings)
    (run,) = [r for r in result.rule_runs if r.rule == "parse-error"]
    assert run.found >= 1
    (doc,) = result.documents  # the broken file belongs to its root document
    assert [os.path.basename(f) for f in doc.files] == ["api.yaml", "broken.yaml"]
