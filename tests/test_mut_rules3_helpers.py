"""Rule helpers at boundaries no fixture reaches (mutation survivors, rules session 10).

Each test fails on a surviving mutant of the rule sample 3 (seed 13) or 4 (seed 14) in
tests/README.md ("Session 10: the rule families"). The bundled OpenAPI schemas cannot
produce some of these validator errors, so the helpers get errors from small schemas.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema_rs

from oaslint.index import Operation, SpecIndex
from oaslint.loader.document import Document
from oaslint.model import Severity
from oaslint.rules.errors._secrets import looks_random
from oaslint.rules.health.valid_openapi import _explain, _plain
from oaslint.rules.shared.media import matches
from oaslint.rules.shared.prose import negated
from oaslint.rules.shared.schemas import anchored_pattern
from oaslint.rules.shared.security import is_public
from tests.harness import run


def _first_error(schema: dict[str, Any], instance: Any) -> Any:
    return next(iter(jsonschema_rs.validator_for(schema).iter_errors(instance)))


def test_two_constants_name_their_expected_values() -> None:
    # `const` alternatives (the 3.1 schema's style) are listed like `enum` ones,
    # and two of them are enough to explain the error by its allowed values
    error = _first_error({"anyOf": [{"const": "a"}, {"const": "b"}]}, "c")
    assert _explain(error, "c") == ("'c' is not allowed here; expected one of: a, b", [])


def test_explained_three_alternatives_deep() -> None:
    # the third nested `anyOf` is still explained (depth 2), not printed raw
    inner = {"anyOf": [{"const": "x"}, {"const": "y"}]}
    middle = {"anyOf": [{"properties": {"b": inner}}, {"properties": {"d": {"const": 1}}}]}
    outer = {"anyOf": [{"properties": {"a": middle}}, {"properties": {"a": {"const": 5}}}]}
    instance = {"a": {"b": "c", "d": 0}}
    assert _explain(_first_error(outer, instance), instance) == (
        "'c' is not allowed here; expected one of: x, y",
        ["a", "b"],
    )


def test_a_negated_schema_without_enum_lists_nothing() -> None:
    assert _plain(_first_error({"not": {"type": "string"}}, "s")) == "'s' is not allowed here"
    assert (
        _plain(_first_error({"not": {"enum": ["s", "t"]}}, "s"))
        == "'s' is not allowed here (excluded: s, t)"
    )


def _operation(tmp_path: Path) -> Operation:
    path = tmp_path / "openapi.yaml"
    path.write_text(
        "openapi: 3.0.3\n"
        "info: {title: Public, version: '1'}\n"
        "paths:\n"
        "  /status:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n",
        encoding="utf-8",
    )
    (op,) = SpecIndex(Document.load(str(path))).operations
    return op


def test_public_operation_patterns(tmp_path: Path) -> None:
    op = _operation(tmp_path)
    assert is_public(op, ["  GET /status"])  # surrounding blanks are no part of the method
    assert is_public(op, ["get   /status  "])
    assert is_public(op, ["/stat*"])
    assert is_public(op, ["", "* /status"])
    assert not is_public(op, ["POST /status"])
    assert not is_public(op, ["GET /status/*"])


def test_a_boundary_word_ends_the_words_after_a_mention() -> None:
    text = "mTLS is supported but not for every client"
    assert not negated(text, 0, 4)  # "not" follows "but": another clause
    assert negated("mTLS is not supported", 0, 4)


def test_media_type_patterns() -> None:
    assert matches("text/plain", "*/*")
    assert matches("image/png", "image/*")
    assert not matches("text/plain", "image/*")
    assert not matches("text/plain", "text/csv")


def test_an_escaped_bar_is_no_alternative() -> None:
    assert anchored_pattern(r"^a\|b$")  # one alternative: `a|b` spelt with an escaped bar
    assert not anchored_pattern(r"^a|b$")


def test_a_file_that_is_not_utf8_is_a_warning(tmp_path: Path) -> None:
    # read as Windows-1252 and linted: a warning, not the error of an unreadable file
    path = tmp_path / "openapi.yaml"
    path.write_bytes(b"openapi: 3.0.3\ninfo: {title: caf\xe9, version: '1'}\npaths: {}\n")
    result = run(str(path), ["parse-error"])
    assert [
        (f.rule, f.line, f.column, f.end_line, f.end_column, f.severity) for f in result.findings
    ] == [("parse-error", 2, 18, 2, 19, Severity.WARNING)]  # one character: the byte


def test_publishable_and_test_keys_are_not_random_secrets() -> None:
    # Stripe publishable (`pk_`) and test-mode (`sk_test_`) keys are published on purpose
    assert not looks_random("pk_live_4eC39HqLyjWDarjtT1zdp7dc")
    assert not looks_random("sk_test_4eC39HqLyjWDarjtT1zdp7dc")
    assert looks_random("xx_live_4eC39HqLyjWDarjtT1zdp7dc")
