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

Format 2 (written since aggregation, :mod:`oaslint.aggregate`; format 1 is still
read) adds to an aggregated finding's entry ``"aggregate": true``, its ``key``
and ``members``: the fingerprints of the places it stands for. Its own
fingerprint is made of the rule, the root file and the key
(:func:`oaslint.model.aggregate_fingerprint_of`), so it survives its anchor
moving and its count growing. An aggregate is hidden when its fingerprint is
recorded, or all of its places are (an old baseline of places hides the new
aggregate); a place is hidden when it is recorded itself or as a member of a
recorded aggregate (fixing one operation dissolves the aggregate into the
remaining places, which stay hidden).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from oaslint.model import Finding, aggregate_fingerprint_of, fingerprint_of

FORMAT_KEY = "oaslint-baseline"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)


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
    # a recorded aggregate's fingerprint -> its members' fingerprints (format 2)
    members: dict[str, frozenset[str]] = field(default_factory=dict)

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
        if not isinstance(data, dict) or data.get(FORMAT_KEY) not in READABLE_VERSIONS:
            raise BaselineError(
                f'{path}: not an oaslint baseline (expected "{FORMAT_KEY}": {FORMAT_VERSION}; '
                "write one with --write-baseline)"
            )
        entries = data.get("findings")
        if not isinstance(entries, list):
            raise BaselineError(f"{path}: findings: expected a list")
        counts: Counter[str] = Counter()
        files: dict[str, str] = {}
        members: dict[str, frozenset[str]] = {}
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
            if entry.get("aggregate") is True:
                key = entry.get("key", "")
                if not isinstance(key, str):
                    raise BaselineError(f"{path}: findings[{i}]: key: expected a string")
                fp = aggregate_fingerprint_of(entry["rule"], entry["file"], key)
                listed = entry.get("members", [])
                if not isinstance(listed, list) or not all(isinstance(m, str) for m in listed):
                    raise BaselineError(
                        f"{path}: findings[{i}]: members: expected a list of fingerprints"
                    )
                members[fp] = frozenset(listed)
            counts[fp] += 1
            files[fp] = entry["file"]
        return cls(path, counts, files, members)

    def fingerprint(self, finding: Finding) -> str:
        rel = _relative(finding.file, self.base_dir)
        if finding.aggregate:
            return aggregate_fingerprint_of(finding.rule, rel, finding.key)
        return fingerprint_of(finding.rule, rel, finding.pointer)

    def member_fingerprints(self, finding: Finding) -> list[str]:
        """The fingerprints of an aggregated finding's places."""
        return [
            fingerprint_of(finding.rule, _relative(r.file, self.base_dir), r.pointer)
            for r in finding.related
        ]

    def apply(
        self, findings: Sequence[Finding], linted_files: Iterable[str]
    ) -> tuple[list[Finding], BaselineOutcome]:
        """(findings not in the baseline, what was hidden and what is fixed)."""
        left = Counter(self.fingerprints)
        as_member = {m: agg for agg, ms in self.members.items() for m in ms}
        touched: set[str] = set()  # recorded aggregates some of whose places remain
        kept: list[Finding] = []
        hidden: list[Finding] = []
        for f in findings:
            fp = self.fingerprint(f)
            if left[fp] > 0:
                left[fp] -= 1
                hidden.append(f)
            elif f.aggregate and f.related and self._all_recorded(f, left, as_member, touched):
                hidden.append(f)
            elif not f.aggregate and fp in as_member:
                touched.add(as_member[fp])
                hidden.append(f)
            else:
                kept.append(f)
        linted = {_relative(f, self.base_dir) for f in linted_files}
        fixed = sum(
            n
            for fp, n in left.items()
            if n > 0 and fp not in touched and self.files.get(fp) in linted
        )
        return kept, BaselineOutcome(self.path, len(hidden), fixed, hidden)

    def _all_recorded(
        self,
        finding: Finding,
        left: Counter[str],
        as_member: dict[str, str],
        touched: set[str],
    ) -> bool:
        """Whether every place of an aggregate is recorded (as a place or a member)."""
        fps = self.member_fingerprints(finding)
        if not all(left[m] > 0 or m in as_member for m in fps):
            return False
        for m in fps:
            if left[m] > 0:
                left[m] -= 1
            else:
                touched.add(as_member[m])
        return True


def render(findings: Iterable[Finding], path: str, version: str) -> str:
    """The text of a baseline file at ``path`` recording ``findings``."""
    base_dir = os.path.dirname(os.path.abspath(path))
    entries: list[dict[str, Any]] = []
    for f in findings:
        rel = _relative(f.file, base_dir)
        entry: dict[str, Any] = {
            "fingerprint": fingerprint_of(f.rule, rel, f.pointer),
            "rule": f.rule,
            "file": rel,
            "pointer": f.pointer,
            "line": f.line,
            "message": f.message,
        }
        if f.aggregate:
            entry["fingerprint"] = aggregate_fingerprint_of(f.rule, rel, f.key)
            entry["aggregate"] = True
            entry["key"] = f.key
            entry["members"] = sorted(
                fingerprint_of(f.rule, _relative(r.file, base_dir), r.pointer) for r in f.related
            )
        entries.append(entry)
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
