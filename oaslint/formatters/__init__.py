"""Output formatters: each turns a LintResult into text, with no I/O.

Built-ins are listed here; third-party formatters come from the
``oaslint.formatters`` entry-point group (see :mod:`oaslint.plugins`).
A formatter is ``render(result, ctx) -> str``: pure, so it is snapshot-testable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from oaslint.formatters import (
    compliance,
    compliance_html,
    github,
    gitlab,
    json_format,
    junit,
    markdown,
    sarif,
    text,
)
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


Formatter = Callable[[LintResult, FormatContext], str]

BUILTIN_FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "compliance": compliance.render,
    "gitlab": gitlab.render,
    "markdown": markdown.render,
    "compliance-html": compliance_html.render,
}
