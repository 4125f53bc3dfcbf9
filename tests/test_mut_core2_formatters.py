"""Golden output of the JUnit, GitHub and text formatters and the JSON report for one
result with every feature (mutation runs of "Core, session 9", later the same day:
tests/README.md). Each golden text was reviewed by hand against the formatter's
docstring."""

from __future__ import annotations

import json

from oaslint.baseline import BaselineOutcome
from oaslint.formatters import FormatContext, github, json_format, junit, sarif, text
from oaslint.model import FileError, Finding, Related, Severity
from oaslint.registry import all_rules
from oaslint.result import LintResult

R = (Related("a.yaml", 4, 3, 4, 9, "/paths/~1a/get"), Related("b.yaml", 7, 1, 8, 2, "/x"))
F = [
    Finding(
        "b.yaml",
        3,
        5,
        "https-servers",
        "uses 'http'\nnext: 100%, a:b",
        Severity.ERROR,
        pointer="/servers/0/url",
        end_line=3,
        end_column=20,
        references=("API-11", "SC004"),
    ),
    Finding(
        "a.yaml",
        2,
        7,
        "rate-limit-429",
        "no 429",
        Severity.WARNING,
        pointer="/paths/~1a\x1b",
        end_line=5,
        end_column=2,
    ),
    Finding("a.yaml", 1, 1, "x-house", "house \x01", Severity.INFO, end_line=1, end_column=1),
    Finding(
        "a.yaml", 1, 1, "security-defined", "no security", Severity.ERROR, related=R, aggregate=True
    ),
]
RESULT = LintResult(
    findings=F,
    errors=[FileError("c.yaml", "cannot\nread")],
    files=2,
    linted_files=["a.yaml", "b.yaml", "d.yaml"],
    baseline=BaselineOutcome("base.json", 3, 1),
    suppressed=F[:2],
)
CTX = FormatContext(all_rules(), "9.9")

JUNIT = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites name="oaslint" tests="6" failures="4" errors="1">',
    '  <testsuite name="a.yaml" tests="3" failures="3" errors="0">',
    '    <testcase name="rate-limit-429 at a.yaml:2:7" classname="rate-limit-429" file="a.yaml" line="2">',  # noqa: E501
    '      <failure type="warning" message="no 429">a.yaml:2:7: warning [rate-limit-429] no 429',
    "pointer: /paths/~1a\\x1b</failure>",
    "    </testcase>",
    '    <testcase name="x-house at a.yaml:1:1" classname="x-house" file="a.yaml" line="1">',
    '      <failure type="info" message="house �">a.yaml:1:1: info [x-house] house �</failure>',
    "    </testcase>",
    '    <testcase name="security-defined at a.yaml:1:1" classname="security-defined" file="a.yaml" line="1">',  # noqa: E501
    '      <failure type="error" message="no security">a.yaml:1:1: error [security-defined] no security</failure>',  # noqa: E501
    "    </testcase>",
    "  </testsuite>",
    '  <testsuite name="b.yaml" tests="1" failures="1" errors="0">',
    '    <testcase name="https-servers at b.yaml:3:5" classname="https-servers" file="b.yaml" line="3">',  # noqa: E501
    "      <failure type=\"error\" message=\"uses 'http'&#10;next: 100%, a:b\">b.yaml:3:5: error [https-servers] uses 'http'",  # noqa: E501
    "next: 100%, a:b",
    "references: API-11, SC004",
    "pointer: /servers/0/url</failure>",
    "    </testcase>",
    "  </testsuite>",
    '  <testsuite name="c.yaml" tests="1" failures="0" errors="1">',
    '    <testcase name="oaslint" classname="oaslint" file="c.yaml">',
    '      <error type="file-error" message="cannot&#10;read">c.yaml: error: cannot',
    "read</error>",
    "    </testcase>",
    "  </testsuite>",
    '  <testsuite name="d.yaml" tests="1" failures="0" errors="0">',
    '    <testcase name="oaslint" classname="oaslint" file="d.yaml" />',
    "  </testsuite>",
    "</testsuites>",
    "",
]


def test_junit_golden() -> None:
    assert junit.render(RESULT, CTX).split("\n") == JUNIT


GITHUB = [
    "::error file=c.yaml,title=oaslint::cannot%0Aread",
    "::error file=a.yaml,line=1,col=1,title=oaslint security-defined::no security",
    "::error file=b.yaml,line=3,col=5,endLine=3,endColumn=19,title=oaslint https-servers%3A A server URL does not use https::uses 'http'%0Anext: 100%25, a:b",  # noqa: E501
    "::warning file=a.yaml,line=2,col=7,endLine=5,title=oaslint rate-limit-429%3A An operation declares no 429 response::no 429",  # noqa: E501
    "::notice file=a.yaml,line=1,col=1,endLine=1,title=oaslint x-house::house \x01",
    "2 files linted: 4 findings (2 error, 1 warning, 1 info), 1 file error, 2 suppressed inline; baseline base.json: 3 known hidden, 1 fixed (refresh it with --write-baseline)",  # noqa: E501
    "",
]


def test_github_golden() -> None:
    assert github.render(RESULT, CTX).split("\n") == GITHUB


TEXT = [
    "b.yaml:3:5: error [https-servers] uses 'http'\\nnext: 100%, a:b",
    "a.yaml:2:7: warning [rate-limit-429] no 429",
    "a.yaml:1:1: info [x-house] house \\x01",
    "a.yaml:1:1: error [security-defined] no security (2 places; first: a.yaml:4:3)",
    "c.yaml: error: cannot\\nread",
    "",
    "  error   https-servers         1",
    "  error   security-defined      1",
    "  warning rate-limit-429        1",
    "  info    x-house               1",
    "2 files linted: 4 findings (2 error, 1 warning, 1 info), 1 file error, 2 suppressed inline; baseline base.json: 3 known hidden, 1 fixed (refresh it with --write-baseline)",  # noqa: E501
    "",
]


def test_text_golden() -> None:
    assert text.render(RESULT, CTX).split("\n") == TEXT


def test_github_caps_file_errors_at_ten_annotations() -> None:
    errors = [FileError(f"e{i}.yaml", f"bad {i}") for i in range(11)]
    lines = github.render(LintResult(errors=errors, files=0), CTX).split("\n")
    assert lines[:10] == [f"::error file=e{i}.yaml,title=oaslint::bad {i}" for i in range(10)]
    assert lines[10:] == [
        "e10.yaml: error: bad 10",
        "0 files linted: 0 findings (0 error, 0 warning, 0 info), 11 file errors",
        "",
    ]


def _notices(n: int) -> list[str]:
    findings = [Finding("a.yaml", i, 1, "x-house", f"m{i}", Severity.INFO) for i in range(1, n + 1)]
    ctx = FormatContext(all_rules(), "9.9", quiet=True)
    return github.render(LintResult(findings=findings, files=1), ctx).split("\n")


def test_github_leaves_room_for_the_closing_notice() -> None:
    assert _notices(9) == [
        f"::notice file=a.yaml,line={i},col=1,title=oaslint x-house::m{i}" for i in range(1, 10)
    ] + [""]
    lines = _notices(10)
    assert lines[:9] == [
        f"::notice file=a.yaml,line={i},col=1,title=oaslint x-house::m{i}" for i in range(1, 10)
    ]
    assert lines[9:] == [
        "a.yaml:10:1: info [x-house] m10",
        "::notice title=oaslint::1 more finding not annotated (GitHub shows 10 per level and "
        "step): see the log, the step summary or the SARIF report",
        "",
    ]


def test_github_line_zero_has_no_end_line() -> None:
    f = Finding("a.yaml", 0, 0, "x-house", "whole file", Severity.WARNING)
    out = github.render(LintResult(findings=[f], files=1), FormatContext([], "0", quiet=True))
    assert out == "::warning file=a.yaml,line=0,col=0,title=oaslint x-house::whole file\n"


def test_github_command_without_properties() -> None:
    assert github.command("notice", {}, "a\nb") == "::notice::a%0Ab"


def test_json_report_golden() -> None:
    def place(file: str, line: int, column: int, pointer: str) -> dict[str, object]:
        return {"file": file, "line": line, "column": column, "pointer": pointer}

    def finding(f: Finding, related: list[dict[str, object]]) -> dict[str, object]:
        return {
            "rule": f.rule,
            "severity": f.severity.label,
            "message": f.message,
            "file": f.file,
            "line": f.line,
            "column": f.column,
            "end_line": f.end_line,
            "end_column": f.end_column,
            "pointer": f.pointer,
            "references": list(f.references),
            "related": related,
        }

    assert json.loads(json_format.render(RESULT, CTX)) == {
        "version": "9.9",
        "findings": [
            finding(F[0], []),
            finding(F[1], []),
            finding(F[2], []),
            finding(F[3], [place("a.yaml", 4, 3, "/paths/~1a/get"), place("b.yaml", 7, 1, "/x")]),
        ],
        "errors": [{"file": "c.yaml", "message": "cannot\nread"}],
        "summary": {"files": 2, "error": 2, "warning": 1, "info": 1},
        "baseline": {"file": "base.json", "suppressed": 3, "fixed": 1},
    }


def test_junit_counts_findings_and_errors_of_one_file() -> None:
    result = LintResult(
        findings=[Finding("a.yaml", i, 1, "x-house", "m", Severity.INFO) for i in (1, 2)],
        errors=[FileError("a.yaml", "partly unreadable")],
        files=1,
    )
    out = junit.render(result, CTX).split("\n")
    assert out[1] == '<testsuites name="oaslint" tests="3" failures="2" errors="1">'
    assert out[2] == '  <testsuite name="a.yaml" tests="3" failures="2" errors="1">'


def test_sarif_names_urls_and_help_links() -> None:
    found = [
        Finding("https://h.example/a.yaml", 2, 3, "my_rule-x", "remote", Severity.WARNING),
        Finding("a.yaml", 1, 1, "https-servers", "http", Severity.ERROR),
    ]
    ctx = FormatContext(all_rules(), "9.9", root="/r", cwd="/r", docs_url="https://d/DOCX")
    run = json.loads(sarif.render(LintResult(findings=found, files=1), ctx))["runs"][0]
    assert (run["tool"]["driver"]["name"], run["tool"]["driver"]["version"]) == ("oaslint", "9.9")
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["my_rule-x"]["name"] == "MyRuleX"
    assert rules["https-servers"]["helpUri"] == "https://d/DOCX/https-servers.md"
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert locations == [
        {"uri": "https://h.example/a.yaml"},
        {"uri": "a.yaml", "uriBaseId": "%SRCROOT%"},
    ]


def test_sarif_without_the_ids_of_the_rules_that_ran_lists_every_known_rule() -> None:
    known = all_rules()[:2]
    out = json.loads(sarif.render(LintResult(files=1), FormatContext(known, "9.9")))
    listed = [r["id"] for r in out["runs"][0]["tool"]["driver"]["rules"]]
    assert listed == sorted(r.meta.id for r in known)


def test_sarif_results_fingerprints_and_properties() -> None:
    same = [
        Finding("a.yaml", i, 1, "x-house", f"m{i}", Severity.INFO, pointer="/info")
        for i in (1, 2, 3)
    ]
    result = LintResult(findings=[*same, F[0], F[3]], files=1)
    run = json.loads(sarif.render(result, CTX))["runs"][0]
    fp = same[0].fingerprint
    got = [r["partialFingerprints"]["oaslint/v1"] for r in run["results"]]
    assert got == [fp, f"{fp}#2", f"{fp}#3", F[0].fingerprint, F[3].fingerprint]
    props = [r["properties"] for r in run["results"]]
    assert props[0] == {"pointer": "/info", "references": []}
    assert props[3] == {"pointer": "/servers/0/url", "references": ["API-11", "SC004"]}
    assert props[4] == {"pointer": "", "references": [], "places": 2}
    related = run["results"][4]["relatedLocations"]
    assert [(r["id"], r["properties"]) for r in related] == [
        (1, {"pointer": "/paths/~1a/get"}),
        (2, {"pointer": "/x"}),
    ]


def test_sarif_full_description_boundaries() -> None:
    cases = {
        "x" * 40: "x" * 40,  # exactly the limit: whole
        "x" * 41: "x" * 39 + "…",  # no space: a hard cut
        "Short one. " + "word " * 10: "Short one. word word word word word…",  # early sentence
        "a" * 20 + ". bbbb. ccc.\nddd " + "e" * 28: "a" * 20 + ". bbbb. ccc. …",  # the last end
        "a" * 30 + " bbbbbbb. " + "c" * 11: "a" * 30 + "…",  # '. ' one past the room
        "a" * 30 + " bbbbbb.\n" + "c" * 12: "a" * 30 + " bbbbbb. …",  # '.\n' just inside
        "a" * 22 + ". b. " + "c" * 30: "a" * 22 + ". b. …",
        "a" * 22 + ".\nb.\n" + "c" * 30: "a" * 22 + ".\nb. …",
        " " + "a" * 45: " " + "a" * 38 + "…",  # a space only at 0: a hard cut
        "a " + "b" * 45: "a…",  # a space at 1
        "a" * 30 + " bbbbbbb.\n" + "c" * 11: "a" * 30 + "…",  # '.\n' one past the room
        "a" * 20 + ". " + "b" * 30: "a" * 20 + ". …",  # a sentence end at half the limit
        "a" * 15 + ". " + "b" * 30: "a" * 15 + ".…",  # before half: cut at a word
    }
    for given, shown in cases.items():
        assert sarif.full_description(given, 40) == shown, given
    assert sarif.full_description("a" * 20 + ". " + "b" * 30, 41) == "a" * 20 + ". …"
    assert sarif.full_description("x" * 1025) == "x" * 1023 + "…"  # GitHub's 1024


def test_sarif_base_uri_and_a_one_line_region() -> None:
    def base(root: str) -> str:
        ctx = FormatContext([], "9.9", root=root, cwd=root)
        run = json.loads(sarif.render(LintResult(files=1), ctx))["runs"][0]
        uri: str = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        return uri

    assert base("/r/X/") == "file:///r/X/"
    assert base("/r/a b") == "file:///r/a%20b/"
    assert base("r/s") == "file:///r/s/"  # not absolute (a Windows drive on POSIX)
    run = json.loads(sarif.render(LintResult(findings=[F[2]], files=1), CTX))["runs"][0]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}


def test_text_file_names_per_rule_order_and_colour() -> None:
    found = [
        Finding(":a.yaml", 1, 1, "b-rule", "one", Severity.WARNING),
        Finding(":a.yaml", 2, 1, "c-rule", "two", Severity.WARNING),
        Finding(":a.yaml", 3, 1, "c-rule", "three", Severity.WARNING),
    ]
    result = LintResult(findings=found, files=1)
    lines = text.render(result, FormatContext([], "0", color=True)).split("\n")
    yellow, reset = "\033[33m", "\033[0m"
    assert lines == [
        f"./:a.yaml:1:1: {yellow}warning{reset} [b-rule] one",
        f"./:a.yaml:2:1: {yellow}warning{reset} [c-rule] two",
        f"./:a.yaml:3:1: {yellow}warning{reset} [c-rule] three",
        "",
        f"  {yellow}warning{reset} c-rule      2",
        f"  {yellow}warning{reset} b-rule      1",
        "1 file linted: 3 findings (0 error, 3 warning, 0 info)",
        "",
    ]
    stats = text.render(result, FormatContext([], "0", color=True, statistics=True))
    assert stats.split("\n")[:2] == lines[4:6]
    assert text.per_rule(result) == ["  warning c-rule      2", "  warning b-rule      1"]
