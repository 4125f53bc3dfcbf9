"""Engine paths the rule fixtures do not take: configuration overrides applied to the
suppression rules' own findings, and --skip-non-openapi with a file that does not parse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from oaslint.cli import main
from oaslint.loader.document import Document

API = """\
openapi: 3.0.3
info:
  title: T
  version: '1'
  x-oaslint-ignore: {https-servers: nothing here}
servers:
  - url: https://api.example.com
paths:
  x-oaslint-ignore: {https-servers: nothing here either}
"""


def _findings(capsys: pytest.CaptureFixture[str]) -> list[tuple[Any, ...]]:
    report = json.loads(capsys.readouterr().out)
    return [
        (f["file"], f["rule"], f["severity"], f["line"], f["column"]) for f in report["findings"]
    ]


def test_overrides_apply_to_unused_suppression_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``unused-suppression`` is turned off for one file and lowered to info below /info of
    the other: per file and per pointer, like any rule's findings."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "legacy.yaml").write_text(API)
    (tmp_path / ".oaslint.yaml").write_text(
        "overrides:\n"
        "  - files: [legacy.yaml]\n"
        "    rules: {unused-suppression: off}\n"
        "  - files: [api.yaml]\n"
        "    pointers: [/info]\n"
        "    rules: {unused-suppression: info}\n"
    )
    args = ["api.yaml", "legacy.yaml", "--format", "json"]
    assert main([*args, "--select", "unused-suppression,https-servers"]) == 0
    assert _findings(capsys) == [
        ("api.yaml", "unused-suppression", "info", 5, 22),
        ("api.yaml", "unused-suppression", "warning", 9, 22),
    ]
    # without the overrides both files report both entries as warnings
    (tmp_path / ".oaslint.yaml").write_text("fail-on: warning\n")
    assert main([*args, "--select", "unused-suppression,https-servers"]) == 1
    assert _findings(capsys) == [
        ("api.yaml", "unused-suppression", "warning", 5, 22),
        ("api.yaml", "unused-suppression", "warning", 9, 22),
        ("legacy.yaml", "unused-suppression", "warning", 5, 22),
        ("legacy.yaml", "unused-suppression", "warning", 9, 22),
    ]


def test_skip_non_openapi_drops_a_broken_file_that_is_not_openapi(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Helm template passed by pre-commit does not parse: with --skip-non-openapi it is
    not judged; a broken file that looks like OpenAPI is still a parse-error finding."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chart.yaml").write_text("kind: Deployment\nspec: {{ .Values.x }\n  bad: [\n")
    (tmp_path / "broken.yaml").write_text("openapi: 3.0.3\ninfo: [\n")
    assert main(["chart.yaml", "broken.yaml", "--skip-non-openapi", "--format", "json"]) == 1
    assert _findings(capsys) == [("broken.yaml", "parse-error", "error", 3, 1)]
    assert main(["chart.yaml", "--format", "json"]) == 1
    assert _findings(capsys) == [("chart.yaml", "parse-error", "error", 3, 3)]


def test_a_scanned_symlink_out_of_the_project_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found while scanning a folder, a symlink to a file outside the reference boundary is
    a file error (exit 2), the other files are linted; named on the command line it is read."""
    doc = (
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\nservers: [{url: 'http://x'}]\npaths: {}\n"
    )
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "api.yaml").write_text(doc)
    project = tmp_path / "project"
    project.mkdir()
    (project / "good.yaml").write_text(doc)
    (project / "link.yaml").symlink_to(tmp_path / "outside" / "api.yaml")
    monkeypatch.chdir(project)
    assert main([".", "--format", "json", "--select", "https-servers"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert [(f["file"], f["line"]) for f in report["findings"]] == [("good.yaml", 3)]
    assert report["errors"] == [
        {
            "file": "link.yaml",
            "message": "not read: a symlink to a file outside the reference boundary",
        }
    ]
    assert main(["link.yaml", "--format", "json", "--select", "https-servers"]) == 1
    assert _findings(capsys) == [("link.yaml", "https-servers", "error", 3, 17)]


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (RecursionError(), "document nests too deeply to be read"),
        (
            MemoryError(),
            "internal error: out of memory while linting this file; the other files ran",
        ),
        (ZeroDivisionError(), "internal error: ZeroDivisionError at test_cover_engine.py:"),
    ],
)
def test_a_failure_while_loading_one_file_costs_that_file_only(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    exc: BaseException,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "boom.yaml").write_text(API)
    real = Document.load.__func__  # type: ignore[attr-defined]

    def load(cls: type[Document], path: str, *args: Any, **kwargs: Any) -> Document:
        if path.endswith("boom.yaml"):
            raise exc
        return real(cls, path, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(Document, "load", classmethod(load))
    assert (
        main(["api.yaml", "boom.yaml", "--format", "json", "--select", "unused-suppression"]) == 2
    )
    report = json.loads(capsys.readouterr().out)
    assert [f["file"] for f in report["findings"]] == ["api.yaml", "api.yaml"]
    assert [e["file"] for e in report["errors"]] == ["boom.yaml"]
    assert report["errors"][0]["message"].startswith(message), report["errors"]


def test_oaslint_without_arguments_asks_for_paths(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Error: Missing argument 'PATHS...'." in captured.err
