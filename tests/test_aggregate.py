"""Aggregation (DESIGN 2.3): an API-wide decision missed at every place is one finding.

Checked here: when it folds and when not, where it points, its severity, message and
related places, the off switches, suppressions per place and on the anchor (with
``unused-suppression`` staying right), fingerprints, the four baseline transitions
and ``--diff``, and the JSON, SARIF (schema-valid), text and GitHub views.
"""

from __future__ import annotations

import json
import os
from typing import Any

import jsonschema
import pytest

from oaslint.baseline import Baseline
from oaslint.cli import main
from oaslint.config import ConfigError, build_config
from oaslint.diff import keep_changed
from oaslint.engine import Linter
from oaslint.model import Finding, Related, Severity
from oaslint.registry import all_rules
from oaslint.result import LintResult

DATA = os.path.join(os.path.dirname(__file__), "data")

# Three operations, none with a 429 (or 4XX) response; the third one gets it in ONE_OK.
SPEC = """\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      responses:
        '200': {description: OK}
  /b:
    get:
      responses:
        '200': {description: OK}
  /c:
    get:
      responses:
        '200': {description: OK}
"""
ONE_OK = SPEC.replace(
    "  /c:\n    get:\n      responses:\n        '200': {description: OK}\n",
    "  /c:\n    get:\n      responses:\n        '200': {description: OK}\n"
    "        '429': {description: Slow down}\n",
)
RULES = ["rate-limit-429", "unused-suppression", "invalid-suppression"]


def _write(path: str, text: str) -> str:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def _lint(path: str, raw: dict[str, Any] | None = None, select: list[str] = RULES) -> LintResult:
    rules = all_rules()
    cfg = build_config({"aggregate": True, "select": select, **(raw or {})}, rules, None)
    return Linter(rules, cfg).lint_paths([path])


def _found(result: LintResult) -> list[tuple[str, int, bool]]:
    return sorted((f.rule, f.line, f.aggregate) for f in result.findings)


def test_every_place_missing_folds_into_one_finding_at_paths(
    tmp_path: os.PathLike[str],
) -> None:
    result = _lint(_write(os.path.join(tmp_path, "api.yaml"), SPEC))
    assert _found(result) == [("rate-limit-429", 3, True)]
    (agg,) = result.findings
    assert agg.pointer == "/paths" and agg.column == 1
    assert agg.message.startswith("3 of 3 operations declare no 429 (or 4XX) response")
    assert "(B.12.1.4, 8.13.7)" in agg.message  # requirement ids stay
    assert [(r.line, r.pointer) for r in agg.related] == [
        (6, "/paths/~1a/get/responses"),
        (10, "/paths/~1b/get/responses"),
        (14, "/paths/~1c/get/responses"),
    ]
    assert agg.severity is Severity.WARNING


def test_some_places_meeting_the_decision_keep_every_miss(tmp_path: os.PathLike[str]) -> None:
    result = _lint(_write(os.path.join(tmp_path, "api.yaml"), ONE_OK))
    assert _found(result) == [("rate-limit-429", 6, False), ("rate-limit-429", 10, False)]


def test_nearly_every_place_missing_folds_and_says_how_many(tmp_path: os.PathLike[str]) -> None:
    ops = "".join(
        f"  /p{i}:\n    get:\n      responses:\n        '200': {{description: OK}}\n"
        + ("        '429': {description: Slow down}\n" if i == 0 else "")
        for i in range(10)
    )
    text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n" + ops
    (agg,) = _lint(_write(os.path.join(tmp_path, "api.yaml"), text)).findings
    assert agg.message.startswith("9 of 10 operations declare no 429") and len(agg.related) == 9
    # 8 of 10 (below 90%): an inconsistency, reported place by place
    text = text.replace(
        "  /p1:\n    get:\n      responses:\n        '200': {description: OK}\n",
        "  /p1:\n    get:\n      responses:\n        '200': {description: OK}\n"
        "        '4XX': {description: Client error}\n",
    )
    places = _lint(_write(os.path.join(tmp_path, "api.yaml"), text)).findings
    assert [f.aggregate for f in places] == [False] * 8


RETRY = """\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      responses:
        '429': {description: Slow down}
  /b:
    get:
      responses:
        '429':
          description: Slow down
          headers:
            X-Other: {schema: {type: integer}}
"""


def test_retry_after_missing_on_every_429_folds_into_one_finding(
    tmp_path: os.PathLike[str],
) -> None:
    result = _lint(_write(os.path.join(tmp_path, "api.yaml"), RETRY), select=["retry-after-429"])
    assert _found(result) == [("retry-after-429", 3, True)]
    (agg,) = result.findings
    assert agg.pointer == "/paths"
    assert agg.message.startswith("2 of 2 429 responses document no Retry-After header")
    assert [r.line for r in agg.related] == [7, 11]  # each 429 key
    # one 429 response documents it: the other is an inconsistency, reported alone
    fixed = RETRY.replace("X-Other:", "Retry-After:")
    result = _lint(_write(os.path.join(tmp_path, "api.yaml"), fixed), select=["retry-after-429"])
    assert _found(result) == [("retry-after-429", 7, False)]


def test_a_single_place_is_never_aggregated(tmp_path: os.PathLike[str]) -> None:
    one = SPEC.split("  /b:")[0]
    result = _lint(_write(os.path.join(tmp_path, "api.yaml"), one))
    assert _found(result) == [("rate-limit-429", 6, False)]


def test_the_anchor_is_a_shared_component_when_there_is_one(tmp_path: os.PathLike[str]) -> None:
    text = SPEC + "components:\n  responses:\n    NotFound: {description: Not found}\n"
    result = _lint(_write(os.path.join(tmp_path, "api.yaml"), text))
    (agg,) = result.findings
    assert (agg.pointer, agg.line) == ("/components/responses", 17)


def test_off_switches(tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(os.path.join(tmp_path, "api.yaml"), SPEC)
    assert len(_lint(path, {"aggregate": False}).findings) == 3
    per_rule = {"rules": {"rate-limit-429": {"aggregate": False}}}
    assert len(_lint(path, per_rule).findings) == 3
    cfg = _write(os.path.join(tmp_path, "cfg.yaml"), "aggregate: true\n")
    argv = [path, "--select", "rate-limit-429", "--config", cfg, "-f", "json"]
    main(argv)
    assert len(json.loads(capsys.readouterr().out)["findings"]) == 1
    main([*argv, "--no-aggregate"])
    assert len(json.loads(capsys.readouterr().out)["findings"]) == 3


def test_aggregate_setting_is_rejected_where_a_rule_does_not_aggregate() -> None:
    rules = all_rules()
    with pytest.raises(ConfigError, match=r"rules.https-servers.aggregate: https-servers does"):
        build_config({"rules": {"https-servers": {"aggregate": False}}}, rules, "c.yaml")
    with pytest.raises(ConfigError, match=r"aggregate: expected true or false"):
        build_config({"aggregate": "yes"}, rules, "c.yaml")
    with pytest.raises(ConfigError, match=r"not in overrides"):
        build_config(
            {"overrides": [{"files": ["*"], "rules": {"rate-limit-429": {"aggregate": False}}}]},
            rules,
            "c.yaml",
        )


def test_highest_member_severity_after_overrides_per_place(tmp_path: os.PathLike[str]) -> None:
    path = _write(os.path.join(tmp_path, "api.yaml"), SPEC)
    raw = {
        "overrides": [
            {"files": ["**"], "pointers": ["/paths/~1b"], "rules": {"rate-limit-429": "error"}}
        ]
    }
    (agg,) = _lint(path, raw).findings
    assert agg.aggregate and agg.severity is Severity.ERROR


def test_a_place_an_override_disables_leaves_the_places(tmp_path: os.PathLike[str]) -> None:
    # /c meets the decision; an override switches the rule off there: the two
    # remaining places both miss it, so they fold.
    path = _write(os.path.join(tmp_path, "api.yaml"), ONE_OK)
    raw = {
        "overrides": [
            {"files": ["**"], "pointers": ["/paths/~1c"], "rules": {"rate-limit-429": "off"}}
        ]
    }
    (agg,) = _lint(path, raw).findings
    assert agg.aggregate and len(agg.related) == 2


def test_per_key_folds_each_media_type(tmp_path: os.PathLike[str]) -> None:
    text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n" + "".join(
        f"  /{p}:\n    get:\n      responses:\n        '200':\n          description: OK\n"
        f"          content:\n            {mt}: {{schema: {{type: string}}}}\n"
        for p, mt in (("a", "application/xml"), ("b", "application/xml"), ("c", "text/csv"))
    )
    result = _lint(_write(os.path.join(tmp_path, "api.yaml"), text), select=["json-media-types"])
    assert [(f.aggregate, f.key, len(f.related)) for f in result.findings] == [
        (True, "application/xml", 2),
        (False, "", 0),
    ]
    assert "media type 'application/xml' is used at 2 places" in result.findings[0].message


def test_suppression_per_place_stays_used_and_the_rest_folds(tmp_path: os.PathLike[str]) -> None:
    text = SPEC.replace(
        "  /a:\n    get:\n", "  /a:\n    get:\n      x-oaslint-ignore: {rate-limit-429: gateway}\n"
    )
    result = _lint(_write(os.path.join(tmp_path, "api.yaml"), text))
    assert _found(result) == [("rate-limit-429", 3, True)]
    assert len(result.findings[0].related) == 2
    assert [f.pointer for f in result.suppressed] == ["/paths/~1a/get/responses"]


def test_suppression_on_the_anchor_suppresses_the_aggregate(tmp_path: os.PathLike[str]) -> None:
    text = SPEC.replace(
        "paths:\n", "paths:  # oaslint: ignore[rate-limit-429] limits at the gateway\n"
    )
    path = _write(os.path.join(tmp_path, "api.yaml"), text)
    result = _lint(path)
    assert _found(result) == []  # suppressed, and the comment is used
    assert [f.aggregate for f in result.suppressed] == [True]
    # Without aggregation the comment covers nothing: unused-suppression says so.
    off = _lint(path, {"aggregate": False})
    assert _found(off) == [
        ("rate-limit-429", 6, False),
        ("rate-limit-429", 10, False),
        ("rate-limit-429", 14, False),
        ("unused-suppression", 3, False),
    ]


def test_fingerprint_ignores_anchor_and_count(tmp_path: os.PathLike[str]) -> None:
    path = os.path.join(tmp_path, "api.yaml")
    first = _lint(_write(path, SPEC)).findings[0]
    more = SPEC + "  /d:\n    get:\n      responses:\n        '200': {description: OK}\n"
    more += "components:\n  responses:\n    NotFound: {description: Not found}\n"
    second = _lint(_write(path, more)).findings[0]
    assert (first.pointer, len(first.related)) != (second.pointer, len(second.related))
    assert first.fingerprint == second.fingerprint
    place = _lint(path, {"aggregate": False}).findings[0]
    assert place.fingerprint != first.fingerprint


# -- baselines and --diff ---------------------------------------------------------


def _baseline(tmp: str, result: LintResult) -> Baseline:
    from oaslint import baseline as mod

    path = os.path.join(tmp, "baseline.json")
    mod.write(path, result.findings, "0")
    return Baseline.load(path)


def test_baseline_of_places_hides_the_aggregate(tmp_path: os.PathLike[str]) -> None:
    path = _write(os.path.join(tmp_path, "api.yaml"), SPEC)
    base = _baseline(str(tmp_path), _lint(path, {"aggregate": False}))
    now = _lint(path)
    kept, outcome = base.apply(now.findings, [path])
    assert kept == [] and outcome.suppressed == 1 and outcome.fixed == 0


def test_baseline_of_an_aggregate_hides_its_places_when_it_dissolves(
    tmp_path: os.PathLike[str],
) -> None:
    path = _write(os.path.join(tmp_path, "api.yaml"), SPEC)
    base = _baseline(str(tmp_path), _lint(path))
    with open(base.path, encoding="utf-8") as fh:
        (entry,) = json.load(fh)["findings"]
    assert entry["aggregate"] is True and len(entry["members"]) == 3
    # Fixing one operation: the aggregate dissolves into two places, both still known.
    _write(path, ONE_OK)
    kept, outcome = base.apply(_lint(path).findings, [path])
    assert kept == [] and outcome.suppressed == 2 and outcome.fixed == 0
    # Back to the same aggregate: hidden by its own fingerprint.
    _write(path, SPEC)
    kept, outcome = base.apply(_lint(path).findings, [path])
    assert kept == [] and outcome.suppressed == 1


def test_baseline_format_1_is_still_read_and_format_2_written(tmp_path: os.PathLike[str]) -> None:
    path = _write(os.path.join(tmp_path, "api.yaml"), SPEC)
    places = _lint(path, {"aggregate": False}).findings
    from oaslint import baseline as mod

    text = json.loads(mod.render(places, os.path.join(tmp_path, "b.json"), "0"))
    assert text["oaslint-baseline"] == 2
    text["oaslint-baseline"] = 1
    old = _write(os.path.join(tmp_path, "b.json"), json.dumps(text))
    kept, outcome = Baseline.load(old).apply(_lint(path).findings, [path])
    assert kept == [] and outcome.suppressed == 1


def test_diff_keeps_an_aggregate_when_a_related_file_changed() -> None:
    agg = Finding(
        "root.yaml",
        3,
        1,
        "rate-limit-429",
        "m",
        Severity.WARNING,
        pointer="/paths",
        related=(Related("paths/a.yaml", 2, 3, 2, 9, "/get/responses"),),
        aggregate=True,
    )
    place = Finding("other.yaml", 1, 1, "rate-limit-429", "m", Severity.WARNING)
    result = LintResult(findings=[agg, place])
    assert keep_changed(result, {os.path.abspath("paths/a.yaml")}) == 1
    assert result.findings == [agg]
    result = LintResult(findings=[agg])
    assert keep_changed(result, {os.path.abspath("elsewhere.yaml")}) == 1


# -- outputs ----------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    _write("api.yaml", SPEC)
    _write(".oaslint.yaml", "aggregate: true\n")
    return str(tmp_path)


def _run(fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    main(["api.yaml", "--select", "rate-limit-429", "-f", fmt])
    return capsys.readouterr().out


def test_json_related_on_every_finding(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    (agg,) = json.loads(_run("json", capsys))["findings"]
    assert agg["related"] == [
        {"file": "api.yaml", "line": 6, "column": 7, "pointer": "/paths/~1a/get/responses"},
        {"file": "api.yaml", "line": 10, "column": 7, "pointer": "/paths/~1b/get/responses"},
        {"file": "api.yaml", "line": 14, "column": 7, "pointer": "/paths/~1c/get/responses"},
    ]
    main(["api.yaml", "--select", "rate-limit-429", "-f", "json", "--no-aggregate"])
    places = json.loads(capsys.readouterr().out)["findings"]
    assert [p["related"] for p in places] == [[], [], []]


def test_sarif_related_locations_schema_valid(
    project: str, capsys: pytest.CaptureFixture[str]
) -> None:
    log = json.loads(_run("sarif", capsys))
    with open(os.path.join(DATA, "sarif-schema-2.1.0.json"), encoding="utf-8") as fh:
        jsonschema.validate(log, json.load(fh))
    (res,) = log["runs"][0]["results"]
    assert res["properties"]["places"] == 3
    assert [r["physicalLocation"]["region"]["startLine"] for r in res["relatedLocations"]] == [
        6,
        10,
        14,
    ]


def test_text_and_github_views(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    line = _run("text", capsys).splitlines()[0]
    assert line.startswith("api.yaml:3:1: warning [rate-limit-429] 3 of 3 operations")
    assert line.endswith("(3 places; first: api.yaml:6:7)")
    annotations = [x for x in _run("github", capsys).splitlines() if x.startswith("::")]
    assert len(annotations) == 1 and "file=api.yaml,line=3,col=1," in annotations[0]


def test_on_by_default(
    tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no configuration file found
    path = _write(os.path.join(tmp_path, "api.yaml"), SPEC)
    assert main([path, "--select", "rate-limit-429", "-f", "json"]) == 0
    (agg,) = json.loads(capsys.readouterr().out)["findings"]
    assert agg["pointer"] == "/paths" and len(agg["related"]) == 3


def test_a_plugin_with_a_broken_template_gets_a_plain_message(tmp_path: os.PathLike[str]) -> None:
    from oaslint.rules.base import Aggregate, Rule, RuleContext, RuleMeta

    def check(ctx: RuleContext) -> None:
        for op in ctx.index.operations:
            ctx.examine(op.loc)
            ctx.report(op.loc, "no x-owner")

    meta = RuleMeta(
        id="x-owner",
        title="An operation names no owner",
        severity=Severity.INFO,
        references=("house rule",),
        description="d",
        rationale="r",
        bad_example="b",
        good_example="g",
        applies_to="operations",
        aggregate=Aggregate(("/paths",), "{missing} {unknown} {0}"),
    )
    path = _write(os.path.join(tmp_path, "api.yaml"), SPEC)
    rules = [*all_rules(), Rule(meta, check, origin="plugin")]
    cfg = build_config({"select": ["x-owner"]}, rules, None)
    (agg,) = Linter(rules, cfg).lint_paths([path]).findings
    assert agg.message == "3 of 3 operations miss this decision (An operation names no owner)"


def test_places_in_referenced_files_and_baseline_members(tmp_path: os.PathLike[str]) -> None:
    root = str(tmp_path)
    _write(
        os.path.join(root, "api.yaml"),
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n"
        "  /a: {$ref: 'paths/a.yaml'}\n  /b: {$ref: 'paths/b.yaml'}\n",
    )
    for name in ("a", "b"):
        _write(
            os.path.join(root, "paths", f"{name}.yaml"),
            "get:\n  responses:\n    '200': {description: OK}\n",
        )
    result = _lint(os.path.join(root, "api.yaml"))
    (agg,) = result.findings
    assert agg.file.endswith("api.yaml") and agg.pointer == "/paths"
    assert [(os.path.basename(r.file), r.line, r.pointer) for r in agg.related] == [
        ("a.yaml", 2, "/get/responses"),
        ("b.yaml", 2, "/get/responses"),
    ]
    base = _baseline(root, result)
    with open(base.path, encoding="utf-8") as fh:
        (entry,) = json.load(fh)["findings"]
    from oaslint.model import fingerprint_of

    assert sorted(entry["members"]) == sorted(
        fingerprint_of("rate-limit-429", f"paths/{n}.yaml", "/get/responses") for n in "ab"
    )
    # the places, reported one by one (aggregation off), are hidden by the members
    kept, outcome = base.apply(
        _lint(os.path.join(root, "api.yaml"), {"aggregate": False}).findings, []
    )
    assert kept == [] and outcome.suppressed == 2


@pytest.mark.parametrize(
    "rule_id",
    [
        "secured-operation-401",
        "secured-operation-403",
        "method-not-allowed-405",
        "not-acceptable-406",
        "unsupported-media-type-415",
        "rate-limit-429",
        "retry-after-429",
        "security-headers",
        "specific-status-codes",
        "problem-details-errors",
        "json-media-types",
    ],
)
def test_aggregating_rules_examine_their_good_example(
    rule_id: str, tmp_path: os.PathLike[str]
) -> None:
    """A place that meets the decision is a place too (else a partial miss would fold)."""
    from oaslint.index import SpecIndex
    from oaslint.loader.document import Document
    from oaslint.rules.base import RuleContext

    (rule,) = [r for r in all_rules() if r.meta.id == rule_id]
    assert rule.meta.aggregate is not None and rule.meta.applies_to
    path = _write(os.path.join(tmp_path, "good.yaml"), rule.meta.good_example)
    options = {name: opt.default for name, opt in rule.meta.options.items()}
    ctx = RuleContext(rule_id, SpecIndex(Document.load(path)), options)
    rule.check(ctx)
    assert ctx.examined and not ctx.reports


def test_key_suppression_on_components_covers_the_anchor(tmp_path: os.PathLike[str]) -> None:
    text = SPEC + (
        "components:\n"
        "  x-oaslint-ignore: {rate-limit-429: limits live at the gateway}\n"
        "  responses:\n    NotFound: {description: Not found}\n"
    )
    result = _lint(_write(os.path.join(tmp_path, "api.yaml"), text))
    assert _found(result) == []
    assert [(f.aggregate, f.pointer) for f in result.suppressed] == [
        (True, "/components/responses")
    ]


BOUNDS = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/In'}
      responses:
        '200': {description: OK}
components:
  schemas:
    In:
      type: object
      properties:
        name: {type: string}
        note: {type: string}
        count: {type: integer}
        total: {type: integer}
        tags: {type: array, items: {type: boolean}}
        ids: {type: array, items: {type: boolean}}
        labels: {type: object, additionalProperties: {type: boolean}}
        extra: {type: object, additionalProperties: {type: boolean}}
"""


@pytest.mark.parametrize(
    "rule", ["bounded-strings", "bounded-numbers", "bounded-arrays", "bounded-maps"]
)
def test_input_bounds_set_nowhere_fold_into_one_finding_at_the_schemas(
    tmp_path: os.PathLike[str], rule: str
) -> None:
    path = _write(os.path.join(tmp_path, "api.yaml"), BOUNDS)
    result = _lint(path, select=[rule])
    assert _found(result) == [(rule, 13, True)]
    (agg,) = result.findings
    assert agg.pointer == "/components/schemas"
    assert agg.message.startswith("2 of 2 request ")
    assert [r.line for r in agg.related] == {
        "bounded-strings": [17, 18],
        "bounded-numbers": [19, 20],
        "bounded-arrays": [21, 22],
        "bounded-maps": [23, 24],
    }[rule]
    # one place bounded: the other is an inconsistency, reported on its own
    bounded = (
        BOUNDS.replace("name: {type: string}", "name: {type: string, maxLength: 9}")
        .replace("count: {type: integer}", "count: {type: integer, minimum: 0, maximum: 9}")
        .replace("tags: {type: array,", "tags: {type: array, maxItems: 2,")
        .replace("labels: {type: object,", "labels: {type: object, maxProperties: 5,")
    )
    result = _lint(_write(path, bounded), select=[rule])
    assert [(f.rule, f.aggregate) for f in result.findings] == [(rule, False)]
