"""The HTML compliance report's optional parts, read as text (the browser test checks the
layout): evidence that was suppressed or baselined says so, a run of several documents has
a per-document summary, long evidence lists are cut with a count, an empty run says that
no document was linted."""

from __future__ import annotations

from pathlib import Path

import pytest

from oaslint.cli import main

API = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'http://x'}]\npaths: {}\n"
SUPPRESSED = (
    "openapi: 3.0.3\ninfo: {title: t2, version: '1'}\nservers:\n  - url: 'http://y'\n"
    "    x-oaslint-ignore: {https-servers: test server}\npaths: {}\n"
)


@pytest.fixture(autouse=True)
def _folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _html(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([*args, "--format", "compliance-html"])
    return code, capsys.readouterr().out


def test_suppressed_and_baselined_evidence_and_the_per_document_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "b.yaml").write_text(SUPPRESSED)
    assert main(["api.yaml", "-q", "--select", "https-servers", "--write-baseline", "b.json"]) == 0
    capsys.readouterr()
    code, html = _html(
        capsys, "api.yaml", "b.yaml", "--baseline", "b.json", "--select", "https-servers"
    )
    assert code == 0
    assert "<code>api.yaml:3:17</code> [error]" in html
    assert "<em>(in the baseline)</em></li>" in html
    assert "<code>b.yaml:4:10</code> [error]" in html
    assert "<em>(suppressed: test server)</em></li>" in html
    assert '<li><a href="#per-document">Summary per document</a></li>' in html
    section = html.split('<section id="per-document">', 1)[1].split("</section>", 1)[0]
    rows = [r for r in section.split("<tr>") if r.startswith("<td><code>")]
    assert [r.split("</code>", 1)[0] for r in rows] == ["<td><code>api.yaml", "<td><code>b.yaml"]
    assert all("<td>incomplete</td></tr>" in r for r in rows), rows


def test_long_evidence_lists_are_cut_with_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    servers = "".join(f"  - url: 'http://h{i}.example'\n" for i in range(205))
    (tmp_path / "many.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: many, version: '1'}\nservers:\n" + servers + "paths: {}\n"
    )
    code, html = _html(capsys, "many.yaml", "--select", "https-servers")
    assert code == 1
    assert "<code>many.yaml:203:10</code>" in html  # the 200th finding is shown
    assert "<code>many.yaml:204:10</code>" not in html  # the 201st is not
    assert "<li>and 5 more (every finding: --format json or sarif)</li>" in html


def test_a_run_without_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notapi.yaml").write_text("a: 1\n")
    code, html = _html(capsys, "notapi.yaml", "--skip-non-openapi")
    assert code == 0
    assert "<p><em>no document could be linted</em></p>" in html
    assert 'href="#per-document"' not in html
