"""Quoting untrusted text: every value a message or a report shows from a document.

A document (or a file name) is written by whoever opened the pull request. What
oaslint shows of it must not dump a file into a CI log, forge a log line (a
newline followed by ``::error ...`` is a GitHub annotation), move the terminal
cursor (ANSI escapes) or break an encoder (a lone surrogate from ``"\\ud800"``
in JSON or an undecodable file name). Two helpers, used everywhere:

- :func:`neutral` escapes control characters, DEL, C1 controls, line and
  paragraph separators and lone surrogates (``\\n``, ``\\x1b``, ``\\ud800``);
  it never cuts. For file names and whole messages.
- :func:`excerpt` is ``neutral`` plus a cut to ``limit`` characters, quoted as
  ``repr`` would (``'...'``); for any value a message quotes from a document.
"""

from __future__ import annotations

import re
from typing import Any

EXCERPT_LIMIT = 80

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    c = match.group()
    named = _NAMED.get(c)
    if named is not None:
        return named
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutral(text: str) -> str:
    """``text`` with every control character and lone surrogate escaped."""
    return _UNSAFE.sub(_escape, text)


def excerpt(value: Any, limit: int = EXCERPT_LIMIT, *, quote: bool = True) -> str:
    """A short, escaped, quoted excerpt of a document value for a message.

    Strings are quoted (``'abc'``); other scalars are shown as written by
    Python (``3``, ``True``); containers as a short ``repr``. The result is at
    most about ``limit`` characters: longer values end in ``...``.
    ``quote=False`` leaves strings unquoted (file names, URLs).
    """
    if isinstance(value, str):
        text = value
        quoted = quote
    elif value is None or isinstance(value, (bool, int, float)):
        return _cut(neutral(_scalar_text(value)), limit)
    else:
        text = _short_repr(value, limit)
        quoted = False
    cut = len(text) > limit
    body = neutral(text[:limit])
    if quoted:
        body = "'" + body.replace("'", "\\'") + "'"
    return body + ("..." if cut else "")


def path_excerpt(path: str, limit: int = 120) -> str:
    """A file name for a message: escaped, and when long cut at the front (``...ab/c.yaml``),
    since the end of a path names the file."""
    text = neutral(path)
    return text if len(text) <= limit else "..." + text[-limit:]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _scalar_text(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        # repr() of an integer past 4,300 digits raises; nobody reads 40 digits anyway
        return f"<integer of about {int(value.bit_length() * 0.30103) + 1} digits>"
    return repr(value)


def _short_repr(value: Any, limit: int) -> str:
    """A bounded ``repr`` of a container: never walks more than ``limit`` characters."""
    out: list[str] = []
    size = 0

    def emit(part: str) -> bool:
        nonlocal size
        out.append(part)
        size += len(part)
        return size <= limit

    def walk(node: Any, depth: int) -> bool:
        if depth > 8:
            return emit("...")
        if isinstance(node, dict):
            if not emit("{"):
                return False
            for i, (k, v) in enumerate(node.items()):
                if (i and not emit(", ")) or not emit(excerpt(str(k), limit) + ": "):
                    return False
                if not walk(v, depth + 1):
                    return False
            return emit("}")
        if isinstance(node, list):
            if not emit("["):
                return False
            for i, v in enumerate(node):
                if (i and not emit(", ")) or not walk(v, depth + 1):
                    return False
            return emit("]")
        return emit(excerpt(node, limit))

    walk(value, 0)
    return "".join(out)
