"""CLI conventions (issue 10): subcommands never swallow paths, stdin, --exclude,
-q, -V, --exit-zero, --color, --format help, top-level --help, --report, and the
gitlab and markdown formats."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from typing import Any

import jsonschema
import pytest

from oaslint import __version__
from oaslint.cli import main, use_color
from oaslint.paths import PatternError, compile_excludes

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data")

BAD = """\
openapi: 3.0.3
info: {title: Bad, version: '1'}
servers:
  - url: http://api.example.com
paths: {}
"""
GOOD = BAD.replace("http://", "https://")
SELECT = ["--select", "https-servers"]


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


@pytest.fixture
def cwd(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> str:
    folder = str(tmp_path)
    monkeypatch.chdir(folder)
    for var in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "CI_PROJECT_DIR"):
        monkeypatch.delenv(var, raising=False)
    return folder


# -- subcommands never swallow paths -------------------------------------------------


@pytest.mark.parametrize("folder", ["docs", "rules", "explain"])
def test_a_folder_named_like_a_command_is_linted(
    cwd: str, folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(os.path.join(folder, "api.yaml"), BAD)
    assert main([folder, *SELECT]) == 1
    out = capsys.readouterr().out
    assert f"{os.path.join(folder, 'api.yaml')}:4:10: error [https-servers]" in out
    assert out.endswith("1 file linted: 1 finding (1 error, 0 warning, 0 info)\n")


def test_docs_is_no_command_any_more(cwd: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Without a docs/ folder, `oaslint docs` is a missing path (exit 2), not page writing."""
    assert main(["docs"]) == 2
    captured = capsys.readouterr()
    assert "docs: error: no such file or directory" in captured.out
    assert not os.path.exists("rules")


def test_a_folder_without_specs_fails(cwd: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Linting nothing is exit 2: a CI step pointed at the wrong folder cannot pass."""
    _write(os.path.join("rules", "README.md"), "# not a spec\n")
    _write(os.path.join("specs", "ci.yaml"), "jobs: {}\n")
    assert main(["rules"]) == 2
    captured = capsys.readouterr()
    assert captured.out == (
        "rules: error: no OpenAPI document found in this folder (scanned for *.yaml, *.yml "
        "and *.json files with a root `openapi` or `swagger` key)\n"
        "0 files linted: 0 findings (0 error, 0 warning, 0 info), 1 file error\n"
    )
    assert "use `oaslint --list-rules`" in captured.err
    assert main(["specs", "rules", "-q", "--exclude", "x"]) == 2
    out = capsys.readouterr().out
    assert out.count("no OpenAPI document found in this folder") == 2
    assert "key, minus --exclude)" in out
    _write(os.path.join("specs", "api.yaml"), GOOD)
    assert main(["specs", "rules", *SELECT]) == 0  # one folder had a document
    assert main(["specs", "--exclude", "api.yaml", *SELECT]) == 2
    assert main(["specs/ci.yaml", "--skip-non-openapi"]) == 0  # pre-commit: nothing is fine


def test_list_rules_and_explain_work_whatever_the_folder_holds(
    cwd: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(os.path.join("rules", "api.yaml"), BAD)
    _write(os.path.join("explain", "api.yaml"), BAD)
    assert main(["--list-rules"]) == 0
    assert "https-servers" in capsys.readouterr().out
    for argv in (["--list-rules", "--format", "json"], ["-f", "json", "--list-rules"]):
        assert main(argv) == 0
        assert any(r["id"] == "https-servers" for r in json.loads(capsys.readouterr().out))
    for argv in (["--explain", "https-servers"], ["--explain=https-servers"]):
        assert main(argv) == 0
        assert "# `https-servers`" in capsys.readouterr().out
    assert main(["--explain", "nope"]) == 2
    capsys.readouterr()
    assert main(["explain", "https-servers"]) == 2  # explain/ is linted, with a hint
    captured = capsys.readouterr()
    assert "https-servers: error: no such file or directory" in captured.out
    assert "use `oaslint --explain RULE`" in captured.err


def test_rules_and_explain_subcommands_where_no_such_path_exists(
    cwd: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules"]) == 0
    assert "https-servers" in capsys.readouterr().out
    assert main(["explain", "https-servers"]) == 0
    assert "# `https-servers`" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv", [["check", "rules", *SELECT], ["lint", *SELECT, "rules"], ["--", "rules"]]
)
def test_check_lint_and_double_dash_always_lint(
    cwd: str, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _write(os.path.join("rules", "api.yaml"), BAD)
    assert main(argv) == 1
    assert "error [https-servers]" in capsys.readouterr().out


def test_check_without_paths_is_an_error(cwd: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 2
    assert "Missing argument" in capsys.readouterr().err


def test_rule_pages_are_written_by_python_m_oaslint_docs(cwd: str) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "oaslint.docs", *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": ROOT},
        )

    assert run("--check", "--out", "pages").returncode == 1  # missing: stale
    written = run("--out", "pages")
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith("wrote ") and written.stdout.endswith(" files to pages/\n")
    assert os.path.isfile(os.path.join(cwd, "pages", "https-servers.md"))
    assert run("--check", "--out", "pages").returncode == 0
    checked = run("--check", "--out", os.path.join(ROOT, "rules"))
    assert checked.returncode == 0, checked.stderr


# -- standard input ------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def test_stdin_is_linted_as_stdin(
    cwd: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, BAD)
    assert main(["-", *SELECT]) == 1
    out = capsys.readouterr().out
    assert out.startswith("<stdin>:4:10: error [https-servers] server URL 'http://api.example")
    assert out.endswith("\n1 file linted: 1 finding (1 error, 0 warning, 0 info)\n")


def test_stdin_relative_refs_are_outside_the_boundary(
    cwd: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write("schemas.yaml", "Pet: {type: object}\n")  # exists, and still not read
    spec = """\
openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Local: {type: string}
    Pet:
      $ref: './schemas.yaml#/Pet'
    Alias:
      $ref: '#/components/schemas/Local'
"""
    _stdin(monkeypatch, spec)
    assert main(["-", "--select", "resolvable-refs", "-f", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(f["file"], f["line"], f["rule"]) for f in report["findings"]] == [
        ("<stdin>", 8, "resolvable-refs")
    ]
    assert "outside the reference boundary" in report["findings"][0]["message"]
    assert "standard input" in report["findings"][0]["message"]


def test_stdin_beside_files(
    cwd: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write("good.yaml", GOOD)
    _stdin(monkeypatch, "openapi: [\n")
    assert main(["good.yaml", "-", *SELECT]) == 1
    out = capsys.readouterr().out
    assert "<stdin>:" in out and "[parse-error]" in out
    assert out.endswith("2 files linted: 1 finding (1 error, 0 warning, 0 info)\n")


# -- --exclude -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "linted"),
    [
        ([], ["a.yaml", "c-draft.yaml", "internal/b.yaml", "internal/deep/d.json"]),
        (["internal"], ["a.yaml", "c-draft.yaml"]),
        (["internal/"], ["a.yaml", "c-draft.yaml"]),
        (["specs/internal/deep"], ["a.yaml", "c-draft.yaml", "internal/b.yaml"]),
        (["/specs/internal/deep"], ["a.yaml", "c-draft.yaml", "internal/b.yaml"]),
        (["*-draft.yaml", "*.json"], ["a.yaml", "internal/b.yaml"]),
        (["specs/**/*.json"], ["a.yaml", "c-draft.yaml", "internal/b.yaml"]),
        (["b.yaml"], ["a.yaml", "c-draft.yaml", "internal/deep/d.json"]),
        (
            ["internal/b.yaml"],
            ["a.yaml", "c-draft.yaml", "internal/b.yaml", "internal/deep/d.json"],
        ),
        (["[ab].yaml"], ["c-draft.yaml", "internal/deep/d.json"]),
        (["a.yaml/"], ["a.yaml", "c-draft.yaml", "internal/b.yaml", "internal/deep/d.json"]),
    ],
)
def test_exclude_patterns(
    cwd: str, patterns: list[str], linted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a.yaml", "c-draft.yaml", "internal/b.yaml"):
        _write(os.path.join("specs", name), BAD)
    _write(os.path.join("specs", "internal", "deep", "d.json"), json.dumps({"swagger": "2.0"}))
    argv = ["specs", "--select", "https-servers", "-f", "json"]
    for p in patterns:
        argv += ["--exclude", p]
    main(argv)
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["files"] == len(linted)
    found = sorted({f["file"].replace(os.sep, "/") for f in report["findings"]})
    assert found == sorted(f"specs/{n}" for n in linted)  # every file has a finding


def test_exclude_never_drops_a_named_file(cwd: str, capsys: pytest.CaptureFixture[str]) -> None:
    _write("api.yaml", BAD)
    assert main(["api.yaml", "--exclude", "*.yaml", *SELECT]) == 1


def test_exclude_refuses_what_it_cannot_honour(
    cwd: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([".", "--exclude", "!keep.yaml"]) == 2
    assert "--exclude: '!keep.yaml': negation (!) is not supported" in capsys.readouterr().err
    with pytest.raises(PatternError):
        compile_excludes(["  "])
    assert compile_excludes([]) is None


# -- output conventions --------------------------------------------------------------


def test_quiet_prints_findings_only(cwd: str, capsys: pytest.CaptureFixture[str]) -> None:
    _write("bad.yaml", BAD)
    _write("good.yaml", GOOD)
    assert main(["-q", "good.yaml", *SELECT]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["--quiet", "bad.yaml", *SELECT, "--write-baseline", "b.json"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["--quiet", "bad.yaml", *SELECT]) == 1
    out = capsys.readouterr().out
    assert out.startswith("bad.yaml:4:10: error [https-servers]") and out.count("\n") == 1
    assert main(["-q", "bad.yaml", *SELECT, "-f", "github"]) == 1
    assert capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([flag]) == 0
    assert capsys.readouterr().out == f"oaslint, version {__version__}\n"


def test_exit_zero(cwd: str, capsys: pytest.CaptureFixture[str]) -> None:
    _write("bad.yaml", BAD)
    assert main(["bad.yaml", "--exit-zero", *SELECT]) == 0
    assert "error [https-servers]" in capsys.readouterr().out
    assert main(["bad.yaml", "missing.yaml", "--exit-zero", *SELECT]) == 2  # not linted: 2


RED = "\033[31merror\033[0m"


@pytest.mark.parametrize(
    ("argv", "env", "colored"),
    [
        ([], {}, False),  # auto, not a terminal
        (["--color", "always"], {}, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # the command line wins
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        (["--no-color"], {"FORCE_COLOR": "1"}, False),  # alias of --color never
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": ""}, False),  # empty: not set
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins
        ([], {"FORCE_COLOR": "1", "NO_COLOR": ""}, True),  # an empty NO_COLOR is not set
        (["--color", "auto"], {"FORCE_COLOR": "1"}, True),
    ],
)
def test_color(
    cwd: str,
    argv: list[str],
    env: dict[str, str],
    colored: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _write("bad.yaml", BAD)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert main(["bad.yaml", *SELECT, *argv]) == 1
    out = capsys.readouterr().out
    assert (RED in out) is colored, out
    assert ("\033[" in out) is colored


def test_color_auto_follows_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert use_color("auto", True, Tty()) is True
    assert use_color("auto", False, Tty()) is False  # -o FILE: no colour unless always
    assert use_color("always", False, Tty()) is True
    monkeypatch.setenv("NO_COLOR", "")
    assert use_color("auto", True, Tty()) is True
    monkeypatch.setenv("NO_COLOR", "yes")
    assert use_color("auto", True, Tty()) is False


def test_top_level_help_shows_lint_options_and_every_format(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from oaslint import registry
    from oaslint.formatters import BUILTIN_FORMATTERS

    def with_plugin() -> dict[str, Any]:
        return {**BUILTIN_FORMATTERS, "csv-plugin": lambda result, ctx: ""}

    monkeypatch.setattr(registry, "all_formatters", with_plugin)
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("Usage: oaslint [OPTIONS] PATH...")
    for option in ("--format", "--fail-on", "--exclude", "--quiet", "--exit-zero", "--color"):
        assert option in out, option
    formats = sorted([*BUILTIN_FORMATTERS, "csv-plugin"])
    assert f"Output format: {', '.join(formats)}." in out
    assert "-h, --help" in out and "-V, --version" in out
    for command in ("check", "explain", "rules"):
        assert f" {command} " in out
    assert "docs" not in out.split("Commands:")[1]
    assert main(["check", "--help"]) == 0
    assert "csv-plugin" in capsys.readouterr().out


# -- --report: several formats from one run ------------------------------------------


def test_report_writes_more_formats_from_the_same_run(
    cwd: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write("bad.yaml", BAD)
    argv = ["bad.yaml", *SELECT, "--report", "json=r.json", "--report", "gitlab=gl.json"]
    assert main(argv) == 1
    assert "error [https-servers]" in capsys.readouterr().out
    with open("r.json", encoding="utf-8") as fh:
        assert json.load(fh)["summary"]["error"] == 1
    with open("gl.json", encoding="utf-8") as fh:
        assert json.load(fh)[0]["check_name"] == "https-servers"
    assert main(["bad.yaml", "--report", "nope=x"]) == 2
    assert "--report: unknown format 'nope'" in capsys.readouterr().err
    assert main(["bad.yaml", "--report", "json"]) == 2
    assert "expected FORMAT=FILE" in capsys.readouterr().err


# -- --format gitlab -----------------------------------------------------------------


def _gitlab_schema() -> dict[str, Any]:
    with open(os.path.join(DATA, "gitlab-code-quality.schema.json"), encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema


def _gitlab(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    main([*argv, "-f", "gitlab"])
    issues: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    jsonschema.validate(issues, _gitlab_schema())
    return issues


TWO_SERVERS = """\
openapi: 3.0.3
info: {title: Bad, version: '1'}
servers:
  - url: http://api.example.com
  - url: http://api2.example.com
paths: {}
"""


def test_gitlab_format(
    cwd: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(os.path.join("specs", "api.yaml"), TWO_SERVERS)
    issues = _gitlab([os.path.join(cwd, "specs"), "missing.yaml", *SELECT], capsys)
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
        for i in issues
    ] == [
        ("oaslint-file-error", "blocker", "missing.yaml", 1),
        ("https-servers", "major", "specs/api.yaml", 4),
        ("https-servers", "major", "specs/api.yaml", 5),
    ]
    assert "http://api.example.com" in issues[1]["description"]
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)

    # stable: the same run gives the same fingerprints; a line inserted above moves the
    # findings but keeps their fingerprints (GitLab then reports nothing new)
    assert [i["fingerprint"] for i in _gitlab(["specs", "missing.yaml", *SELECT], capsys)] == (
        fingerprints
    )
    _write(os.path.join("specs", "api.yaml"), "# a comment\n" + TWO_SERVERS)
    moved = _gitlab(["specs", *SELECT], capsys)
    assert [i["location"]["lines"]["begin"] for i in moved] == [5, 6]
    assert [i["fingerprint"] for i in moved] == fingerprints[1:]

    # paths relative to the project in a GitLab job
    monkeypatch.setenv("CI_PROJECT_DIR", os.path.dirname(cwd))
    monkeypatch.chdir(os.path.join(cwd, "specs"))
    issues = _gitlab(["api.yaml", *SELECT], capsys)
    assert {i["location"]["path"] for i in issues} == {f"{os.path.basename(cwd)}/specs/api.yaml"}


def test_gitlab_format_one_node_several_findings_unique_fingerprints() -> None:
    from oaslint.formatters import FormatContext, gitlab
    from oaslint.model import Finding, Severity
    from oaslint.result import LintResult

    def finding(message: str) -> Finding:
        return Finding(
            file="api.yaml",
            line=3,
            column=1,
            rule="x",
            message=message,
            severity=Severity.WARNING,
            pointer="/info",
        )

    result = LintResult(findings=[finding("one"), finding("two")], files=1)
    issues = json.loads(gitlab.render(result, FormatContext([], "0", root="/r", cwd="/r")))
    jsonschema.validate(issues, _gitlab_schema())
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]
    assert {i["severity"] for i in issues} == {"minor"}


def test_gitlab_format_clean_is_an_empty_array(
    cwd: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _write("good.yaml", GOOD)
    assert _gitlab(["good.yaml", *SELECT], capsys) == []


# -- --format markdown, annotations ----------------------------------------------------


def test_markdown_counts_and_escapes(cwd: str, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = BAD.replace(
        "http://api.example.com", "'http://x.example/<img src=x>|[link](http://evil)'"
    )
    _write("bad.yaml", hostile)
    _write("warn.yaml", GOOD.replace("paths: {}", "paths: {}\nx-a: 1"))
    assert main(["bad.yaml", "-f", "markdown"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("## oaslint: ")
    assert "| error | " in out and "### By rule" in out
    assert "<img" not in out and "&lt;img src=x&gt;" in out
    assert "](http://evil)" not in out
    rows = [line for line in out.splitlines() if line.startswith("| error | bad.yaml")]
    assert rows and all(line.count(" | ") == 3 for line in rows)  # no cell broken by a |


def test_github_annotations_most_severe_first_and_capped(
    cwd: str, capsys: pytest.CaptureFixture[str]
) -> None:
    servers = "".join(f"  - url: http://s{i}.example.com\n" for i in range(12))
    _write("many.yaml", BAD.replace("  - url: http://api.example.com\n", servers))
    assert main(["many.yaml", *SELECT, "-f", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 11
    assert all(a.startswith("::error file=many.yaml") for a in annotations[:10])
    assert annotations[10] == (
        "::notice title=oaslint::2 more findings not annotated (GitHub shows 10 per level and "
        "step): see the log, the step summary or the SARIF report"
    )
    plain = [line for line in lines if line.startswith("many.yaml:")]
    assert [p.split(":")[1] for p in plain] == ["14", "15"]  # the 11th and 12th
    assert lines[-1].startswith("1 file linted: 12 findings")
