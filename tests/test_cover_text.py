"""``excerpt`` of containers: a bounded ``repr`` that stops walking at the limit, whatever
the size or depth of the value (a hostile document can hold either)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from oaslint.text import excerpt


@pytest.mark.parametrize(
    ("value", "limit", "shown"),
    [
        ({"a": [1, 2, {"b": "x"}]}, 80, "{'a': [1, 2, {'b': 'x'}]}"),
        ({}, 80, "{}"),
        ([], 80, "[]"),
        ({"a": 1}, 0, "..."),
        ({"a": 1}, 1, "{..."),
        ([1], 1, "[..."),
        ({"a": 1, "b": 2}, 7, "{'a': 1..."),
        ({"a": [1, 2]}, 6, "{'a': ..."),
        ({"a": {"b": 1}}, 10, "{'a': {'b'..."),
        ([1, 2, 3], 3, "[1,..."),
        ([[1, 2], [3]], 4, "[[1,..."),
        ({"k" * 100: 1}, 10, "{'kkkkkkkk..."),
        ({"a": "\x1b[31m"}, 80, "{'a': '\\x1b[31m'}"),  # escaped, never raw
    ],
)
def test_container_excerpts(value: Any, limit: int, shown: str) -> None:
    assert excerpt(value, limit) == shown


def test_deep_nesting_is_cut_at_depth_eight() -> None:
    deep: list[Any] = []
    cur = deep
    for _ in range(12):
        nxt: list[Any] = []
        cur.append(nxt)
        cur = nxt
    assert excerpt(deep) == "[[[[[[[[[...]]]]]]]]]"


def test_a_huge_container_is_not_walked() -> None:
    huge = {"items": list(range(2_000_000))}
    start = time.process_time()
    for _ in range(100):
        text = excerpt(huge, 40)
    assert time.process_time() - start < 1.0  # a full walk: seconds per call
    assert text == "{'items': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9,..."
