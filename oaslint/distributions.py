"""Installed distributions as ``importlib.metadata`` finds them, without importing it.

Importing ``importlib.metadata`` pulls in ``email``, ``zipfile``, ``csv``,
``socket`` and more: with its scan about 15 ms CPU on this project's 2-core machine,
a tenth of a pre-commit run on a small spec (issue 14). oaslint reads installed
metadata twice per run: the entry points of its plugin groups
(:mod:`oaslint.plugins`) and its own ``[project.urls]`` (:mod:`oaslint.project`).
This module does both the way ``importlib.metadata`` (Python 3.10-3.13) does in the
usual case, in about 2 ms:

* ``PathFinder.find_distributions`` lists every ``sys.path`` entry (``""`` is the
  working directory), takes the ``*.dist-info`` and ``*.egg-info`` children, grouped
  by normalised name in listing order; the first distribution of a name wins
  (``entry_points()`` and ``distribution(name)`` alike);
* ``entry_points.txt`` is read as ``importlib.metadata`` reads it (sections,
  ``name = value``, ``#`` comments), a missing file meaning no entry points;
* a header of ``METADATA`` (``PKG-INFO`` for ``egg-info``) is read from the header
  block, as the e-mail parser would for a one-line header.

Wherever the result could differ, :class:`CannotMirror` is raised and the caller
asks ``importlib.metadata`` itself: a finder on ``sys.meta_path`` other than the
standard path finder that lists distributions (a custom importer), a zip file or
``.egg`` on ``sys.path``, a folder name whose distribution name only its METADATA
gives, an unreadable or malformed file, a folded header. ``tests/test_startup.py``
compares both on the installed environment and on made-up folders. Nothing is
cached on disk: a cache would go stale whenever a distribution is installed.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

__all__ = ["CannotMirror", "distributions", "entry_points", "find", "header_values", "normalize"]

_INFO_SUFFIXES = (".dist-info", ".egg-info")
# what importlib.metadata's read_text() takes for "no such file"
_NO_FILE = (FileNotFoundError, IsADirectoryError, KeyError, NotADirectoryError, PermissionError)


class CannotMirror(Exception):
    """``importlib.metadata`` might see something else here: ask it instead."""


def normalize(name: str) -> str:
    """``importlib.metadata.Prepared.normalize`` (PEP 503, with underscores)."""
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def distributions(
    paths: Sequence[Any] | None = None, finders: Sequence[Any] | None = None
) -> Iterator[tuple[str, str]]:
    """(normalised name, metadata folder) of each distribution, the first of each name.

    ``paths``/``finders`` default to ``sys.path``/``sys.meta_path``. Raises
    :class:`CannotMirror` (possibly after yielding some) where ``importlib.metadata``
    could differ.
    """
    from importlib.machinery import PathFinder

    for finder in sys.meta_path if finders is None else finders:
        if finder is not PathFinder and getattr(finder, "find_distributions", None):
            raise CannotMirror  # another source of distributions
    seen: set[str] = set()
    for root in sys.path if paths is None else paths:
        for name, folder in _in_path_entry(root):
            if name not in seen:
                seen.add(name)
                yield name, folder


def _in_path_entry(root: Any) -> list[tuple[str, str]]:
    if not isinstance(root, str) or os.path.basename(root).lower().endswith(".egg"):
        raise CannotMirror  # importlib.metadata also reads an egg's EGG-INFO
    try:
        children = os.listdir(root or ".")
    except Exception:
        if os.path.isfile(root):
            raise CannotMirror from None  # a zip file: importlib.metadata looks inside
        return []  # missing or unreadable: importlib.metadata finds nothing either
    grouped: dict[str, list[str]] = {}
    for child in children:
        low = child.lower()
        if not low.endswith(_INFO_SUFFIXES):
            continue
        name = normalize(low.rpartition(".")[0].partition("-")[0])
        if not name or not child.endswith(_INFO_SUFFIXES):
            raise CannotMirror  # importlib.metadata would take the name from METADATA
        grouped.setdefault(name, []).append(child)
    return [(name, os.path.join(root, c)) for name, kids in grouped.items() for c in kids]


def find(name: str, paths: Sequence[Any] | None = None) -> str | None:
    """The metadata folder of the distribution ``name`` (None: not installed)."""
    wanted = normalize(name)
    for found, folder in distributions(paths):
        if found == wanted:
            return folder
    return None


def _read(folder: str, filename: str) -> str | None:
    try:
        with open(os.path.join(folder, filename), encoding="utf-8") as fh:
            return fh.read()
    except _NO_FILE:
        return None
    except Exception:
        raise CannotMirror from None


def entry_points(folder: str) -> list[tuple[str, str, str]]:
    """(group, name, value) of each entry point of a distribution, in file order."""
    text = _read(folder, "entry_points.txt")
    out: list[tuple[str, str, str]] = []
    section: str | None = None
    for line in map(str.strip, (text or "").splitlines()):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section is None:
            continue
        name, eq, value = line.partition("=")
        if not eq:
            raise CannotMirror  # importlib.metadata raises here: let it
        out.append((section, name.strip(), value.strip()))
    return out


def header_values(folder: str, header: str) -> list[str]:
    """Every value of a one-line ``header`` of a distribution's METADATA/PKG-INFO."""
    text = _read(folder, "METADATA") or _read(folder, "PKG-INFO")
    if not text:
        raise CannotMirror
    wanted = header.lower()
    out: list[str] = []
    previous = ""
    for line in text.splitlines():
        if not line:
            break  # end of the header block
        if line[0] in " \t":
            if previous == wanted:
                raise CannotMirror  # a folded value: leave it to the e-mail parser
            continue
        name, colon, value = line.partition(":")
        if not colon:
            raise CannotMirror
        previous = name.lower()
        if previous == wanted:
            out.append(value.lstrip(" \t"))
    return out
