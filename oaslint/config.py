"""Configuration: ``[tool.oaslint]`` in pyproject.toml or ``.oaslint.yaml``.

Found from the current directory upwards unless ``--config FILE`` names one.
Every key is checked: an unknown rule, option or a wrong type is a
:class:`ConfigError` naming the file and the key (exit code 2).

Format (YAML shown; the TOML table has the same keys)::

    select: [https-servers, no-credentials-in-uri]   # only these (health rules always run)
    ignore: [api-key-header-name]                     # never these
    fail-on: warning                                  # error | warning | info | never
    allow-remote: false                               # fetch http(s) $refs
    rules:
      json-media-types: warning                       # severity, or "off"
      operation-security-defined:
        severity: error
        options:
          public-operations: ["GET /health", "* /public/*"]
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from oaslint.model import Severity
from oaslint.rules.base import Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".oaslint.yaml", ".oaslint.yml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


@dataclass(frozen=True)
class RuleSettings:
    enabled: bool
    severity: Severity
    options: Mapping[str, Any]


@dataclass
class Config:
    path: str | None = None  # the file it came from, if any
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    allow_remote: bool = False
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # raw, validated per rule
    extra: dict[str, Any] = field(default_factory=dict)  # keys owned by other modules

    def settings(self, rule: Rule) -> RuleSettings:
        """Effective settings of one rule (validated by :func:`validate`)."""
        meta = rule.meta
        raw = self.rules.get(meta.id, {})
        enabled = True
        if self.select is not None and meta.id not in self.select:
            enabled = False
        if meta.id in self.ignore:
            enabled = False
        if "enabled" in raw:
            enabled = bool(raw["enabled"])
        if meta.always_on:
            enabled = True
        severity = meta.severity
        if "severity" in raw:
            severity = Severity.parse(raw["severity"])
        options = {name: opt.default for name, opt in meta.options.items()}
        options.update(raw.get("options", {}))
        return RuleSettings(enabled, severity, options)


def find_config(start: str | None = None) -> str | None:
    """The nearest config file from ``start`` (default: cwd) upwards."""
    current = os.path.abspath(start or os.getcwd())
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(current, name)
            if os.path.isfile(candidate):
                if name == "pyproject.toml" and not _pyproject_has_section(candidate):
                    continue
                return candidate
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _pyproject_has_section(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "oaslint" in data["tool"]


def read_config_file(path: str) -> dict[str, Any]:
    """The raw mapping of a config file."""
    try:
        if path.endswith(".toml"):
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
            section = data.get("tool", {}).get("oaslint", {})
        else:
            from ruamel.yaml import YAML
            from ruamel.yaml.error import YAMLError

            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            try:
                section = YAML(typ="safe", pure=True).load(text) or {}
            except YAMLError as exc:
                raise ConfigError(f"{path}: invalid YAML: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping")
    return section


# Keys handled by other modules register themselves here with a validator.
EXTRA_KEYS: dict[str, Any] = {}


def load_config(path: str | None, rules: Sequence[Rule]) -> Config:
    """Read and validate a config file (``None``: defaults)."""
    if path is None:
        return Config()
    raw = read_config_file(path)
    return build_config(raw, rules, path)


def build_config(raw: Mapping[str, Any], rules: Sequence[Rule], path: str | None) -> Config:
    where = path or "<config>"
    known = {r.meta.id: r for r in rules}
    cfg = Config(path=path)

    def err(key: str, message: str) -> ConfigError:
        return ConfigError(f"{where}: {key}: {message}")

    def id_list(key: str, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise err(key, "expected a list of rule ids")
        for rid in value:
            if rid not in known:
                raise err(key, f"unknown rule {rid!r}")
        return tuple(value)

    for key, value in raw.items():
        if key == "select":
            cfg.select = id_list(key, value)
        elif key == "ignore":
            cfg.ignore = id_list(key, value)
        elif key in ("fail-on", "fail_on"):
            if value not in FAIL_ON:
                raise err(key, f"expected one of {', '.join(FAIL_ON)}, got {value!r}")
            cfg.fail_on = value
        elif key in ("allow-remote", "allow_remote"):
            if not isinstance(value, bool):
                raise err(key, "expected true or false")
            cfg.allow_remote = value
        elif key == "rules":
            if not isinstance(value, dict):
                raise err(key, "expected a mapping of rule id to settings")
            for rid, setting in value.items():
                if rid not in known:
                    raise err(f"rules.{rid}", "unknown rule")
                cfg.rules[rid] = _rule_settings(known[rid], setting, f"rules.{rid}", err)
        elif key in EXTRA_KEYS:
            cfg.extra[key] = EXTRA_KEYS[key](value, f"{where}: {key}", known)
        else:
            raise err(key, "unknown key")
    return cfg


def _rule_settings(rule: Rule, setting: Any, key: str, err: Any) -> dict[str, Any]:
    meta = rule.meta
    out: dict[str, Any] = {}
    if setting is False or setting in ("off", "disable", "disabled"):
        setting = {"enabled": False}
    elif setting is True or setting in ("on", "enable", "enabled"):
        setting = {"enabled": True}
    elif isinstance(setting, str):
        setting = {"severity": setting}
    if not isinstance(setting, dict):
        raise err(key, "expected a severity, 'off', or a mapping")
    for name, value in setting.items():
        if name == "enabled":
            if not isinstance(value, bool):
                raise err(f"{key}.enabled", "expected true or false")
            if meta.always_on and not value:
                raise err(f"{key}.enabled", f"{meta.id} is a health rule and cannot be disabled")
            out["enabled"] = value
        elif name in ("severity", "level"):
            try:
                Severity.parse(str(value))
            except ValueError as exc:
                raise err(f"{key}.{name}", str(exc)) from None
            out["severity"] = str(value)
        elif name == "options":
            if not isinstance(value, dict):
                raise err(f"{key}.options", "expected a mapping")
            opts: dict[str, Any] = {}
            for oname, ovalue in value.items():
                spec = meta.options.get(oname)
                if spec is None:
                    allowed = ", ".join(sorted(meta.options)) or "none"
                    raise err(f"{key}.options.{oname}", f"unknown option (known: {allowed})")
                try:
                    opts[oname] = spec.validate(ovalue)
                except ValueError as exc:
                    raise err(f"{key}.options.{oname}", str(exc)) from None
            out["options"] = opts
        else:
            raise err(f"{key}.{name}", "unknown setting (expected enabled, severity, options)")
    return out
