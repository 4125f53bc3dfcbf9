"""The jsonpath-ng adapter (:mod:`oaslint.custom.jsonpath`), at whatever version is installed.

The suite runs in both CI jobs of ``.ci/run``: the newest jsonpath-ng and the floor
of ``pyproject.toml`` (``.ci/floors.txt``), so every test here holds at both ends.
The oracle compares the nodes our evaluator matches with jsonpath-ng's own
``find()`` on a ``$ref``-free document, where both must agree.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import warnings
from typing import Any

import pytest

from oaslint.config import ConfigError, build_config
from oaslint.custom import jsonpath as jp
from oaslint.custom.evaluate import compile_path
from oaslint.loader.document import Document
from oaslint.registry import all_rules

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# Every leaf is a distinct string, so a node is identified by its JSON text.
ORACLE_DOC = """\
openapi: 3.1.0
info: {title: t-title, version: t-version}
tags:
  - {name: alpha, description: d-alpha}
  - {name: beta, description: d-beta}
paths:
  /a:
    get:
      operationId: op-get-a
      parameters:
        - {name: p0, in: query, required: yes-p0}
        - {name: p1, in: header}
        - {name: p2, in: query}
      responses: {'200': {description: ok-get-a}}
    post:
      operationId: op-post-a
      responses: {'201': {description: ok-post-a}}
  /b:
    delete:
      operationId: op-delete-b
      parameters:
        - {name: p3, in: path}
      responses: {'204': {description: ok-delete-b}}
"""

# Paths whose meaning jsonpath-ng 1.8 and 1.16 agree on (objects are not filtered,
# `[*]` is applied to arrays: before 1.16 jsonpath-ng differs there, see evaluate.py).
ORACLE_PATHS = [
    "$.info.title",
    "$.info",
    "$.paths.*",
    "$.paths.*.*",
    "$.paths['/a'].get.operationId",
    "$.paths['/a'][get,post].operationId",
    "$.paths['/a'].get.parameters[0].name",
    "$.paths['/a'].get.parameters[0,2].name",
    "$.paths['/a'].get.parameters[*].name",
    "$.paths['/a'].get.parameters[1:3]",
    "$.tags[*].name",
    "$..name",
    "$..operationId",
    "$..parameters[*].in",
    "$..responses.*.description",
    "$.paths['/a'].get.parameters[?(@.in == 'query')]",
    "$.paths['/a'].get.parameters[?(@.in != 'query')].name",
    "$.paths['/a'].get.parameters[?(@.required)]",
    "$.paths['/a'].get.parameters[?(@.in == 'query' && @.name == 'p2')]",
    "$.tags[?(@.name =~ '^al')].description",
    "$..parameters[?(@.in == 'path')].name",
    "$.nothing.here",
]


def _ours(doc: Document, text: str) -> list[str]:
    return sorted(json.dumps(m.value, sort_keys=True) for m in compile_path(text).find(doc, True))


def _theirs(doc: Document, text: str) -> list[str]:
    from jsonpath_ng.ext import parse

    source = text
    if "AND" not in _lexer_tokens():  # before 1.13 jsonpath-ng spells `&&` as `&`
        source = text.replace("&&", "&")
    found = parse(source).find(doc.root.data)
    return sorted(json.dumps(d.value, sort_keys=True) for d in found)


def _lexer_tokens() -> tuple[str, ...]:
    from jsonpath_ng.ext.parser import ExtendedJsonPathLexer

    return tuple(ExtendedJsonPathLexer.tokens)


@pytest.fixture(scope="module")
def oracle_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("oracle") / "api.yaml"
    path.write_text(ORACLE_DOC)
    return Document.load(str(path))


@pytest.mark.parametrize("text", ORACLE_PATHS)
def test_matches_agree_with_jsonpath_ng_find(oracle_doc: Document, text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the oracle may use old spellings
        theirs = _theirs(oracle_doc, text)
    assert _ours(oracle_doc, text) == theirs


def _classes(value: Any) -> set[type]:
    out = {type(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            out |= _classes(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            out |= _classes(item)
    return out


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("$.a", (jp.Name(("a",)),)),
        ("$['a b']", (jp.Name(("a b",)),)),
        ("$[get,post]", (jp.Name(("get", "post")),)),
        ("$.*", (jp.Wildcard(),)),
        ("$[*]", (jp.Wildcard(),)),
        ("$.a[*].b", (jp.Name(("a",)), jp.Wildcard(), jp.Name(("b",)))),
        ("$[0]", (jp.Index((0,)),)),
        ("$[-1]", (jp.Index((-1,)),)),
        ("$[0,2]", (jp.Index((0, 2)),)),
        ("$[1:3]", (jp.Slice(1, 3, None),)),
        ("$..a", (jp.Descend(), jp.Name(("a",)))),
        ("$.a..b.c", (jp.Name(("a",)), jp.Descend(), jp.Name(("b",)), jp.Name(("c",)))),
        (
            "$[?(@.in == 'query' && @.x)]",
            (
                jp.Filter(
                    (
                        jp.Condition(jp.Path(False, (jp.Name(("in",)),)), "==", "query"),
                        jp.Condition(jp.Path(False, (jp.Name(("x",)),)), None, None),
                    )
                ),
            ),
        ),
    ],
)
def test_parse_maps_every_shape_to_our_segments(text: str, segments: tuple[Any, ...]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no deprecated construct reaches jsonpath-ng
        path = jp.parse(text)
    assert path == jp.Path(True, segments)
    leaked = {c for c in _classes(path) if c.__module__.startswith("jsonpath_ng")}
    assert not leaked, leaked


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("$.info.(title | version)", "`|` (union) is deprecated by jsonpath-ng"),
        ("($.a) | ($.b)", "list the alternatives under `given` instead"),
        ("$.a[?(@.x == 1 & @.y == 2)]", "write `&&` between conditions"),
        ("$.a[?(@.x == 1 || @.y == 2)]", "`||` in filters is not supported"),
        ("$.a & $.b", "`&` (intersection) is deprecated"),
        ("$.a.`parent`", "the JSONPath construct ``parent`` (Parent) is not supported"),
        ("$.a[?(@.x == 'a|b' && @.y == 'c&d')]", None),  # operators in strings are text
        ("$.a[", "invalid JSONPath '$.a['"),
        ("a.b", "must start at the document root '$'"),
    ],
)
def test_deprecated_and_unsupported_constructs_are_named(text: str, message: str | None) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if message is None:
            jp.parse(text)
            return
        with pytest.raises(jp.JSONPathSyntaxError, match=re.escape(message)):
            jp.parse(text)


def _config_examples(path: str) -> list[Any]:
    with open(os.path.join(REPO, path), encoding="utf-8") as fh:
        text = fh.read()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    return [pytest.param(b, id=f"{path}#{i}") for i, b in enumerate(blocks) if "custom-rules:" in b]


@pytest.mark.parametrize(
    "block", _config_examples("README.md") + _config_examples("docs/custom-rules.md")
)
def test_documented_examples_are_accepted(block: str) -> None:
    from ruamel.yaml import YAML

    raw = YAML(typ="safe", pure=True).load(block)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        try:
            config = build_config(raw, all_rules(), "example.yaml")
        except ConfigError as exc:  # pragma: no cover - the failure message
            pytest.fail(str(exc))
    assert config.extra.get("custom-rules")
