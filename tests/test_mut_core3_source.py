"""Mutation survivors of ``oaslint.loader.source``'s parsing (session 10): the caps on
hostile YAML and JSON (nodes, containers, depth, alias expansion, long aliased strings)
at their limits and with their exact messages and positions, scalar resolution, merge
keys, duplicate keys, lone surrogates and the spans of keys, values and items."""

from __future__ import annotations

import math
from typing import Any

import pytest

from oaslint.loader import source
from oaslint.loader.source import LoadError, parse_text
from oaslint.model import Span


def _yaml(text: str) -> source.SourceFile:
    return parse_text(text, "t.yaml", "/t.yaml")


def _error(text: str, abspath: str = "/t.yaml") -> tuple[str, int, int]:
    with pytest.raises(LoadError) as e:
        parse_text(text, "t", abspath)
    return e.value.message, e.value.line, e.value.column


def test_json_or_yaml_by_name_and_first_character() -> None:
    assert parse_text('{"a": 1}', "t", "/t.yaml").is_json
    assert parse_text('  \n["a"]', "t", "/t.yaml").is_json
    assert parse_text('{"a": 1}', "t", "/T.JSON").is_json
    assert not parse_text("a: 1\n", "t", "/t.yaml").is_json
    # JSON-looking text that is not JSON is YAML unless the name says JSON
    flow = parse_text("{a: 1}", "t", "/t.yaml")
    assert not flow.is_json and flow.data == {"a": 1}
    assert _error("{a: 1}", "/t.json") == (
        "invalid JSON: Expecting property name enclosed in double quotes",
        1,
        2,
    )
    assert _error('{"a": 1,\n "b": }', "/t.Json") == ("invalid JSON: Expecting value", 2, 7)
    src = parse_text('{"a": 1}', "shown", "/abs.json")
    assert (src.path, src.abspath, src.text, src.shared_nodes) == (
        "shown",
        "/abs.json",
        '{"a": 1}',
        False,
    )


def test_json_bracket_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_CONTAINERS", 3)
    assert parse_text('{"a": [{}]}', "t", "/t.json").data == {"a": [{}]}
    assert _error('{"a": [{}, []]}', "/t.json") == (
        "the document has more than 3 opening brackets ('{' and '['): not loaded, to bound memory",
        1,
        1,
    )
    assert _error('[[{"a": 1}], []]', "/t.yaml")[1:] == (1, 1)


def test_json_nesting_past_the_recursion_limit() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    assert _error(deep, "/t.json") == ("document nests deeper than 1000 levels", 1, 1)


def test_lone_surrogates_in_json_are_replaced() -> None:
    text = '{"k\\ud800": ["\\udfff", {"x": "\\uD83D"}], "ok": "\\ud83d\\ude00", "n": 1}'
    data = parse_text(text, "t", "/t.json").data
    assert data == {"k\ufffd": ["\ufffd", {"x": "\ufffd"}], "ok": "\U0001f600", "n": 1}
    assert list(data) == ["k\ufffd", "ok", "n"]  # order kept when keys are rewritten
    assert source._replace_surrogates("\ud800x") == "\ufffdx"
    assert source._replace_surrogates(5) == 5
    nested: Any = [["\udc00", 1], {"a": [{"\ud800": "v"}]}]
    assert source._replace_surrogates(nested) == [["\ufffd", 1], {"a": [{"\ufffd": "v"}]}]
    # a text with no surrogate escape is not walked
    plain = parse_text('{"a": "\\u00e9"}', "t", "/t.json").data
    assert plain == {"a": "é"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("True", True),
        ("FALSE", False),
        ("12", 12),
        ("-12", -12),
        ("+7", 7),
        ("0x1F", 31),
        ("0o17", 15),
        ("0b11", "0b11"),
        ("012", 12),
        ("1.5", 1.5),
        ("-.5", -0.5),
        ("1e3", 1000.0),
        ("1.", 1.0),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("1_000", "1_000"),
        ("1.2.3", "1.2.3"),
        ("3.0.3", "3.0.3"),
        ("+", "+"),
        ("abc", "abc"),
        ("'12'", "12"),
        ('"true"', "true"),
        ("0x", "0x"),
    ],
)
def test_plain_scalars_follow_the_core_schema(text: str, value: Any) -> None:
    for doc in (f"a: {text}\n", f"- {text}\n"):
        data = _yaml(doc).data
        got = data["a"] if isinstance(data, dict) else data[0]
        assert got == value and type(got) is type(value), (doc, got)


def test_nan_and_long_numbers() -> None:
    assert math.isnan(_yaml("a: .NaN\n").data["a"])
    digits = "9" * 1000
    assert _yaml(f"a: {digits}\n").data["a"] == int(digits)
    assert _yaml(f"a: {digits}9\n").data["a"] == float(digits + "9")  # past the length cap
    assert _yaml(f"a: 0x{'f' * 999}\n").data["a"] == "0x" + "f" * 999
    assert _yaml(f"a: 0x{'f' * 997}\n").data["a"] == int("f" * 997, 16)
    # under the length cap but past Python's digit limit (4,300): as large as a float gets
    monkey = source.MAX_INT_CHARS
    try:
        source.MAX_INT_CHARS = 10_000
        assert _yaml(f"a: {'9' * 5000}\n").data["a"] == math.inf
        assert _yaml(f"a: {'0' * 5000}\n").data["a"] == "0" * 5000
    finally:
        source.MAX_INT_CHARS = monkey
    assert source._plain("") is None
    assert source._plain("x1") == "x1"


def test_explicit_tags() -> None:
    data = _yaml(
        "a: !!int 0o17\nb: !!float 2\nc: !!bool true\nd: !!bool no\ne: !!null x\n"
        "f: !custom 12\ng: !!str 3\nh: !!int " + "1" * 1001 + "\ni: !!float nope\n"
    ).data
    assert data == {
        "a": 15,
        "b": 2.0,
        "c": True,
        "d": False,
        "e": None,
        "f": "12",
        "g": "3",
        "h": "1" * 1001,
        "i": "nope",
    }
    assert type(data["b"]) is float


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("a: &x 1\nb: *x\n", True),
        ("- &x 1\n", True),
        ("a: [&x 1]\n", True),
        ("a: {k: &x 1}\n", True),
        ("a:\t&x 1\n", True),
        ("&x a: 1\n", True),
        ("\ufeff&x [1]\n", True),
        ('{"a":&x 1}\n', True),
        ("a: R&D\n", False),
        ("a: b & c\n", False),
        ("a: b &\n", False),
        ("a: '& ,'\n", False),
        ("a: &[1]\n", False),
        ("a: &,\n", False),
        ("a: x&y &z\n", True),
        ("no ampersand\n", False),
    ],
)
def test_maybe_anchor(text: str, anchor: bool) -> None:
    assert source._maybe_anchor(text) is anchor


def test_aliases_share_nodes_and_merge_keys_keep_positions() -> None:
    src = _yaml(
        "base: &b\n  x: 1\n  y: 2\nother: &o {z: 3}\n"
        "m:\n  <<: [*b, *o]\n  y: 9\n"
        "n:\n  <<: *b\n"
        "p: {'<<': 1}\n"
        "q:\n  <<: {w: 4}\n"
        "r:\n  <<: [1, *b]\n"
    )
    data = src.data
    assert data["m"] == {"x": 1, "y": 9, "z": 3}
    assert data["n"] == {"x": 1, "y": 2}
    assert data["p"] == {"<<": 1}  # a quoted key is no merge
    assert data["q"] == {"w": 4}
    assert data["r"] == {"x": 1, "y": 2}
    # merged keys are located where they are written
    assert src.span("/m/x") == Span(2, 6, 2, 7)
    assert src.span("/m/z") == Span(4, 15, 4, 16)
    assert src.span("/m/y") == Span(7, 6, 7, 7)
    assert src.span("/n/y") == Span(3, 6, 3, 7)
    assert src.span("/q/w") == Span(12, 11, 12, 12)


def test_duplicate_keys_are_recorded_with_both_places() -> None:
    src = _yaml("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert src.data == {"a": 3, "b": {"c": 2}}
    assert src.duplicate_keys == [("c", 4, 3, 3, 3), ("a", 5, 1, 1, 1)]


def test_recursive_alias_is_refused_at_the_anchor() -> None:
    # the C composer makes an alias the very node it names: located at the anchor
    assert _error("a: &x\n  b: *x\n") == (
        "recursive YAML alias: the anchored node contains an alias to itself (JSON cannot "
        "express this and OpenAPI never needs it; use $ref)",
        1,
        4,
    )
    assert _error("x: 1\na: &x\n  - *x\n")[1:] == (2, 4)


def test_alias_expansion_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_NODES", 8)
    # each alias of a 3-node list counts 4 (the list and its items): two fit exactly, three do not
    ok = _yaml("a: &x [1, 2, 3]\nb: *x\nc: *x\n")
    assert ok.data["b"] is ok.data["a"]
    assert _error("a: &x [1, 2, 3]\nb: *x\nc: *x\nd: *x\n") == (
        "aliases expand the document past 8 nodes (YAML alias bomb?)",
        1,
        4,
    )
    # nested containers count by their expanded size
    assert _error("x: 1\na: &x [[1, 2], [3, 4]]\nb: *x\nc: *x\n")[1:] == (2, 4)
    # a long string weighs one node per 256 characters
    long = "y" * (256 * 5)
    assert _error(f"a: &x [{long}, {long}]\nb: *x\n")[1:] == (1, 4)
    assert _yaml(f"a: &x [{long}]\nb: *x\n").data["b"] == [long]


def test_size_of_shared_values_is_memoised_and_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    builder = source._Builder()
    inner = [1, 2]
    outer = {"a": inner, "b": inner, "c": "z" * 600}
    assert builder._size(inner) == 3
    assert builder._size(outer) == 1 + 3 + 3 + 2
    assert builder._size("x") == 1
    assert builder.sizes[id(inner)] == 3
    monkeypatch.setattr(source, "MAX_NODES", 4)
    big = list(range(100))
    assert builder._size(big) == 5  # stops counting past the cap


def test_aliased_long_strings_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_ALIAS_CHARS", 600)
    long = "s" * 300
    assert _yaml(f"a: &x {long}\nb: *x\nc: *x\n").data["c"] == long
    assert _error(f"a: &x {long}\nb: *x\nc: *x\nd: *x\n") == (
        "aliases of long strings expand the document past 600 characters (YAML alias bomb?)",
        1,
        4,
    )
    # long keys count too
    assert _error(f"a: &x {long}\nb: {{*x : 1}}\nc: {{*x : 2}}\nd: *x\n")[0].startswith(
        "aliases of long strings"
    )
    # a key of exactly 256 characters is short: not counted
    key = "k" * 256
    keys = "".join(f"{c}: {{*x : 1}}\n" for c in "bcde")  # four aliases: 1,024 characters
    assert _yaml(f"a: &x {key}\n" + keys).data["e"] == {key: 1}
    # short strings are not counted, and a text without anchors skips the count
    short = "s" * 256
    assert _yaml(f"a: &x {short}\n" + "".join(f"b{i}: *x\n" for i in range(5))).data["b4"] == short


def test_depth_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_DEPTH", 3)
    assert _yaml("a: {b: {c: {d: 1}}}\n").data == {"a": {"b": {"c": {"d": 1}}}}
    assert _error("a: {b: {c: {d: {e: 1}}}}\n") == ("document nests deeper than 3 levels", 1, 16)
    assert _error("- - - - - 1\n") == ("document nests deeper than 3 levels", 1, 9)


def test_yaml_node_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_YAML_NODES", 5)
    assert _yaml("a: 1\nb: 2\n").data == {"a": 1, "b": 2}  # 5 nodes
    assert _error("a: 1\nb: [2]\n") == (
        "the YAML has more than 5 nodes (keys, values and items): not loaded, to bound memory",
        1,
        1,
    )
    assert source._compose_pure("a: 1\nb: 2\n") is not None
    with pytest.raises(LoadError, match="more than 5 nodes"):
        source._compose_pure("a: 1\nb: [2]\n")
    node = source._compose_pure("a: [1]\n")
    assert node is not None and node.value[0][0].value == "a"


def test_yaml_container_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_CONTAINERS", 2)
    assert _yaml("a: {b: 1}\n").data == {"a": {"b": 1}}
    assert _error("a: {b: [1]}\n") == (
        "the YAML has more than 2 mappings and sequences: not loaded, to bound memory",
        1,
        1,
    )


def test_yaml_errors_and_empty_documents() -> None:
    assert _error("a: [1, 2\nb: 3\n")[1:] == (2, 2)
    message, line, column = _error("a: 'x\n")
    assert message.startswith("invalid YAML: ") and (line, column) == (2, 1)
    empty = _yaml("")
    assert empty.data is None and empty.duplicate_keys == []
    assert _yaml("# only a comment\n").data is None
    assert _yaml("text\n").data == "text"
    assert _yaml("a: 1\n").shared_nodes is False
    assert _yaml("a: &x 1\n").shared_nodes is True


def test_complex_keys_are_named_by_their_position() -> None:
    assert _yaml("? [a]\n: 1\nb:\n  ? {c: d}\n  : 2\n").data == {
        "<complex key at 1:3>": 1,
        "b": {"<complex key at 4:5>": 2},
    }


YAML = """\
openapi: 3.0.3
info:
  title: 'Ti tle'
  x-list:
    - one
    - {k: v}
    - [1, 2]
paths: {}
a/b: {c~d: 1}
"""

JSON = """\
{
  "openapi": "3.0.3",
  "info": {"title": "Ti tle", "x-list": ["one", {"k": "v"}, [1, 2]]},
  "paths": {},
  "a/b": {"c~d": 1, "e\\"f": [true]}
}
"""


@pytest.mark.parametrize(
    ("pointer", "prefer_key", "span"),
    [
        ("", False, Span(1, 1, 1, 1)),
        ("/openapi", False, Span(1, 10, 1, 15)),
        ("/openapi", True, Span(1, 1, 1, 8)),
        ("/info", False, Span(2, 1, 2, 5)),
        ("/info/title", False, Span(3, 10, 3, 18)),
        ("/info/x-list/0", False, Span(5, 7, 5, 10)),
        ("/info/x-list/1", False, Span(6, 7, 6, 8)),
        ("/info/x-list/1/k", False, Span(6, 11, 6, 12)),
        ("/info/x-list/2/1", False, Span(7, 11, 7, 12)),
        ("/paths", False, Span(8, 1, 8, 6)),
        ("/a~1b/c~0d", False, Span(9, 12, 9, 13)),
        ("/a~1b/c~0d", True, Span(9, 7, 9, 10)),
        ("/info/nope/deeper", False, Span(2, 1, 2, 5)),
        ("/info/x-list/9", False, Span(4, 3, 4, 9)),
        ("/info/x-list/x", False, Span(4, 3, 4, 9)),
        ("/info/title/x", False, Span(3, 10, 3, 18)),
        ("/nope", False, Span(1, 1, 1, 1)),
    ],
)
def test_yaml_spans(pointer: str, prefer_key: bool, span: Span) -> None:
    assert _yaml(YAML).span(pointer, prefer_key) == span


@pytest.mark.parametrize(
    ("pointer", "prefer_key", "span"),
    [
        ("", False, Span(1, 1, 1, 1)),
        ("/openapi", False, Span(2, 14, 2, 21)),
        ("/openapi", True, Span(2, 3, 2, 10)),
        ("/info", False, Span(3, 3, 3, 7)),
        ("/info/title", False, Span(3, 21, 3, 29)),
        ("/info/x-list/0", False, Span(3, 42, 3, 47)),
        ("/info/x-list/1", False, Span(3, 49, 3, 50)),
        ("/info/x-list/1/k", False, Span(3, 55, 3, 58)),
        ("/info/x-list/2/1", False, Span(3, 65, 3, 66)),
        ("/paths", False, Span(4, 3, 4, 8)),
        ("/a~1b/c~0d", False, Span(5, 18, 5, 19)),
        ("/a~1b/c~0d", True, Span(5, 11, 5, 14)),
        ('/a~1b/e"f/0', False, Span(5, 30, 5, 34)),
        ("/info/nope/deeper", False, Span(3, 3, 3, 7)),
        ("/info/x-list/9", False, Span(3, 31, 3, 37)),
        ("/nope", False, Span(1, 1, 1, 1)),
    ],
)
def test_json_spans(pointer: str, prefer_key: bool, span: Span) -> None:
    lazy = parse_text(JSON, "t.json", "/t.json")
    assert lazy.span(pointer, prefer_key) == span
    full = parse_text(JSON, "t.json", "/t.json")
    full.positions  # noqa: B018 - the full scan first: the same spans
    assert full.span(pointer, prefer_key) == span


def test_malformed_pointers_raise() -> None:
    for src in (_yaml(YAML), parse_text(JSON, "t.json", "/t.json")):
        with pytest.raises(ValueError):
            src.span("info")
        with pytest.raises(ValueError):
            src.get("info")
        with pytest.raises(KeyError):
            src.get("/nope")
        assert src.get("") is src.data
        assert src.get("/info/x-list/2/0") == 1
        assert src.get("/info/x-list/2/0") == 1  # memoised lookups give the same node
        with pytest.raises(KeyError):
            src.get("/info/x-list/first")
        with pytest.raises(KeyError):
            src.get("/info/title/x")


def test_line_starts() -> None:
    assert source._line_starts("") == [0]
    assert source._line_starts("a\n\nbc\n") == [0, 2, 3, 6]
    src = parse_text('{\n"a":\n\n 1}', "t.json", "/t.json")
    assert src.span("/a") == Span(4, 2, 4, 3)


def test_yaml_nesting_past_the_recursion_limit_is_at_1_1() -> None:
    deep = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    assert _error(deep) == ("document nests deeper than 1000 levels", 1, 1)
    assert _error("- " * 1200 + "x\n") == ("document nests deeper than 1000 levels", 1, 1)


def test_pure_composer_recursion_is_a_parse_error_at_1_1(monkeypatch: pytest.MonkeyPatch) -> None:
    # without ruamel.yaml.clib the pure-Python composer recurses per level
    monkeypatch.setattr(source, "CParser", None)
    deep = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    assert _error(deep) == ("document nests deeper than 1000 levels", 1, 1)
    assert _yaml("a: [1, {b: 2}]\n").data == {"a": [1, {"b": 2}]}


def test_a_yaml_error_without_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from ruamel.yaml.error import YAMLError

    def fail(text: str) -> None:
        raise YAMLError("  ")

    monkeypatch.setattr(source, "_compose", fail)
    assert _error("a: 1\n") == ("invalid YAML: invalid YAML", 1, 1)
