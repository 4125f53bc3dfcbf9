"""What a run produced: plain values only (no documents, indexes or YAML nodes).

Formatters, the diff filter and the compliance report import this module, never the
engine, so rendering a result drags in neither the loader nor ruamel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from oaslint.baseline import BaselineOutcome
from oaslint.model import FileError, Finding

__all__ = ["DocumentInfo", "FileError", "LintResult", "RuleRun"]


@dataclass(frozen=True, slots=True)
class RuleRun:
    """What one rule did on one document (the facts compliance statuses come from).

    ``examined`` counts the places the rule looked at (``None``: the rule does not
    say, e.g. a plugin that neither examines nor reports); ``unverifiable`` is the
    rule's reason when the contract does not say enough; ``ran`` is false where the
    rule was disabled, deselected or switched off for the document by an override.
    ``found`` counts the findings left after overrides, inline suppressions and the
    baseline; ``suppressed`` those hidden inline, ``baselined`` those the baseline hid
    (a finding in a file shared by several roots counts for each of them).
    """

    rule: str
    document: str
    ran: bool
    examined: int | None = None
    unverifiable: str | None = None
    found: int = 0
    suppressed: int = 0
    baselined: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """One root document of the run, for report headers (title and ``info.version``)."""

    path: str
    title: str = ""
    version: str = ""
    files: tuple[str, ...] = ()


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files: int = 0  # OpenAPI documents linted (roots)
    # every file loaded for the linted documents (roots and $ref-ed files); the
    # documents themselves are not kept, so a large directory scan stays small
    linted_files: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # ids of the rules that ran
    suppressed: list[Finding] = field(default_factory=list)  # by inline suppressions
    baseline: BaselineOutcome | None = None  # set when a baseline was applied
    # one RuleRun per (rule, root document): what each rule examined (compliance)
    rule_runs: list[RuleRun] = field(default_factory=list)
    documents: list[DocumentInfo] = field(default_factory=list)  # root documents linted
    # the reason of the inline suppression that hid each suppressed finding
    suppression_reasons: dict[Finding, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity.label] += 1
        return out
