"""Survivors of the complete mutation runs of ``oaslint.custom.rule`` and
``oaslint.custom.errors`` (tests/README.md, "Core, session 9", later the same day),
killed through the CLI, the configuration API and the rule a custom rule becomes."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest

from oaslint.cli import main
from oaslint.config import build_config, read_config_file
from oaslint.custom.errors import CustomRuleError
from oaslint.engine import Linter
from oaslint.loader.document import Document
from oaslint.registry import all_rules, with_config_rules

API = """\
openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /a:
    x-internal: true
    get:
      responses:
        '200': {$ref: '#/components/responses/Ok'}
  /b:
    get:
      responses: {'200': {description: ok}}
components:
  responses:
    Ok: {description: fine}
"""


def _findings(
    tmp_path: Any, rules_yaml: str, capsys: pytest.CaptureFixture[str]
) -> list[dict[str, Any]]:
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "c.yaml").write_text("select: [r]\ncustom-rules:\n  r:\n" + rules_yaml)
    args = ["api.yaml", "--config", "c.yaml", "-f", "json", "--fail-on", "never", "--no-cache"]
    assert main(args) == 0, capsys.readouterr().err
    found: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return found


def _error(tmp_path: Any, rules_yaml: str, capsys: pytest.CaptureFixture[str]) -> str:
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "c.yaml").write_text("custom-rules:\n  r:\n" + rules_yaml)
    assert main(["api.yaml", "--config", "c.yaml"]) == 2
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "    given: $.info\n    then: {function: truthy}\n    title: 5\n",
            "custom-rules.r.title: expected text",
        ),
        (
            "    given: 5\n    then: {function: truthy}\n",
            "custom-rules.r.given: expected a JSONPath expression or a list of them",
        ),
        (
            "    given: $.info\n",
            "custom-rules.r.then: required: {function: ..., field: ..., functionOptions: ...}",
        ),
        ("    given: $.info\n    then: []\n", "custom-rules.r.then: expected at least one check"),
        *(
            (
                f"    given: $.info\n    then: {{function: truthy}}\n    {name}: 5\n",
                f"custom-rules.r.{name}: expected text",
            )
            for name in ("rationale", "bad-example", "good-example")
        ),
        (
            "    given: $.info\n    then: {function: truthy}\n    references: [1]\n",
            "custom-rules.r.references: expected a list of requirement ids",
        ),
        (
            "    given: $.info\n    then: {function: truthy}\n    message: ' '\n",
            "custom-rules.r.message: expected text",
        ),
    ],
)
def test_custom_rule_errors(
    rule: str,
    message: str,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _error(tmp_path, rule, capsys) == f"oaslint: error: c.yaml: {message}\n"


def test_a_node_two_paths_match_is_checked_once_and_later_nodes_still_are(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    rule = (
        "    given: [\"$.paths['/a']\", '$.paths[*]']\n"
        "    then: {field: summary, function: defined}\n"
    )
    found = _findings(tmp_path, rule, capsys)
    assert [(f["pointer"], f["message"]) for f in found] == [
        ("/paths/~1a", "`summary` is missing"),
        ("/paths/~1b", "`summary` is missing"),
    ]


def test_a_key_that_must_not_be_there_is_shown_at_the_key_after_the_title(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    rule = (
        "    given: $.paths[*]\n    title: No internal flags\n"
        "    then: {field: x-internal, function: undefined}\n"
    )
    (found,) = _findings(tmp_path, rule, capsys)
    assert (found["line"], found["column"]) == (5, 5)  # the key, not the value (column 17)
    assert found["message"] == "No internal flags: `x-internal` must not be present"


def test_fields_are_read_through_references(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    rule = (
        "    given: $.paths[*].get.responses[*]\n    then: {field: description, function: truthy}\n"
    )
    assert _findings(tmp_path, rule, capsys) == []


def _custom(tmp_path: Any, rules_yaml: str, config: str = "c.yaml") -> list[Any]:
    path = tmp_path / config
    path.write_text("custom-rules:\n" + rules_yaml)
    cfg = build_config(read_config_file(str(path)), all_rules(), str(path))
    return with_config_rules([], cfg)


def test_a_custom_rule_restores_the_garbage_collector(tmp_path: Any) -> None:
    (rule,) = _custom(tmp_path, "  r: {given: $.info, then: {function: truthy, field: title}}\n")
    (tmp_path / "api.yaml").write_text(API)
    assert gc.isenabled()
    Linter([rule]).lint_document(Document.load(str(tmp_path / "api.yaml")))
    assert gc.isenabled()


def test_the_description_says_how_the_rule_checks(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (rule,) = _custom(
        tmp_path,
        "  r:\n    given: [$.info, '$.paths[*]']\n    then:\n"
        "      - {function: defined, field: [contact, email]}\n"
        "      - {function: pattern, field: summary, functionOptions: {match: '^[A-Z]'}}\n"
        "      - {function: truthy}\n",
    )
    assert rule.meta.description == (
        "Custom rule defined in `c.yaml`: for every node matched by `$.info` or "
        "`$.paths[*]`, checks `defined` on `contact.email` and `pattern` on `summary` "
        'with `{"match": "^[A-Z]"}` and `truthy`.'
    )


def test_a_config_outside_the_working_directory_is_named_in_full(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "w").mkdir()
    monkeypatch.chdir(tmp_path / "w")
    (rule,) = _custom(tmp_path, "  r: {given: $.info, then: {function: truthy}}\n")
    assert rule.meta.description.startswith(f"Custom rule defined in `{tmp_path / 'c.yaml'}`:")


def test_custom_rule_error_text_with_and_without_a_file() -> None:
    bare = CustomRuleError("custom-rules[0].given", "required")
    assert (str(bare), bare.key, bare.message, bare.file) == (
        "custom-rules[0].given: required",
        "custom-rules[0].given",
        "required",
        None,
    )
    located = CustomRuleError("k", "m", "c.yaml")
    assert (str(located), located.file) == ("c.yaml: k: m", "c.yaml")


def test_fields_are_read_through_references_on_the_way(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    rule = (
        "    given: \"$.paths['/a'].get\"\n"
        "    then: {field: responses.200.description, function: truthy}\n"
    )
    assert _findings(tmp_path, rule, capsys) == []


def test_a_node_two_paths_match_counts_once(tmp_path: Any) -> None:
    (rule,) = _custom(
        tmp_path,
        "  r:\n    given: [\"$.paths['/a']\", '$.paths[*]']\n"
        "    then: {field: summary, function: defined}\n",
    )
    (tmp_path / "api.yaml").write_text(API)
    result = Linter([rule]).lint_paths([str(tmp_path / "api.yaml")])
    (run,) = result.rule_runs
    assert (run.found, len(result.findings)) == (2, 2)


def test_titles_from_the_description_or_the_id(tmp_path: Any) -> None:
    described, bare = _custom(
        tmp_path,
        "  r:\n    given: $.info\n    then: {function: truthy}\n"
        '    description: "  Needs an X.\\nMore text."\n'
        "  s: {given: $.info, then: {function: truthy}}\n",
    )
    assert (described.meta.title, bare.meta.title) == ("Needs an X", "Custom rule s")
    assert (described.meta.category, bare.meta.category) == ("custom", "custom")


def test_written_and_default_texts_of_the_rule_page(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    written, bare = _custom(
        tmp_path,
        "  r:\n    given: $.info\n    then: {function: truthy}\n    description: Does X.\n"
        "    rationale: Because.\n    bad-example: 'info: {}'\n    good-example: 'info: {x: 1}'\n"
        "  s: {given: $.info, then: {function: truthy}}\n",
    )
    how = "Custom rule defined in `c.yaml`: for every node matched by `$.info`, checks `truthy`."
    m = written.meta
    assert (m.description, m.rationale, m.bad_example, m.good_example) == (
        "Does X.\n\n" + how,
        "Because.",
        "info: {}",
        "info: {x: 1}",
    )
    m = bare.meta
    assert (m.description, m.rationale, m.bad_example, m.good_example) == (
        how,
        "Required by the project's own configuration (c.yaml).",
        "# no example given in c.yaml",
        "# no example given in c.yaml",
    )


def test_a_taken_id_in_the_mapping_form_names_the_rule_key(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "c.yaml").write_text(
        "custom-rules:\n  https-servers: {given: $.info, then: {function: truthy}}\n"
    )
    assert main(["api.yaml", "--config", "c.yaml"]) == 2
    assert capsys.readouterr().err == (
        "oaslint: error: c.yaml: custom-rules.https-servers: "
        "rule id 'https-servers' is already used by a rule from oaslint\n"
    )
