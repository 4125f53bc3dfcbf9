"""Custom rules: the configuration errors and value shapes the other tests do not reach.

Every case goes through the command line (``oaslint api.yaml --config custom.yaml``), as a
user meets it: an error names the file and the key and ends the run with exit 2; a rule
reports the exact message at the exact line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oaslint.cli import main

API = """\
openapi: 3.0.3
info:
  title: T
  version: 1
  contact: {name: x}
servers:
  - url: http://a.example
paths:
  /a: {get: {responses: {'200': {description: ok}}}}
  /b: {get: {responses: {'200': {description: ok}}}}
"""


def _write(folder: Path, rules: str) -> None:
    (folder / "api.yaml").write_text(API)
    (folder / "custom.yaml").write_text(
        "custom-rules:\n" + "".join("  " + line + "\n" for line in rules.splitlines())
    )


@pytest.mark.parametrize(
    ("rules", "key", "message"),
    [
        ("- just text\n", "custom-rules[0]", "expected a mapping with id, given, then, ..."),
        (
            "- {id: r, given: [], then: {function: truthy}}\n",
            "custom-rules[0].given",
            "expected a JSONPath expression or a list of them",
        ),
        (
            "- {id: r, given: 3, then: {function: truthy}}\n",
            "custom-rules[0].given",
            "expected a JSONPath expression or a list of them",
        ),
        (
            "- {id: r, given: '  ', then: {function: truthy}}\n",
            "custom-rules[0].given",
            "expected a JSONPath expression such as $.paths[*][get,post]",
        ),
        (
            "- {id: r, given: $.info, then: []}\n",
            "custom-rules[0].then",
            "expected at least one check",
        ),
        (
            "- {id: r, given: $.info, then: [truthy]}\n",
            "custom-rules[0].then[0]",
            "expected a mapping with function, and optionally field and functionOptions",
        ),
        (
            "- {id: r, given: $.info, then: {function: truthy}, message: '  '}\n",
            "custom-rules[0].message",
            "expected text",
        ),
        (
            "- {id: r, given: $.info, then: {function: truthy}, references: [1]}\n",
            "custom-rules[0].references",
            "expected a list of requirement ids",
        ),
        (
            "- {id: r, given: $.info, then: {function: truthy}, description: [a]}\n",
            "custom-rules[0].description",
            "expected text",
        ),
        (
            "- {id: r, given: $.info, then: {function: truthy, field: 3}}\n",
            "custom-rules[0].then.field",
            "expected a property name, a dotted path (a.b), a list of names, or @key",
        ),
        (
            "- {id: r, given: $.info, then: {function: truthy, field: [a, '']}}\n",
            "custom-rules[0].then.field",
            "expected a property name, a dotted path (a.b), a list of names, or @key",
        ),
        (
            "- {id: r, given: $.info, then: {function: truthy, functionOptions: [1]}}\n",
            "custom-rules[0].then.functionOptions",
            "expected a mapping",
        ),
        (
            "- {id: r, given: $.info, then: {function: pattern, functionOptions: {match: 3}}}\n",
            "custom-rules[0].then.functionOptions.match",
            "expected a regular expression",
        ),
        (
            "- {id: r, given: $.info, then: {function: length, functionOptions: {}}}\n",
            "custom-rules[0].then.functionOptions",
            "length needs min, max or both",
        ),
        (
            "- {id: r, given: $.info, then: {function: length, functionOptions: {max: true}}}\n",
            "custom-rules[0].then.functionOptions.max",
            "expected a whole number >= 0",
        ),
        (
            "- {id: r, given: $.info, then: {function: schema, functionOptions: {schema: 3}}}\n",
            "custom-rules[0].then.functionOptions.schema",
            "expected a JSON Schema (a mapping)",
        ),
        (
            "- {id: r, given: \"$.paths[?(@.x =~ '(')]\", then: {function: truthy}}\n",
            "custom-rules[0].given",
            "invalid regular expression",
        ),
    ],
)
def test_custom_rule_configuration_errors(
    rules: str,
    key: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, rules)
    assert main(["api.yaml", "--config", "custom.yaml"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"oaslint: error: custom.yaml: {key}: "), captured.err
    assert message in captured.err
    assert captured.err.count("\n") == 1


VALUE_SHAPES = """\
- id: few-paths
  given: $.paths
  then: {function: length, functionOptions: {max: 1}}
  references: NORA-1
- id: version-v
  given: $.info
  then: {field: version, function: pattern, functionOptions: {match: '^v'}}
- id: contact-enum
  given: $.info
  then: {field: contact, function: enumeration, functionOptions: {values: [a, 1, true, null]}}
  message: 'contact {{value}} bad'
- id: first-server-https
  given: $
  then: {field: servers.0.url, function: pattern, functionOptions: {match: '^https:'}}
- id: contact-name
  given: $
  then: {field: [info, contact, name], function: truthy, functionOptions: null}
- id: len-number
  given: $.info.version
  then: {function: length, functionOptions: {min: 5}}
- id: pattern-mapping
  given: $.info
  then: {function: pattern, functionOptions: {match: x}}
"""


def test_custom_rules_on_numbers_mappings_and_list_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """length counts a mapping's entries; pattern reads a number as its JSON text and skips
    a mapping; {{value}} shows a mapping as compact JSON; a field path steps into a list by
    index and a list-form field names each step; a string ``references`` is one id."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, VALUE_SHAPES)
    custom = "few-paths,version-v,contact-enum,first-server-https,contact-name,len-number"
    select = custom + ",pattern-mapping"
    code = main(["api.yaml", "--config", "custom.yaml", "--format", "json", "--select", select])
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    mine = [
        (f["rule"], f["line"], f["column"], f["message"])
        for f in report["findings"]
        if f["rule"] in [*custom.split(","), "pattern-mapping"]
    ]
    assert mine == [
        ("version-v", 4, 12, "'1' does not match `^v`"),
        ("contact-enum", 5, 3, 'contact {"name":"x"} bad'),
        ("first-server-https", 7, 10, "'http://a.example' does not match `^https:`"),
        ("few-paths", 8, 1, "`paths` has 2 entries, more than the maximum of 1"),
    ]
    (tmp_path / ".oaslint.yaml").write_text((tmp_path / "custom.yaml").read_text())
    assert main(["explain", "few-paths"]) == 0
    assert "NORA-1" in capsys.readouterr().out


def test_schema_errors_inside_a_list_name_the_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(
        tmp_path,
        "- id: described-servers\n  given: $\n  then:\n    field: servers\n    function: schema\n"
        "    functionOptions: {schema: {type: array, items: {required: [description]}}}\n",
    )
    args = ["api.yaml", "--config", "custom.yaml", "--format", "json"]
    assert main([*args, "--select", "described-servers"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [
        (f["line"], f["column"], f["message"])
        for f in report["findings"]
        if f["rule"] == "described-servers"
    ] == [(7, 5, '`servers[0]`: "description" is a required property')]
