"""What a rule is: frozen metadata plus a check over the shared index.

A rule module defines ``META = RuleMeta(...)`` and ``def check(ctx) -> None``
that calls ``ctx.report(location, message)`` for the most specific node that
is wrong. Rules never parse files, walk the raw document or compute lines:
they read ``ctx.index`` (see :mod:`oaslint.index`) and the engine locates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from oaslint.model import Location, Severity, Span

if TYPE_CHECKING:
    from oaslint.index import SpecIndex


@dataclass(frozen=True, slots=True)
class Option:
    """One configurable option of a rule."""

    type: str  # "bool", "int", "str", "list[str]"
    default: Any
    description: str

    def validate(self, value: Any) -> Any:
        """Return ``value`` if it fits ``type``; raise ValueError otherwise."""
        ok = {
            "bool": lambda v: isinstance(v, bool),
            "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "str": lambda v: isinstance(v, str),
            "list[str]": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        }[self.type](value)
        if not ok:
            raise ValueError(f"expected {self.type}, got {type(value).__name__}")
        return value


@dataclass(frozen=True, slots=True)
class Aggregate:
    """How an API-wide decision folds when every place misses it (see DESIGN 2.3).

    ``anchors`` are JSON pointers in the root file tried in order for where the one
    finding belongs (the first that exists; the document root otherwise);
    ``message`` is a template with ``{missing}``, ``{examined}`` and ``{applies_to}``
    (and ``{key}`` with ``per_key``); ``per_key`` folds each report ``key`` on its
    own (json-media-types: one decision per media type).
    """

    anchors: tuple[str, ...]
    message: str
    per_key: bool = False


ALL_VERSIONS = frozenset({"2.0", "3.0", "3.1", "3.2"})
OAS3_VERSIONS = frozenset({"3.0", "3.1", "3.2"})


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """Everything users and docs need to know about a rule."""

    id: str  # slug, stable: part of the public interface
    title: str  # one line: what it flags
    severity: Severity
    references: tuple[str, ...]  # guidance requirement ids: API-11, SC004, B.12.4.3
    description: str  # what it flags, in full
    rationale: str  # why it matters
    bad_example: str  # a small YAML document that fires the rule
    good_example: str  # the same document, fixed
    options: Mapping[str, Option] = field(default_factory=dict)
    limitations: str = ""  # deliberate limits, documented
    always_on: bool = False  # health rules: cannot be disabled
    category: str = "security"
    # plural noun for the places the rule examines ("secured operations", "OAuth2
    # flows"): compliance reasons ("no secured operations") and aggregate messages
    applies_to: str = ""
    aggregate: Aggregate | None = None  # set only for API-wide decisions
    # the OpenAPI versions whose documents can hold what the rule examines (Swagger 2.0
    # has no `trace` method, no bearer scheme); tests/test_versions.py checks that every
    # rule has a bad and a good fixture for each of them
    versions: frozenset[str] = ALL_VERSIONS

    def missing_fields(self) -> list[str]:
        missing = [
            name
            for name in (
                "id",
                "title",
                "description",
                "rationale",
                "bad_example",
                "good_example",
            )
            if not getattr(self, name)
        ]
        if not self.references and self.category != "suppressions":
            # suppression meta-rules check oaslint's own directives, no guidance requirement
            missing.append("references")
        return missing


CheckFn = Callable[["RuleContext"], None]


@dataclass(frozen=True, slots=True)
class Rule:
    meta: RuleMeta
    check: CheckFn
    origin: str = "oaslint"  # the distribution that provides it
    family: str = ""  # built-ins: the package under oaslint.rules (stamped by the registry)

    @property
    def id(self) -> str:
        return self.meta.id


@dataclass(frozen=True, slots=True)
class Report:
    """What a rule reports; the engine turns it into a located Finding."""

    location: Location
    message: str
    prefer_key: bool = False
    severity: Severity | None = None
    span: Span | None = None  # only for problems found below node level (parser)
    subject: Location | None = None  # the examined place it is about (default: location)
    key: str = ""  # the decision it belongs to, for per-key aggregation


class RuleContext:
    """Handed to a rule's ``check``: the index, the rule's options, ``report``."""

    __slots__ = ("examined", "index", "options", "reports", "rule_id", "unverifiable_reason")

    def __init__(self, rule_id: str, index: SpecIndex, options: Mapping[str, Any]) -> None:
        self.rule_id = rule_id
        self.index = index
        self.options = options
        self.reports: list[Report] = []
        # what the rule looked at, before deciding on it (compliance: "passed" needs
        # something examined; aggregation: a miss at every examined place folds)
        self.examined: list[Location] = []
        self.unverifiable_reason: str | None = None

    def examine(self, subject: Location) -> None:
        """Record one place checked (an operation, a response, a server URL)."""
        self.examined.append(subject)

    def unverifiable(self, reason: str) -> None:
        """The contract does not say enough to decide (e.g. "no absolute server URL")."""
        self.unverifiable_reason = reason

    def report(
        self,
        location: Location,
        message: str,
        *,
        prefer_key: bool = False,
        severity: Severity | None = None,
        subject: Location | None = None,
        key: str = "",
    ) -> None:
        """Report a problem at ``location``.

        ``prefer_key`` points at the mapping key rather than its value (for
        "this entry should not exist"); the default points at scalar values and
        at the key of containers. ``subject`` is the examined place the problem
        is about (default: ``location``); ``key`` names the decision it belongs
        to where one rule judges several (a media type).
        """
        self.reports.append(
            Report(location, message, prefer_key, severity, subject=subject, key=key)
        )

    def report_at(
        self, file: str, line: int, column: int, message: str, severity: Severity | None = None
    ) -> None:
        """Report a problem known only by position (parser-level problems)."""
        span = Span(line, column, line, column + 1)
        self.reports.append(Report(Location(file, ""), message, severity=severity, span=span))
