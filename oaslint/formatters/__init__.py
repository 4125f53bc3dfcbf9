"""Output formatters: each turns a LintResult into text, with no I/O.

Built-ins are listed here as ``"module:render"`` strings and imported when first
used (DESIGN.md 2.5): a text run never imports the compliance report (the
requirements register), SARIF, JUnit's XML or HTML code. Third-party formatters
come from the ``oaslint.formatters`` entry-point group (see :mod:`oaslint.plugins`).
A formatter is ``render(result, ctx) -> str``: pure, so it is snapshot-testable.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oaslint.result import LintResult
    from oaslint.rules.base import Rule


@dataclass(frozen=True)
class FormatContext:
    """What a formatter may need besides the result."""

    rules: Sequence[Rule]
    version: str
    color: bool = False
    # Folder that file locations are made relative to (SARIF, GitHub annotations): the
    # repository root in CI (GITHUB_WORKSPACE), else the working directory. None: as given.
    root: str | None = None
    # Folder relative file names in the result are relative to (the working directory).
    cwd: str | None = None
    # Base URL of the rule pages (``<docs_url>/<rule-id>.md``), for SARIF ``helpUri``.
    docs_url: str | None = None
    # -q/--quiet: findings only, no closing summary line (text and github formats).
    quiet: bool = False
    # compliance report: which standards (--profile), language (--lang), report date
    profile: str = "all"
    lang: str = "en"
    date: str = ""
    # ``--statistics``: text output shows only the per-rule summary (ruff's --statistics)
    statistics: bool = False

    def rule(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.meta.id == rule_id:
                return r
        return None

    def repo_path(self, file: str) -> str:
        """``file`` relative to ``root`` with ``/`` (absolute when outside it, or a URL)."""
        if "://" in file or self.root is None:
            return file.replace(os.sep, "/")
        path = file if os.path.isabs(file) else os.path.join(self.cwd or self.root, file)
        path = os.path.normpath(path)
        rel = os.path.relpath(path, self.root)
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return path.replace(os.sep, "/")
        return rel.replace(os.sep, "/")


Formatter = Callable[["LintResult", FormatContext], str]

# ``--format`` name -> "module:function", imported on first use (pyproject.toml declares
# the same values as entry points; tests/test_plugins.py checks they agree)
BUILTIN_FORMATTER_SPECS: dict[str, str] = {
    "text": "oaslint.formatters.text:render",
    "json": "oaslint.formatters.json_format:render",
    "sarif": "oaslint.formatters.sarif:render",
    "github": "oaslint.formatters.github:render",
    "junit": "oaslint.formatters.junit:render",
    "compliance": "oaslint.formatters.compliance:render",
    "gitlab": "oaslint.formatters.gitlab:render",
    "markdown": "oaslint.formatters.markdown:render",
    "compliance-html": "oaslint.formatters.compliance_html:render",
}


def load_formatter(spec: str) -> Formatter:
    """The function a ``"module:function"`` spec names (imports the module)."""
    module, _, name = spec.partition(":")
    fn: Formatter = getattr(importlib.import_module(module), name)
    return fn


class Formatters(Mapping[str, Formatter]):
    """Formatters by ``--format`` name; a ``"module:function"`` entry is imported when
    it is first looked up, so listing names or testing ``name in formatters`` imports
    nothing."""

    def __init__(self, entries: Mapping[str, str | Formatter]) -> None:
        self._entries: dict[str, str | Formatter] = dict(entries)

    def spec(self, name: str) -> str | None:
        """The ``"module:function"`` of a not-yet-imported entry (None for callables)."""
        entry = self._entries.get(name)
        return entry if isinstance(entry, str) else None

    def entries(self) -> dict[str, str | Formatter]:
        """The entries as given (specs and callables), without importing any."""
        return dict(self._entries)

    def __getitem__(self, name: str) -> Formatter:
        entry = self._entries[name]
        if isinstance(entry, str):
            entry = self._entries[name] = load_formatter(entry)
        return entry

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


# Every built-in, imported on first use (``BUILTIN_FORMATTERS["json"]``).
BUILTIN_FORMATTERS = Formatters(BUILTIN_FORMATTER_SPECS)
