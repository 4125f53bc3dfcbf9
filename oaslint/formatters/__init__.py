"""Output formatters: each turns a LintResult into text, with no I/O.

Built-ins are listed here; third-party formatters come from the
``oaslint.formatters`` entry-point group (see :mod:`oaslint.plugins`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from oaslint.engine import LintResult
from oaslint.formatters import json_format, text
from oaslint.rules.base import Rule


@dataclass(frozen=True)
class FormatContext:
    """What a formatter may need besides the result."""

    rules: Sequence[Rule]
    version: str
    color: bool = False


Formatter = Callable[[LintResult, FormatContext], str]

BUILTIN_FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
}
