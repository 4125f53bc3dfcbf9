"""Custom rules from the configuration (``custom-rules``, :mod:`oaslint.custom`).

Fixtures live in ``tests/data/custom/<case>/``: ``config.yaml`` defines the
case's custom rules; ``bad*`` files and folders (root ``openapi.yaml``) mark
each expected finding with ``# expect: <rule-id>`` on its line, in whichever
file it is written; ``good*`` fixtures must produce no finding of those rules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from typing import Any

import pytest

from oaslint.cli import main
from oaslint.config import build_config, read_config_file
from oaslint.custom import compile_path
from oaslint.engine import Linter, LintResult
from oaslint.loader.document import Document
from oaslint.registry import all_rules, with_config_rules
from tests.harness import Key, fixture_files, fixture_root, markers

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data", "custom")


def _lint_case(case: str, fixture: str) -> tuple[Counter[Key], Counter[Key], LintResult]:
    config_path = os.path.join(DATA, case, "config.yaml")
    rules = all_rules()
    config = build_config(read_config_file(config_path), rules, config_path)
    rules = with_config_rules(rules, config)
    custom = {r.meta.id for r in rules if r.origin.startswith("config:")}
    assert custom, f"{config_path} defines no custom rule"
    config.select = tuple(sorted(custom))
    path = os.path.join(DATA, case, fixture)
    base = path if os.path.isdir(path) else os.path.dirname(path)
    result = Linter(rules, config).lint_paths([fixture_root(path)])
    expected = Counter(
        {k: n for k, n in markers(fixture_files(path), base).items() if k[0] in custom}
    )
    found: Counter[Key] = Counter()
    for f in result.findings:
        if f.rule in custom:
            found[(f.rule, os.path.relpath(f.file, base), f.line)] += 1
    return expected, found, result


def _cases(prefix: str) -> list[Any]:
    """``(case, fixture)`` pairs with readable ids (``enumeration/bad.yaml``), so -k selects."""
    out = []
    for case in sorted(os.listdir(DATA)):
        for name in sorted(os.listdir(os.path.join(DATA, case))):
            if name.startswith(prefix):
                out.append(pytest.param(case, name, id=f"{case}/{name}"))
    return out


@pytest.mark.parametrize(("case", "fixture"), _cases("bad"))
def test_bad_fixture_fires_exactly_where_marked(case: str, fixture: str) -> None:
    expected, found, result = _lint_case(case, fixture)
    assert expected, "a bad fixture needs '# expect:' markers"
    assert not [f for f in result.findings if f.rule == "internal-error"], result.findings
    assert found == expected, (
        f"\nmissing: {sorted((expected - found).elements())}"
        f"\nunexpected: {sorted((found - expected).elements())}"
    )


@pytest.mark.parametrize(("case", "fixture"), _cases("good"))
def test_good_fixture_is_silent(case: str, fixture: str) -> None:
    _, found, result = _lint_case(case, fixture)
    assert not [f for f in result.findings if f.rule == "internal-error"], result.findings
    assert not found, sorted(found.elements())
    assert result.files == 1 and not result.errors


def test_every_check_function_has_bad_and_good_fixtures() -> None:
    used: dict[str, set[str]] = {}
    for case in os.listdir(DATA):
        raw = read_config_file(os.path.join(DATA, case, "config.yaml"))["custom-rules"]
        entries = raw.values() if isinstance(raw, dict) else raw
        names = set(os.listdir(os.path.join(DATA, case)))
        assert any(n.startswith("bad") for n in names) and any(n.startswith("good") for n in names)
        for entry in entries:
            thens = entry["then"] if isinstance(entry["then"], list) else [entry["then"]]
            for then in thens:
                used.setdefault(then["function"], set()).add(case)
    from oaslint.custom import FUNCTIONS

    assert set(FUNCTIONS) <= set(used), sorted(set(FUNCTIONS) - set(used))


# ---------------------------------------------------------------------------
# Messages and the command line
# ---------------------------------------------------------------------------

API = """\
openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets:
    get:
      operationId: list_pets
      responses: {'200': {description: ok}}
"""
CONFIG = """\
select: [operation-id-camel-case]
rules:
  operation-id-camel-case: error
custom-rules:
  - id: operation-id-camel-case
    title: operationIds are camelCase
    description: Code generators turn operationIds into method names.
    references: [API-STYLE-4]
    message: "{{property}} {{value}} at {{path}} is not camelCase: {{error}}"
    given: "$.paths[*][get,put,post,delete,patch].operationId"
    then:
      function: pattern
      functionOptions: {match: "^[a-z][a-zA-Z0-9]*$"}
"""


@pytest.fixture
def project(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / ".oaslint.yaml").write_text(CONFIG)
    return tmp_path


def test_message_placeholders_and_config_severity_before_definition(
    project: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `select` and `rules` name the custom rule before `custom-rules` defines it
    assert main(["api.yaml"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "api.yaml:6:20: error [operation-id-camel-case] operationId list_pets at "
        "$.paths['/pets'].get.operationId is not camelCase: 'list_pets' does not match "
        "`^[a-z][a-zA-Z0-9]*$`"
    )


def test_custom_rules_are_listed_explained_and_selectable(
    project: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules"]) == 0
    line = [
        x for x in capsys.readouterr().out.splitlines() if x.startswith("operation-id-camel-case")
    ]
    assert line == [
        "operation-id-camel-case     warning  operationIds are camelCase  (API-STYLE-4)  "
        "[config:.oaslint.yaml]"
    ] or line[0].endswith("(API-STYLE-4)  [config:.oaslint.yaml]")
    assert main(["explain", "operation-id-camel-case"]) == 0
    page = capsys.readouterr().out
    assert "# `operation-id-camel-case`" in page
    assert "Code generators turn operationIds into method names." in page
    assert "- **Provided by:** config:.oaslint.yaml" in page
    assert "`$.paths[*][get,put,post,delete,patch].operationId`" in page
    assert main(["api.yaml", "--ignore", "operation-id-camel-case"]) == 0
    capsys.readouterr()
    assert main(["api.yaml", "--select", "operation-id-camel-case", "--format", "json"]) == 1
    finding = json.loads(capsys.readouterr().out)["findings"][0]
    assert (
        finding["rule"],
        finding["line"],
        finding["column"],
        finding["severity"],
        finding["pointer"],
    ) == ("operation-id-camel-case", 6, 20, "error", "/paths/~1pets/get/operationId")
    assert finding["references"] == ["API-STYLE-4"]


def test_custom_rules_can_be_turned_off_and_suppressed(
    project: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (project / ".oaslint.yaml").write_text(
        CONFIG.replace("operation-id-camel-case: error", "operation-id-camel-case: off")
    )
    assert main(["api.yaml"]) == 0
    capsys.readouterr()
    (project / ".oaslint.yaml").write_text(CONFIG)
    (project / "api.yaml").write_text(
        API.replace(
            "      operationId: list_pets\n",
            "      operationId: list_pets\n"
            "      x-oaslint-ignore: {operation-id-camel-case: generated client expects it}\n",
        )
    )
    assert main(["api.yaml"]) == 0
    assert "0 findings" in capsys.readouterr().out


def test_pyproject_configuration(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.oaslint]\nselect = ['contact']\n\n"
        "[[tool.oaslint.custom-rules]]\n"
        "id = 'contact'\ngiven = '$.info'\n"
        "then = {field = 'contact', function = 'defined'}\n"
    )
    assert main(["api.yaml", "--fail-on", "warning"]) == 1
    assert capsys.readouterr().out.startswith(
        "api.yaml:2:1: warning [contact] `contact` is missing"
    )


@pytest.mark.parametrize(
    ("rules_yaml", "key", "message"),
    [
        (
            "- id: r\n  given: '$.paths[*'\n  then: {function: truthy}\n",
            "custom-rules[0].given",
            "invalid JSONPath '$.paths[*': ",
        ),
        (
            "- id: r\n  given: ['$.info', '$..x[?(@.a)']\n  then: {function: truthy}\n",
            "custom-rules[0].given[1]",
            "invalid JSONPath",
        ),
        (
            "- id: r\n  given: paths.x\n  then: {function: truthy}\n",
            "custom-rules[0].given",
            "'paths.x' must start at the document root '$'",
        ),
        (
            "- id: r\n  given: '$.a.`parent`'\n  then: {function: truthy}\n",
            "custom-rules[0].given",
            "'$.a.`parent`': the JSONPath construct ``parent`` (Parent) is not supported; "
            "supported: $, @,",
        ),
        (
            "- id: r\n  given: $.info\n  then: {function: exists}\n",
            "custom-rules[0].then.function",
            "unknown function 'exists' (expected one of truthy,",
        ),
        (
            "- id: r\n  given: $.info\n  then: [{function: truthy}, {function: pattern}]\n",
            "custom-rules[0].then[1].functionOptions",
            "pattern needs match or notMatch",
        ),
        (
            "- id: r\n  given: $.info\n"
            "  then: {function: pattern, functionOptions: {match: '('}}\n",
            "custom-rules[0].then.functionOptions.match",
            "invalid regular expression '('",
        ),
        (
            "- id: r\n  given: $.info\n  then: {function: notPattern, functionOptions: {}}\n",
            "custom-rules[0].then.functionOptions.match",
            "required by notPattern",
        ),
        (
            "- id: r\n  given: $.info\n  then: {function: length, functionOptions: {min: -1}}\n",
            "custom-rules[0].then.functionOptions.min",
            "expected a whole number >= 0",
        ),
        (
            "- id: r\n  given: $.info\n"
            "  then: {function: length, functionOptions: {min: 3, max: 1}}\n",
            "custom-rules[0].then.functionOptions",
            "min is larger than max",
        ),
        (
            "- id: r\n  given: $.info\n  then: {function: truthy, functionOptions: {match: x}}\n",
            "custom-rules[0].then.functionOptions.match",
            "unknown option for truthy (allowed: none)",
        ),
        (
            "- id: r\n  given: $.info\n"
            "  then: {function: enumeration, functionOptions: {values: []}}\n",
            "custom-rules[0].then.functionOptions.values",
            "expected a non-empty list of scalars",
        ),
        (
            "- id: r\n  given: $.info\n"
            "  then: {function: schema, functionOptions: {schema: {type: 7}}}\n",
            "custom-rules[0].then.functionOptions.schema",
            "invalid JSON Schema: ",
        ),
        (
            "- id: r\n  given: $.info\n  then: {function: truthy, fld: x}\n",
            "custom-rules[0].then.fld",
            "unknown key (expected field, function, functionOptions)",
        ),
        ("- id: r\n  given: $.info\n", "custom-rules[0].then", "required"),
        ("- given: $.info\n  then: {function: truthy}\n", "custom-rules[0].id", "required"),
        (
            "- id: My_Rule\n  given: $.info\n  then: {function: truthy}\n",
            "custom-rules[0].id",
            "'My_Rule' is not a lower-case slug",
        ),
        (
            "- id: https-servers\n  given: $.info\n  then: {function: truthy}\n",
            "custom-rules[0].id",
            "rule id 'https-servers' is already used by a rule from oaslint",
        ),
        (
            "- {id: r, given: $.info, then: {function: truthy}}\n"
            "- {id: r, given: $.info, then: {function: falsy}}\n",
            "custom-rules[1].id",
            "rule id 'r' is already used by a rule from config:",
        ),
        (
            "- id: r\n  given: $.info\n  then: {function: truthy}\n  severity: fatal\n",
            "custom-rules[0].severity",
            "unknown severity 'fatal'",
        ),
        (
            "- id: r\n  given: $.info\n  then: {function: truthy}\n  message: 'bad {{valeu}}'\n",
            "custom-rules[0].message",
            "unknown placeholder {{valeu}} (known: {{value}},",
        ),
        (
            "- id: r\n  given: $.info\n  then: {function: truthy}\n  recommended: true\n",
            "custom-rules[0].recommended",
            "unknown key (expected id, given, then,",
        ),
        (
            "  r:\n    id: s\n    given: $.info\n    then: {function: truthy}\n",
            "custom-rules.r.id",
            "differs from the key 'r'",
        ),
        (
            "  r: {given: $.info, then: {function: truthy}, resolved: maybe}\n",
            "custom-rules.r.resolved",
            "expected true or false",
        ),
    ],
)
def test_config_errors_name_the_file_and_the_key(
    rules_yaml: str,
    key: str,
    message: str,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API)
    mapping_form = rules_yaml.startswith("  ")
    (tmp_path / "custom.yaml").write_text(
        "custom-rules:\n"
        + (
            rules_yaml
            if mapping_form
            else "".join("  " + line + "\n" for line in rules_yaml.splitlines())
        )
    )
    for argv in (["api.yaml", "--config", "custom.yaml"],):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"oaslint: error: custom.yaml: {key}: {message}"), err
        assert err.count("\n") == 1


def test_broken_configuration_stops_rules_and_explain(
    project: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (project / ".oaslint.yaml").write_text(
        "custom-rules:\n  - {id: r, given: '$[', then: {function: truthy}}\n"
    )
    for argv in (["rules"], ["explain", "https-servers"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("oaslint: error: ")
        assert ".oaslint.yaml: custom-rules[0].given: invalid JSONPath" in err


def test_custom_rules_key_must_be_a_list_or_mapping(
    project: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (project / ".oaslint.yaml").write_text("custom-rules: 3\n")
    assert main(["api.yaml"]) == 2
    assert capsys.readouterr().err.endswith(
        ".oaslint.yaml: custom-rules: expected a list of rules (or a mapping of rule id to rule)\n"
    )


# ---------------------------------------------------------------------------
# The evaluator
# ---------------------------------------------------------------------------

TREE = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: x, in: query}
        - {name: y, in: header}
        - {$ref: '#/components/parameters/Z'}
      responses: {'200': {description: ok}}
    post:
      responses: {'200': {description: ok}}
components:
  parameters:
    Z: {name: z, in: query, required: true}
  schemas:
    A: {type: object, properties: {self: {$ref: '#/components/schemas/A'}}}
    B: {type: string, maxLength: 10}
"""


@pytest.fixture(scope="module")
def tree_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("tree") / "api.yaml"
    path.write_text(TREE)
    return Document.load(str(path))


@pytest.mark.parametrize(
    ("path", "pointers"),
    [
        ("$.paths[*][get,post]", ["/paths/~1a/get", "/paths/~1a/post"]),
        ("$.paths.*.*", ["/paths/~1a/get", "/paths/~1a/post"]),
        ("$['paths']['/a'].get.parameters[0].name", ["/paths/~1a/get/parameters/0/name"]),
        ("$.paths[*].get.parameters[-1].name", ["/components/parameters/Z/name"]),
        (
            "$.paths[*].get.parameters[0:2].in",
            ["/paths/~1a/get/parameters/0/in", "/paths/~1a/get/parameters/1/in"],
        ),
        (
            "$.paths[*].get.parameters[?(@.in == 'query')].name",
            ["/paths/~1a/get/parameters/0/name", "/components/parameters/Z/name"],
        ),
        (
            "$.paths[*].get.parameters[?(@.in != 'query')].name",
            ["/paths/~1a/get/parameters/1/name"],
        ),
        (
            "$.paths[*].get.parameters[?(@.required == true)].name",
            ["/components/parameters/Z/name"],
        ),
        ("$.paths[*].get.parameters[?(@.required)].name", ["/components/parameters/Z/name"]),
        (
            "$.paths[*].get.parameters[?(@.name =~ '^[xy]$' && @.in == 'header')]",
            ["/paths/~1a/get/parameters/1"],
        ),
        ("$.components.schemas[?(@.maxLength > 5)]", ["/components/schemas/B"]),
        ("$.components.schemas[?(@.maxLength < 5)]", []),
        (
            "$..parameters[*].name",  # each written node once, though Z is reached twice
            [
                "/paths/~1a/get/parameters/0/name",
                "/paths/~1a/get/parameters/1/name",
                "/components/parameters/Z/name",
            ],
        ),
        ("$..properties.self.type", ["/components/schemas/A/type"]),  # a cycle ends
        ("$.nothing[*].here", []),
    ],
)
def test_paths_match_the_written_nodes(tree_doc: Document, path: str, pointers: list[str]) -> None:
    found = compile_path(path).find(tree_doc, resolved=True)
    assert sorted(m.loc.pointer for m in found) == sorted(pointers)


def test_unresolved_view_sees_ref_objects(tree_doc: Document) -> None:
    found = compile_path("$..['$ref']").find(tree_doc, resolved=False)
    assert sorted(m.value for m in found) == ["#/components/parameters/Z", "#/components/schemas/A"]
    assert compile_path("$..['$ref']").find(tree_doc, resolved=True) == []


def test_jsonpath_ng_is_not_imported_without_custom_rules(tmp_path: Any) -> None:
    code = (
        "import sys\n"
        "from oaslint.cli import main\n"
        f"main([{os.path.join(REPO, 'samples', 'petstore-insecure.yaml')!r}])\n"
        "assert 'jsonpath_ng' not in sys.modules, 'jsonpath_ng imported'\n"
        "assert 'oaslint.custom' not in sys.modules, 'oaslint.custom imported'\n"
    )
    env = {**os.environ, "PYTHONPATH": REPO}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


BOUNDARIES = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  parameters:
    One: {name: one, in: query, required: 1}
    Yes: {name: yes, in: query, required: true}
  schemas:
    Nine: {type: string, maxLength: 9}
    Ten: {type: string, maxLength: 10}
    Eleven: {type: string, maxLength: 11}
"""


@pytest.mark.parametrize(
    ("path", "names"),
    [
        # each comparison at its boundary (mutation survivors: `<` behaving as `<=`)
        ("$.components.schemas[?(@.maxLength < 10)]", ["Nine"]),
        ("$.components.schemas[?(@.maxLength <= 10)]", ["Nine", "Ten"]),
        ("$.components.schemas[?(@.maxLength > 10)]", ["Eleven"]),
        ("$.components.schemas[?(@.maxLength >= 10)]", ["Eleven", "Ten"]),
        ("$.components.schemas[?(@.maxLength == 10)]", ["Ten"]),
        ("$.components.schemas[?(@.maxLength != 10)]", ["Eleven", "Nine"]),
        # true is a boolean, not the number 1 (nor 1 true)
        ("$.components.parameters[?(@.required == true)]", ["Yes"]),
        ("$.components.parameters[?(@.required == 1)]", ["One"]),
        ("$.components.parameters[?(@.required != true)]", ["One"]),
        # a string never compares with a number
        ("$.components.schemas[?(@.type < 10)]", []),
    ],
)
def test_filter_comparisons_at_their_boundaries(
    tmp_path_factory: pytest.TempPathFactory, path: str, names: list[str]
) -> None:
    file = tmp_path_factory.mktemp("bounds") / "api.yaml"
    file.write_text(BOUNDARIES)
    found = compile_path(path).find(Document.load(str(file)), resolved=True)
    assert sorted(m.loc.pointer.rsplit("/", 1)[1] for m in found) == names
