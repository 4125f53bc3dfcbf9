"""Inline suppressions: ``x-oaslint-ignore`` keys and ``# oaslint: ignore[...]`` comments.

Applied by the engine after every rule of a document ran, so they work for
every rule: built-in, plugin and custom. Two forms, both naming each rule and
giving a reason (there is deliberately no blanket form):

``x-oaslint-ignore`` on any object, in YAML or JSON; it suppresses findings of
the named rules located at or below that object, in the same file::

    servers:
      - url: http://localhost:8080
        x-oaslint-ignore:
          https-servers: local development server, never deployed

A YAML comment, on the line the finding is reported on, or alone on the line
just above it (then it applies to the next line that is neither blank nor only
a comment)::

    - url: http://localhost:8080  # oaslint: ignore[https-servers] local development server
    # oaslint: ignore[https-servers, wss-websockets] local development server
    - url: http://localhost:8081

A suppression that suppresses nothing is reported by ``unused-suppression``;
one without a reason, without rule ids or naming an unknown rule by
``invalid-suppression`` (and suppresses nothing). ``x-oaslint-ignore`` entries
are found in ``Document.containers`` (every container, recorded once at load);
nothing is walked again. Comments are found by one regular-expression search
over the text of YAML files that mention ``oaslint:`` at all; a match inside a
quoted or block scalar is not a comment and is left alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from oaslint.loader.document import Document
from oaslint.loader.source import SourceFile
from oaslint.model import Finding, Location, Severity, Span, escape_segment
from oaslint.text import excerpt

KEY = "x-oaslint-ignore"
UNUSED = "unused-suppression"
INVALID = "invalid-suppression"
META_RULES = (UNUSED, INVALID)

_EXAMPLE = "{https-servers: local development server}"
_COMMENT_EXAMPLE = "`# oaslint: ignore[rule-id] reason`"

# "#" must start a comment: at the start of a line or after a blank.
_COMMENT_RE = re.compile(r"(?:^|(?<=[ \t]))#[ \t]*oaslint[ \t]*:(?P<body>[^\r\n]*)", re.M)
# the reason is stripped where it is read: a lazy `.*?\s*$` was quadratic on a long run of
# blanks (120 KB of them took 33 s)
_IGNORE_RE = re.compile(r"\s*ignore\s*\[(?P<ids>[^\]]*)\]\s*(?P<reason>.*)$")
_WORD_RE = re.compile(r"\s*([A-Za-z_-]*)")


@dataclass(eq=False)
class Directive:
    """One (rule, reason) suppression, from a key entry or a comment."""

    file: str
    rule: str
    reason: str
    scope: str | None  # key form: the pointer of the object carrying the key
    line: int  # comment form: the line it applies to (0 for the key form)
    report_loc: Location | None  # key form: the rule id key
    report_span: Span | None  # comment form: the comment
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        if self.scope is not None:
            p = finding.pointer
            return self.scope == "" or p == self.scope or p.startswith(self.scope + "/")
        return finding.line == self.line

    @property
    def identity(self) -> tuple[str, str, str | None, int]:
        """The same suppression seen from several root documents of one run."""
        return (self.file, self.rule, self.scope, self.line)

    def describe(self) -> str:
        if self.scope is not None:
            return f"{KEY} entry for {self.rule}"
        return f"`# oaslint: ignore[{self.rule}]`"


@dataclass(frozen=True)
class MetaReport:
    """A finding of ``unused-suppression`` or ``invalid-suppression``, not yet located."""

    rule: str
    location: Location
    message: str
    span: Span | None = None  # set for comments; else located from ``location`` (key)
    directive: tuple[str, str, str | None, int] | None = None  # unused: which suppression


@dataclass
class Outcome:
    kept: list[Finding]
    suppressed: list[Finding] = field(default_factory=list)
    reports: list[MetaReport] = field(default_factory=list)
    # identities of the suppressions that suppressed something in this document
    used: set[tuple[str, str, str | None, int]] = field(default_factory=set)
    # the reason given by the suppression that hid each suppressed finding
    reasons: dict[Finding, str] = field(default_factory=dict)


# -- collection ------------------------------------------------------------------


def collect(doc: Document, known: Collection[str]) -> tuple[list[Directive], list[MetaReport]]:
    """Every valid directive of the document, and a report for every invalid one."""
    directives: list[Directive] = []
    invalid: list[MetaReport] = []
    with_key = {path for path, src in doc.files.items() if KEY in src.text}
    if with_key:
        for c in doc.containers:
            node = c.node
            if isinstance(node, dict) and KEY in node and c.source.path in with_key:
                _key_directives(c.source.path, c.pointer, node[KEY], known, directives, invalid)
    for src in doc.files.values():
        if not src.is_json and "oaslint" in src.text:
            _comment_directives(doc, src, known, directives, invalid)
    return directives, invalid


def _key_directives(
    file: str,
    pointer: str,
    value: object,
    known: Collection[str],
    out: list[Directive],
    invalid: list[MetaReport],
) -> None:
    key_loc = Location(file, f"{pointer}/{KEY}")
    if isinstance(value, list):
        invalid.append(
            MetaReport(
                INVALID,
                key_loc,
                (
                    f"{KEY} must map each rule id to the reason its findings are accepted, e.g. "
                    f"{_EXAMPLE}; a list gives no reasons, so nothing is suppressed"
                ),
            )
        )
        return
    if not isinstance(value, dict):
        invalid.append(
            MetaReport(
                INVALID,
                key_loc,
                (
                    f"{KEY} must map rule ids to reasons, e.g. {_EXAMPLE}; there is no blanket "
                    "form, so nothing is suppressed"
                ),
            )
        )
        return
    if not value:
        invalid.append(
            MetaReport(
                INVALID,
                key_loc,
                (
                    f"{KEY} names no rule; there is no blanket form: name each rule with its "
                    f"reason, e.g. {_EXAMPLE}"
                ),
            )
        )
        return
    for rid, reason in value.items():
        loc = Location(file, f"{pointer}/{KEY}/{escape_segment(str(rid))}")
        if rid not in known:
            invalid.append(
                MetaReport(
                    INVALID,
                    loc,
                    (
                        f"{KEY} names unknown rule {excerpt(rid)} (see `oaslint rules`); nothing "
                        "is "
                        "suppressed by this entry"
                    ),
                )
            )
        elif not isinstance(reason, str) or not reason.strip():
            invalid.append(
                MetaReport(
                    INVALID,
                    loc,
                    (
                        f"{KEY} entry for {rid} gives no reason: say why the finding is "
                        f"accepted, e.g. {{{rid}: local development server}}; until then "
                        "nothing is suppressed"
                    ),
                )
            )
        else:
            out.append(Directive(file, rid, reason.strip(), pointer, 0, loc, None))


def _comment_directives(
    doc: Document,
    src: SourceFile,
    known: Collection[str],
    out: list[Directive],
    invalid: list[MetaReport],
) -> None:
    text = src.text
    matches = list(_COMMENT_RE.finditer(text))
    if not matches:
        return
    lines = text.split("\n")
    found: list[tuple[int, int, int, str, bool]] = []  # line, col, end col, body, own line
    for m in matches:
        start = m.start()
        line_start = text.rfind("\n", 0, start) + 1
        line = text.count("\n", 0, start) + 1
        col = start - line_start + 1
        own_line = not text[line_start:start].strip()
        end_col = col + len(m.group(0).rstrip())
        found.append((line, col, end_col, m.group("body"), own_line))
    inside = _inside_scalars(doc, src, [(f[0], f[1]) for f in found])
    for line, col, end_col, body, own_line in found:
        if (line, col) in inside:
            continue
        span = Span(line, col, line, end_col)
        loc = Location(src.path, "")
        target = line
        if own_line:
            target = _next_content_line(lines, line)
            if target == 0:
                invalid.append(
                    MetaReport(
                        INVALID,
                        loc,
                        (
                            "an oaslint comment on its own line applies to the next line, but no "
                            "line follows it; nothing is suppressed"
                        ),
                        span,
                    )
                )
                continue
        im = _IGNORE_RE.match(body)
        if im is None:
            wm = _WORD_RE.match(body)
            word = wm.group(1) if wm else ""
            if word == "ignore":
                message = (
                    f"`# oaslint: ignore` names no rule; there is no blanket form: write "
                    f"{_COMMENT_EXAMPLE}"
                )
            else:
                shown = excerpt(word or body.strip())
                message = f"unknown oaslint directive {shown}: write {_COMMENT_EXAMPLE}"
            invalid.append(MetaReport(INVALID, loc, message, span))
            continue
        ids = [i.strip() for i in im.group("ids").split(",") if i.strip()]
        reason = im.group("reason").strip()
        if reason.startswith("#"):  # another comment after the directive is not a reason
            reason = ""
        if not ids:
            invalid.append(
                MetaReport(
                    INVALID,
                    loc,
                    (
                        f"`# oaslint: ignore[]` names no rule; there is no blanket form: write "
                        f"{_COMMENT_EXAMPLE}"
                    ),
                    span,
                )
            )
            continue
        for rid in ids:
            if rid not in known:
                invalid.append(
                    MetaReport(
                        INVALID,
                        loc,
                        (
                            f"`# oaslint: ignore[...]` names unknown rule {excerpt(rid)} "
                            "(see `oaslint rules`); nothing is suppressed for it"
                        ),
                        span,
                    )
                )
            elif not reason:
                invalid.append(
                    MetaReport(
                        INVALID,
                        loc,
                        (
                            f"`# oaslint: ignore[{rid}]` gives no reason: say why the finding "
                            f"is accepted after the brackets, e.g. `# oaslint: ignore[{rid}] "
                            "local development server`; until then nothing is suppressed"
                        ),
                        span,
                    )
                )
            else:
                out.append(Directive(src.path, rid, reason, None, target, None, span))


def _next_content_line(lines: list[str], line: int) -> int:
    """The 1-based number of the first line after ``line`` with content (0: none)."""
    for i in range(line, len(lines)):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i + 1
    return 0


def _inside_scalars(
    doc: Document, src: SourceFile, candidates: list[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The candidate positions that lie inside a scalar value (so are not comments)."""
    out: set[tuple[int, int]] = set()
    positions = src.positions
    for c in doc.containers:
        if c.source is not src:
            continue
        node = c.node
        table = positions.get(id(node))
        if table is None:
            continue
        spans: Iterable[tuple[int, int, int, int]]
        if isinstance(node, dict):
            spans = (
                pos[2:] for key, pos in table.items() if not isinstance(node.get(key), (dict, list))
            )
        else:
            spans = (
                pos
                for pos, value in zip(table, node, strict=False)
                if not isinstance(value, (dict, list))
            )
        for vl, vc, el, ec in spans:
            for cand in candidates:
                if (vl, vc) <= cand < (el, ec):
                    out.add(cand)
    return out


# -- application -----------------------------------------------------------------


def apply(
    doc: Document,
    findings: list[Finding],
    known: Collection[str],
    ran: Collection[str],
    fold: Callable[[list[Finding], list[Finding]], list[Finding]] | None = None,
) -> Outcome:
    """Drop suppressed findings; report unused and invalid suppressions.

    ``known``: every registered rule id; ``ran``: the ids of the rules that
    ran on this document (a suppression of a rule that did not run is unused).
    Reports are made only for the meta rules in ``ran``. ``fold(kept,
    suppressed)`` (aggregation, :mod:`oaslint.aggregate`) runs after the
    findings' own suppressions; the aggregates it makes are then suppressed by
    the directives covering their anchor.
    """
    directives, invalid = collect(doc, known)
    if not directives and not invalid:
        return Outcome(fold(list(findings), []) if fold else list(findings))
    by_key: dict[tuple[str, str], list[Directive]] = defaultdict(list)
    for d in directives:
        by_key[(d.file, d.rule)].append(d)
    outcome = Outcome([])
    for f in findings:
        if _suppress(f, by_key):
            outcome.suppressed.append(f)
            outcome.reasons[f] = _reason(f, by_key)
        else:
            outcome.kept.append(f)
    if fold is not None:
        folded = fold(outcome.kept, outcome.suppressed)
        outcome.kept = []
        for f in folded:
            if f.aggregate and _suppress(f, by_key):
                outcome.suppressed.append(f)
            else:
                outcome.kept.append(f)

    reports: list[MetaReport] = []
    if INVALID in ran:
        reports.extend(invalid)
    if UNUSED in ran:
        for d in directives:
            if d.used or d.rule in META_RULES:
                continue
            reports.append(_unused(d, d.rule in ran))
    # suppressions of the meta rules themselves apply to the meta reports
    for r in reports:
        span = r.span or doc.span(r.location, prefer_key=True)
        probe = Finding(
            r.location.file,
            span.line,
            span.column,
            r.rule,
            r.message,
            severity=Severity.WARNING,
            pointer=r.location.pointer,
        )
        if not _suppress(probe, by_key):
            outcome.reports.append(r)
    if UNUSED in ran:
        outcome.reports.extend(
            _unused(d, True) for d in directives if d.rule in META_RULES and not d.used
        )
    outcome.used = {d.identity for d in directives if d.used}
    return outcome


def _suppress(f: Finding, by_key: dict[tuple[str, str], list[Directive]]) -> bool:
    hit = False
    for d in by_key.get((f.file, f.rule), ()):
        if d.covers(f):
            d.used = True
            hit = True
    return hit


def _reason(f: Finding, by_key: dict[tuple[str, str], list[Directive]]) -> str:
    return "; ".join(d.reason for d in by_key.get((f.file, f.rule), ()) if d.covers(f))


def _unused(d: Directive, rule_ran: bool) -> MetaReport:
    if not rule_ran:
        why = (
            f"{d.rule} did not run (not selected, or disabled in the configuration); "
            "remove the suppression or enable the rule"
        )
    elif d.scope is not None:
        why = f"no {d.rule} finding at or below this object any more; remove the entry"
    else:
        why = f"no {d.rule} finding on line {d.line} any more; remove the comment"
    if d.report_loc is not None:
        return MetaReport(
            UNUSED, d.report_loc, f"{d.describe()} suppresses nothing: {why}", None, d.identity
        )
    assert d.report_span is not None
    return MetaReport(
        UNUSED,
        Location(d.file, ""),
        f"{d.describe()} suppresses nothing: {why}",
        d.report_span,
        d.identity,
    )
