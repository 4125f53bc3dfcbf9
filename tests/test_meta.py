"""Meta-tests over the rule set: metadata, examples, docs, and the rule contract."""

from __future__ import annotations

import ast
import os

import pytest

from oaslint.config import Config
from oaslint.docs import check_docs
from oaslint.engine import Linter
from oaslint.loader.document import Document
from oaslint.loader.source import LoadError, parse_text
from oaslint.registry import all_rules
from oaslint.rules import BUILTIN_MODULES
from oaslint.rules.base import Rule

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = all_rules()


def _lint_example(rule: Rule, text: str) -> list[str]:
    src = parse_text(text, "example.yaml", os.path.join(ROOT, "example.yaml"))
    doc = Document.from_source(src)
    linter = Linter(RULES, Config(select=(rule.meta.id,)))
    return [f.rule for f in linter.lint_document(doc)]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.id)
def test_metadata_is_complete(rule: Rule) -> None:
    assert not rule.meta.missing_fields()
    assert rule.meta.title[0].isupper() and not rule.meta.title.endswith(".")
    assert all(ref.strip() for ref in rule.meta.references)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.id)
def test_bad_example_fires(rule: Rule) -> None:
    if rule.meta.id == "parse-error":
        with pytest.raises(LoadError):  # the example does not even parse
            parse_text(rule.meta.bad_example, "x.yaml", "/x.yaml")
        return
    found = _lint_example(rule, rule.meta.bad_example)
    assert rule.meta.id in found
    assert "internal-error" not in found


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.id)
def test_good_example_is_silent(rule: Rule) -> None:
    found = _lint_example(rule, rule.meta.good_example)
    assert rule.meta.id not in found and "internal-error" not in found


def test_rule_docs_are_fresh() -> None:
    stale = check_docs(RULES, os.path.join(ROOT, "rules"))
    assert not stale, f"stale rule pages (run `python -m oaslint.docs`): {stale}"


FORBIDDEN_IMPORTS = {"ruamel", "json", "yaml", "prance", "jsonpath_ng", "openapi_spec_validator"}
# valid-openapi reads the official schema files: that is its whole job
ALLOWED = {"health.valid_openapi": {"json"}}


@pytest.mark.parametrize("module", BUILTIN_MODULES)
def test_rules_never_parse_or_open_files(module: str) -> None:
    path = os.path.join(ROOT, "oaslint", "rules", *module.split(".")) + ".py"
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    allowed = ALLOWED.get(module, set())
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module.split(".")[0]]
        for name in names:
            assert name not in FORBIDDEN_IMPORTS - allowed, f"{module} imports {name}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "open" or module in ALLOWED, f"{module} opens a file"


def test_readme_lists_every_builtin_rule() -> None:
    import re

    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    table = readme.split("The rule families", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", table))
    builtin = {r.meta.id for r in RULES if r.origin == "oaslint"}
    assert listed == builtin, (sorted(builtin - listed), sorted(listed - builtin))


def test_readme_severity_policy_matches_every_default_severity() -> None:
    import re

    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    policy = readme.split("## Severity policy", 1)[1].split("\n## ", 1)[0]
    documented: dict[str, str] = {}
    for row in re.findall(r"^\| (error|warning|info) \| (.+) \|$", policy, re.M):
        for rid in re.findall(r"`([a-z0-9-]+)`", row[1]):
            assert rid not in documented, f"{rid} listed twice"
            documented[rid] = row[0]
    builtin = {r.meta.id: r.meta.severity.label for r in RULES if r.origin == "oaslint"}
    assert documented == builtin


def test_readme_aggregation_table_lists_every_aggregating_rule() -> None:
    import re

    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    table = readme.split("| rule | places (examined) | anchor, first that exists |", 1)[1]
    table = table.split("\n\n", 1)[0]
    listed = {
        rid
        for row in table.splitlines()
        for rid in re.findall(r"`([a-z0-9-]+)`", row.split(" | ")[0])
    }
    aggregating = {r.meta.id for r in RULES if r.origin == "oaslint" and r.meta.aggregate}
    assert listed == aggregating
