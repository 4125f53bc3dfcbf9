"""Boundaries of the shared rule helpers (mutation survivors of the rules, session 9).

Each test fails on a mutant that survived the fixture tests (tests/README.md, "Rules,
session 9"); the helpers are called directly where a fixture cannot reach the boundary.
"""

from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Any

import pytest

from oaslint.index import SpecIndex
from oaslint.loader.document import Document
from oaslint.rules import RegistryError, rule_from_module
from oaslint.rules.base import Option
from oaslint.rules.errors._secrets import MIN_RANDOM_LENGTH, looks_random
from oaslint.rules.health.valid_openapi import _shape_name
from oaslint.rules.shared import schemas
from oaslint.rules.shared.names import names_path_resource
from oaslint.rules.shared.prose import negated
from oaslint.rules.shared.schemas import (
    RequestSchemas,
    _top_level_alternatives,
    anchored_pattern,
    schema_types,
)
from oaslint.rules.shared.security import _collect_texts
from oaslint.rules.shared.status import status_class
from oaslint.rules.transport import servers_declared
from oaslint.rules.transport._urls import _substitute
from oaslint.rules.validation.bounded_strings import _format


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


def test_schema_types_inferred_without_type() -> None:
    # `patternProperties` alone makes an object, 3.1 `prefixItems` alone an array
    assert schema_types({"patternProperties": {"^x-": {}}}) == {"object"}
    assert schema_types({"prefixItems": [{"type": "string"}]}) == {"array"}
    assert schema_types({"additionalProperties": False}) == {"object"}
    assert schema_types({"description": "no type"}) == frozenset()


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("^(a)|(b)$", False),  # after a closed group: two alternatives, each anchored once
        ("^(?:a|b)$", True),
        ("^(a)(b)$", True),
        (r"\A(.*)\z", False),  # a `\z` anchor around "anything" is still anything
        (r"\A(ab)\z", True),
        (r"\A.+x\Z", True),
    ],
)
def test_anchored_pattern_alternatives_and_end_anchors(pattern: str, expected: bool) -> None:
    assert anchored_pattern(pattern) is expected


def test_top_level_alternatives_after_groups() -> None:
    assert _top_level_alternatives("(a)|(b)|c") == ["(a)", "(b)", "c"]
    assert _top_level_alternatives("((a))|b") == ["((a))", "b"]
    assert _top_level_alternatives("a)|(b") is None


def test_collected_texts_stop_at_depth_six() -> None:
    out: list[str] = []
    _collect_texts([[[[[["deep-6"]]]]], [[[[[["deep-7"]]]]]]], out)  # strings at depth 6, 7
    assert out == ["deep-6"]


def test_shape_name_without_a_definition() -> None:
    assert _shape_name(["properties", "paths"]) == ""
    assert _shape_name(["definitions"]) == ""
    assert _shape_name(["definitions", "response", "required"]) == "Response"


def test_substitute_leaves_other_variables() -> None:
    assert _substitute("{scheme}://{host}/v1", "scheme", "http") == "http://{host}/v1"


def test_format_only_when_a_string() -> None:
    assert _format({"format": []}) is None
    assert _format({"format": "uuid"}) == "uuid"


def test_a_rule_module_without_check_is_refused() -> None:
    plugin = types.ModuleType("plugin_without_check")
    plugin.META = servers_declared.META  # type: ignore[attr-defined]
    with pytest.raises(RegistryError, match="plugin_without_check: a rule module needs META"):
        rule_from_module(plugin)
    plugin.check = servers_declared.check  # type: ignore[attr-defined]
    assert rule_from_module(plugin).meta is servers_declared.META


def _request_schemas(tmp_path: Path, text: str) -> RequestSchemas:
    path = tmp_path / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    return RequestSchemas(SpecIndex(Document.load(str(path))))


_BODY = """\
openapi: 3.0.3
info: {title: x, version: '1'}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                id: {type: string%s}
                name: {type: string}
      responses:
        '204': {description: OK}
"""


def test_request_schemas_walk_again_only_to_exclude(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without readOnly or `not` every request schema is live: no second walk (the common,
    # fast case on large documents). With one, the walk drops the read-only property.
    walks: list[int] = []
    real_walk = schemas.walk_schemas

    def counting_walk(*args: Any, **kwargs: Any) -> Any:
        walks.append(1)
        return real_walk(*args, **kwargs)

    monkeypatch.setattr(schemas, "walk_schemas", counting_walk)
    plain = _request_schemas(tmp_path, _BODY % "")
    assert walks == []
    assert len(plain.live) == len(plain.uses) == 3
    read_only = _request_schemas(tmp_path, _BODY % ", readOnly: true")
    assert walks
    assert len(read_only.uses) == 3 and len(read_only.live) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not for browsers. Tokens are rotated daily", False),  # the negation ends its clause
        ("Tokens are not rotated", True),
        ("No browsers; tokens are rotated", False),
    ],
)
def test_negation_stays_in_its_clause(text: str, expected: bool) -> None:
    start = text.index("rotated")
    assert negated(text, start, start + len("rotated")) is expected
