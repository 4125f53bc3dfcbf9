"""Survivors of the seeded mutation sample of ``oaslint.engine`` and the rest of the
session-10 modules (tests/README.md, "Session 10"): a crashing rule's internal error,
jsonpath errors, and the compliance view's dates, languages and reasons, in-process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oaslint.cli import main
from oaslint.config import load_config
from oaslint.custom import jsonpath as jp
from oaslint.engine import Linter
from oaslint.model import Severity
from oaslint.registry import all_rules
from oaslint.rules.base import Rule, RuleContext, RuleMeta

API = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'http://x'}]\npaths: {}\n"


def _boom(ctx: RuleContext) -> None:
    raise ValueError("boom")


def test_a_crashing_rule_is_an_internal_error_naming_where(tmp_path: Path) -> None:
    meta = RuleMeta("boom", "t", Severity.ERROR, (), "d", "r", "b", "g")
    (tmp_path / "api.yaml").write_text(API)
    result = Linter([Rule(meta, _boom, origin="tests")]).lint_paths([str(tmp_path / "api.yaml")])
    (finding,) = result.findings
    line = _boom.__code__.co_firstlineno + 1
    assert finding.rule == "internal-error"
    assert finding.message == (
        f"rule boom (tests) failed: ValueError: boom at {os.path.basename(__file__)}:{line}; "
        "the other rules ran; please report this"
    )


# ---------------------------------------------------------------------------
# jsonpath: what is refused before and by jsonpath-ng, with the text and position
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("  ", "expected a JSONPath expression such as $.paths[*][get,post]", None),
        (
            "$.X | $.b",  # X is no quote
            "'$.X | $.b': `|` (union) is deprecated by jsonpath-ng and goes away in 2.0: "
            "list the alternatives under `given` instead, e.g. given: ['$.a', '$.b']",
            4,
        ),
        (
            "$.a[?(@.x)] & $.b",  # `&` after a closed bracket is at the top again
            "'$.a[?(@.x)] & $.b': `&` (intersection) is deprecated by jsonpath-ng and goes "
            "away in 2.0 and is not supported: use a filter with `&&`",
            12,
        ),
        ("$.a]", "invalid JSONPath '$.a]': Parse error at 1:3 near token ] (])", 3),
    ],
)
def test_refused_paths(text: str, message: str, position: int | None) -> None:
    with pytest.raises(jp.JSONPathSyntaxError) as err:
        jp.parse(text)
    assert (err.value.message, err.value.position) == (message, position)


def test_a_syntax_jsonpath_ng_deprecates_is_refused_with_its_warning() -> None:
    with pytest.raises(jp.JSONPathSyntaxError) as err:
        jp.parse("$.a[?(@.q == abc)]")
    assert err.value.message.startswith(
        "'$.a[?(@.q == abc)]': jsonpath-ng deprecates this syntax for 2.0: "
    ), err.value.message


def test_slices_with_one_end_stay_slices() -> None:
    assert jp.parse("$.a[:2]").segments[-1] == jp.Slice(None, 2, None)
    assert jp.parse("$.a[1:]").segments[-1] == jp.Slice(1, None, None)


def test_the_parser_is_built_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jp, "_PARSER", None)
    assert jp.parse("$.a").segments == (jp.Name(("a",)),)
    assert jp._PARSER is not None


# ---------------------------------------------------------------------------
# the compliance view (oaslint.formatters._compliance_view.build) through the CLI
# ---------------------------------------------------------------------------


def _report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> str:
    """The compliance report of a.yaml (http server) and/or b.yaml (https) for the rules
    of requirement API-11 (TLS), so that every other rule did not run."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1612224000")  # 2021-02-02
    (tmp_path / "a.yaml").write_text(API)
    (tmp_path / "b.yaml").write_text(API.replace("http://x", "https://x"))
    rules = "https-servers,https-security-urls,servers-declared"
    main([*args, "--no-cache", "--format", "compliance", "--select", rules])
    return capsys.readouterr().out


def test_compliance_view_in_dutch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _report(tmp_path, capsys, monkeypatch, "a.yaml", "b.yaml", "--lang", "nl")
    assert "\n| Datum | 2021-02-02 |\n" in out
    assert "\n| Niet uitgevoerde regels | " in out
    summary, per_document = out.split("## Samenvatting per document")
    standards = [r for r in summary.split("\n") if r.startswith("| [")]
    assert standards[0].endswith(" | niet voldaan |"), standards  # API-11 is violated
    (row,) = [r for r in per_document.split("\n") if r.startswith("| `a.yaml` |")]
    assert row.endswith(" | niet voldaan |"), row


def test_compliance_view_names_what_a_rule_examined(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _report(tmp_path, capsys, monkeypatch, "b.yaml")
    assert "\n| Date | 2021-02-02 |\n" in out
    assert "`https-servers\\` examined 1 absolute server URLs" in out, out


def test_an_override_elsewhere_leaves_the_rule_running_for_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / ".oaslint.yaml").write_text(
        "overrides:\n  - files: ['legacy/**']\n    rules: {https-servers: off}\n"
    )
    rules = all_rules()
    linter = Linter(rules, load_config(str(tmp_path / ".oaslint.yaml"), rules))
    result = linter.lint_paths(["api.yaml"])
    (run,) = [r for r in result.rule_runs if r.rule == "https-servers"]
    assert run.ran and run.found == 1


def test_an_unused_suppression_is_reported_when_the_configuration_has_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(
        API.replace("'http://x'}", "'https://x', x-oaslint-ignore: {https-servers: why}}")
    )
    (tmp_path / ".oaslint.yaml").write_text(
        "overrides:\n  - files: ['legacy/**']\n    rules: {https-servers: off}\n"
    )
    rules = all_rules()
    linter = Linter(rules, load_config(str(tmp_path / ".oaslint.yaml"), rules))
    result = linter.lint_paths(["api.yaml"])
    assert [(f.rule, f.line) for f in result.findings] == [("unused-suppression", 3)]
    assert result.errors == []


def test_an_excluded_folder_is_matched_by_its_path(tmp_path: Path) -> None:
    for folder in ("keep", "skip"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "api.yaml").write_text(API)
    skipped = str(tmp_path / "skip")
    result = Linter(all_rules()).lint_paths(
        [str(tmp_path)], exclude=lambda path, is_dir: is_dir and path == skipped
    )
    assert result.files == 1
    assert {os.path.basename(os.path.dirname(f.file)) for f in result.findings} == {"keep"}
