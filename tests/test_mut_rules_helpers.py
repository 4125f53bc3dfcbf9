"""Boundaries of the shared rule helpers (mutation survivors of the rules, session 9).

Each test fails on a mutant that survived the fixture tests (tests/README.md, "Rules,
session 9"); the helpers are called directly where a fixture cannot reach the boundary.
"""

from __future__ import annotations

import re

import pytest

from oaslint.rules.base import Option
from oaslint.rules.errors._secrets import MIN_RANDOM_LENGTH, looks_random
from oaslint.rules.shared.names import names_path_resource
from oaslint.rules.shared.status import status_class


@pytest.mark.parametrize(
    ("path", "name", "expected"),
    [
        # `-sses` plurals lose `es`: accesses -> access
        ("/accesses/{access_key}", "access_key", True),
        ("/accesses/{key}", "key", False),
        # `-xes` plurals lose `es`: inboxes -> inbox (not "inboxe")
        ("/inboxes/{inbox_token}", "inbox_token", True),
        ("/boxes/{box_id}", "box_id", True),
        # `-ies` plurals: policies -> policy
        ("/policies/{policy_secret}", "policy_secret", True),
    ],
)
def test_plural_collections(path: str, name: str, expected: bool) -> None:
    assert names_path_resource(path, name) is expected


def test_looks_random_at_its_minimum_length() -> None:
    value = "m1CiAhzCueQpBenQtYh5"  # 20 characters, 3.9 bits each
    assert len(value) == MIN_RANDOM_LENGTH
    assert looks_random(value)
    assert not looks_random(value[:-1])


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("int", [0, 5, -3], [True, False, "5", 5.0, None]),
        ("bool", [True, False], [0, 1, "true", None]),
        ("str", ["", "x"], [1, None, ["x"]]),
        ("list[str]", [[], ["a", "b"]], ["a", ["a", 1], ("a",), None]),
    ],
)
def test_plugin_option_types(kind: str, good: list[object], bad: list[object]) -> None:
    option = Option(kind, None, "an option of a plugin rule")
    for value in good:
        assert option.validate(value) is value
    for value in bad:
        with pytest.raises(ValueError, match=f"^expected {re.escape(kind)}, got "):
            option.validate(value)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("200", "2"),
        (" 404 ", "4"),
        ("2XX", "2"),
        ("5xx", "5"),
        ("default", "d"),
        ("600", ""),  # three characters, but no HTTP status class
        ("6XX", ""),
        ("20", ""),
        ("2000", ""),
        ("2X0", ""),
    ],
)
def test_status_class(code: str, expected: str) -> None:
    assert status_class(code) == expected
