"""Every rule and formatter oaslint runs with: built-ins plus plugins."""

from __future__ import annotations

from functools import lru_cache

from oaslint.formatters import BUILTIN_FORMATTERS, Formatter
from oaslint.rules import RegistryError, builtin_rules
from oaslint.rules.base import Rule

__all__ = ["RegistryError", "all_formatters", "all_rules"]


def _check_rules(rules: list[Rule]) -> list[Rule]:
    seen: dict[str, Rule] = {}
    for rule in rules:
        missing = rule.meta.missing_fields()
        if missing:
            raise RegistryError(
                f"rule {rule.meta.id or '?'} from {rule.origin}: incomplete metadata "
                f"(missing {', '.join(missing)})"
            )
        other = seen.get(rule.meta.id)
        if other is not None:
            raise RegistryError(
                f"rule id {rule.meta.id!r} from {rule.origin} clashes with the rule of the same "
                f"id from {other.origin}"
            )
        seen[rule.meta.id] = rule
    return rules


@lru_cache(maxsize=1)
def _cached_rules() -> tuple[Rule, ...]:
    return tuple(_check_rules(builtin_rules()))


def all_rules() -> list[Rule]:
    return list(_cached_rules())


def all_formatters() -> dict[str, Formatter]:
    return dict(BUILTIN_FORMATTERS)
