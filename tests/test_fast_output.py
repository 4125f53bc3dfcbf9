"""JSON and SARIF by orjson are byte for byte what ``json.dumps`` wrote (issue 14)."""

from __future__ import annotations

import json
import os
import random

import pytest

from oaslint.engine import Linter
from oaslint.formatters import FormatContext, json_format, sarif
from oaslint.formatters._jsonout import dumps
from oaslint.model import Finding, Severity, finding_order
from oaslint.registry import all_rules
from oaslint.result import LintResult
from tests.conftest import CORPUS

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "samples", "petstore-insecure.yaml")


def _old(obj: object) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def test_every_code_point_and_shape_is_encoded_as_json_did() -> None:
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    obj = {"s": [text, "", 'q"\\/'], "n": [0, -1, 2**63 - 1], "e": [[], {}], "b": [True, None]}
    assert dumps(obj) == _old(obj)


@pytest.mark.parametrize("odd", ["\ud800 lone surrogate", 2**70, -(2**64)])
def test_what_orjson_refuses_falls_back_to_json(odd: object) -> None:
    obj = {"findings": [{"message": odd}]}
    assert dumps(obj) == _old(obj)


def _reports(paths: list[str]) -> tuple[LintResult, FormatContext]:
    rules = all_rules()
    result = Linter(rules).lint_paths(paths)
    return result, FormatContext(rules, "0.0.0", root=os.getcwd(), cwd=os.getcwd())


def _check(paths: list[str]) -> None:
    result, ctx = _reports(paths)
    assert result.findings
    assert json_format.render(result, ctx) == _old(json_format.as_dict(result, ctx.version))
    assert sarif.render(result, ctx) == _old(sarif.as_dict(result, ctx))


def test_sample_reports_are_byte_identical() -> None:
    _check([SAMPLE])


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="../shared/corpus is not there")
def test_corpus_reports_are_byte_identical() -> None:
    # non-ASCII Dutch text, a Latin-1 file, thousands of findings
    names = ["nl-brp-personen-bevragen.oas31.yaml", "twilio-conversations-v1.oas30.json"]
    _check([os.path.join(CORPUS, n) for n in names])
    bag = "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2/adressen.yaml"
    _check([os.path.join(CORPUS, bag)])


def test_key_sort_is_the_rich_comparison_sort() -> None:
    rng = random.Random(14)
    findings = [
        Finding(
            file=rng.choice(["a.yaml", "b.yaml", "a.json"]),
            line=rng.randint(1, 5),
            column=rng.randint(1, 3),
            rule=rng.choice(["r1", "r2"]),
            message=rng.choice(["m", "n"]),
            severity=rng.choice(list(Severity)),
            pointer=rng.choice(["", "/a", "/b"]),
        )
        for _ in range(2000)
    ]
    by_key = sorted(findings, key=finding_order)
    rich = sorted(findings)
    assert by_key == rich
    assert [id(f) for f in by_key] == [id(f) for f in rich]  # ties keep the same order
