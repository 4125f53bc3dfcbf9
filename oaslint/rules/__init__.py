"""The rule registry.

Built-in rules are listed explicitly (yamllint style: no magic, import errors
show at once): ``FAMILIES`` below names the family packages, each family's
``RULES`` tuple its rule modules. Third-party rules come from the ``oaslint.rules``
entry-point group and are checked the same way; see :mod:`oaslint.plugins`.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from oaslint.rules.base import Option, Rule, RuleContext, RuleMeta

__all__ = [
    "BUILTIN_MODULES",
    "FAMILIES",
    "Option",
    "RegistryError",
    "Rule",
    "RuleContext",
    "RuleMeta",
    "builtin_rules",
]

# The rule families, one package each (``oaslint.rules.<family>``), in the order
# their rules run and are listed. Each family's ``RULES`` tuple names its rule
# modules; one module per catalogue id (dashes become underscores). A family
# imports only ``rules.base``, ``rules.shared``, its own ``_x`` helpers, ``index``
# and ``model`` (tests/test_layout.py).
FAMILIES: tuple[str, ...] = (
    "health",
    "transport",
    "uris",
    "auth",
    "responses",
    "content_types",
    "headers",
    "validation",
    "errors",
)


def _modules() -> tuple[str, ...]:
    names: list[str] = []
    for family in FAMILIES:
        package = importlib.import_module(f"oaslint.rules.{family}")
        names += [f"{family}.{module}" for module in package.RULES]
    return tuple(names)


# "<family>.<module>" under oaslint.rules, for every built-in rule (derived from FAMILIES)
BUILTIN_MODULES: tuple[str, ...] = _modules()


class RegistryError(Exception):
    """A rule could not be registered (clash, incomplete metadata, import error)."""


def rule_from_module(module: ModuleType, origin: str = "oaslint", family: str = "") -> Rule:
    meta = getattr(module, "META", None)
    check = getattr(module, "check", None)
    if not isinstance(meta, RuleMeta) or not callable(check):
        raise RegistryError(f"{module.__name__}: a rule module needs META (RuleMeta) and check()")
    return Rule(meta, check, origin, family)


def builtin_rules() -> list[Rule]:
    rules = []
    for name in BUILTIN_MODULES:
        module = importlib.import_module(f"oaslint.rules.{name}")
        rules.append(rule_from_module(module, family=name.partition(".")[0]))
    return rules
