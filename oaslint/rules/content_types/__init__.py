"""Content types: explicit, non-executable, JSON.

``RULES`` lists the rule modules of this family, in the order they run and are
listed (``oaslint rules``, docs); :func:`oaslint.rules.builtin_rules` reads it.
"""

RULES: tuple[str, ...] = (
    "no_script_media_types",
    "no_wildcard_media_types",
    "json_media_types",
)
