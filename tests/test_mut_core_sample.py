"""Survivors of the seeded core sample (tests/README.md, "Core, session 9"), killed
through public behaviour: the CLI, the Linter API, formatter output and the loader's
public functions."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from oaslint.cli import main
from oaslint.config import Config
from oaslint.engine import Linter
from oaslint.formatters import FormatContext
from oaslint.formatters.sarif import full_description
from oaslint.loader.remote import Fetcher, RemoteError, refused_address
from oaslint.registry import all_rules

API = """\
openapi: 3.0.3
info: {title: Pets, version: '1', contact: {name: Team}}
paths:
  /pets:
    get:
      operationId: list_pets
      responses: {'200': {description: ok}}
"""


def _config_error(tmp_path: Any, rules_yaml: str, capsys: pytest.CaptureFixture[str]) -> str:
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "custom.yaml").write_text("custom-rules:\n" + rules_yaml)
    assert main(["api.yaml", "--config", "custom.yaml"]) == 2
    return capsys.readouterr().err


def test_custom_rule_that_is_not_a_mapping_names_its_key(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    err = _config_error(tmp_path, "  r: 5\n", capsys)
    assert err == (
        "oaslint: error: custom.yaml: custom-rules.r: "
        "expected a mapping with id, given, then, ...\n"
    )


def test_custom_function_options_not_a_mapping_names_its_key(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    rule = (
        "  r:\n    given: $.info\n"
        "    then: {field: title, function: pattern, functionOptions: [1]}\n"
    )
    err = _config_error(tmp_path, rule, capsys)
    assert err == (
        "oaslint: error: custom.yaml: custom-rules.r.then.functionOptions: expected a mapping\n"
    )


def test_custom_rule_dotted_field_path(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "custom.yaml").write_text(
        "select: [contact-email]\ncustom-rules:\n  contact-email:\n    given: $.info\n"
        "    then: {field: contact.email, function: defined}\n"
    )
    assert main(["api.yaml", "--config", "custom.yaml", "-f", "json", "--fail-on", "never"]) == 0
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["rule"], finding["pointer"]) == ("contact-email", "/info/contact")
    # with the email there, the dotted path is found and the rule is silent
    (tmp_path / "api.yaml").write_text(API.replace("{name: Team}", "{name: Team, email: a@b.nl}"))
    assert main(["api.yaml", "--config", "custom.yaml", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_custom_filter_on_a_field_of_an_object(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``?(@.field == value)`` on objects: only the matching operation is reported."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(
        API + "  /cats:\n    get:\n      operationId: list_cats\n      deprecated: true\n"
        "      responses: {'200': {description: ok}}\n"
    )
    (tmp_path / "custom.yaml").write_text(
        "select: [no-deprecated]\ncustom-rules:\n  no-deprecated:\n"
        "    given: $.paths[*][?(@.deprecated == true)]\n"
        "    then: {field: operationId, function: falsy}\n"
    )
    assert main(["api.yaml", "--config", "custom.yaml", "-f", "json", "--fail-on", "never"]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [f["pointer"] for f in found] == ["/paths/~1cats/get/operationId"]


def test_sarif_rule_descriptors_have_a_name(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text("openapi: 3.0.3\npaths: [unclosed\n")
    main(["api.yaml", "-f", "sarif", "--fail-on", "never"])
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    assert by_id["parse-error"]["name"] == "ParseError"


def test_sarif_full_description_cut_after_a_sentence() -> None:
    text = "First sentence here. Second sentence that is far too long to keep whole."
    assert full_description(text, 30) == "First sentence here. …"
    assert full_description(text, 22) == "First sentence here. …"


def test_repo_path_of_a_url_and_of_a_file_outside_the_root() -> None:
    ctx = FormatContext([], "0", root="/repo", cwd="/repo")
    assert ctx.repo_path("https://example.com/a/b.yaml") == "https://example.com/a/b.yaml"
    assert ctx.repo_path("sub/dir/api.yaml") == "sub/dir/api.yaml"
    assert ctx.repo_path("/elsewhere/api.yaml") == "/elsewhere/api.yaml"
    assert FormatContext([], "0").repo_path("sub/dir/api.yaml") == "sub/dir/api.yaml"


def test_compliance_html_names_a_rule_without_a_page(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API.replace("openapi: 3.0.3\n", "openapi: 3.0.3\n"))
    main(["api.yaml", "-f", "compliance-html", "--fail-on", "never"])
    html = capsys.readouterr().out
    assert "<code>https-servers</code>" in html and "None" not in html


def test_refused_addresses() -> None:
    assert refused_address("4000::1") == "a reserved address"
    assert refused_address("127.0.0.1") == "a loopback address"
    assert refused_address("10.0.0.1") == "a private address"
    assert refused_address("93.184.215.14") is None


def test_a_remote_url_without_a_host_is_not_fetched() -> None:
    with pytest.raises(RemoteError) as err:
        Fetcher().fetch("https:///api.yaml")
    assert str(err.value) == "not fetched: no host in the URL"


def _bomb(levels: int, width: int) -> str:
    lines = ["openapi: 3.0.3", "info: {title: T, version: '1'}", "paths: {}", "x-bomb:"]
    lines.append("  l0: &l0 [" + ", ".join(["x"] * width) + "]")
    for i in range(1, levels):
        lines.append(f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_of_nested_lists_is_a_parse_error(tmp_path: Any) -> None:
    path = os.path.join(tmp_path, "bomb.yaml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(_bomb(7, 10))  # 10**7 nodes once expanded
    result = Linter(all_rules(), Config()).lint_paths([path])
    messages = [f.message for f in result.findings if f.rule == "parse-error"]
    assert len(messages) == 1
    assert "aliases expand the document past 1000000 nodes (YAML alias bomb?)" in messages[0]


def test_compliance_markdown_headings_follow_a_blank_line(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API)
    main(["api.yaml", "-f", "compliance", "--fail-on", "never"])
    lines = capsys.readouterr().out.splitlines()
    headings = [i for i, line in enumerate(lines) if line.startswith("## ")]
    assert headings and all(lines[i - 1] == "" for i in headings)


def test_the_default_cache_directory_is_under_home(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oaslint.loader.cache import default_directory

    monkeypatch.delenv("OASLINT_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_directory() == os.path.join(str(tmp_path), ".cache", "oaslint")


def test_sarif_descriptor_of_a_finding_without_a_registered_rule() -> None:
    from oaslint.formatters.sarif import as_dict
    from oaslint.model import Finding, Severity
    from oaslint.result import LintResult

    crash = Finding("api.yaml", 1, 1, "internal-error", "rule x crashed", Severity.ERROR)
    log = as_dict(LintResult(findings=[crash]), FormatContext(all_rules(), "0"))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    (descriptor,) = [r for r in rules if r["id"] == "internal-error"]
    assert descriptor == {
        "id": "internal-error",
        "name": "InternalError",
        "shortDescription": {"text": "internal-error"},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["oaslint"]},
    }


def test_a_finding_in_a_fetched_remote_file_is_located_at_its_url(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "https://schemas.example.com/common.yaml"
    remote = b"Server:\n  url: http://insecure.example.com\n"
    monkeypatch.setattr(Fetcher, "fetch", lambda self, u: remote if u == url else b"")
    path = os.path.join(tmp_path, "api.yaml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"
            f"servers:\n  - $ref: '{url}#/Server'\npaths: {{}}\n"
        )
    cfg = Config(select=("https-servers",), allow_remote=True)
    result = Linter(all_rules(), cfg).lint_paths([path])
    assert [(f.rule, f.file, f.line, f.pointer) for f in result.findings] == [
        ("https-servers", url, 2, "/Server/url")
    ]


def test_a_json_document_nested_too_deep_is_a_parse_error_at_1_1(tmp_path: Any) -> None:
    path = os.path.join(tmp_path, "deep.json")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("[" * 5000 + "]" * 5000)
    result = Linter(all_rules(), Config()).lint_paths([path])
    assert [(f.rule, f.line, f.column, f.message) for f in result.findings] == [
        ("parse-error", 1, 1, "document nests deeper than 1000 levels")
    ]
