"""Boundaries of the shared rule helpers that the fixtures reach only in part
(sampled mutation survivors, tests/README.md)."""

from __future__ import annotations

import pytest

from oaslint.rules._media import is_xml
from oaslint.rules._schemas import anchored_pattern


@pytest.mark.parametrize(
    ("pattern", "anchored"),
    [
        (r"^[a-z]{1,8}$", True),
        (r"\A[a-z]{1,8}\z", True),
        (r"^[a-z]{1,8}\Z", True),
        (r"^.+\z", False),  # anchored, but matches anything
        (r"\A.*\Z", False),
        (r"^.*$", False),
        (r"^(?:a|b)$", True),
        (r"^a|b$", False),
        (r"[a-z]+", False),
        (None, False),
    ],
)
def test_anchored_pattern(pattern: object, anchored: bool) -> None:
    assert anchored_pattern(pattern) is anchored


@pytest.mark.parametrize(
    ("media_type", "xml"),
    [
        ("application/xml", True),
        ("text/xml; charset=utf-8", True),
        ("application/problem+xml", True),
        ("application/xml-dtd", True),
        ("application/json", False),
        ("application/xhtml", False),
    ],
)
def test_is_xml(media_type: str, xml: bool) -> None:
    assert is_xml(media_type) is xml
