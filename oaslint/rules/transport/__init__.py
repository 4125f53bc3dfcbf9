"""Transport: https and wss only (API-11, SC004, B.12.4.3, B.12.7).

``RULES`` lists the rule modules of this family, in the order they run and are
listed (``oaslint rules``, docs); :func:`oaslint.rules.builtin_rules` reads it.
"""

RULES: tuple[str, ...] = (
    "https_servers",
    "https_security_urls",
    "wss_websockets",
    "servers_declared",
)
