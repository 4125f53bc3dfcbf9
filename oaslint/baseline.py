"""Baselines: accept the findings a project has today, report only new ones.

``oaslint --write-baseline FILE PATHS`` records every current finding;
``oaslint --baseline FILE PATHS`` (or ``baseline: FILE`` in the configuration)
then hides the findings it records and reports the rest, plus how many
recorded entries are gone (fixed).

A finding is matched by its fingerprint: the rule, the file and the JSON
pointer of the node (see :func:`oaslint.model.fingerprint_of`), never the
line, so findings stay matched when lines are inserted or moved. The file
is stored relative to the baseline file's folder, so the baseline works from
any working directory. One rule may report the same node more than once, so
matching counts: a fingerprint recorded twice hides two findings.

The file is JSON (sorted, one entry per finding, stable across runs)::

    {"oaslint-baseline": 1, "version": "0.1.0", "findings": [
      {"fingerprint": "...", "rule": "https-servers", "file": "specs/openapi.yaml",
       "pointer": "/servers/0/url", "line": 6, "message": "..."}]}

``line`` and ``message`` are there for people reading or reviewing the file;
matching ignores them.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from oaslint.model import Finding, fingerprint_of

FORMAT_KEY = "oaslint-baseline"
FORMAT_VERSION = 1


class BaselineError(Exception):
    """The baseline file is missing, unreadable or not a baseline."""


@dataclass
class BaselineOutcome:
    """What applying a baseline did."""

    file: str
    suppressed: int  # findings hidden because the baseline records them
    fixed: int  # recorded entries (for the files linted) no longer found
    baselined: list[Finding] = field(default_factory=list)  # the hidden findings


def _relative(file: str, base_dir: str) -> str:
    if "://" in file:
        return file
    return os.path.relpath(os.path.abspath(file), base_dir).replace(os.sep, "/")


@dataclass
class Baseline:
    path: str
    fingerprints: Counter[str]
    files: dict[str, str]  # fingerprint -> file (relative to the baseline's folder)

    @property
    def base_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))

    @classmethod
    def load(cls, path: str) -> Baseline:
        from oaslint.loader.source import LoadError, read_bytes

        if not os.path.lexists(path):
            raise BaselineError(
                f"{path}: no such baseline file (create it with --write-baseline {path})"
            )
        try:
            # the path may come from a pull request's configuration: a regular file, bounded
            data = json.loads(read_bytes(path).decode("utf-8"))
        except LoadError as exc:
            raise BaselineError(f"{path}: cannot read: {exc.message}") from None
        except (ValueError, RecursionError) as exc:
            raise BaselineError(f"{path}: not a baseline file (invalid JSON: {exc})") from None
        if not isinstance(data, dict) or data.get(FORMAT_KEY) != FORMAT_VERSION:
            raise BaselineError(
                f'{path}: not an oaslint baseline (expected "{FORMAT_KEY}": {FORMAT_VERSION}; '
                "write one with --write-baseline)"
            )
        entries = data.get("findings")
        if not isinstance(entries, list):
            raise BaselineError(f"{path}: findings: expected a list")
        counts: Counter[str] = Counter()
        files: dict[str, str] = {}
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k), str) for k in ("rule", "file", "pointer")
            ):
                raise BaselineError(
                    f"{path}: findings[{i}]: expected an object with rule, file and pointer"
                )
            fp = entry.get("fingerprint")
            if not isinstance(fp, str) or not fp:
                fp = fingerprint_of(entry["rule"], entry["file"], entry["pointer"])
            counts[fp] += 1
            files[fp] = entry["file"]
        return cls(path, counts, files)

    def fingerprint(self, finding: Finding) -> str:
        return fingerprint_of(finding.rule, _relative(finding.file, self.base_dir), finding.pointer)

    def apply(
        self, findings: Sequence[Finding], linted_files: Iterable[str]
    ) -> tuple[list[Finding], BaselineOutcome]:
        """(findings not in the baseline, what was hidden and what is fixed)."""
        left = Counter(self.fingerprints)
        kept: list[Finding] = []
        hidden: list[Finding] = []
        for f in findings:
            fp = self.fingerprint(f)
            if left[fp] > 0:
                left[fp] -= 1
                hidden.append(f)
            else:
                kept.append(f)
        linted = {_relative(f, self.base_dir) for f in linted_files}
        fixed = sum(n for fp, n in left.items() if n > 0 and self.files.get(fp) in linted)
        return kept, BaselineOutcome(self.path, len(hidden), fixed, hidden)


def render(findings: Iterable[Finding], path: str, version: str) -> str:
    """The text of a baseline file at ``path`` recording ``findings``."""
    base_dir = os.path.dirname(os.path.abspath(path))
    entries: list[dict[str, Any]] = []
    for f in findings:
        rel = _relative(f.file, base_dir)
        entries.append(
            {
                "fingerprint": fingerprint_of(f.rule, rel, f.pointer),
                "rule": f.rule,
                "file": rel,
                "pointer": f.pointer,
                "line": f.line,
                "message": f.message,
            }
        )
    entries.sort(key=lambda e: (e["file"], e["line"], e["rule"], e["pointer"], e["message"]))
    doc = {FORMAT_KEY: FORMAT_VERSION, "version": version, "findings": entries}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write(path: str, findings: Iterable[Finding], version: str) -> int:
    """Write a baseline; returns the number of entries. Raises BaselineError."""
    items = list(findings)
    text = render(items, path, version)
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return len(items)
