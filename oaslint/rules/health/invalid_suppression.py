"""invalid-suppression: an inline suppression without rule ids, reason or a known rule.

Found by the engine (:mod:`oaslint.suppress`) together with the suppressions
themselves; ``check`` has nothing to look at.
"""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta

META = RuleMeta(
    id="invalid-suppression",
    applies_to="suppressions",
    title="A suppression names no rule, an unknown rule, or gives no reason",
    severity=Severity.ERROR,
    references=(),  # oaslint's own directives: no guidance requirement
    description=(
        "Flags an `x-oaslint-ignore` value that is not a mapping of rule ids to reasons (a "
        "list, a string, `true`, an empty mapping), an entry whose rule id is unknown or whose "
        "reason is empty, and a `# oaslint:` comment that is not "
        "`# oaslint: ignore[rule-id, ...] reason` (no brackets, empty brackets, an unknown rule, "
        "no reason, an unknown directive, or a comment on the last line with nothing after it "
        "to apply to). An invalid suppression suppresses nothing. There is no blanket form on "
        "purpose."
    ),
    rationale=(
        "A suppression records an accepted exception to a security requirement; without the "
        "rule it exempts and the reason it is accepted, a reviewer cannot judge it, and a "
        "blanket exemption would silently swallow every future finding at that place."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: http://localhost:8080\n"
        "    x-oaslint-ignore: [https-servers]\n"
        "paths: {}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: http://localhost:8080\n"
        "    x-oaslint-ignore:\n"
        "      https-servers: local development server, never deployed\n"
        "paths: {}\n"
    ),
    category="suppressions",
)


def check(ctx: RuleContext) -> None:
    """Nothing to do here: see :func:`oaslint.suppress.collect`."""
