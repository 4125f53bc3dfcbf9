"""Headers: security headers, CORS, internal headers.

``RULES`` lists the rule modules of this family, in the order they run and are
listed (``oaslint rules``, docs); :func:`oaslint.rules.builtin_rules` reads it.
"""

RULES: tuple[str, ...] = (
    "security_headers",
    "cors_no_wildcard_origin",
    "no_internal_headers",
    "cors_credentials",
    "security_header_values",
    "secure_cookies",
)
