"""Responses and methods: documented error status codes, no TRACE.

``RULES`` lists the rule modules of this family, in the order they run and are
listed (``oaslint rules``, docs); :func:`oaslint.rules.builtin_rules` reads it.
"""

RULES: tuple[str, ...] = (
    "secured_operation_401",
    "secured_operation_403",
    "method_not_allowed_405",
    "not_acceptable_406",
    "unsupported_media_type_415",
    "rate_limit_429",
    "retry_after_429",
    "specific_status_codes",
    "no_trace_method",
    "validation_error_400",
    "rate_limit_headers",
)
