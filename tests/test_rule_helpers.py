"""Boundaries of the shared rule helpers that the fixtures reach only in part
(sampled mutation survivors, tests/README.md)."""

from __future__ import annotations

import pytest

from oaslint.rules.shared.media import is_xml
from oaslint.rules.shared.schemas import anchored_pattern


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


def test_server_schemes_split_at_the_first_scheme_separator() -> None:
    """A URL whose query holds another URL: the scheme variable is still expanded
    (sampled mutation survivor: splitting at every `://`)."""
    from oaslint.model import Location
    from oaslint.rules.transport._urls import server_schemes

    url = "{scheme}://api.example.com/cb?next=https://other.example.com"
    server = {"url": url, "variables": {"scheme": {"enum": ["http", "https"], "default": "https"}}}
    loc = Location("api.yaml", "/servers/0/url")
    found = [(s, where.pointer) for s, where in server_schemes(url, server, loc)]
    assert found == [
        ("http", "/servers/0/variables/scheme/enum/0"),
        ("https", "/servers/0/variables/scheme/enum/1"),
        ("https", "/servers/0/variables/scheme/default"),
    ]
    literal = [(s, w.pointer) for s, w in server_schemes("http://a/?b=https://c", {}, loc)]
    assert literal == [("http", "/servers/0/url")]
    # a variable after the first `://` does not make the scheme variable
    later = {"variables": {"y": {"default": "q"}}}
    found = [(s, w.pointer) for s, w in server_schemes("https://a/?x={y}://z", later, loc)]
    assert found == [("https", "/servers/0/url")]
