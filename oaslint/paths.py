"""``--exclude`` patterns: gitignore-like globs for the files a folder scan finds.

A pattern is matched against the path relative to the working directory,
with ``/`` as the separator:

* without a ``/`` (other than a trailing one) it matches a file or folder name
  at any depth: ``examples``, ``*.json``, ``*-draft.yaml``;
* with a ``/`` it is anchored at the working directory: ``specs/internal``,
  ``/build`` (a leading ``/`` only anchors);
* a trailing ``/`` matches folders only: ``fixtures/``;
* ``*`` and ``?`` never cross a ``/``; ``**`` does: ``specs/**/private-*.yaml``;
  ``[abc]`` and ``[!abc]`` are character classes;
* an excluded folder is not descended into (everything under it is excluded).

Negation (``!pattern``) is not supported and is refused. Files named on the
command line are always linted: patterns apply to what a folder scan finds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass


class PatternError(ValueError):
    """An ``--exclude`` pattern oaslint cannot honour."""


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    dir_only: bool


def _translate(glob: str) -> str:
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            end = glob.find("]", i + 2 if glob.startswith(("[!", "[^"), i) else i + 1)
            if end < 0:
                out.append(re.escape(c))
                i += 1
                continue
            body = glob[i + 1 : end]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\").replace("/", "") + "]")
            i = end + 1
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


def _compile(pattern: str) -> _Pattern:
    text = pattern.strip()
    if not text:
        raise PatternError("empty pattern")
    if text.startswith("!"):
        raise PatternError(f"{pattern!r}: negation (!) is not supported")
    text = text.replace(os.sep, "/")
    dir_only = text.endswith("/")
    text = text.rstrip("/")
    if not text:
        raise PatternError(f"{pattern!r} matches nothing")
    anchored = "/" in text
    text = text.lstrip("/")
    while text.startswith("./"):
        text = text[2:]
    body = _translate(text)
    regex = ("^" if anchored else "^(?:.*/)?") + body + "$"
    return _Pattern(re.compile(regex), dir_only)


def compile_excludes(patterns: Sequence[str]) -> Callable[[str, bool], bool] | None:
    """A predicate ``excluded(path, is_dir)``, or None without patterns.

    Raises :class:`PatternError` for a pattern it cannot honour.
    """
    compiled = [_compile(p) for p in patterns]
    if not compiled:
        return None
    cwd = os.getcwd()

    def excluded(path: str, is_dir: bool) -> bool:
        rel = os.path.relpath(os.path.abspath(path), cwd)
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            rel = os.path.abspath(path)  # outside the working directory: unanchored only
        rel = rel.replace(os.sep, "/").lstrip("/")
        return any(p.regex.match(rel) is not None for p in compiled if is_dir or not p.dir_only)

    return excluded
