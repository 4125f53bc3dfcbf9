"""Errors and secrets: error responses and examples leak nothing.

``RULES`` lists the rule modules of this family, in the order they run and are
listed (``oaslint rules``, docs); :func:`oaslint.rules.builtin_rules` reads it.
"""

RULES: tuple[str, ...] = (
    "no_technical_error_details",
    "problem_details_errors",
    "no_secrets_in_examples",
)
