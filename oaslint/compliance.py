"""Compliance statuses: what a run shows about each requirement of the register.

``statuses(result, register)`` is a pure function of plain values: the findings,
the suppressed and baselined findings, and one :class:`~oaslint.result.RuleRun` per
rule and document (what each rule examined). Per rule and document:

- *not checked*: the rule did not run (disabled, deselected, switched off by an
  override for the document);
- *not verifiable*: the rule failed, the document did not load, the rule said the
  contract does not say enough (``ctx.unverifiable``), or it does not tell what it
  examined;
- *violated*: findings left after suppressions and the baseline;
- *accepted risk*: findings, all suppressed inline (with their reasons) or baselined;
- *passed*: the rule examined something and found nothing;
- *not applicable*: the rule had nothing to examine.

Folded per requirement over its rules and documents with the precedence violated >
not verifiable > not checked > accepted risk > passed > not applicable, so a
half-checked requirement never passes. A requirement no rule checks is *manual*;
one marked ``machine`` without a rule in this oaslint is *not checked*.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from oaslint.model import Finding
from oaslint.register import Register, Requirement
from oaslint.result import LintResult, RuleRun

__all__ = ["Evidence", "Reason", "RequirementStatus", "Status", "statuses"]


class Status(str, Enum):
    VIOLATED = "violated"
    NOT_VERIFIABLE = "not verifiable"
    NOT_CHECKED = "not checked"
    ACCEPTED_RISK = "accepted risk"
    PASSED = "passed"
    NOT_APPLICABLE = "not applicable"
    MANUAL = "manual"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {s: i for i, s in enumerate(Status)}  # declaration order is the precedence


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a status was given, as data: formatters word it (English or Dutch).

    ``code``: findings, suppressed, baselined, error, not-loaded, unverifiable,
    not-examined, not-run, passed, nothing, no-rule, manual, no. ``detail`` carries
    the rule's own words (an ``unverifiable`` reason, an error) or the applies-to noun.
    """

    code: str
    rule: str = ""
    document: str = ""
    count: int = 0
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """One finding behind a status: kept, suppressed (with its reason) or baselined."""

    kind: str  # finding | suppressed | baselined
    rule: str
    message: str
    file: str
    line: int
    column: int
    severity: str
    reason: str = ""  # the suppression's reason


@dataclass(frozen=True, slots=True)
class RequirementStatus:
    requirement: Requirement
    document: str | None  # None: all documents of the run together
    status: Status
    reasons: tuple[Reason, ...]
    evidence: tuple[Evidence, ...] = ()
    severities: tuple[tuple[str, int], ...] = ()  # violated: findings per severity


def _rule_status(run: RuleRun, applies_to: str) -> tuple[Status, Reason]:
    r, d = run.rule, run.document
    if run.found and run.unverifiable is not None:
        # findings about missing facts (servers-declared: no absolute server URL): the
        # requirement cannot be verified from the contract; the findings stay evidence
        return Status.NOT_VERIFIABLE, Reason("unverifiable", r, d, detail=run.unverifiable)
    if run.found:  # also from a rule that an override enables only below the root
        return Status.VIOLATED, Reason("findings", r, d, run.found)
    if not run.ran:
        return Status.NOT_CHECKED, Reason("not-run", r, d)
    if run.error is not None:
        return Status.NOT_VERIFIABLE, Reason("error", r, d, detail=run.error)
    if run.suppressed or run.baselined:
        code = "suppressed" if run.suppressed else "baselined"
        return Status.ACCEPTED_RISK, Reason(code, r, d, run.suppressed + run.baselined)
    if run.unverifiable is not None:
        return Status.NOT_VERIFIABLE, Reason("unverifiable", r, d, detail=run.unverifiable)
    if run.examined is None:
        return Status.NOT_VERIFIABLE, Reason("not-examined", r, d)
    if run.examined > 0:
        return Status.PASSED, Reason("passed", r, d, run.examined, applies_to)
    return Status.NOT_APPLICABLE, Reason("nothing", r, d, detail=applies_to)


def _fold(items: Sequence[tuple[Status, Reason]]) -> tuple[Status, tuple[Reason, ...]]:
    worst = min(s.rank for s, _ in items)
    status = list(Status)[worst]
    return status, tuple(reason for s, reason in items if s is status)


def _evidence(f: Finding, kind: str, reason: str = "") -> Evidence:
    return Evidence(kind, f.rule, f.message, f.file, f.line, f.column, f.severity.label, reason)


def _unloaded(result: LintResult) -> list[str]:
    """Files named for linting that did not load as documents (parse or read errors)."""
    loaded = {name for d in result.documents for name in d.files}
    out = [e.file for e in result.errors]
    out += [f.file for f in result.findings if f.rule == "parse-error" and f.file not in loaded]
    return sorted(set(out))


def statuses(
    result: LintResult,
    register: Register,
    applies_to: dict[str, str] | None = None,
    requirements: Iterable[Requirement] | None = None,
) -> list[RequirementStatus]:
    """Per requirement: the overall status (``document`` None) then one per document.

    ``applies_to`` maps rule ids to their ``RuleMeta.applies_to`` (for reasons such
    as "no OAuth2 flows"); ``requirements`` narrows the register (a profile).
    """
    nouns = applies_to or {}
    runs: dict[tuple[str, str], RuleRun] = {(r.rule, r.document): r for r in result.rule_runs}
    docs = [d.path for d in result.documents]
    files = {d.path: set(d.files) for d in result.documents}
    unloaded = _unloaded(result)
    kept: dict[str, list[Finding]] = {}
    for f in result.findings:
        kept.setdefault(f.rule, []).append(f)
    hidden: dict[str, list[Evidence]] = {}
    for f in result.suppressed:
        reason = result.suppression_reasons.get(f, "")
        hidden.setdefault(f.rule, []).append(_evidence(f, "suppressed", reason))
    if result.baseline is not None:
        for f in result.baseline.baselined:
            hidden.setdefault(f.rule, []).append(_evidence(f, "baselined"))

    out: list[RequirementStatus] = []
    for req in requirements if requirements is not None else register.requirements:
        per_doc: list[RequirementStatus] = []
        for doc in [*docs, *unloaded]:
            per_doc.append(_one(req, doc, runs, nouns, kept, hidden, files.get(doc, {doc})))
        if per_doc:
            status, reasons = _fold([(p.status, r) for p in per_doc for r in p.reasons])
            evidence = tuple(dict.fromkeys(e for p in per_doc for e in p.evidence))
            sev = Counter(e.severity for e in evidence if e.kind == "finding")
        else:
            only = _one(req, "", runs, nouns, kept, hidden, set())
            status, reasons, evidence, sev = only.status, only.reasons, (), Counter()
        out.append(
            RequirementStatus(req, None, status, reasons, evidence, tuple(sorted(sev.items())))
        )
        out.extend(per_doc)
    return out


def _one(
    req: Requirement,
    doc: str,
    runs: dict[tuple[str, str], RuleRun],
    nouns: dict[str, str],
    kept: dict[str, list[Finding]],
    hidden: dict[str, list[Evidence]],
    files: set[str],
) -> RequirementStatus:
    evidence = tuple(
        [
            _evidence(f, "finding")
            for rule in req.rules
            for f in kept.get(rule, ())
            if f.file in files
        ]
        + [e for rule in req.rules for e in hidden.get(rule, ()) if e.file in files]
    )
    sev = Counter(e.severity for e in evidence if e.kind == "finding")
    severities = tuple(sorted(sev.items()))
    if not req.rules:
        if req.checkable == "machine":
            reason = Reason("no-rule", document=doc)
            return RequirementStatus(req, doc, Status.NOT_CHECKED, (reason,))
        code = "manual" if req.checkable == "manual" else "no"
        return RequirementStatus(req, doc, Status.MANUAL, (Reason(code, document=doc),))
    items: list[tuple[Status, Reason]] = []
    for rule in req.rules:
        run = runs.get((rule, doc))
        if run is None:  # the document did not load, or the rule is unknown to the run
            items.append((Status.NOT_VERIFIABLE, Reason("not-loaded", rule, doc)))
        else:
            items.append(_rule_status(run, nouns.get(rule, "")))
    status, reasons = _fold(items)
    if req.checkable != "machine" and status is not Status.VIOLATED:
        # a rule touches it, but only a person can confirm it: never a machine pass
        return RequirementStatus(
            req, doc, Status.MANUAL, (Reason("manual", document=doc),), evidence
        )
    return RequirementStatus(req, doc, status, reasons, evidence, severities)
