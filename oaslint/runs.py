"""Turn what each rule recorded on one document into plain ``RuleRun`` values.

Kept out of :mod:`oaslint.engine` so that the engine only calls two functions:
:func:`rule_run` after a rule's ``check`` and :func:`count_baselined` after the
baseline hid findings. Everything here is a pure function over plain values.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from oaslint.model import Finding
from oaslint.result import DocumentInfo, RuleRun
from oaslint.rules.base import Rule, RuleContext
from oaslint.text import neutral


def examined_count(rule: Rule, ctx: RuleContext) -> int | None:
    """Places examined: the recorded subjects plus reported subjects not recorded.

    ``None`` when the rule neither examined nor reported anything and does not
    declare what it applies to (a plugin that says nothing: not verifiable). A
    rule that declares ``applies_to`` and recorded nothing examined 0 places.
    """
    subjects = set(ctx.examined)
    subjects.update(r.subject or r.location for r in ctx.reports)
    if not subjects and not rule.meta.applies_to:
        return None
    return len(subjects)


def rule_run(
    rule: Rule,
    document: str,
    ctx: RuleContext | None,
    *,
    ran: bool = True,
    error: str | None = None,
) -> RuleRun:
    """The facts of one rule on one document (counts are filled by :func:`settle`)."""
    if ctx is None or not ran:
        return RuleRun(rule.meta.id, document, ran, error=error)
    return RuleRun(
        rule.meta.id,
        document,
        ran,
        examined=examined_count(rule, ctx),
        unverifiable=ctx.unverifiable_reason,
        error=error,
    )


def settle(
    runs: Sequence[RuleRun], kept: Iterable[Finding], suppressed: Iterable[Finding]
) -> list[RuleRun]:
    """The runs of one document with the counts of its kept and suppressed findings."""
    found = Counter(f.rule for f in kept)
    hidden = Counter(f.rule for f in suppressed)
    return [_replace(r, found=found[r.rule], suppressed=hidden[r.rule]) for r in runs]


def count_baselined(
    runs: Sequence[RuleRun], baselined: Iterable[Finding], files: Mapping[str, Sequence[str]]
) -> list[RuleRun]:
    """Move findings hidden by the baseline from ``found`` to ``baselined``.

    ``files`` maps each root document to the files it loaded: a finding in a
    file shared by two roots counts for both.
    """
    owner: dict[str, list[str]] = {}
    for doc, doc_files in files.items():
        for name in doc_files:
            owner.setdefault(name, []).append(doc)
    per: Counter[tuple[str, str]] = Counter()
    for f in baselined:
        for doc in owner.get(f.file, ()):
            per[(f.rule, doc)] += 1
    out = []
    for r in runs:
        n = per[(r.rule, r.document)]
        out.append(_replace(r, found=max(r.found - n, 0), baselined=n) if n else r)
    return out


def _replace(run: RuleRun, **changes: Any) -> RuleRun:
    return dataclasses.replace(run, **changes)


def document_info(path: str, data: Any, files: Sequence[str]) -> DocumentInfo:
    """Title and ``info.version`` of a root document, as short plain strings."""
    info = data.get("info") if isinstance(data, dict) else None
    title = version = ""
    if isinstance(info, dict):
        t, v = info.get("title"), info.get("version")
        title = neutral(t[:200]) if isinstance(t, str) else ""
        version = neutral(str(v)[:50]) if isinstance(v, (str, float)) else ""
        if isinstance(v, int) and not isinstance(v, bool):
            version = str(v)[:50] if v.bit_length() < 160 else "<a very large number>"
    return DocumentInfo(path, title, version, tuple(files))
