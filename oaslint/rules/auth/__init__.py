"""Authentication and authorization: security schemes, flows, scopes, client authentication.

``RULES`` lists the rule modules of this family, in the order they run and are
listed (``oaslint rules``, docs); :func:`oaslint.rules.builtin_rules` reads it.
"""

RULES: tuple[str, ...] = (
    "security_schemes_defined",
    "operation_security_defined",
    "no_http_basic_auth",
    "no_oauth_implicit_flow",
    "no_oauth_password_flow",
    "asymmetric_client_auth",
    "oauth_scopes_restrictive",
    "api_key_header_name",
    "bearer_format_declared",
    "auth_via_security_schemes",
    "oauth_pkce",
    "no_client_secret_in_body",
    "no_client_id_only_auth",
    "oauth2_authorization",
    "oauth_client_credentials",
    "oidc_for_user_login",
    "oauth_short_lived_tokens",
    "jwt_best_practices",
)
