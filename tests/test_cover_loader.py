"""Loader paths the fixtures do not take, through the public loader (``Document.load``,
``Document.span``): explicit YAML tags, complex keys, merges of a list alias, numbers past
Python's digit limit, nesting past the depth limit, lone surrogates in JSON, the spans of
pointers that leave the document, and a ``$ref`` fragment that is not a JSON pointer."""

from __future__ import annotations

from pathlib import Path

import pytest

from oaslint.loader.document import Document
from oaslint.loader.source import LoadError
from oaslint.model import Location, Span

TAGGED = """\
openapi: 3.0.3
info: {title: t, version: '1'}
x-tags:
  i: !!int '0x1F'
  f: !!float '1.5'
  b: !!bool 'TRUE'
  n: !!null ''
  bad: !!int 'abc'
  s: !!str 12
  badf: !!float 'x'
x-complex:
  ? [a, b]
  : 1
x-base: &base [{a: 1}, {b: 2}]
x-merged:
  <<: *base
  c: 3
paths: {}
"""


@pytest.fixture
def tagged(tmp_path: Path) -> Document:
    (tmp_path / "t.yaml").write_text(TAGGED)
    return Document.load(str(tmp_path / "t.yaml"))


def test_explicit_tags_complex_keys_and_list_merges(tagged: Document) -> None:
    data = tagged.root.data
    # an explicit tag is honoured; a value it cannot convert stays text
    assert data["x-tags"] == {
        "i": 31,
        "f": 1.5,
        "b": True,
        "n": None,
        "bad": "abc",
        "s": "12",
        "badf": "x",
    }
    assert data["x-complex"] == {"<complex key at 12:5>": 1}  # JSON has no such key
    assert data["x-merged"] == {"a": 1, "b": 2, "c": 3}  # `<<:` of a list of mappings


@pytest.mark.parametrize(
    ("pointer", "span"),
    [
        ("/x-tags/missing", Span(3, 1, 3, 7)),  # a missing key: its parent's key
        ("/x-base/5", Span(14, 1, 14, 7)),  # past the end of a list
        ("/x-base/a", Span(14, 1, 14, 7)),  # a name into a list
        ("/x-tags/i/deeper", Span(4, 6, 4, 18)),  # into a scalar: the scalar
        ("/nothing/at/all", Span(1, 1, 1, 1)),  # nothing known: the file's start
        ("/x-base/1/b", Span(14, 28, 14, 29)),
    ],
)
def test_spans_of_pointers_that_leave_the_document(
    tagged: Document, pointer: str, span: Span
) -> None:
    assert tagged.span(Location(tagged.root.path, pointer)) == span


def test_malformed_pointers_and_unknown_files(tagged: Document) -> None:
    with pytest.raises(ValueError, match="JSON pointer must start with '/'"):
        tagged.span(Location(tagged.root.path, "x-tags"))
    assert tagged.span(Location("elsewhere.yaml", "/a")) == Span(1, 1, 1, 1)
    with pytest.raises(KeyError):
        tagged.get(Location("elsewhere.yaml", "/a"))


def test_json_spans_and_lone_surrogates(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(
        '{"openapi": "3.0.3",\n "x-base": [{"a": 1}, {"b": 2}],\n "x-s": "\\ud800",\n'
        ' "x-l": ["\\udfff", {"k\\ud801": ["\\ud802"]}]}\n'
    )
    doc = Document.load(str(path))
    # a lone surrogate (no encoder can write it) becomes U+FFFD, in keys and values
    assert doc.root.data["x-s"] == "\ufffd"
    assert doc.root.data["x-l"] == ["\ufffd", {"k\ufffd": ["\ufffd"]}]
    spans = {
        p: doc.span(Location(doc.root.path, p))
        for p in ("/x-base/5", "/x-base/1/b", "/x-base/1/zz", "/x-base/0")
    }
    assert spans == {
        "/x-base/5": Span(2, 2, 2, 8),
        "/x-base/1/b": Span(2, 29, 2, 30),
        "/x-base/1/zz": Span(2, 23, 2, 24),
        "/x-base/0": Span(2, 13, 2, 14),
    }


def test_numbers_past_the_digit_limit_and_nesting_past_the_depth_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("openapi: 3.0.3\nx-big: " + "1" * 5000 + "\nx-hex: 0x" + "f" * 1200 + "\n")
    data = Document.load(str(big)).root.data
    assert data["x-big"] == float("inf")  # as large as a float gets, not a crash
    assert data["x-hex"] == "0x" + "f" * 1200  # too long to convert: kept as written
    deep = tmp_path / "deep.yaml"
    deep.write_text("openapi: 3.0.3\nx-deep: " + "[" * 1100 + "]" * 1100 + "\n")
    with pytest.raises(LoadError, match="document nests deeper than 1000 levels"):
        Document.load(str(deep))


def test_a_ref_fragment_that_is_not_a_json_pointer(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: 'other.yaml#paths'}\n"
    )
    (tmp_path / "other.yaml").write_text("paths: {}\n")
    doc = Document.load(str(tmp_path / "api.yaml"))
    assert [(p.location.pointer, p.reason) for p in doc.ref_problems] == [
        ("/paths/~1a/$ref", "unsupported fragment 'paths' (expected a JSON pointer)")
    ]


def test_unreadable_and_oversized_files(tmp_path: Path) -> None:
    from oaslint.loader.source import UnreadableError

    with pytest.raises(UnreadableError, match=r"^invalid file name \(contains a NUL byte\)$"):
        Document.load(str(tmp_path / "a\0b.yaml"))
    with pytest.raises(UnreadableError, match=r"^is a directory$"):
        Document.load(str(tmp_path))
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:  # sparse: the size is checked before anything is read
        fh.truncate(2**30 + 1)
    with pytest.raises(
        LoadError, match=r"^file is 1073741825 bytes, larger than the \d+ byte limit$"
    ):
        Document.load(str(big))
