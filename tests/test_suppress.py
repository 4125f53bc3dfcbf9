"""Inline suppressions: every form, scope, unused and invalid ones, any rule (plugins too).

The per-line expectations of both meta rules live in their fixtures
(``tests/rules/unused-suppression``, ``tests/rules/invalid-suppression``);
these tests check what the fixtures cannot: which findings disappear.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from oaslint.cli import main
from oaslint.config import build_config
from oaslint.engine import Linter, LintResult
from oaslint.model import Severity
from oaslint.registry import all_rules
from oaslint.rules.base import Rule, RuleContext, RuleMeta

SELECT = "https-servers,wss-websockets,unused-suppression,invalid-suppression"


def _lint(tmp: str, name: str, text: str, select: str = SELECT) -> LintResult:
    path = os.path.join(tmp, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    rules = all_rules()
    cfg = build_config({"select": select.split(",")}, rules, None)
    return Linter(rules, cfg).lint_paths([path])


def _found(result: LintResult) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) for f in result.findings)


HEAD = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"


def test_key_form_suppresses_at_and_below_the_object(tmp_path: os.PathLike[str]) -> None:
    result = _lint(
        str(tmp_path),
        "api.yaml",
        HEAD + "servers:\n"
        "  - url: http://localhost:8080\n"  # 4: suppressed
        "    x-oaslint-ignore: {https-servers: local development server}\n"
        "  - url: http://api.example.com\n"  # 6: not covered (sibling)
        "paths: {}\n",
    )
    assert _found(result) == [("https-servers", 6)]
    assert [(f.rule, f.line) for f in result.suppressed] == [("https-servers", 4)]


def test_key_form_at_the_root_covers_the_whole_file_for_that_rule_only(
    tmp_path: os.PathLike[str],
) -> None:
    result = _lint(
        str(tmp_path),
        "api.yaml",
        HEAD + "x-oaslint-ignore:\n"
        "  https-servers: every server of this sandbox API is local\n"
        "servers:\n"
        "  - url: http://localhost:8080\n"
        "  - url: ws://localhost:8081\n"  # 7: another rule, not suppressed
        "paths: {}\n",
    )
    assert _found(result) == [("wss-websockets", 7)]


def test_key_form_works_in_json(tmp_path: os.PathLike[str]) -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "servers": [
            {"url": "http://localhost", "x-oaslint-ignore": {"https-servers": "local only"}},
            {"url": "http://api.example.com"},
        ],
        "paths": {},
    }
    result = _lint(str(tmp_path), "api.json", json.dumps(doc, indent=2))
    assert [(f.rule, f.pointer) for f in result.findings] == [("https-servers", "/servers/1/url")]
    assert len(result.suppressed) == 1


def test_comment_on_the_line_and_on_the_line_above(tmp_path: os.PathLike[str]) -> None:
    result = _lint(
        str(tmp_path),
        "api.yaml",
        HEAD + "servers:\n"
        "  - url: http://localhost:8080  # oaslint: ignore[https-servers] local development\n"
        "  # oaslint: ignore[https-servers, wss-websockets] local development, second port\n"
        "\n"
        "  # (blank and comment-only lines in between are skipped)\n"
        "  - url: http://localhost:8081\n"  # 8: suppressed by line 5
        "  - url: http://localhost:8082\n"  # 9: a comment applies to one line only
        "paths: {}\n",
    )
    assert _found(result) == [("https-servers", 9), ("unused-suppression", 5)]
    unused = next(f for f in result.findings if f.rule == "unused-suppression")
    assert "ignore[wss-websockets]" in unused.message and "line 8" in unused.message
    # a comment has no node: located by its span, with the document-level pointer
    assert (unused.line, unused.column, unused.pointer) == (5, 3, "")


def test_invalid_suppressions_do_not_suppress(tmp_path: os.PathLike[str]) -> None:
    result = _lint(
        str(tmp_path),
        "api.yaml",
        HEAD + "servers:\n"
        "  - url: http://localhost:8080  # oaslint: ignore[https-servers]\n"
        "  - url: http://localhost:8081\n"
        "    x-oaslint-ignore: [https-servers]\n"
        "  - url: http://localhost:8082\n"
        "    x-oaslint-ignore: {https-servers: ''}\n"
        "paths: {}\n",
    )
    assert _found(result) == [
        ("https-servers", 4),
        ("https-servers", 5),
        ("https-servers", 7),
        ("invalid-suppression", 4),
        ("invalid-suppression", 6),
        ("invalid-suppression", 8),
    ]
    assert not result.suppressed


def test_suppressions_work_per_file_in_a_multi_file_spec(tmp_path: os.PathLike[str]) -> None:
    tmp = str(tmp_path)
    _lint(
        tmp,
        "paths/pets.yaml",
        "servers:\n"
        "  - url: http://pets.example.com  # oaslint: ignore[https-servers] legacy pets backend\n"
        "  - url: http://other.example.com\n"
        "get:\n  responses: {'200': {description: OK}}\n",
    )
    result = _lint(
        tmp,
        "openapi.yaml",
        HEAD + "paths:\n  /pets:\n    $ref: 'paths/pets.yaml'\n",
    )
    pets = os.path.join(tmp, "paths", "pets.yaml")
    assert [(f.file, f.line) for f in result.findings] == [(pets, 3)]
    assert [(f.file, f.line) for f in result.suppressed] == [(pets, 2)]


def test_meta_rules_can_be_suppressed_too(tmp_path: os.PathLike[str]) -> None:
    result = _lint(
        str(tmp_path),
        "api.yaml",
        HEAD + "x-oaslint-ignore:\n"
        "  unused-suppression: kept for the next release, which brings http back\n"
        "servers:\n"
        "  - url: https://api.example.com\n"
        "    x-oaslint-ignore: {https-servers: staging}\n"
        "paths: {}\n",
    )
    assert _found(result) == []


def test_unused_when_the_rule_did_not_run(tmp_path: os.PathLike[str]) -> None:
    result = _lint(
        str(tmp_path),
        "api.yaml",
        HEAD + "servers:\n"
        "  - url: http://localhost:8080\n"
        "    x-oaslint-ignore: {https-servers: local development server}\n"
        "paths: {}\n",
        select="unused-suppression",
    )
    (finding,) = result.findings
    assert finding.rule == "unused-suppression" and finding.severity is Severity.WARNING
    assert "https-servers did not run" in finding.message
    assert finding.pointer == "/servers/0/x-oaslint-ignore/https-servers"
    assert (finding.line, finding.column) == (5, 24)


def test_no_meta_findings_unless_the_meta_rules_run(tmp_path: os.PathLike[str]) -> None:
    result = _lint(
        str(tmp_path),
        "api.yaml",
        HEAD + "servers:\n"
        "  - url: https://localhost:8080  # oaslint: ignore[https-servers] stale\n"
        "    x-oaslint-ignore: [nope]\n"
        "paths: {}\n",
        select="https-servers",
    )
    assert result.findings == []


def test_suppressions_apply_to_plugin_rules(tmp_path: os.PathLike[str]) -> None:
    """Rules from anywhere (plugins, custom rules) are filtered by the same engine step."""

    def check(ctx: RuleContext) -> None:
        for op in ctx.index.operations:
            ctx.report(op.loc, f"{op.method.upper()} {op.path} seen by the plugin")

    meta = RuleMeta(
        id="plugin-sees-operations",
        title="An operation exists",
        severity=Severity.INFO,
        references=("TEST",),
        description="test",
        rationale="test",
        bad_example="x",
        good_example="x",
    )
    rules = [*all_rules(), Rule(meta, check, origin="example-plugin")]
    cfg = build_config({"select": ["plugin-sees-operations", "unused-suppression"]}, rules, None)
    path = os.path.join(str(tmp_path), "api.yaml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(
            HEAD + "paths:\n"
            "  /a:\n"
            "    get:  # oaslint: ignore[plugin-sees-operations] reviewed\n"
            "      responses: {'200': {description: OK}}\n"
            "  /b:\n"
            "    x-oaslint-ignore: {plugin-sees-operations: reviewed}\n"
            "    get:\n"
            "      responses: {'200': {description: OK}}\n"
            "  /c:\n"
            "    get:\n"
            "      responses: {'200': {description: OK}}\n"
        )
    result = Linter(rules, cfg).lint_paths([path])
    assert [(f.rule, f.line) for f in result.findings] == [("plugin-sees-operations", 12)]
    assert len(result.suppressed) == 2


def test_text_summary_counts_suppressed(
    tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(str(tmp_path))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    with open("api.yaml", "w", encoding="utf-8") as fh:
        fh.write(
            HEAD + "servers:\n  - url: http://localhost  # oaslint: ignore[https-servers] dev\n"
            "paths: {}\n"
        )
    assert main(["api.yaml", "--select", SELECT]) == 0
    assert capsys.readouterr().out == (
        "1 file linted: 0 findings (0 error, 0 warning, 0 info), 1 suppressed inline\n"
    )


def _meta_examples() -> list[tuple[str, str, Any]]:
    return [
        (r.meta.id, kind, getattr(r.meta, f"{kind}_example"))
        for r in all_rules()
        if r.meta.id in ("unused-suppression", "invalid-suppression")
        for kind in ("bad", "good")
    ]


@pytest.mark.parametrize(("rule_id", "kind", "example"), _meta_examples())
def test_documented_examples(
    tmp_path: os.PathLike[str], rule_id: str, kind: str, example: str
) -> None:
    result = _lint(str(tmp_path), "example.yaml", example, select=rule_id)
    fired = [f for f in result.findings if f.rule == rule_id]
    assert bool(fired) is (kind == "bad"), fired


def test_key_scope_is_a_pointer_prefix_not_a_string_prefix(tmp_path: os.PathLike[str]) -> None:
    """An ignore on /servers/1 covers /servers/1/... but not /servers/10 (mutation survivor)."""
    servers = "".join(f"  - url: https://s{i}.example.com\n" for i in range(10))
    result = _lint(
        str(tmp_path),
        "api.yaml",
        HEAD
        + "servers:\n"
        + servers.replace(
            "  - url: https://s1.example.com\n",
            "  - url: https://s1.example.com\n"
            "    x-oaslint-ignore: {https-servers: reviewed}\n"
            "    variables:\n"
            "      v: {default: x}\n",
        )
        + "  - url: http://s10.example.com\n"  # line 17: /servers/10, not covered
        "paths: {}\n",
    )
    # the ignore on /servers/1 had nothing to hide: unused, and /servers/10 stays reported
    assert _found(result) == [("https-servers", 17), ("unused-suppression", 6)]
    assert [f.pointer for f in result.findings if f.rule == "https-servers"] == ["/servers/10/url"]
    assert result.suppressed == []


# -- mutation survivors of oaslint.suppress (tests/README.md) -------------------------------


def test_comment_after_a_leading_blank_line_is_located_at_its_column(
    tmp_path: os.PathLike[str],
) -> None:
    result = _lint(
        str(tmp_path),
        "api.yaml",
        "\n# oaslint: ignore[no-such-rule] why\n" + HEAD + "paths: {}\n",
    )
    assert [(f.rule, f.line, f.column) for f in result.findings] == [("invalid-suppression", 2, 1)]


def test_own_line_comment_right_after_a_block_scalar_is_a_comment(
    tmp_path: os.PathLike[str],
) -> None:
    """The end of a block scalar is the start of the next line: a comment there is outside."""
    result = _lint(
        str(tmp_path),
        "api.yaml",
        "openapi: 3.0.3\n"
        "info:\n"
        "  title: T\n"
        "  version: '1'\n"
        "  description: |\n"
        "    text\n"
        "# oaslint: ignore[https-servers] local development server\n"
        "servers: [{url: 'http://localhost:8080'}]\n"
        "paths: {}\n",
    )
    assert _found(result) == []
    assert [(f.rule, f.line) for f in result.suppressed] == [("https-servers", 8)]


def test_oaslint_text_in_a_scalar_of_a_referenced_file_is_not_a_comment(
    tmp_path: os.PathLike[str],
) -> None:
    tmp = str(tmp_path)
    _lint(
        tmp,
        "paths/pets.yaml",
        "get:\n"
        "  description: 'see # oaslint: ignore[https-servers] in the docs'\n"
        "  responses: {'200': {description: OK}}\n",
    )
    result = _lint(tmp, "openapi.yaml", HEAD + "paths:\n  /pets:\n    $ref: 'paths/pets.yaml'\n")
    assert _found(result) == []


def test_the_reasons_of_every_covering_suppression_are_kept(tmp_path: os.PathLike[str]) -> None:
    result = _lint(
        str(tmp_path),
        "api.yaml",
        HEAD + "servers:\n"
        "  - url: http://localhost:8080  # oaslint: ignore[https-servers] local only\n"
        "    x-oaslint-ignore: {https-servers: never deployed}\n"
        "paths: {}\n",
    )
    assert _found(result) == []
    assert sorted(result.suppression_reasons.values()) == ["never deployed; local only"]


def test_a_comment_used_by_one_root_is_not_unused_in_another(tmp_path: os.PathLike[str]) -> None:
    """Two roots share a file; only one reaches the suppressed line: no unused-suppression."""
    tmp = str(tmp_path)
    files = {
        "shared.yaml": "pets:\n"
        "  get:\n"
        "    servers:\n"
        "      - url: http://pets.example.com  # oaslint: ignore[https-servers] legacy\n"
        "    responses: {'200': {description: OK}}\n"
        "other:\n"
        "  get:\n"
        "    responses: {'200': {description: OK}}\n",
        "a.yaml": HEAD + "paths:\n  /pets:\n    $ref: 'shared.yaml#/pets'\n",
        "b.yaml": HEAD + "paths:\n  /other:\n    $ref: 'shared.yaml#/other'\n",
    }
    for name, text in files.items():
        with open(os.path.join(tmp, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    rules = all_rules()
    cfg = build_config({"select": SELECT.split(",")}, rules, None)
    result = Linter(rules, cfg).lint_paths(
        [os.path.join(tmp, "a.yaml"), os.path.join(tmp, "b.yaml")]
    )
    assert _found(result) == []
    assert [(f.rule, f.line) for f in result.suppressed] == [("https-servers", 4)]


def test_comment_spans_pointers_and_every_match_after_a_skipped_one(
    tmp_path: os.PathLike[str],
) -> None:
    """A match inside a scalar is skipped, not the end of the search; two trailing own-line
    comments are both reported, each spanning its whole comment, at the file (pointer "")."""
    trailing = "# oaslint: ignore[https-servers] trailing"
    result = _lint(
        str(tmp_path),
        "api.yaml",
        "openapi: 3.0.3\n"
        "info: {title: T, version: '1', description: 'a # oaslint: ignore[https-servers] b'}\n"
        "servers:\n"
        "  - url: http://localhost:8080  # oaslint: ignore[https-servers] local\n"
        "paths: {}\n" + trailing + " one\n" + trailing + " two\n",
    )
    assert [(f.rule, f.line) for f in result.suppressed] == [("https-servers", 4)]
    assert [
        (f.rule, f.line, f.column, f.end_line, f.end_column, f.pointer) for f in result.findings
    ] == [
        ("invalid-suppression", 6, 1, 6, 1 + len(trailing) + 4, ""),
        ("invalid-suppression", 7, 1, 7, 1 + len(trailing) + 4, ""),
    ]


def test_meta_reports_are_suppressed_by_comments_and_nested_keys(
    tmp_path: os.PathLike[str],
) -> None:
    """A meta report is probed at its own line and pointer: a comment on the unused entry's
    line and an entry of the same object both suppress it."""
    result = _lint(
        str(tmp_path),
        "api.yaml",
        HEAD + "servers:\n"
        "  - url: https://a.example.com\n"
        "    x-oaslint-ignore: {https-servers: staging}"
        "  # oaslint: ignore[unused-suppression] soon\n"
        "  - url: https://b.example.com\n"
        "    x-oaslint-ignore: {https-servers: staging, unused-suppression: next release}\n"
        "paths: {}\n",
    )
    assert _found(result) == []


def test_an_unused_suppression_of_unused_suppression_is_reported(
    tmp_path: os.PathLike[str],
) -> None:
    result = _lint(
        str(tmp_path),
        "api.yaml",
        HEAD + "x-oaslint-ignore: {unused-suppression: nothing to hide}\n"
        "servers: [{url: 'https://api.example.com'}]\n"
        "paths: {}\n",
    )
    assert _found(result) == [("unused-suppression", 3)]
    assert result.findings[0].message.endswith(
        "no unused-suppression finding at or below this object any more; remove the entry"
    )
