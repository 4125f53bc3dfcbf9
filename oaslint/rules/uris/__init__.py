"""Nothing sensitive in URIs: credentials and personal data (API-13, API-58).

``RULES`` lists the rule modules of this family, in the order they run and are
listed (``oaslint rules``, docs); :func:`oaslint.rules.builtin_rules` reads it.
"""

RULES: tuple[str, ...] = (
    "no_credentials_in_uri",
    "no_personal_data_in_uri",
    "personal_id_in_body",
)
