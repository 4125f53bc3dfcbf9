"""Configuration: discovery, every error kind (exit 2, naming file and key), overrides."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from oaslint import config as config_mod
from oaslint.cli import main
from oaslint.config import ConfigError, build_config, find_config, glob_regex, load_config
from oaslint.engine import Linter
from oaslint.registry import all_rules

BAD = """\
openapi: 3.0.3
info: {title: Bad, version: '1'}
servers:
  - url: http://api.example.com
  - url: ws://api.example.com/stream
paths: {}
"""


def _write(path: str, text: str) -> str:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


@pytest.fixture
def tree(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> str:
    root = str(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    _write(os.path.join(root, "project", "specs", "api.yaml"), BAD)
    _write(os.path.join(root, "project", "specs", "legacy", "old.yaml"), BAD)
    monkeypatch.chdir(os.path.join(root, "project"))
    return os.path.join(root, "project")


def _json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main([*argv, "-f", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else {}


def _rules(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((f["file"], f["rule"], f["severity"]) for f in report["findings"])


# -- discovery --------------------------------------------------------------------


def test_found_in_the_working_directory_and_upwards(
    tree: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = _write(os.path.join(tree, ".oaslint.yaml"), "fail-on: warning\n")
    assert find_config() == cfg
    monkeypatch.chdir(os.path.join(tree, "specs", "legacy"))
    assert find_config() == cfg  # two folders up
    nearer = _write(os.path.join(tree, "specs", ".oaslint.yml"), "fail-on: info\n")
    assert find_config() == nearer  # the nearest wins


def test_oaslint_yaml_beats_pyproject_in_the_same_folder(tree: str) -> None:
    _write(os.path.join(tree, "pyproject.toml"), "[tool.oaslint]\nfail-on = 'info'\n")
    assert find_config() == os.path.join(tree, "pyproject.toml")
    cfg = _write(os.path.join(tree, ".oaslint.yaml"), "fail-on: warning\n")
    assert find_config() == cfg


def test_pyproject_without_the_section_is_passed_over(
    tree: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    outer = _write(os.path.join(tree, ".oaslint.yaml"), "fail-on: warning\n")
    _write(os.path.join(tree, "specs", "pyproject.toml"), "[project]\nname = 'x'\n")
    monkeypatch.chdir(os.path.join(tree, "specs"))
    assert find_config() == outer


def test_pyproject_settings_apply(tree: str, capsys: pytest.CaptureFixture[str]) -> None:
    _write(
        os.path.join(tree, "pyproject.toml"),
        "[tool.oaslint]\nselect = ['https-servers', 'wss-websockets']\n"
        "[tool.oaslint.rules]\nwss-websockets = 'off'\n",
    )
    code, report = _json(["specs/api.yaml"], capsys)
    assert code == 1
    assert {r for _, r, _ in _rules(report)} == {"https-servers"}


def test_explicit_config_wins_over_discovery(tree: str, capsys: pytest.CaptureFixture[str]) -> None:
    _write(os.path.join(tree, ".oaslint.yaml"), "select: [https-servers]\n")
    other = _write(os.path.join(tree, "ci", "strict.yaml"), "select: [wss-websockets]\n")
    _, report = _json(["specs/api.yaml", "--config", other], capsys)
    assert {r for _, r, _ in _rules(report)} == {"wss-websockets"}


# -- errors: exit 2, the message names the file and the key -----------------------

ERRORS = [
    ("colour: red\n", "colour: unknown key"),
    ("select: [no-such-rule]\n", "select: unknown rule 'no-such-rule'"),
    ("select: 3\n", "select: expected a list of rule ids"),
    ("ignore: [nope]\n", "ignore: unknown rule 'nope'"),
    ("fail-on: sometimes\n", "fail-on: expected one of error, warning, info, never"),
    ("allow-remote: true\n", "allow-remote: remote references can only be allowed on the command"),
    ("rules: [https-servers]\n", "rules: expected a mapping of rule id to settings"),
    ("rules: {nope: off}\n", "rules.nope: unknown rule"),
    ("rules: {https-servers: loud}\n", "rules.https-servers.severity: unknown severity 'loud'"),
    (
        "rules: {https-servers: 3}\n",
        "rules.https-servers: expected a severity, 'off', or a mapping",
    ),
    (
        "rules: {https-servers: {level: error, colour: red}}\n",
        "rules.https-servers.colour: unknown setting",
    ),
    (
        "rules: {https-servers: {options: {strict: true}}}\n",
        "rules.https-servers.options.strict: unknown option (known: none)",
    ),
    ("rules: {https-servers: {options: [1]}}\n", "rules.https-servers.options: expected a mapping"),
    (
        "rules: {https-servers: {enabled: maybe}}\n",
        "rules.https-servers.enabled: expected true or false",
    ),
    (
        "rules: {valid-openapi: off}\n",
        "rules.valid-openapi.enabled: valid-openapi is a health rule",
    ),
    ("baseline: 3\n", "baseline: expected the path of a baseline file"),
    ("overrides: {files: x}\n", "overrides: expected a list"),
    ("overrides: [3]\n", "overrides[0]: expected a mapping"),
    (
        "overrides: [{files: [a], rules: {https-servers: off}, when: now}]\n",
        "overrides[0].when: unknown key",
    ),
    (
        "overrides: [{rules: {https-servers: off}}]\n",
        "overrides[0].files: expected a non-empty list of file globs",
    ),
    (
        "overrides: [{files: [], rules: {https-servers: off}}]\n",
        "overrides[0].files: expected a non-empty list",
    ),
    (
        "overrides: [{files: [a], pointers: [servers], rules: {https-servers: off}}]\n",
        "overrides[0].pointers: 'servers' is not a JSON pointer",
    ),
    (
        "overrides: [{files: [a], pointers: 3, rules: {https-servers: off}}]\n",
        "overrides[0].pointers: expected a list of JSON pointers",
    ),
    ("overrides: [{files: [a]}]\n", "overrides[0].rules: expected a mapping"),
    ("overrides: [{files: [a], rules: {nope: off}}]\n", "overrides[0].rules.nope: unknown rule"),
    (
        "overrides: [{files: [a], rules: {https-servers: loud}}]\n",
        "overrides[0].rules.https-servers.severity: unknown severity",
    ),
    (
        "overrides: [{files: [a], pointers: [/x], rules: {https-servers: {options: {}}}}]\n",
        "overrides[0].rules.https-servers.options: options cannot be set for pointers",
    ),
    ("- just\n- a list\n", "the configuration must be a mapping"),
    ("rules: {\n", "invalid YAML"),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS, ids=[e[1].split(":")[0] for e in ERRORS])
def test_config_errors_exit_2_naming_file_and_key(
    tree: str, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    cfg = _write(os.path.join(tree, ".oaslint.yaml"), text)
    assert main(["specs/api.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"oaslint: error: {cfg}: "), err
    assert expected in err, err
    assert len(err.strip().splitlines()) == 1


def test_wrong_option_type_names_file_and_key(
    tree: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = next((r for r in all_rules() if r.meta.options), None)
    if rule is None:
        pytest.skip("no rule has options")
    name, opt = next(iter(rule.meta.options.items()))
    wrong = "'text'" if opt.type != "str" else "[1, 2]"
    cfg = _write(
        os.path.join(tree, ".oaslint.yaml"),
        f"rules:\n  {rule.meta.id}:\n    options:\n      {name}: {wrong}\n",
    )
    assert main(["specs/api.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"oaslint: error: {cfg}: rules.{rule.meta.id}.options.{name}: expected ")


def test_toml_errors_name_the_file(tree: str, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = _write(os.path.join(tree, "pyproject.toml"), "[tool.oaslint]\nfail-on = \n")
    assert main(["specs/api.yaml", "--config", cfg]) == 2
    assert f"{cfg}: invalid TOML" in capsys.readouterr().err
    _write(cfg, "[tool.oaslint]\nselect = 'https-servers,nope'\n")
    assert main(["specs/api.yaml", "--config", cfg]) == 2
    assert f"{cfg}: select: unknown rule 'nope'" in capsys.readouterr().err


def test_missing_config_file(tree: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["specs/api.yaml", "--config", "nope.yaml"]) == 2
    assert "nope.yaml: no such configuration file" in capsys.readouterr().err


def test_extra_keys_hook_still_works(tree: str) -> None:
    seen: list[Any] = []

    def validate(value: Any, where: str, known: Any) -> Any:
        seen.append((value, where))
        return value

    config_mod.EXTRA_KEYS["x-test-key"] = validate
    try:
        cfg = build_config({"x-test-key": [1]}, all_rules(), "here.yaml")
    finally:
        del config_mod.EXTRA_KEYS["x-test-key"]
    assert cfg.extra == {"x-test-key": [1]} and seen == [([1], "here.yaml: x-test-key")]


# -- overrides ----------------------------------------------------------------------


def test_override_turns_a_rule_off_for_files(tree: str, capsys: pytest.CaptureFixture[str]) -> None:
    _write(
        os.path.join(tree, ".oaslint.yaml"),
        "select: [https-servers, wss-websockets]\n"
        "overrides:\n"
        "  - files: ['specs/legacy/**']\n"
        "    rules: {https-servers: off, wss-websockets: warning}\n",
    )
    code, report = _json(["specs"], capsys)
    assert code == 1
    legacy = os.path.join("specs", "legacy", "old.yaml")
    api = os.path.join("specs", "api.yaml")
    assert _rules(report) == [
        (api, "https-servers", "error"),
        (api, "wss-websockets", "error"),
        (legacy, "wss-websockets", "warning"),
    ]


def test_override_globs_are_relative_to_the_config_file(
    tree: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        os.path.join(tree, ".oaslint.yaml"),
        "select: [https-servers]\n"
        "overrides: [{files: ['specs/legacy/*.yaml'], rules: {https-servers: off}}]\n",
    )
    monkeypatch.chdir(os.path.join(tree, "specs"))  # config found upwards
    _, report = _json(["legacy/old.yaml", "api.yaml"], capsys)
    assert [f for f, _, _ in _rules(report)] == ["api.yaml"]


def test_override_by_pointer(tree: str, capsys: pytest.CaptureFixture[str]) -> None:
    _write(
        os.path.join(tree, ".oaslint.yaml"),
        "select: [https-servers, wss-websockets]\n"
        "overrides:\n"
        "  - files: ['**/*.yaml']\n"
        "    pointers: ['#/servers/1']\n"
        "    rules: {wss-websockets: info}\n"
        "  - files: ['**/*.yaml']\n"
        "    pointers: ['/servers/0']\n"
        "    rules: {https-servers: off, wss-websockets: off}\n",
    )
    code, report = _json(["specs/api.yaml"], capsys)
    assert code == 0  # the https finding is off, the ws one is info
    assert [(r, s) for _, r, s in _rules(report)] == [("wss-websockets", "info")]


def test_override_can_enable_a_rule_off_elsewhere_but_select_is_a_hard_filter(
    tree: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        os.path.join(tree, ".oaslint.yaml"),
        "select: [https-servers, wss-websockets]\n"
        "rules: {wss-websockets: off}\n"
        "overrides: [{files: ['specs/legacy/**'], rules: {wss-websockets: on}}]\n",
    )
    _, report = _json(["specs"], capsys)
    ws = [f for f, r, _ in _rules(report) if r == "wss-websockets"]
    assert ws == [os.path.join("specs", "legacy", "old.yaml")]
    _, report = _json(["specs", "--select", "https-servers"], capsys)
    assert {r for _, r, _ in _rules(report)} == {"https-servers"}


def test_override_options_apply_per_document(tree: str) -> None:
    rules = all_rules()
    rule = next((r for r in rules if r.meta.options), None)
    if rule is None:
        pytest.skip("no rule has options")
    name, opt = next(iter(rule.meta.options.items()))
    value = not opt.default if opt.type == "bool" else opt.default
    cfg = build_config(
        {
            "overrides": [
                {"files": ["specs/legacy/**"], "rules": {rule.meta.id: {"options": {name: value}}}}
            ]
        },
        rules,
        os.path.join(tree, ".oaslint.yaml"),
    )
    base = {name: opt.default}
    assert cfg.options_for(rule, os.path.join("specs", "legacy", "old.yaml"), base) == {name: value}
    assert cfg.options_for(rule, os.path.join("specs", "api.yaml"), base) == base


def test_linter_runs_rules_only_enabled_by_an_override() -> None:
    rules = all_rules()
    cfg = build_config(
        {
            "select": ["https-servers"],
            "rules": {"https-servers": "off"},
            "overrides": [{"files": ["x/**"], "rules": {"https-servers": "on"}}],
        },
        rules,
        None,
    )
    linter = Linter(rules, cfg)
    assert "https-servers" in linter.ran and "https-servers" not in linter.globally_enabled


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("specs/legacy/**", "specs/legacy/a.yaml", True),
        ("specs/legacy/**", "specs/legacy/deep/b.json", True),
        ("specs/legacy/**", "specs/legacyx/a.yaml", False),
        ("specs/legacy/", "specs/legacy/a.yaml", True),
        ("**/*.yaml", "a.yaml", True),
        ("**/*.yaml", "x/y/a.yaml", True),
        ("*.yaml", "x/a.yaml", False),
        ("specs/*/api.yaml", "specs/v1/api.yaml", True),
        ("specs/*/api.yaml", "specs/v1/x/api.yaml", False),
        ("api-v?.yaml", "api-v2.yaml", True),
        ("[ab].json", "b.json", True),
        ("[!ab].json", "b.json", False),
        ("./api.yaml", "api.yaml", True),
    ],
)
def test_glob(pattern: str, path: str, matches: bool) -> None:
    assert bool(glob_regex(pattern).fullmatch(path)) is matches


def test_load_config_none_is_defaults() -> None:
    cfg = load_config(None, all_rules())
    assert cfg.overrides == [] and cfg.baseline is None and cfg.fail_on == "error"


def test_build_config_error_type() -> None:
    with pytest.raises(ConfigError, match=r"^cfg.yaml: overrides\[0\].files: "):
        build_config({"overrides": [{"files": 3, "rules": {}}]}, all_rules(), "cfg.yaml")
