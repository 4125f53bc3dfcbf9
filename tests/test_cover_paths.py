"""``--exclude`` globs (:func:`oaslint.paths.compile_excludes`): each glob construct, the
``./`` prefix, a pattern that can match nothing, and paths outside the working directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oaslint.cli import main
from oaslint.paths import PatternError, compile_excludes


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "excluded"),
    [
        ("specs/**", "specs/a/b/api.yaml", False, True),
        ("specs/**", "other/specs/api.yaml", False, False),  # anchored: has a slash
        ("api-?.yaml", "deep/api-1.yaml", False, True),
        ("api-?.yaml", "api-10.yaml", False, False),  # ? is exactly one character
        ("api-?.yaml", "a/api-/.yaml", False, False),  # ... never a slash
        ("v[12].yaml", "v2.yaml", False, True),
        ("v[12].yaml", "v3.yaml", False, False),
        ("v[!12].yaml", "v3.yaml", False, True),
        ("v[!12].yaml", "v1.yaml", False, False),
        ("v[^12].yaml", "v1.yaml", False, False),
        ("v[1.yaml", "v[1.yaml", False, True),  # an unclosed [ is a literal
        ("v[1.yaml", "v1.yaml", False, False),
        ("./build/api.yaml", "build/api.yaml", False, True),
        ("././build/", "build", True, True),
        ("build/", "build", False, False),  # dir/ matches folders only
        ("/top.yaml", "top.yaml", False, True),
        ("/top.yaml", "sub/top.yaml", False, False),
    ],
)
def test_exclude_globs(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pattern: str,
    path: str,
    is_dir: bool,
    excluded: bool,
) -> None:
    monkeypatch.chdir(tmp_path)
    predicate = compile_excludes([pattern])
    assert predicate is not None
    assert predicate(path, is_dir) is excluded


def test_paths_outside_the_working_directory_match_unanchored_patterns_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    outside = os.path.join(str(tmp_path), "gen", "api.yaml")
    unanchored = compile_excludes(["gen"])
    anchored = compile_excludes(["cwd/gen"])
    assert unanchored is not None and anchored is not None
    assert unanchored(os.path.dirname(outside), True) is True
    assert anchored(os.path.join(str(tmp_path), "cwd", "gen"), True) is False  # cwd/gen = gen
    assert compile_excludes([]) is None


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("/", "'/' matches nothing"),
        ("  ", "empty pattern"),
        ("!keep.yaml", "'!keep.yaml': negation (!) is not supported"),
    ],
)
def test_patterns_that_cannot_be_honoured(
    pattern: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(PatternError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        compile_excludes([pattern])
    monkeypatch.chdir(tmp_path)
    assert main([".", "--exclude", pattern]) == 2
    assert capsys.readouterr().err == f"oaslint: error: --exclude: {message}\n"
