"""The loader: exact positions for YAML and JSON, pointers, $ref resolution."""

from __future__ import annotations

import os

import pytest

from oaslint.loader.document import Document, NotOpenAPIError
from oaslint.loader.source import LoadError, load_file, parse_text
from oaslint.model import Location, Span, join_pointer, split_pointer


def _write(tmp_path: os.PathLike[str], name: str, text: str) -> str:
    path = os.path.join(str(tmp_path), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


YAML_DOC = """\
openapi: 3.0.3
info:
  title: T
  version: '1'
paths:
  /a/{id}:
    get:
      parameters:
        - name: id
          in: path
      responses:
        200:
          description: |
            multi
            line
"""

JSON_DOC = """{
  "openapi": "3.0.3",
  "info": {"title": "T \\"quoted\\"", "version": "1"},
  "paths": {
    "/a/{id}": {
      "get": {
        "parameters": [{"name": "id", "in": "path"}],
        "responses": {"200": {"description": "ok"}}
      }
    },
    "x-tilde~key": [1, [2, 3], {"k": null}]
  }
}
"""


def test_pointer_escaping_round_trip() -> None:
    assert split_pointer("/paths/~1a~1{id}/x~0y") == ["paths", "/a/{id}", "x~y"]
    assert join_pointer(["paths", "/a/{id}", "x~y"]) == "/paths/~1a~1{id}/x~0y"
    assert split_pointer("") == []


def test_yaml_positions_of_keys_values_and_items(tmp_path: os.PathLike[str]) -> None:
    src = load_file(_write(tmp_path, "a.yaml", YAML_DOC))
    assert src.span("/openapi") == Span(1, 10, 1, 15)
    assert src.span("/paths/~1a~1{id}/get/parameters/0/name") == Span(9, 17, 9, 19)
    # containers are located at their key; sequence items at the item
    assert src.span("/paths/~1a~1{id}/get").line == 7
    assert src.span("/paths/~1a~1{id}/get", prefer_key=True) == Span(7, 5, 7, 8)
    assert src.span("/paths/~1a~1{id}/get/parameters/0").line == 9
    # integer keys are text, as in JSON
    assert "200" in src.data["paths"]["/a/{id}"]["get"]["responses"]
    assert src.span("/paths/~1a~1{id}/get/responses/200").line == 12
    # a missing node falls back to its nearest existing ancestor
    assert src.span("/paths/~1a~1{id}/get/security").line == 7


def test_yaml_scalars_follow_the_core_schema(tmp_path: os.PathLike[str]) -> None:
    text = (
        "a: 1\nb: 1.5\nc: true\nd: null\ne: '1'\nf: 2020-01-01\ng: yes\nh: 0x1F\ni: ~\nj: -.inf\n"
    )
    data = parse_text(text, "t.yaml", "/t.yaml").data
    assert data == {
        "a": 1,
        "b": 1.5,
        "c": True,
        "d": None,
        "e": "1",
        "f": "2020-01-01",
        "g": "yes",
        "h": 31,
        "i": None,
        "j": float("-inf"),
    }


def test_json_positions_with_escapes(tmp_path: os.PathLike[str]) -> None:
    src = load_file(_write(tmp_path, "a.json", JSON_DOC))
    assert src.is_json
    assert src.span("/openapi") == Span(2, 14, 2, 21)
    assert src.span("/info/title").line == 3
    assert src.span("/info/version") == Span(3, 48, 3, 51)
    assert src.span("/paths/~1a~1{id}/get/parameters/0/in") == Span(7, 45, 7, 51)
    assert src.span("/paths/~1a~1{id}/get/responses/200/description").line == 8
    assert src.span("/paths/x-tilde~0key/1/1").line == 11
    assert src.span("/paths/x-tilde~0key/2/k") == Span(11, 38, 11, 42)


def test_yaml_merge_keys_and_anchors(tmp_path: os.PathLike[str]) -> None:
    text = "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n"
    data = parse_text(text, "t.yaml", "/t.yaml").data
    assert data["derived"] == {"x": 1, "y": 3}


def test_duplicate_keys_are_recorded(tmp_path: os.PathLike[str]) -> None:
    src = parse_text("a: 1\nb: 2\na: 3\n", "t.yaml", "/t.yaml")
    assert src.duplicate_keys == [("a", 3, 1, 1, 1)]
    assert src.data["a"] == 3


@pytest.mark.parametrize(
    ("text", "line"),
    [("a: [1, 2\nb: 3\n", 2), ("a: b: c\n", 1), ('{"a": 1,}', 1)],
)
def test_parse_errors_carry_a_position(text: str, line: int) -> None:
    with pytest.raises(LoadError) as info:
        parse_text(text, "t", "/t.json" if text.startswith("{") else "/t.yaml")
    assert info.value.line == line
    assert "\n" not in info.value.message


def test_document_follows_refs_across_folders(
    tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _write(
        tmp_path,
        "api/openapi.yaml",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n"
        "  /a:\n    $ref: '../shared/paths.yaml#/A'\n",
    )
    _write(
        tmp_path,
        "shared/paths.yaml",
        "A:\n  get:\n    responses:\n      '200':\n        $ref: 'responses.yaml#/Ok'\n",
    )
    _write(tmp_path, "shared/responses.yaml", "Ok:\n  description: fine\n")
    monkeypatch.chdir(tmp_path)  # the reference boundary: the working directory
    doc = Document.load(root)
    assert doc.version == "3.1"
    assert not doc.ref_problems
    node, loc = doc.deref(doc.root.data["paths"]["/a"], Location(doc.root.path, "/paths/~1a"))
    assert loc.file.endswith(os.path.join("shared", "paths.yaml")) and loc.pointer == "/A"
    response = node["get"]["responses"]["200"]
    target, rloc = doc.deref(response, loc.child("get", "responses", "200"))
    assert target == {"description": "fine"}
    assert rloc.file.endswith("responses.yaml")
    assert doc.span(rloc.child("description")).line == 2


def test_circular_refs_do_not_loop(tmp_path: os.PathLike[str]) -> None:
    root = _write(
        tmp_path,
        "openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
        "    B: {$ref: '#/components/schemas/A'}\n",
    )
    doc = Document.load(root)
    node, _ = doc.deref({"$ref": "#/components/schemas/A"}, Location(doc.root.path, ""))
    assert node is None


def test_not_openapi(tmp_path: os.PathLike[str]) -> None:
    with pytest.raises(NotOpenAPIError):
        Document.load(_write(tmp_path, "x.yaml", "name: not an api\n"))


def test_remote_refs_are_not_fetched_by_default(tmp_path: os.PathLike[str]) -> None:
    root = _write(
        tmp_path,
        "openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n"
        "  /a: {$ref: 'http://127.0.0.1:9/paths.yaml#/A'}\n",
    )
    doc = Document.load(root)
    assert len(doc.ref_problems) == 1
    assert "--allow-remote" in doc.ref_problems[0].reason


def test_sequence_items_have_exact_spans(tmp_path: os.PathLike[str]) -> None:
    """Scalar items span start to end (end exclusive, like mapping values), block and flow
    alike; a container item is located at its first character (mutation survivor: the
    end column of YAML sequence items was off by one unnoticed)."""
    text = "tags:\n  - alpha\n  - 'be ta'\nflow: [one, twenty]\nobjs:\n  - {k: v}\n"
    src = load_file(_write(tmp_path, "s.yaml", text))
    assert src.span("/tags/0") == Span(2, 5, 2, 10)
    assert src.span("/tags/1") == Span(3, 5, 3, 12)  # quotes included
    assert src.span("/flow/0") == Span(4, 8, 4, 11)
    assert src.span("/flow/1") == Span(4, 13, 4, 19)
    assert src.span("/objs/0") == Span(6, 5, 6, 6)
    # the same end convention as a mapping value
    assert src.span("/flow") == Span(4, 1, 4, 5)  # a container: at its key
    assert parse_text("a: alpha\n", "t.yaml", "/t.yaml").span("/a") == Span(1, 4, 1, 9)
    # and as JSON
    jsrc = load_file(_write(tmp_path, "s.json", '{"tags": ["alpha", "be"]}'))
    assert jsrc.span("/tags/0") == Span(1, 11, 1, 18)
    assert jsrc.span("/tags/1") == Span(1, 20, 1, 24)


def test_load_errors_are_located_at_the_file_start_when_no_mark(
    tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Errors without a position point at 1:1, not 1:0 or 1:2 (sampled mutation survivors)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from oaslint.loader import source

    with pytest.raises(LoadError) as nul:
        load_file(_write(tmp_path, "nul.yaml", "openapi: 3.0.3\n\x00\n"))
    assert (nul.value.message, nul.value.line, nul.value.column) == (
        "not a text file (contains NUL bytes)",
        1,
        1,
    )

    def fail(text: str) -> None:
        raise YAMLError("reader trouble\nsecond line")

    monkeypatch.setattr(source, "_compose", fail)
    with pytest.raises(LoadError) as plain:
        parse_text("a: 1\n", "t.yaml", "/t.yaml")
    assert (plain.value.message, plain.value.line, plain.value.column) == (
        "invalid YAML: reader trouble",
        1,
        1,
    )

    def marked(text: str) -> None:
        raise MarkedYAMLError(problem="no mark here")

    monkeypatch.setattr(source, "_compose", marked)
    with pytest.raises(LoadError) as nomark:
        parse_text("a: 1\n", "t.yaml", "/t.yaml")
    assert (nomark.value.message, nomark.value.line, nomark.value.column) == (
        "invalid YAML: no mark here",
        1,
        1,
    )


def test_json_positions_after_blank_lines(tmp_path: os.PathLike[str]) -> None:
    """Line starts are found after every newline, blank lines included (sampled survivor)."""
    text = '{\n\n\n  "openapi": "3.0.3",\n\n  "info": {"title": "T"}\n}\n'
    src = load_file(_write(tmp_path, "blank.json", text))
    assert src.span("/openapi") == Span(4, 14, 4, 21)
    assert src.span("/info/title") == Span(6, 21, 6, 24)
