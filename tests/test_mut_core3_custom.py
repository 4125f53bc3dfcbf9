"""Survivors of the complete mutation run of ``oaslint.custom.checks``, ``evaluate`` and
``jsonpath`` (tests/README.md, "Session 10"), killed through the public functions
(``compile_path``, ``parse``, the rule a custom rule becomes, the CLI in-process)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from oaslint.cli import main
from oaslint.custom import jsonpath as jp
from oaslint.custom.evaluate import compile_path
from oaslint.loader.document import Document

# `..` over the resolved view. Children are walked in reverse document order, so
# `x-first` is walked before `x-deep`, its `$ref`s a (first) and b (again) before its
# containers, and `target` (reached through a) before `after`.
DESCEND = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
x-first:
  f: {properties: {f: 1}}
  e: {$ref: '#/info/title'}
  d: {$ref: '#/x-missing'}
  c: {properties: {c: 1}}
  b: {$ref: '#/x-deep/inner/target'}
  a: {$ref: '#/x-deep/inner/target'}
x-deep:
  inner:
    after: {properties: {after: 1}}
    target: {properties: {t: 1}}
"""


def _doc(tmp_path: Path, text: str, name: str = "api.yaml") -> Document:
    (tmp_path / name).write_text(text)
    return Document.load(str(tmp_path / name))


def _pointers(doc: Document, path: str, resolved: bool = True) -> list[str]:
    return sorted(m.loc.pointer for m in compile_path(path).find(doc, resolved))


def test_descent_visits_each_written_node_once_past_refs(tmp_path: Path) -> None:
    doc = _doc(tmp_path, DESCEND)
    # every `properties` once: the target reached by two `$ref`s and then as written,
    # and the siblings after a repeated, a broken and a scalar `$ref`
    assert _pointers(doc, "$..properties") == [
        "/x-deep/inner/after/properties",
        "/x-deep/inner/target/properties",
        "/x-first/c/properties",
        "/x-first/f/properties",
    ]


def test_descent_names_the_entry_of_a_followed_ref(tmp_path: Path) -> None:
    (tmp_path / "pet.yaml").write_text("type: object\nproperties: {name: {type: string}}\n")
    doc = _doc(
        tmp_path,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "x-holder:\n  pet: {$ref: 'pet.yaml'}\n",
    )
    (m,) = compile_path("$..properties").find(doc, True)
    assert m.path() == "$.x-holder.pet.properties"
    assert m.loc.file.endswith("pet.yaml") and m.loc.pointer == "/properties"
    assert m.parent is not None and m.parent.entry.pointer == "/x-holder/pet"


# ---------------------------------------------------------------------------
# jsonpath: errors and the `&&` rewrite for parsers before 1.13
# ---------------------------------------------------------------------------


def test_syntax_errors_keep_their_message_and_position() -> None:
    with pytest.raises(jp.JSONPathSyntaxError) as err:
        jp.parse("info.title")
    assert err.value.message == str(err.value) == "'info.title' must start at the document root '$'"
    assert err.value.position == 0
    with pytest.raises(jp.JSONPathSyntaxError) as err:
        jp.parse("$.a | $.b")
    assert err.value.message == str(err.value)
    assert err.value.position == 4


@pytest.mark.parametrize(
    ("text", "rewritten"),
    [
        ("$[?(@.a == 'x&&y' && @.b)]", "$[?(@.a == 'x&&y' & @.b)]"),
        ("$.X[?(@.a && @.b)]", "$.X[?(@.a & @.b)]"),  # X is no quote
        ("$[?(@.a == '' && @.b)]", "$[?(@.a == '' & @.b)]"),  # an empty string
        ("$[?(@.a == 'x\\'' && @.b)]", "$[?(@.a == 'x\\'' & @.b)]"),  # an escaped quote last
        ("$['a&&", "$['a&&"),  # a quote never closed
        ('$[?(@.a == "q&&" && @.b)]', '$[?(@.a == "q&&" & @.b)]'),
    ],
)
def test_double_ampersand_outside_strings_becomes_one(text: str, rewritten: str) -> None:
    assert jp._without_double_ampersand(text) == rewritten


def test_a_parser_without_double_ampersand_gets_one(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = jp.parse("$.paths[?(@.a == 'x' && @.b)]")
    monkeypatch.setattr(jp, "_HAS_AND", False)
    seen: list[str] = []
    parser = jp._parser()

    class Spy:
        def parse(self, text: str) -> Any:
            seen.append(text)
            return parser.parse(text.replace(" & ", " && "))

    monkeypatch.setattr(jp, "_PARSER", Spy())
    assert jp.parse("$.paths[?(@.a == 'x' && @.b)]") == expected
    assert seen == ["$.paths[?(@.a == 'x' & @.b)]"]


# ---------------------------------------------------------------------------
# checks: schemas may not fetch remote references
# ---------------------------------------------------------------------------

API = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"


def test_a_schema_with_a_remote_ref_is_refused_without_fetching(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "c.yaml").write_text(
        "custom-rules:\n  r:\n    given: $.info\n    then:\n      function: schema\n"
        "      functionOptions:\n        schema: {$ref: 'https://example.invalid/s.json'}\n"
    )
    assert main(["api.yaml", "--config", "c.yaml", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "oaslint: error: c.yaml: custom-rules.r.then.functionOptions.schema: invalid JSON "
        "Schema: Resource 'https://example.invalid/s.json' is not present in a registry and "
        "retrieving it failed: ValueError: https://example.invalid/s.json: custom-rule "
        "schemas may not fetch remote $refs\n"
    )


def _findings(tmp_path: Path, capsys: pytest.CaptureFixture[str], api: str, rule: str) -> Any:
    (tmp_path / "api.yaml").write_text(api)
    (tmp_path / "c.yaml").write_text(rule)
    args = ["api.yaml", "--config", "c.yaml", "-f", "json", "--fail-on", "never", "--no-cache"]
    assert main(args) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)["findings"]


# ---------------------------------------------------------------------------
# checks and filters over one document: values shown, fields, keys, $refs
# ---------------------------------------------------------------------------

VALUES = f"""\
openapi: 3.0.3
info:
  title: Pets
  version: '1'
  x-n: 5
  x-exact: "{"a" * 80}"
  x-long: "{"b" * 81}"
  x-obj: {{b: 1, a: [1, 2]}}
  x-date: {{d: 2020-01-01}}
  x-null: null
  x-flag: true
paths:
  /a:
    $ref: 'paths.yaml'
  x-list: [p, q]
  x-items:
    - {{v: null, w: 1}}
    - {{v: 'null', w: 2}}
    - {{v: 1, w: 3}}
    - {{v: 2, w: {{$ref: '#/info/title'}}}}
    - {{v: {{$ref: '#/info/version'}}, w: {{$ref: '#/nope'}}}}
x-a: {{properties: {{a: 1}}}}
x-b: {{properties: {{b: 1}}}}
"""
PATH_ITEM = "get:\n  responses: {'200': {description: ok}}\n"
RULES = """\
select: [r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11]
custom-rules:
  r1:
    given: $.info
    then: {field: x-n, function: enumeration, functionOptions: {values: [1, two, null, true]}}
    message: '{{error}}'
  r2:
    given: $.info
    then:
      - {field: x-long, function: pattern, functionOptions: {match: '^z'}}
      - {field: x-exact, function: pattern, functionOptions: {match: '^z'}}
    message: '{{error}}'
  r3:
    given: $.info
    then:
      - {field: x-obj, function: enumeration, functionOptions: {values: [1]}}
      - {field: x-date, function: enumeration, functionOptions: {values: [1]}}
    message: '{{error}}'
  r4: {given: $, then: {function: falsy}, message: '{{error}}'}
  r5: {given: $, then: {field: '@key', function: truthy}, message: '{{error}}'}
  r6:
    given: $.paths
    then:
      - {field: x-list.1, function: pattern, functionOptions: {match: '^z'}}
      - {field: x-list.2, function: truthy}
      - {field: x-items.0.v, function: truthy}
    message: '{{error}}'
  r7:
    given: $.info
    then:
      - {field: x-obj.0, function: defined}
      - {field: x-null, function: truthy}
      - {field: x-flag, function: falsy}
    message: '{{error}}'
  r8:
    given: $.paths[*]
    then: {function: length, functionOptions: {max: 0}}
    message: '{{error}}'
  r9: {given: $.paths, then: {field: /a, function: undefined}, message: '{{error}}'}
  r10:
    given: $.paths[*]
    then: {field: '@key', function: pattern, functionOptions: {match: '^z'}}
    message: '{{error}}'
  r11:
    given: $.info
    then:
      - {field: title, function: notPattern, functionOptions: {match: 'e'}}
      - {field: title, function: length, functionOptions: {max: 1}}
      - field: x-obj
        function: schema
        functionOptions: {schema: {properties: {a: {items: {type: string}}}}}
    message: '{{error}}'
"""


def test_checks_show_values_and_locate_fields_keys_and_refs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "paths.yaml").write_text(PATH_ITEM)
    found = _findings(tmp_path, capsys, VALUES, RULES)
    got = [(f["rule"], f["file"], f["line"], f["column"], f["message"]) for f in found]
    got = [g for g in got if g[0] != "resolvable-refs"]  # the broken $ref '#/nope'
    assert sorted(got) == sorted(
        [
            ("r4", "api.yaml", 1, 1, "`$` must be absent, empty or false"),
            ("r5", "api.yaml", 1, 1, "`` is missing"),
            ("r11", "api.yaml", 3, 10, "'Pets' matches `e`"),
            ("r11", "api.yaml", 3, 10, "`title` has 4 characters, more than the maximum of 1"),
            ("r11", "api.yaml", 8, 21, '`x-obj.a[0]`: 1 is not of type "string"'),
            ("r11", "api.yaml", 8, 24, '`x-obj.a[1]`: 2 is not of type "string"'),
            ("r1", "api.yaml", 5, 8, "'5' is not one of: 1, two, null, true"),
            ("r2", "api.yaml", 6, 12, f"'{'a' * 80}' does not match `^z`"),
            ("r2", "api.yaml", 7, 11, f"'{'b' * 77}...' does not match `^z`"),
            ("r3", "api.yaml", 8, 3, """'{"b":1,"a":[1,2]}' is not one of: 1"""),
            ("r7", "api.yaml", 8, 3, "`0` is missing"),
            ("r3", "api.yaml", 9, 3, """'{"d":"2020-01-01"}' is not one of: 1"""),
            ("r7", "api.yaml", 10, 11, "`x-null` is empty or false"),
            ("r7", "api.yaml", 11, 3, "`x-flag` must be absent, empty or false"),
            ("r10", "api.yaml", 13, 3, "'/a' does not match `^z`"),
            ("r9", "api.yaml", 13, 3, "`/a` must not be present"),
            ("r6", "api.yaml", 15, 3, "`2` is missing"),
            ("r8", "api.yaml", 15, 3, "`x-list` has 2 items, more than the maximum of 0"),
            ("r10", "api.yaml", 15, 3, "'x-list' does not match `^z`"),
            ("r6", "api.yaml", 15, 15, "'q' does not match `^z`"),
            ("r8", "api.yaml", 16, 3, "`x-items` has 5 items, more than the maximum of 0"),
            ("r10", "api.yaml", 16, 3, "'x-items' does not match `^z`"),
            ("r6", "api.yaml", 17, 11, "`v` is empty or false"),
            ("r8", "paths.yaml", 1, 1, "`/a` has 1 entries, more than the maximum of 0"),
        ]
    )


@pytest.mark.parametrize(
    ("path", "pointers"),
    [
        # 'null' also matches a null value: jsonpath-ng 1.8 reads the literal null as 'null'
        ("$.paths.x-items[?(@.v == 'null')]", ["/0", "/1"]),
        ("$.paths.x-items[?(@.v = 1)]", ["/2"]),  # `=` is `==`
        ("$.paths.x-items[?(@.w == 'Pets')]", ["/3"]),  # through a $ref
        ("$.paths.x-items[?(@.v == '1')]", ["/4"]),  # through a $ref
        ("$.paths.x-items[?(@.w)]", ["/0", "/1", "/2", "/3"]),  # not the broken $ref
        ("$.paths.x-items[?(@.w.x == 1)]", []),  # w is no mapping
        ("$.paths.x-items[?(@['v','w'] == 3)]", ["/2"]),  # either name
        ("$.paths.x-items[?(@[0] == 1)]", []),
    ],
)
def test_filters(tmp_path: Path, path: str, pointers: list[str]) -> None:
    doc = _doc(tmp_path, VALUES)
    assert _pointers(doc, path) == [f"/paths/x-items{p}" for p in pointers]


@pytest.mark.parametrize(
    ("path", "pointers"),
    [
        ("$.paths.x-list.1", ["/paths/x-list/1"]),
        ("$.paths.x-list.2", []),  # one past the end
        ("$.paths.x-list[-2]", ["/paths/x-list/0"]),
        ("$.paths.x-list[-3]", []),
    ],
)
def test_names_and_indices_of_arrays(tmp_path: Path, path: str, pointers: list[str]) -> None:
    assert _pointers(_doc(tmp_path, VALUES), path) == pointers


def test_descent_from_several_starts_and_through_lists(tmp_path: Path) -> None:
    doc = _doc(tmp_path, VALUES)
    assert _pointers(doc, "$['x-a','x-b']..properties") == ["/x-a/properties", "/x-b/properties"]
    paths = [m.path() for m in compile_path("$..w").find(doc, True)]
    assert "$.paths.x-items[0].w" in paths and "$.paths.x-items[3].w" in paths
