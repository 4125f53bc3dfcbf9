"""Survivors of the mutation run of ``oaslint.formatters`` (``__init__``; tests/README.md,
"Session 10"): the lazy formatter table and repository-relative paths, in-process."""

from __future__ import annotations

from oaslint.formatters import BUILTIN_FORMATTER_SPECS, FormatContext, Formatters


def _render(result: object, ctx: object) -> str:
    return "mine"


def test_specs_and_entries_without_importing() -> None:
    formatters = Formatters({"json": BUILTIN_FORMATTER_SPECS["json"], "mine": _render})
    assert formatters.spec("json") == "oaslint.formatters.json_format:render"
    assert formatters.spec("mine") is None  # a callable has no spec
    assert formatters.spec("nope") is None
    assert formatters.entries() == {"json": BUILTIN_FORMATTER_SPECS["json"], "mine": _render}
    formatters.entries()["json"] = _render  # a copy: the table is unchanged
    assert formatters.spec("json") == "oaslint.formatters.json_format:render"


def test_relative_files_are_joined_to_the_working_directory() -> None:
    ctx = FormatContext(rules=[], version="1", root="/repo", cwd="/repo/sub")
    assert ctx.repo_path("a.yaml") == "sub/a.yaml"
    assert ctx.repo_path("/repo/b.yaml") == "b.yaml"
    assert ctx.repo_path("/elsewhere/c.yaml") == "/elsewhere/c.yaml"
    assert FormatContext(rules=[], version="1", root="/repo").repo_path("d.yaml") == "d.yaml"
