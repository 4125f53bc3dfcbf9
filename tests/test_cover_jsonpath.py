"""Custom-rule JSONPath: filter forms and refusals the main JSONPath tests do not reach.

Matches are compared with jsonpath-ng's own ``find`` (the oracle of
``tests/test_custom_jsonpath.py``); refusals name the construct.
"""

from __future__ import annotations

import json
import re
import warnings

import pytest

from oaslint.custom import jsonpath as jp
from oaslint.custom.evaluate import compile_path
from oaslint.loader.document import Document
from tests.test_custom_jsonpath import ORACLE_DOC


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("cover-jsonpath") / "api.yaml"
    path.write_text(ORACLE_DOC)
    return Document.load(str(path))


def _ours(doc: Document, text: str) -> list[str]:
    return sorted(json.dumps(m.value, sort_keys=True) for m in compile_path(text).find(doc, True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a filter path without @ is relative (jsonpath-ng reads `name` as `@.name`)
        ("$.paths['/a'].get.parameters[?(name == 'p2')].in", ['"query"']),
        ("$.tags[?(name)].name", ['"alpha"', '"beta"']),
        # =~ with a number: the number's text is the regular expression
        ("$.paths['/a'].get.parameters[?(@.name =~ 1)].in", ['"header"']),
        # a filter on the document root: every candidate passes when the root has it
        ("$.tags[?($.info)].name", ['"alpha"', '"beta"']),
        ("$.tags[?($.nothing)].name", []),
    ],
)
def test_filter_forms(doc: Document, text: str, expected: list[str]) -> None:
    assert _ours(doc, text) == expected
    if "=~ 1" in text:
        return  # jsonpath-ng itself fails there ("first argument must be string")
    from jsonpath_ng.ext import parse

    theirs = parse(text).find(doc.root.data)
    assert sorted(json.dumps(d.value, sort_keys=True) for d in theirs) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("$..[?(!@.x)]", "the JSONPath construct `!@.x` (Expression) is not supported"),
        ("$..[?(@.a == @.b)]", "compare with a literal ('text', a number, true, false, null), "
         "not with a query: `@.a == @.b`"),
        ("$.a.$", "the JSONPath construct `$` (Root) is not supported"),
        ("$.a..$", "the JSONPath construct `$` (Root) is not supported"),
        ("   ", "expected a JSONPath expression such as $.paths[*][get,post]"),
    ],
)  # fmt: skip
def test_refused_constructs_are_named(text: str, message: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(jp.JSONPathSyntaxError, match=re.escape(message)):
            jp.parse(text)


@pytest.mark.parametrize(
    ("text", "rewritten"),
    [
        ("$[?(@.a && @.b)]", "$[?(@.a & @.b)]"),
        ("$[?(@.a == 'x&&y' && @.b)]", "$[?(@.a == 'x&&y' & @.b)]"),  # quoted text stays
        ('$[?(@.a == "q\\"&&" && @.b)]', '$[?(@.a == "q\\"&&" & @.b)]'),  # escaped quote
        ("$.a", "$.a"),
    ],
)
def test_double_ampersand_for_jsonpath_ng_before_1_13(text: str, rewritten: str) -> None:
    """Run by ``parse`` only with jsonpath-ng < 1.13 (the floors job): proven here at
    every version."""
    assert jp._without_double_ampersand(text) == rewritten


def test_numbers_step_into_lists_by_name_and_into_maps_by_index(doc: Document) -> None:
    """Where jsonpath-ng finds nothing, oaslint steps on, as OpenAPI needs: `.0` takes the
    first item of a list, and `[200]` the `'200'` key of a map (a response code)."""
    assert _ours(doc, "$.tags.0.name") == ['"alpha"']
    assert _ours(doc, "$.tags.5.name") == []
    assert _ours(doc, "$.paths['/a'].get.responses[200].description") == ['"ok-get-a"']
    assert _ours(doc, "$.paths['/a'].get.responses[404].description") == []
    assert _ours(doc, "$.info[0]") == []
