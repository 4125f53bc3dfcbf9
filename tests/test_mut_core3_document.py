"""Mutation survivors of ``oaslint.loader.document`` (session 10): the containers and
``$ref``s of the one load-time walk, the reference problems with their exact reasons,
files loaded once under unique names, and version detection, through ``Document``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oaslint.loader import source
from oaslint.loader.document import Document, NotOpenAPIError, detect_version, display_real
from oaslint.model import Location, Span

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    tmp = Path(os.path.realpath(tmp_path))
    (tmp / ".git").mkdir(exist_ok=True)  # the boundary: this folder
    for name, text in files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp


def _problems(doc: Document) -> list[tuple[str, str, str, str]]:
    return [(p.location.file, p.location.pointer, p.ref, p.reason) for p in doc.ref_problems]


def test_the_walk_records_every_container_and_ref(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = _tree(
        tmp_path,
        {
            "api.yaml": HEAD + "paths:\n"
            "  /a/{b}:\n"
            "    get: {$ref: 'ops.yaml#/Get'}\n"
            "  /x~y: {}\n"
            "x-list:\n  - {$ref: '#/info'}\n  - [1, {k: v}]\n  - plain\n"
            "x-notref: {$ref: 3}\n",
            "ops.yaml": "Get:\n  responses: {'200': {description: ok}}\n",
        },
    )
    monkeypatch.chdir(tmp)
    doc = Document.load("api.yaml")
    assert doc.version == "3.0"
    assert list(doc.files) == ["api.yaml", "ops.yaml"]
    mine = sorted(c.pointer for c in doc.containers if c.source is doc.root)
    assert mine == [
        "",
        "/info",
        "/paths",
        "/paths/~1a~1{b}",
        "/paths/~1a~1{b}/get",
        "/paths/~1x~0y",
        "/x-list",
        "/x-list/0",
        "/x-list/1",
        "/x-list/1/1",
        "/x-notref",
    ]
    others = sorted(c.pointer for c in doc.containers if c.source is not doc.root)
    assert others == ["", "/Get", "/Get/responses", "/Get/responses/200"]
    assert doc.containers[0].location == Location("api.yaml", "")
    refs = sorted((loc.file, loc.pointer, ref, src.path) for loc, ref, src in doc.refs)
    assert refs == [
        ("api.yaml", "/paths/~1a~1{b}/get/$ref", "ops.yaml#/Get", "api.yaml"),
        ("api.yaml", "/x-list/0/$ref", "#/info", "api.yaml"),
    ]
    assert not doc.ref_problems
    node, loc = doc.deref(doc.root.data["x-list"][0], Location("api.yaml", "/x-list/0"))
    assert (node, loc) == ({"title": "t", "version": "1"}, Location("api.yaml", "/info"))


def test_shared_yaml_nodes_are_walked_once(tmp_path: Path) -> None:
    tmp = _tree(
        tmp_path,
        {"api.yaml": HEAD + "paths: {}\nx-a: &s {k: {$ref: '#/info'}}\nx-b: *s\nx-c: *s\n"},
    )
    doc = Document.load(str(tmp / "api.yaml"))
    # visited once, at the place the walk meets it first (the last key: a stack)
    assert sorted(c.pointer for c in doc.containers) == ["", "/info", "/paths", "/x-c", "/x-c/k"]
    assert len(doc.refs) == 1
    # without anchors nothing is shared, and every container is walked (JSON too)
    flat = _tree(tmp_path, {"flat.json": '{"openapi": "3.1.0", "a": {"b": [{}]}, "c": {}}'})
    jdoc = Document.load(str(flat / "flat.json"))
    assert sorted(c.pointer for c in jdoc.containers) == ["", "/a", "/a/b", "/a/b/0", "/c"]


def test_a_scalar_root_has_no_containers() -> None:
    src = source.parse_text("openapi: 3.0.3\n", "s.yaml", "/s.yaml")
    src.data = "text"
    with pytest.raises(NotOpenAPIError):
        Document.from_source(src)
    empty = source.parse_text("", "e.yaml", "/e.yaml")
    with pytest.raises(NotOpenAPIError) as e:
        Document.from_source(empty)
    assert str(e.value) == "not an OpenAPI document (no 'openapi' or 'swagger' root key)"


def test_reference_problems_and_their_reasons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = _tree(
        tmp_path,
        {
            "api.yaml": HEAD + "paths: {}\nx:\n"
            "  a: {$ref: 'missing.yaml#/A'}\n"
            "  b: {$ref: 'ok.yaml#/Nope'}\n"
            "  c: {$ref: '#/nowhere'}\n"
            "  d: {$ref: '#'}\n"
            "  e: {$ref: 'ok.yaml#A'}\n"
            "  f: {$ref: 'ftp://h.test/a.yaml'}\n"
            "  g: {$ref: 'file:///etc/passwd'}\n"
            "  h: {$ref: 'a%00b.yaml'}\n"
            "  i: {$ref: 'broken.yaml#/X'}\n"
            "  j: {$ref: 'missing.yaml#/B'}\n"
            "  k: {$ref: 'broken.yaml#/Y'}\n"
            "  l: {$ref: 'sub'}\n"
            "  m: {$ref: 'ok.yaml#/A'}\n"
            "  n: {$ref: 'o%6B.yaml#/A/~1b'}\n"
            "  o: {$ref: 'https://h.test/r.yaml#/A'}\n"
            "  p: {$ref: '#/info/title'}\n"
            "  q: {$ref: ''}\n",
            "ok.yaml": "A: {/b: 1}\n",
            "broken.yaml": "X: [\n",
            "sub/.keep": "",
        },
    )
    monkeypatch.chdir(tmp)
    doc = Document.load("api.yaml")
    assert sorted(_problems(doc)) == [
        ("api.yaml", "/x/a/$ref", "missing.yaml#/A", "cannot load missing.yaml: no such file"),
        ("api.yaml", "/x/b/$ref", "ok.yaml#/Nope", "pointer '/Nope' not found in ok.yaml"),
        ("api.yaml", "/x/c/$ref", "#/nowhere", "pointer '/nowhere' not found"),
        ("api.yaml", "/x/e/$ref", "ok.yaml#A",
         "unsupported fragment 'A' (expected a JSON pointer)"),
        ("api.yaml", "/x/f/$ref", "ftp://h.test/a.yaml",
         "unsupported reference scheme in 'ftp://h.test/a.yaml'"),
        ("api.yaml", "/x/g/$ref", "file:///etc/passwd",
         "unsupported reference scheme in 'file:///etc/passwd'"),
        ("api.yaml", "/x/h/$ref", "a%00b.yaml", "invalid file name (contains a NUL byte)"),
        ("api.yaml", "/x/j/$ref", "missing.yaml#/B", "cannot load missing.yaml: no such file"),
        ("api.yaml", "/x/l/$ref", "sub", "cannot load sub: is a directory"),
        ("api.yaml", "/x/o/$ref", "https://h.test/r.yaml#/A",
         "remote reference https://h.test/r.yaml not fetched (use --allow-remote to allow it)"),
    ]  # fmt: skip
    # a file that does not parse: reported once, in its own name, not per $ref
    assert list(doc.broken_files) == ["broken.yaml"]
    assert doc.broken_files["broken.yaml"].line == 2
    assert list(doc.files) == ["api.yaml", "ok.yaml"]  # loaded once, by two spellings
    assert doc.deref({"$ref": "o%6B.yaml#/A/~1b"}, Location("api.yaml", "/x/n")) == (
        1,
        Location("ok.yaml", "/A/~1b"),
    )
    assert doc.deref({"$ref": "#/info/title"}, Location("api.yaml", "/x/p"))[0] == "t"
    assert doc.deref({"$ref": ""}, Location("api.yaml", "/x/q"))[0] is doc.root.data
    assert doc.deref({"$ref": "#/nowhere"}, Location("api.yaml", "/x/c")) == (
        None,
        Location("api.yaml", "/x/c"),
    )
    assert doc.deref({"$ref": "#/info"}, Location("gone.yaml", "")) == (
        None,
        Location("gone.yaml", ""),
    )
    assert doc.deref({"$ref": 3}, Location("api.yaml", "")) == (
        {"$ref": 3},
        Location("api.yaml", ""),
    )
    assert doc.deref([1], Location("api.yaml", "")) == ([1], Location("api.yaml", ""))


def test_a_ref_chain_and_a_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp = _tree(
        tmp_path,
        {
            "api.yaml": HEAD + "paths: {}\nx:\n"
            "  a: {$ref: '#/x/b'}\n  b: {$ref: 'other.yaml#/c'}\n  z: {$ref: '#/x/z'}\n",
            "other.yaml": "c: {$ref: '#/d'}\nd: {done: true}\n",
        },
    )
    monkeypatch.chdir(tmp)
    doc = Document.load("api.yaml")
    assert doc.deref({"$ref": "#/x/a"}, Location("api.yaml", "/y")) == (
        {"done": True},
        Location("other.yaml", "/d"),
    )
    assert doc.deref({"$ref": "#/x/z"}, Location("api.yaml", "/y")) == (
        None,
        Location("api.yaml", "/x/z"),
    )


def test_span_and_get_of_unknown_files(tmp_path: Path) -> None:
    tmp = _tree(tmp_path, {"api.yaml": HEAD + "paths: {}\n"})
    doc = Document.load(str(tmp / "api.yaml"))
    assert doc.span(Location("nowhere.yaml", "/a")) == Span(1, 1, 1, 1)
    assert doc.span(Location(doc.root.path, "/info/title")) == Span(2, 15, 2, 16)
    assert doc.span(Location(doc.root.path, "/info"), prefer_key=True) == Span(2, 1, 2, 5)
    assert doc.get(Location(doc.root.path, "/info/title")) == "t"
    with pytest.raises(KeyError):
        doc.get(Location("nowhere.yaml", ""))


def test_a_second_spelling_of_a_shown_name_gets_its_real_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = _tree(
        tmp_path,
        {
            "api.yaml": HEAD + "paths: {}\nx:\n"
            "  a: {$ref: 'common/e.yaml#/E'}\n  b: {$ref: 'other/x.yaml#/X'}\n",
            "common/e.yaml": "E: {description: first}\n",
            "other/x.yaml": "X: {$ref: 'common/e.yaml#/E'}\n",
            "other/common/e.yaml": "E: {description: second}\n",
        },
    )
    monkeypatch.chdir(tmp)
    doc = Document.load("api.yaml")
    assert not doc.ref_problems
    shown = [os.path.join("common", "e.yaml"), os.path.join("other", "x.yaml")]
    shown.append(os.path.join("other", "common", "e.yaml"))
    assert sorted(doc.files) == sorted(["api.yaml", *shown])


def test_display_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp = Path(os.path.realpath(tmp_path))
    (tmp / "in").mkdir()
    monkeypatch.chdir(tmp / "in")
    assert display_real(str(tmp / "in" / "a.yaml")) == "a.yaml"
    assert display_real(str(tmp / "b.yaml")) == str(tmp / "b.yaml")
    assert display_real(str(tmp / "in" / "a\nb.yaml")) == "a\\nb.yaml"


@pytest.mark.parametrize(
    ("data", "version"),
    [
        ({"openapi": "3.0.3"}, "3.0"),
        ({"openapi": "3.0"}, "3.0"),
        ({"openapi": " 3.1.0 "}, "3.1"),
        ({"openapi": "3.2.0"}, "3.2"),
        ({"openapi": 3.1}, "3.1"),
        ({"openapi": "3.10.0"}, "3.x"),
        ({"openapi": "3.3.0"}, "3.x"),
        ({"openapi": "3"}, "3.x"),
        ({"openapi": "2.0"}, "unknown"),
        ({"openapi": "4.0.0", "swagger": "2.0"}, "unknown"),
        ({"swagger": "2.0"}, "2.0"),
        ({"swagger": None}, "2.0"),
        ({"info": {}}, None),
        ([{"openapi": "3.0.3"}], None),
        ("openapi", None),
    ],
)
def test_detect_version(data: object, version: str | None) -> None:
    assert detect_version(data) == version


def test_shared_values_are_built_once_per_document(tmp_path: Path) -> None:
    tmp = _tree(tmp_path, {"api.yaml": HEAD + "paths: {}\n"})
    doc = Document.load(str(tmp / "api.yaml"))
    calls: list[int] = []

    def factory() -> list[int]:
        calls.append(1)
        return [len(calls)]

    first = doc.shared(factory)
    assert doc.shared(factory) is first and first == [1] and calls == [1]


def test_names_follow_the_spelling_and_stay_unique(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file is shown as the ``$ref`` spells it (through a symlinked folder too); a second,
    different file that would get the same shown name is shown by its real path."""
    tmp = _tree(
        tmp_path,
        {
            "api.yaml": HEAD + "paths: {}\nx:\n"
            "  a: {$ref: 'a.yaml#/A'}\n  b: {$ref: 'link/x.yaml#/X'}\n",
            "a.yaml": "A: {description: top}\n",
            "deep/sub/x.yaml": "X: {$ref: '../a.yaml#/B'}\n",
            "deep/a.yaml": "B: {description: deep}\n",
        },
    )
    os.symlink(os.path.join("deep", "sub"), tmp / "link")
    monkeypatch.chdir(tmp)
    doc = Document.load("api.yaml")
    assert not doc.ref_problems
    assert sorted(doc.files) == sorted(
        ["api.yaml", "a.yaml", os.path.join("link", "x.yaml"), os.path.join("deep", "a.yaml")]
    )
    assert doc.files[os.path.join("deep", "a.yaml")].data == {"B": {"description": "deep"}}
    assert doc.files["a.yaml"].data == {"A": {"description": "top"}}


def test_a_root_named_through_a_symlink_is_known_by_its_real_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = _tree(
        tmp_path,
        {"real.yaml": HEAD + "paths: {}\nx: {$ref: 'real.yaml#/info'}\n"},
    )
    os.symlink("real.yaml", tmp / "api.yaml")
    monkeypatch.chdir(tmp)
    doc = Document.load("api.yaml")
    assert list(doc.files) == ["api.yaml"]  # the $ref names the root itself: not loaded again
    assert not doc.ref_problems


def test_from_source_fetches_nothing_by_default() -> None:
    src = source.parse_text(
        HEAD + "paths: {}\nx: {$ref: 'https://h.test/a.yaml#/A'}\n", "<stdin>", "<stdin>"
    )
    doc = Document.from_source(src)
    assert (doc.allow_remote, doc.ref_roots) == (False, ())
    assert [p.reason for p in doc.ref_problems] == [
        "remote reference https://h.test/a.yaml not fetched (use --allow-remote to allow it)"
    ]


def test_a_file_scheme_without_slashes_is_refused(tmp_path: Path) -> None:
    tmp = _tree(tmp_path, {"api.yaml": HEAD + "paths: {}\nx: {$ref: 'file:api.yaml#/info'}\n"})
    doc = Document.load(str(tmp / "api.yaml"))
    assert [p.reason for p in doc.ref_problems] == [
        "unsupported reference scheme in 'file:api.yaml'"
    ]
