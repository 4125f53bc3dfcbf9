"""unused-suppression: an inline suppression that suppresses nothing.

The work is done by the engine (:mod:`oaslint.suppress`) after every other
rule ran on the document, because only then is it known what a suppression
suppressed; ``check`` itself has nothing to look at.
"""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta

META = RuleMeta(
    id="unused-suppression",
    applies_to="suppressions",
    title="A suppression suppresses nothing",
    severity=Severity.WARNING,
    references=(),  # oaslint's own directives: no guidance requirement
    description=(
        "Flags an `x-oaslint-ignore` entry, or a `# oaslint: ignore[rule-id] reason` comment, "
        "that suppressed no finding in this run: the problem was fixed, the node moved, or the "
        "rule did not run (not selected or disabled in the configuration; the message says "
        "which). The finding sits on the rule id key of the `x-oaslint-ignore` entry, or on "
        "the comment. Suppressions of `unused-suppression` and `invalid-suppression` "
        "themselves are applied to their findings but never reported as unused."
    ),
    rationale=(
        "A stale suppression is an exception nobody needs any more, kept on record as if it "
        "did: it hides the next real finding of that rule at that place and makes the list "
        "of accepted risks longer than the truth. Removing it keeps the automated check of "
        "the API description honest."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: https://api.example.com/v1\n"
        "    x-oaslint-ignore: {https-servers: local development server}\n"
        "paths: {}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "servers:\n"
        "  - url: https://api.example.com/v1\n"
        "paths: {}\n"
    ),
    limitations=(
        "When you run a subset of the rules (`--select`) together with this one, suppressions "
        'of the rules left out are reported as unused ("did not run"), like ruff\'s RUF100. '
        "A comment is matched against the line a finding is reported on (the line oaslint "
        "prints)."
    ),
    category="suppressions",
)


def check(ctx: RuleContext) -> None:
    """Nothing to do here: see :func:`oaslint.suppress.apply`."""
