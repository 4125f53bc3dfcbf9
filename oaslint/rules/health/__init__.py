"""Document health: the document parses, resolves and validates; suppressions are sound.

``RULES`` lists the rule modules of this family, in the order they run and are
listed (``oaslint rules``, docs); :func:`oaslint.rules.builtin_rules` reads it.
"""

RULES: tuple[str, ...] = (
    "parse_error",
    "resolvable_refs",
    "valid_openapi",
    "unused_suppression",
    "invalid_suppression",
)
