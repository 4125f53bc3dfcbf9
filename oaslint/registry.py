"""Every rule and formatter oaslint runs with: built-ins, plugins, configuration.

* built-ins: :data:`oaslint.rules.BUILTIN_MODULES` and
  :data:`oaslint.formatters.BUILTIN_FORMATTER_SPECS` (imported on first use);
* plugins: the ``oaslint.rules`` / ``oaslint.formatters`` entry points of other
  distributions (:mod:`oaslint.plugins`);
* custom rules written in the configuration (``custom-rules``,
  :mod:`oaslint.custom`): they exist only once a configuration is read, so the
  CLI appends them with :func:`with_config_rules` after ``load_config``.

Built-ins and plugins are loaded and checked once per process (cached).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from oaslint.formatters import BUILTIN_FORMATTER_SPECS, BUILTIN_FORMATTERS, Formatter, Formatters
from oaslint.rules import RegistryError, builtin_rules
from oaslint.rules.base import Rule

if TYPE_CHECKING:
    from oaslint.config import Config
    from oaslint.plugins import Discovery

__all__ = [
    "RegistryError",
    "all_formatters",
    "all_rules",
    "clear_caches",
    "configured_rules",
    "formatter_origins",
    "with_config_rules",
]


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
def _builtins() -> tuple[Rule, ...]:
    return tuple(builtin_rules())


@lru_cache(maxsize=1)
def _discovery() -> Discovery:
    from oaslint.plugins import discover

    return discover(_builtins(), BUILTIN_FORMATTERS)


@lru_cache(maxsize=1)
def _cached_rules() -> tuple[Rule, ...]:
    return tuple(_check_rules([*_builtins(), *_discovery().rules]))


def all_rules() -> list[Rule]:
    """Built-in and plugin rules (not the configuration's custom rules)."""
    return list(_cached_rules())


def all_formatters() -> Formatters:
    """Built-in and plugin formatters, by ``--format`` name.

    A mapping that imports a built-in formatter's module only when that format is
    looked up: listing the names imports none of them.
    """
    entries: dict[str, str | Formatter] = {**BUILTIN_FORMATTER_SPECS}
    entries.update(_discovery().formatters)
    return Formatters(entries)


def formatter_origins() -> dict[str, str]:
    """The distribution of every formatter (``oaslint`` for the built-ins)."""
    return {**{n: "oaslint" for n in BUILTIN_FORMATTER_SPECS}, **_discovery().formatter_origins}


def stale_entry_points() -> list[str]:
    """oaslint's own installed entry points that disagree with the built-ins.

    Not an error (an editable install keeps old metadata until reinstalled),
    but a hint that ``pip install -e .`` is due.
    """
    return list(_discovery().stale)


def clear_caches() -> None:
    """Forget loaded plugins (tests; after installing a plugin in-process)."""
    from oaslint.plugins import clear_cache

    clear_cache()
    _discovery.cache_clear()
    _cached_rules.cache_clear()


def with_config_rules(rules: Sequence[Rule], config: Config) -> list[Rule]:
    """``rules`` plus the custom rules the configuration defines."""
    custom: Sequence[Rule] = config.extra.get("custom-rules", ())
    return [*rules, *custom]


def configured_rules(config_path: str | None = None) -> list[Rule]:
    """All rules as ``oaslint lint`` would see them from the working directory.

    Reads ``config_path`` (default: the configuration found from the working
    directory upwards) for its custom rules. Configuration problems become a
    :class:`RegistryError` so ``oaslint rules``/``explain`` report them alike.
    """
    from oaslint.config import ConfigError, find_config, load_config

    rules = all_rules()
    try:
        config = load_config(config_path or find_config(), rules)
    except ConfigError as exc:
        raise RegistryError(str(exc)) from None
    return with_config_rules(rules, config)
