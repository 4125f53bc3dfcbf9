"""The rule registry.

Built-in rules are listed explicitly below (yamllint style: no magic, import
errors show at once). Third-party rules come from the ``oaslint.rules``
entry-point group and are checked the same way; see :mod:`oaslint.plugins`.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from oaslint.rules.base import Option, Rule, RuleContext, RuleMeta

__all__ = [
    "BUILTIN_MODULES",
    "Option",
    "RegistryError",
    "Rule",
    "RuleContext",
    "RuleMeta",
    "builtin_rules",
]

# module name under oaslint.rules, one per catalogue id (dashes become underscores)
BUILTIN_MODULES: tuple[str, ...] = (
    "parse_error",
    "resolvable_refs",
    "valid_openapi",
    # transport
    "https_servers",
    "https_security_urls",
    "wss_websockets",
    # suppressions (issue 5): reported by the engine (oaslint.suppress) after the other rules
    "unused_suppression",
    "invalid_suppression",
    # -- authentication, credentials and personal data in URIs, secrets (issue 3)
    "no_credentials_in_uri",
    "no_personal_data_in_uri",
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
    "no_secrets_in_examples",
    # -- end issue 3
    # -- responses, methods, content types, headers, validation, errors (issue 4)
    "secured_operation_401",
    "secured_operation_403",
    "method_not_allowed_405",
    "not_acceptable_406",
    "unsupported_media_type_415",
    "rate_limit_429",
    "retry_after_429",
    "specific_status_codes",
    "no_trace_method",
    "no_script_media_types",
    "no_wildcard_media_types",
    "json_media_types",
    "security_headers",
    "cors_no_wildcard_origin",
    "no_internal_headers",
    "bounded_strings",
    "bounded_arrays",
    "bounded_numbers",
    "closed_objects",
    "no_technical_error_details",
    "problem_details_errors",
    # -- end issue 4
)


class RegistryError(Exception):
    """A rule could not be registered (clash, incomplete metadata, import error)."""


def rule_from_module(module: ModuleType, origin: str = "oaslint") -> Rule:
    meta = getattr(module, "META", None)
    check = getattr(module, "check", None)
    if not isinstance(meta, RuleMeta) or not callable(check):
        raise RegistryError(f"{module.__name__}: a rule module needs META (RuleMeta) and check()")
    return Rule(meta, check, origin)


def builtin_rules() -> list[Rule]:
    rules = []
    for name in BUILTIN_MODULES:
        module = importlib.import_module(f"oaslint.rules.{name}")
        rules.append(rule_from_module(module))
    return rules
