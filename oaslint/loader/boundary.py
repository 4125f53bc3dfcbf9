"""The reference boundary: the directories local ``$ref``s may read from.

A spec in a pull request is written by its author, so ``$ref: /etc/passwd``,
``$ref: ../../../home/runner/.ssh/id_rsa`` or a committed symlink to either
must not make oaslint read the file. Each root document gets one boundary:

1. the top of the git work tree that holds the document (the nearest parent
   with a ``.git`` entry, found by walking up; no git process is run), so
   ``specs/v1/api.yaml`` may refer to ``../../common/errors.yaml`` anywhere in
   its repository;
2. else the working directory, if the document lies inside it (a project that
   is not a git checkout, linted from its top);
3. else the document's own directory (``oaslint /elsewhere/spec.yaml``).

``--ref-root DIR`` (repeatable) adds directories. Paths are compared after
``os.path.realpath``, so a symlink is judged by where it leads. The root
document itself is always read: the user named it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence


def realdir(path: str) -> str:
    return os.path.realpath(path)


def inside(path: str, root: str) -> bool:
    """Whether the real ``path`` is ``root`` or below it (both already real)."""
    if path == root:
        return True
    prefix = root if root.endswith(os.sep) else root + os.sep
    return path.startswith(prefix)


def git_top(start: str) -> str | None:
    """The nearest directory at or above ``start`` with a ``.git`` entry."""
    current = start
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def default_root(document: str) -> str:
    """The default boundary of a root document (see the module docstring)."""
    return default_root_of_folder(os.path.dirname(os.path.realpath(document)))


def boundary_for(document: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
    roots = [default_root(document)]
    roots.extend(os.path.realpath(d) for d in extra)
    return tuple(dict.fromkeys(roots))


def within(path: str, roots: Sequence[str]) -> bool:
    return any(inside(path, root) for root in roots)


def scan_allowed(path: str, extra: Iterable[str] = ()) -> bool:
    """Whether a file found by a directory scan may be read.

    The scan sees a committed symlink as a file; it is read only if it leads
    inside the boundary of the folder that holds it.
    """
    folder = os.path.realpath(os.path.dirname(os.path.abspath(path)))
    roots = (default_root_of_folder(folder), *(os.path.realpath(d) for d in extra))
    return within(os.path.realpath(path), roots)


def default_root_of_folder(folder: str) -> str:
    top = git_top(folder)
    if top is not None and top != os.path.dirname(top):
        return top
    cwd = os.path.realpath(os.getcwd())
    if cwd != os.path.dirname(cwd) and inside(folder, cwd):
        return cwd
    return folder
