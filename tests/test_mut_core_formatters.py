"""Golden output of the Markdown and GitLab formatters (their mutation runs found the
layout, escaping, ordering and severity mapping unpinned). Reviewed by hand."""

from __future__ import annotations

import json

from oaslint.formatters import FormatContext, gitlab, markdown
from oaslint.model import FileError, Finding, Severity
from oaslint.registry import all_rules
from oaslint.result import LintResult

FINDINGS = [
    Finding(
        "b.yaml", 3, 5, "https-servers", "uses 'http' <b>|x|</b> & [link](y) *a*", Severity.ERROR
    ),
    Finding("a.yaml", 9, 1, "x-house", "house", Severity.INFO, end_line=9),  # one line: no end
    Finding("a.yaml", 2, 7, "rate-limit-429", "no 429", Severity.WARNING),
    Finding("a.yaml", 1, 1, "rate-limit-429", "no 429 again", Severity.WARNING),
    Finding("a.yaml", 4, 2, "json-media-types", "xml é", Severity.WARNING, end_line=6),
]
RESULT = LintResult(findings=FINDINGS, errors=[FileError("c.yaml", "cannot read `c`")], files=2)

MARKDOWN = [
    "## oaslint: 5 findings",
    "",
    "2 files linted: 5 findings \\(1 error, 3 warning, 1 info\\), 1 file error",
    "",
    "| Severity | Findings |",
    "| --- | ---: |",
    "| error | 1 |",
    "| warning | 3 |",
    "| info | 1 |",
    "",
    "### Files oaslint could not lint",
    "",
    "- c.yaml: cannot read \\`c\\`",
    "",
    "### By rule",
    "",
    "| Rule | Severity | Findings |",
    "| --- | --- | ---: |",
    "| [`https-servers`](u/https-servers.md) | error | 1 |",
    "| [`rate-limit-429`](u/rate-limit-429.md) | warning | 2 |",
    "| [`json-media-types`](u/json-media-types.md) | warning | 1 |",
    "| `x-house` | info | 1 |",
    "",
    "### Findings",
    "",
    "| Severity | Location | Rule | Message |",
    "| --- | --- | --- | --- |",
    "| error | b.yaml:3:5 | [`https-servers`](u/https-servers.md) | uses 'http' &lt;b&gt;\\|x\\|&lt;/b&gt; &amp; \\[link\\]\\(y\\) \\*a\\* |",  # noqa: E501
    "| warning | a.yaml:1:1 | [`rate-limit-429`](u/rate-limit-429.md) | no 429 again |",
    "| warning | a.yaml:2:7 | [`rate-limit-429`](u/rate-limit-429.md) | no 429 |",
    "| warning | a.yaml:4:2 | [`json-media-types`](u/json-media-types.md) | xml é |",
    "| info | a.yaml:9:1 | `x-house` | house |",
    "",
]


def test_markdown_golden() -> None:
    ctx = FormatContext(all_rules(), "0", docs_url="u")
    assert markdown.render(RESULT, ctx).split("\n") == MARKDOWN


def test_markdown_singular_and_the_first_50_rows() -> None:
    one = LintResult(findings=FINDINGS[:1], files=1)
    out = markdown.render(one, FormatContext(all_rules(), "0"))
    assert out.startswith("## oaslint: 1 finding\n\n1 file linted: 1 finding")
    assert "| `https-servers` | error | 1 |" in out  # no docs URL: no link
    many = LintResult(
        findings=[Finding("a.yaml", i, 1, "x-house", f"m{i}", Severity.INFO) for i in range(1, 52)],
        files=1,
    )
    lines = markdown.render(many, FormatContext(all_rules(), "0")).split("\n")
    assert "### Findings (the first 50)" in lines
    assert sum(1 for x in lines if x.startswith("| info | a.yaml:")) == 50
    assert lines[-3:] == ["", "1 more in the log and the SARIF report.", ""]


GITLAB = [
    {
        "type": "issue",
        "description": "oaslint could not lint this file: cannot read `c`",
        "check_name": "oaslint-file-error",
        "fingerprint": "1a43148ee092469d2700017f6d74ef2a",
        "severity": "blocker",
        "categories": ["Bug Risk"],
        "location": {"path": "c.yaml", "lines": {"begin": 1}},
    },
    {
        "type": "issue",
        "description": "uses 'http' <b>|x|</b> & [link](y) *a*",
        "check_name": "https-servers",
        "fingerprint": "7889be50963400aea84659754d0be1a0",
        "severity": "major",
        "categories": ["Security"],
        "location": {"path": "b.yaml", "lines": {"begin": 3}},
    },
    {
        "type": "issue",
        "description": "house",
        "check_name": "x-house",
        "fingerprint": "19c26c0205e22f88aeeb250ad2737036",
        "severity": "info",
        "categories": ["Security"],
        "location": {"path": "a.yaml", "lines": {"begin": 9}},
    },
    {
        "type": "issue",
        "description": "no 429",
        "check_name": "rate-limit-429",
        "fingerprint": "00bea92cd851af839dc906a3bf908d33",
        "severity": "minor",
        "categories": ["Security"],
        "location": {"path": "a.yaml", "lines": {"begin": 2}},
    },
    {
        "type": "issue",
        "description": "no 429 again",
        "check_name": "rate-limit-429",
        "fingerprint": "4bc1c669d3789fb620596129fd610b86",
        "severity": "minor",
        "categories": ["Security"],
        "location": {"path": "a.yaml", "lines": {"begin": 1}},
    },
    {
        "type": "issue",
        "description": "xml é",
        "check_name": "json-media-types",
        "fingerprint": "10113e287317860b49cdf9ae5644bf06",
        "severity": "minor",
        "categories": ["Security"],
        "location": {"path": "a.yaml", "lines": {"begin": 4, "end": 6}},
    },
]


def test_gitlab_golden() -> None:
    text = gitlab.render(RESULT, FormatContext(all_rules(), "0"))
    assert json.loads(text) == GITLAB
    # indented by two, non-ASCII kept as it is, one newline at the end
    assert text.startswith('[\n  {\n    "type": "issue",') and text.endswith("}\n]\n")
    assert '"description": "xml é"' in text
