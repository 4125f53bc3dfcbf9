"""``--diff BASE``: report only findings in files changed since a git revision.

Every named document is still linted whole (a change in a shared fragment can
affect any root that uses it), but only findings located in a file that differs
from ``BASE`` (committed, staged, unstaged or new and untracked) are reported:
what a pull request review wants to see.
"""

from __future__ import annotations

import os
import subprocess

from oaslint.result import LintResult


class DiffError(Exception):
    """git could not tell what changed (not a repository, unknown revision)."""


def _git(args: list[str], cwd: str) -> str:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DiffError(f"cannot run git: {exc}") from None
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["git failed"])[0]
        raise DiffError(first)
    return proc.stdout


def changed_files(base: str, cwd: str | None = None) -> set[str]:
    """Absolute paths of the files that differ from ``base``, plus untracked ones."""
    where = cwd or os.getcwd()
    top = _git(["rev-parse", "--show-toplevel"], where).strip()
    _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], where)
    names = _git(["diff", "--name-only", "-z", base, "--"], top).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0")
    return {os.path.normpath(os.path.join(top, n)) for n in names if n}


def keep_changed(result: LintResult, changed: set[str]) -> int:
    """Drop findings outside ``changed``; return how many were dropped."""
    before = len(result.findings)
    result.findings = [
        f
        for f in result.findings
        if os.path.abspath(f.file) in changed
        # an aggregate is about all its places: kept when any of their files changed
        or any(os.path.abspath(r.file) in changed for r in f.related)
    ]
    return before - len(result.findings)
