"""Aggregation: one finding for an API-wide decision missed at every place (DESIGN 2.3).

A rule declares ``META.aggregate`` (anchors, a message template, ``per_key``) and
calls ``ctx.examine(place)`` for every place it judges; the engine hands each
aggregating rule's context and its located findings to a :class:`Folder`, and
:func:`oaslint.suppress.apply` calls :meth:`Folder.fold` after the inline
suppressions of the places and before the suppressions of the aggregates.

Per document and aggregating rule:

1. places = the examined subjects (those an override disables for the rule leave),
   misses = the subjects of the findings kept after the overrides (suppressed ones
   included: an accepted place is still a place that misses the decision);
2. when ``len(misses) >= 2`` and every place, or nearly every place (``FOLD_SHARE``,
   90%), misses it (``per_key``: each key with two or more misses on its own), the
   unsuppressed misses become ONE finding at
   ``index.anchor(anchors)`` with the highest member severity, the template
   message, and the places as ``related`` (sorted); no unsuppressed miss left:
   nothing is reported;
3. otherwise every miss is reported as before: only some places missing the
   decision is an inconsistency a reviewer must see place by place.

Why 90% rather than DESIGN 2.3's "every place": on the corpus, DigitalOcean declares
403 on 9 of 658 secured operations, Twilio a 4XX code on 1 of 197 operations; place
by place that is 845 findings for two decisions the APIs did not take. The aggregate
says "649 of 658" and lists every miss, so nothing is hidden; below 90% each miss is
reported on its own.

An aggregate's fingerprint is ``sha256("aggregate", rule, root file, key)``
(:func:`oaslint.model.aggregate_fingerprint_of`): neither the anchor nor the count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from oaslint.model import Finding, Location, Related
from oaslint.text import excerpt

if TYPE_CHECKING:
    from oaslint.config import Config
    from oaslint.index import SpecIndex
    from oaslint.rules.base import Report, Rule, RuleContext


# A decision missed at this share of its places (or more) is one finding: the API has
# not taken it, and the few places that meet it are exceptions, not the rule.
FOLD_SHARE = 0.9


@dataclass
class _Pending:
    rule: Rule
    places: set[Location] = field(default_factory=set)
    # (finding, subject, key) for every located report kept after the overrides
    members: list[tuple[Finding, Location, str]] = field(default_factory=list)


class Folder:
    """Collects the aggregating rules' places and misses of one document; folds them."""

    def __init__(self, index: SpecIndex, config: Config) -> None:
        self.index = index
        self.config = config
        self.pending: list[_Pending] = []

    def add(
        self,
        rule: Rule,
        ctx: RuleContext,
        located: list[tuple[Report, Finding]],
        enabled: bool,
    ) -> None:
        """Record one rule's run: its examined places and its kept findings."""
        if not self.config.aggregates(rule):
            return
        pending = _Pending(rule)
        config = self.config
        for subject in ctx.examined:
            if config.overrides:
                on, _ = config.at(rule, subject.file, subject.pointer, enabled, None)
                if not on:
                    continue
            pending.places.add(subject)
        for rep, finding in located:
            pending.members.append((finding, rep.subject or rep.location, rep.key))
        if pending.members:
            self.pending.append(pending)

    def fold(self, kept: list[Finding], suppressed: list[Finding]) -> list[Finding]:
        """``kept`` with every fully missed decision folded into one aggregate."""
        if not self.pending:
            return kept
        live = {id(f) for f in kept}
        drop: set[int] = set()
        out: list[Finding] = []
        for pending in self.pending:
            agg = pending.rule.meta.aggregate
            assert agg is not None
            groups: dict[str, list[tuple[Finding, Location, str]]] = defaultdict(list)
            for member in pending.members:
                groups[member[2] if agg.per_key else ""].append(member)
            for key, members in groups.items():
                misses = {subject for _, subject, _ in members}
                if len(misses) < 2:
                    continue
                examined = len(misses | pending.places) if not agg.per_key else len(misses)
                if not agg.per_key and len(misses) < FOLD_SHARE * examined:
                    continue  # some places meet the decision: report each miss
                alive = [f for f, _, _ in members if id(f) in live]
                drop.update(id(f) for f, _, _ in members)
                if alive:
                    out.append(self._aggregate(pending.rule, key, alive, len(misses), examined))
        return [f for f in kept if id(f) not in drop] + out

    def _aggregate(
        self, rule: Rule, key: str, members: list[Finding], missing: int, examined: int
    ) -> Finding:
        meta = rule.meta
        agg = meta.aggregate
        assert agg is not None
        anchor = self.index.anchor(agg.anchors)
        span = self.index.document.span(anchor, prefer_key=True)
        related = sorted(
            {
                Related(f.file, f.line, f.column, f.end_line, f.end_column, f.pointer)
                for f in members
            },
            key=lambda r: (r.file, r.line, r.column, r.pointer),
        )
        try:
            message = agg.message.format(
                missing=missing, examined=examined, applies_to=meta.applies_to, key=excerpt(key)
            )
        except (KeyError, IndexError, ValueError, AttributeError):  # a plugin's bad template
            what = meta.applies_to or "places"
            message = f"{missing} of {examined} {what} miss this decision ({meta.title})"
        return Finding(
            file=anchor.file,
            line=span.line,
            column=span.column,
            rule=meta.id,
            message=message,
            severity=max(f.severity for f in members),
            pointer=anchor.pointer,
            end_line=span.end_line,
            end_column=span.end_column,
            references=meta.references,
            related=tuple(related),
            aggregate=True,
            key=key,
        )
