"""Input validation: bounded, closed request schemas (B.12.1.3).

``RULES`` lists the rule modules of this family, in the order they run and are
listed (``oaslint rules``, docs); :func:`oaslint.rules.builtin_rules` reads it.
"""

RULES: tuple[str, ...] = (
    "bounded_strings",
    "bounded_arrays",
    "bounded_numbers",
    "closed_objects",
    "typed_request_schemas",
    "bounded_maps",
    "integer_format",
)
