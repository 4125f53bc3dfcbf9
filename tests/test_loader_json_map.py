"""JSON positions built lazily (``_JsonMap``) equal the full token scan's, everywhere.

Locating a finding in a JSON file builds the position tables of only the containers
on its pointer's path (issue 14: the full scan was 40% of the Kubernetes run). The
full scan (``SourceFile.positions``) stays as the oracle: every pointer of every
document below, key and value spans, must come out the same both ways.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from oaslint.loader.source import _JsonMap, parse_text
from oaslint.model import escape_segment

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

_TRICKY_STRINGS = [
    "",
    "a",
    "{",
    "}",
    "[",
    "]",
    '"',
    '\\"',
    "\\",
    "\\\\",
    'x"y{z}',
    "a]b[c",
    "\u00e9\u4e2d",
    "\U0001f600",
    "~/0~1",
    "tab\there",
    "new\nline",
    "{\\}",
    '"}]"',
]


def _pointers(data: Any) -> list[str]:
    out: list[str] = [""]
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, ptr = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for k, v in items:
            p = f"{ptr}/{escape_segment(str(k))}"
            out.append(p)
            if isinstance(v, (dict, list)):
                stack.append((v, p))
    return out


def _same_spans(text: str) -> int:
    """Compare lazy and full spans of every pointer of ``text``; return how many."""
    lazy = parse_text(text, "t.json", "/t.json")
    full = parse_text(text, "t.json", "/t.json")
    assert full.positions is not None  # the full scan, as the oracle
    if not isinstance(lazy.data, (dict, list)):
        return 0
    pointers = _pointers(lazy.data)
    pointers += [p + "/missing" for p in pointers[:50]] + ["/nowhere/0", "/0/x"]
    for p in pointers:
        for prefer_key in (False, True):
            assert lazy.span(p, prefer_key) == full.span(p, prefer_key), (p, prefer_key, text)
    return len(pointers)


def _random_value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.35:
        return rng.choice(
            [
                rng.choice(_TRICKY_STRINGS),
                rng.randint(-5, 10**6),
                rng.random() * 1e3,
                True,
                False,
                None,
            ]
        )
    if roll < 0.7:
        return {
            rng.choice(_TRICKY_STRINGS) + str(i): _random_value(rng, depth + 1)
            for i in range(rng.randint(0, 5))
        }
    return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 5))]


def _dump(rng: random.Random, value: Any) -> str:
    indent = rng.choice([None, 0, 1, 2, "\t"])
    seps = rng.choice([(",", ":"), (", ", ": "), (" ,\n", " :  ")])
    return json.dumps(value, indent=indent, separators=seps, ensure_ascii=rng.random() < 0.5)


@pytest.mark.parametrize("seed", range(40))
def test_random_documents(seed: int) -> None:
    rng = random.Random(seed)
    value = {"openapi": "3.0.3", "doc": _random_value(rng, 0), "list": _random_value(rng, 1)}
    assert _same_spans(_dump(rng, value)) > 3


@pytest.mark.parametrize(
    "text",
    [
        # duplicate keys: json.loads keeps the last value, so do the tables
        '{"a": {"x": [1, {"y": 2}]}, "a": {"z": 3}, "b": 1}',
        '{"a": [1, 2], "a": {"k": "v"}}',
        '{"a": {"k": "v"}, "a": [1, {"m": 1}]}',
        '{"a": {"k": {"deep": 1}}, "a": 5, "c": {"d": 1}}',
        '{"a": 5, "a": {"k": 1}}',
        # escapes in keys and values, brackets and quotes inside strings
        '{"x\\"}{": {"q\\\\": "]", "\\u007b": ["[", {"\\n": "}"}]}}',
        '{"\\ud800": {"lone": 1}, "e\\u0301": [1]}',
        # a top-level array, empty containers, odd but legal whitespace
        '\r\n\t [ {}, [], [[]], {"a": {}} , "x" , -1.5e3 , null ]\n',
        "[]",
        "{}",
        '"just a string"',
        "3",
        '{"n": NaN, "i": -Infinity, "t": true}',
    ],
)
def test_edge_cases(text: str) -> None:
    _same_spans(text)


def test_only_needed_tables_are_built() -> None:
    """Locating one finding maps the containers on its path, not the whole file."""
    doc = {"paths": {f"/p{i}": {"get": {"responses": {"200": {"d": i}}}} for i in range(200)}}
    src = parse_text(json.dumps(doc, indent=2), "t.json", "/t.json")
    assert src.span("/paths/~1p7/get/responses/200/d").line > 1
    jmap = src._json_map
    assert isinstance(jmap, _JsonMap)
    # root, /paths, /paths/~1p7, .../get, .../responses, .../200: six tables of 1,001
    assert len(jmap.tables) == 6
    assert src._positions is None  # the full scan never ran


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
@pytest.mark.parametrize("name", ["adyen-checkout-v71.oas31.json"])
def test_corpus_json(name: str) -> None:
    assert _same_spans((CORPUS / name).read_text(encoding="utf-8")) > 1000


def test_long_white_space_runs_stay_linear() -> None:
    """200,000 spaces before closing brackets and after the root: the searches of the
    lazy map skip them in linear time (a pattern with a leading `[ \\t\\n\\r,]*`, or a
    bracket search past the root's end, took quadratic time: minutes)."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        from oaslint.loader.source import parse_text
        ws = " " * 200_000
        text = '{"a": {"b": 1' + ws + '}, "c": [1, "x"' + ws + '], "d": "\\\\u0041"' + ws + '}' + ws
        src = parse_text(text, "t.json", "/t.json")
        assert src.span("/a/b").column == 13, src.span("/a/b")
        assert src.span("/c/1").column > 200_000
        assert src.span("/d").line == 1
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
