"""Configuration: ``[tool.oaslint]`` in pyproject.toml or ``.oaslint.yaml``.

Found from the current directory upwards unless ``--config FILE`` names one.
Every key is checked: an unknown rule, option or a wrong type is a
:class:`ConfigError` naming the file and the key (exit code 2).

Format (YAML shown; the TOML table has the same keys)::

    select: [https-servers, no-credentials-in-uri]   # only these (health rules always run)
    ignore: [api-key-header-name]                     # never these
    fail-on: warning                                  # error | warning | info | never
    allow-remote: false                               # only false: --allow-remote is CLI-only
    baseline: .oaslint-baseline.json                  # known findings to hide (oaslint.baseline)
    timeout: 120                                      # seconds per document (oaslint.timelimit)
    aggregate: true                                   # fold API-wide decisions (oaslint.aggregate)
    rules:
      json-media-types: warning                       # severity, or "off"
      security-headers: {aggregate: false}            # every place, not one finding per API
      operation-security-defined:
        severity: error
        options:
          public-operations: ["GET /health", "* /public/*"]
    overrides:                                        # later entries win
      - files: ["specs/legacy/**"]                    # globs, relative to the config file
        pointers: ["/paths/~1v1~1status"]             # optional: only at or below these nodes
        rules:
          https-servers: off                          # off | on | severity | {severity, options}

``select``/``ignore`` are hard filters: ``rules`` and ``overrides`` refine the
rules they leave. Override ``enabled``/``severity`` apply per finding (to the
file where it is written, and its pointer); override ``options`` apply per
document (its root file), because a rule runs once per document, so they
cannot be combined with ``pointers``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from oaslint.model import Severity
from oaslint.rules.base import Rule
from oaslint.text import excerpt, neutral
from oaslint.timelimit import DEFAULT_TIMEOUT, MAX_CONFIG_TIMEOUT


def _tomllib() -> Any:
    """tomllib, imported only when a TOML file is read (start-up, issue 14)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    return tomllib


CONFIG_NAMES = (".oaslint.yaml", ".oaslint.yml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


@dataclass(frozen=True)
class RuleSettings:
    enabled: bool
    severity: Severity
    options: Mapping[str, Any]


@dataclass(frozen=True)
class Override:
    """One ``overrides`` entry: rule settings for some files (and nodes)."""

    files: tuple[str, ...]
    pointers: tuple[str, ...]  # empty: the whole file
    rules: dict[str, dict[str, Any]]  # validated like ``rules``
    regexes: tuple[re.Pattern[str], ...] = ()

    def matches_file(self, rel: str) -> bool:
        return any(rx.fullmatch(rel) for rx in self.regexes)

    def matches_pointer(self, pointer: str) -> bool:
        if not self.pointers:
            return True
        return any(pointer_within(pointer, p) for p in self.pointers)


@dataclass
class Config:
    path: str | None = None  # the file it came from, if any
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    allow_remote: bool = False  # --allow-remote only: never from a configuration file
    ref_roots: tuple[str, ...] = ()  # --ref-root only (oaslint.loader.boundary)
    aggregate: bool = True  # fold rules' API-wide decisions (oaslint.aggregate)
    timeout: float = DEFAULT_TIMEOUT  # seconds per document, 0: none (oaslint.timelimit)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # raw, validated per rule
    extra: dict[str, Any] = field(default_factory=dict)  # keys owned by other modules
    overrides: list[Override] = field(default_factory=list)
    baseline: str | None = None  # path (resolved against the config file's folder)
    base_dir: str | None = None  # globs are relative to this (default: the working directory)
    _file_cache: dict[str, tuple[Override, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def filtered_out(self, rule_id: str) -> bool:
        """Excluded by ``select``/``ignore`` (hard filters)."""
        if self.select is not None and rule_id not in self.select:
            return True
        return rule_id in self.ignore

    def settings(self, rule: Rule) -> RuleSettings:
        """Effective global settings of one rule (validated by :func:`build_config`)."""
        meta = rule.meta
        raw = self.rules.get(meta.id, {})
        enabled = bool(raw.get("enabled", True)) and not self.filtered_out(meta.id)
        if meta.always_on:
            enabled = True
        severity = meta.severity
        if "severity" in raw:
            severity = Severity.parse(raw["severity"])
        options = {name: opt.default for name, opt in meta.options.items()}
        options.update(raw.get("options", {}))
        return RuleSettings(enabled, severity, options)

    def aggregates(self, rule: Rule) -> bool:
        """Whether ``rule``'s misses at every place fold into one finding."""
        if rule.meta.aggregate is None or not self.aggregate:
            return False
        return bool(self.rules.get(rule.meta.id, {}).get("aggregate", True))

    # -- overrides -------------------------------------------------------
    def runs(self, rule: Rule) -> bool:
        """Whether the rule must run at all: enabled globally or by an override."""
        if self.settings(rule).enabled:
            return True
        if self.filtered_out(rule.meta.id):
            return False
        return any(o.rules.get(rule.meta.id, {}).get("enabled") for o in self.overrides)

    def _overrides_for(self, file: str) -> tuple[Override, ...]:
        found = self._file_cache.get(file)
        if found is None:
            rel = self.relative(file)
            found = tuple(o for o in self.overrides if o.matches_file(rel))
            self._file_cache[file] = found
        return found

    def relative(self, file: str) -> str:
        """``file`` (as displayed) relative to the config's folder, with ``/``."""
        base = self.base_dir or os.getcwd()
        rel = os.path.relpath(os.path.abspath(file), base)
        return rel.replace(os.sep, "/")

    def options_for(self, rule: Rule, root_file: str, options: Mapping[str, Any]) -> dict[str, Any]:
        """The rule's options for a document whose root file is ``root_file``."""
        out = dict(options)
        for o in self._overrides_for(root_file):
            out.update(o.rules.get(rule.meta.id, {}).get("options", {}))
        return out

    def at(
        self, rule: Rule, file: str, pointer: str, enabled: bool, severity: Severity | None
    ) -> tuple[bool, Severity | None]:
        """(enabled, severity) of a finding after the overrides that cover it.

        ``severity`` None means "keep the finding's own severity".
        """
        if rule.meta.always_on or not self.overrides:
            return enabled, severity
        for o in self._overrides_for(file):
            raw = o.rules.get(rule.meta.id)
            if raw is None or not o.matches_pointer(pointer):
                continue
            if "enabled" in raw:
                enabled = bool(raw["enabled"])
            if "severity" in raw:
                severity = Severity.parse(raw["severity"])
        return enabled, severity


def pointer_within(pointer: str, scope: str) -> bool:
    """Whether JSON pointer ``pointer`` is ``scope`` or below it."""
    return scope == "" or pointer == scope or pointer.startswith(scope + "/")


def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile a file glob: ``*`` and ``?`` stay inside one folder, ``**`` spans folders.

    ``dir/`` means everything below ``dir``; a leading ``./`` is dropped. The
    pattern must match the whole path (relative to the config file, ``/``).
    """
    pat = pattern.replace("\\", "/")
    while pat.startswith("./"):
        pat = pat[2:]
    if pat.endswith("/"):
        pat += "**"
    # `**/**/` matches what `**/` matches; repeated, each one more nested loop in the
    # regex made it exponential on deep paths (a pull request's config is untrusted)
    while "**/**/" in pat:
        pat = pat.replace("**/**/", "**/")
    out: list[str] = []
    i = 0
    n = len(pat)
    while i < n:
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pat.startswith("/**", i) and i + 3 == n:
            out.append("(?:/.*)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            end = pat.find("]", i + 2)
            if end == -1:
                out.append(re.escape(c))
                i += 1
                continue
            body = pat[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out))


def find_config(start: str | None = None) -> str | None:
    """The nearest config file from ``start`` (default: cwd) upwards.

    A file found this way may have come with the pull request: a symlink that
    leads out of its project is a :class:`ConfigError`, never read (see
    :func:`project_root`). ``--config FILE`` is the user's own choice: not checked.
    """
    current = os.path.abspath(start or os.getcwd())
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(current, name)
            if os.path.isfile(candidate):  # a symlink to a device or FIFO: passed over
                if os.path.islink(candidate):
                    _within_project(candidate, current, candidate, "this symlink", "--config")
                if name == "pyproject.toml" and not _pyproject_has_section(candidate):
                    continue
                return candidate
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def project_root(folder: str) -> str:
    """The project of a configuration file's folder: what paths in it may reach.

    The reference boundary's default (:mod:`oaslint.loader.boundary`): the top of
    the git work tree that holds ``folder``, else the working directory when
    ``folder`` lies in it, else ``folder`` itself; all after resolving symlinks.
    """
    from oaslint.loader.boundary import default_root_of_folder

    return default_root_of_folder(os.path.realpath(folder))


def _within_project(path: str, folder: str, where: str, what: str, option: str) -> None:
    """Raise a :class:`ConfigError` when ``path`` resolves outside ``folder``'s project.

    Neither file is opened: only where ``path`` leads is looked at, so nothing of
    a file outside (``/etc/passwd``, ``~/.ssh/config``, ``/proc/self/environ``)
    is read or shown.
    """
    from oaslint.loader.boundary import inside

    root = project_root(folder)
    if not inside(os.path.realpath(path), root):
        raise ConfigError(
            f"{neutral(where)}: not read: {what} leads outside the project "
            f"({neutral(root)}), and a configuration may come with the pull request; "
            f"name a file outside it on the command line ({option} FILE)"
        )


MAX_CONFIG_BYTES = 4 * 1024 * 1024


def _pyproject_has_section(path: str) -> bool:
    from oaslint.loader.source import LoadError, read_bytes

    try:
        raw = read_bytes(path, MAX_CONFIG_BYTES)
    except LoadError:
        return False
    if b"oaslint" not in raw and b"\\u" not in raw and b"\\U" not in raw:
        return False  # no [tool.oaslint] can be spelt without it: not parsed
    tomllib = _tomllib()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "oaslint" in data["tool"]


def read_config_file(path: str) -> dict[str, Any]:
    """The raw mapping of a config file."""
    from oaslint.loader.source import LoadError, read_bytes

    try:
        # a configuration file may come with the pull request: a regular file, bounded
        raw = read_bytes(path, MAX_CONFIG_BYTES)
        if path.endswith(".toml"):
            tomllib = _tomllib()
            try:
                data = tomllib.loads(raw.decode("utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{path}: invalid TOML: {exc}") from None
            section = data.get("tool", {}).get("oaslint", {})
        else:
            from ruamel.yaml import YAML
            from ruamel.yaml.error import YAMLError

            text = raw.decode("utf-8")
            try:
                section = YAML(typ="safe", pure=True).load(text) or {}
            except YAMLError as exc:
                raise ConfigError(f"{path}: invalid YAML: {str(exc).splitlines()[0]}") from None
    except LoadError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.message}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: cannot read: not UTF-8") from None
    except RecursionError:
        raise ConfigError(f"{path}: nests too deeply (recursive YAML alias?)") from None
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping")
    return section


# Keys handled by other modules register themselves here with a validator.
EXTRA_KEYS: dict[str, Any] = {}


def _custom_rules(value: Any, where: str, known: dict[str, Rule]) -> Any:
    from oaslint.custom import CustomRuleError, parse_custom_rules  # jsonpath-ng only then

    try:
        return parse_custom_rules(value, where, known)
    except CustomRuleError as exc:
        raise ConfigError(str(exc)) from None


# ``custom-rules`` (oaslint.custom) defines rules: its validator adds them to ``known``
# and runs before the other keys, so select/ignore/rules/overrides can name them.
EXTRA_KEYS["custom-rules"] = _custom_rules


def _choice(*allowed: str) -> Any:
    def validate(value: Any, where: str, known: dict[str, Rule]) -> str:
        if value not in allowed:
            raise ConfigError(f"{where}: expected one of {', '.join(allowed)}, got {value!r}")
        return str(value)

    return validate


# the compliance report: which standards (`--profile`) and which language (`--lang`)
EXTRA_KEYS["profile"] = _choice("all", "nl-api", "healthcare", "ssdlc")
EXTRA_KEYS["lang"] = _choice("en", "nl")
RULE_DEFINING_KEYS = ("custom-rules",)


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
    if path is not None:
        cfg.base_dir = os.path.dirname(os.path.abspath(path))

    def err(key: str, message: str) -> ConfigError:
        # the configuration may come with the pull request: its keys are quoted short
        # and escaped (a key holding a newline and `::error ...` forges an annotation)
        return ConfigError(f"{where}: {excerpt(key, quote=False)}: {neutral(message)}")

    def id_list(key: str, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise err(key, "expected a list of rule ids")
        for rid in value:
            if rid not in known:
                raise err(key, f"unknown rule {rid!r}")
        return tuple(value)

    for key, value in sorted(raw.items(), key=lambda kv: kv[0] not in RULE_DEFINING_KEYS):
        if key == "select":
            cfg.select = id_list(key, value)
        elif key == "ignore":
            cfg.ignore = id_list(key, value)
        elif key in ("fail-on", "fail_on"):
            if value not in FAIL_ON:
                raise err(key, f"expected one of {', '.join(FAIL_ON)}, got {value!r}")
            cfg.fail_on = value
        elif key in ("allow-remote", "allow_remote"):
            # A configuration file may come with the pull request it lints: it must
            # not switch on network access. `false` (the default) stays accepted.
            if value is not False:
                raise err(
                    key,
                    "remote references can only be allowed on the command line "
                    "(--allow-remote), not in a configuration file; remove this key",
                )
        elif key == "timeout":
            cfg.timeout = _timeout(value, key, err)
        elif key == "aggregate":
            if not isinstance(value, bool):
                raise err(key, "expected true or false")
            cfg.aggregate = value
        elif key == "rules":
            if not isinstance(value, dict):
                raise err(key, "expected a mapping of rule id to settings")
            for rid, setting in value.items():
                if rid not in known:
                    raise err(f"rules.{rid}", "unknown rule")
                cfg.rules[rid] = _rule_settings(known[rid], setting, f"rules.{rid}", err)
        elif key == "overrides":
            if not isinstance(value, list):
                raise err(key, "expected a list of {files, pointers, rules} mappings")
            cfg.overrides = [
                _override(item, f"overrides[{i}]", known, err) for i, item in enumerate(value)
            ]
        elif key == "baseline":
            if not isinstance(value, str) or not value.strip():
                raise err(key, "expected the path of a baseline file")
            base = cfg.base_dir or os.getcwd()
            cfg.baseline = os.path.normpath(os.path.join(base, value))
            _within_project(cfg.baseline, base, f"{where}: {key}", "the baseline", "--baseline")
        elif key in EXTRA_KEYS:
            cfg.extra[key] = EXTRA_KEYS[key](value, f"{where}: {key}", known)
        else:
            raise err(key, "unknown key")
    return cfg


def _timeout(value: Any, key: str, err: Any) -> float:
    """The ``timeout`` key: seconds per document, more than 0 and at most an hour.

    No limit (0) is for the command line only (``--timeout 0``), as ``--allow-remote``
    is: the configuration may come with the pull request it lints, together with
    the custom rule whose regular expression would then hang the CI job forever.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise err(key, "expected a number of seconds per document")
    if value <= 0:
        raise err(
            key,
            "a document's time limit can only be switched off on the command line "
            "(--timeout 0), not in a configuration file",
        )
    if value > MAX_CONFIG_TIMEOUT:
        raise err(
            key,
            f"at most {MAX_CONFIG_TIMEOUT:g} seconds in a configuration file "
            "(a longer limit: --timeout on the command line)",
        )
    return float(value)


_OVERRIDE_KEYS = ("files", "pointers", "rules")


def _override(item: Any, key: str, known: Mapping[str, Rule], err: Any) -> Override:
    if not isinstance(item, dict):
        raise err(key, "expected a mapping with files, rules and optionally pointers")
    for name in item:
        if name not in _OVERRIDE_KEYS:
            raise err(f"{key}.{name}", "unknown key (expected files, pointers, rules)")
    files = item.get("files")
    if isinstance(files, str):
        files = [files]
    if (
        not isinstance(files, list)
        or not files
        or not all(isinstance(f, str) and f.strip() for f in files)
    ):
        raise err(f"{key}.files", "expected a non-empty list of file globs")
    pointers_raw = item.get("pointers", [])
    if isinstance(pointers_raw, str):
        pointers_raw = [pointers_raw]
    if not isinstance(pointers_raw, list) or not all(isinstance(p, str) for p in pointers_raw):
        raise err(f"{key}.pointers", "expected a list of JSON pointers")
    pointers = []
    for p in pointers_raw:
        ptr = p[1:] if p.startswith("#") else p
        if ptr and not ptr.startswith("/"):
            raise err(f"{key}.pointers", f"{p!r} is not a JSON pointer (like /paths/~1pets/get)")
        pointers.append(ptr)
    settings = item.get("rules")
    if not isinstance(settings, dict) or not settings:
        raise err(f"{key}.rules", "expected a mapping of rule id to settings")
    out: dict[str, dict[str, Any]] = {}
    for rid, setting in settings.items():
        if rid not in known:
            raise err(f"{key}.rules.{rid}", "unknown rule")
        parsed = _rule_settings(known[rid], setting, f"{key}.rules.{rid}", err)
        if "aggregate" in parsed:
            raise err(
                f"{key}.rules.{rid}.aggregate",
                "aggregate is a per-document decision: set it under rules, not in overrides",
            )
        if pointers and "options" in parsed:
            raise err(
                f"{key}.rules.{rid}.options",
                "options cannot be set for pointers (a rule runs once per document); "
                "use an override with files only",
            )
        out[rid] = parsed
    return Override(
        files=tuple(files),
        pointers=tuple(pointers),
        rules=out,
        regexes=tuple(glob_regex(f) for f in files),
    )


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
        elif name == "aggregate":
            if meta.aggregate is None:
                raise err(
                    f"{key}.aggregate",
                    f"{meta.id} does not aggregate (it judges each place on its own)",
                )
            if not isinstance(value, bool):
                raise err(f"{key}.aggregate", "expected true or false")
            out["aggregate"] = value
        else:
            raise err(
                f"{key}.{name}",
                "unknown setting (expected enabled, severity, options, aggregate)",
            )
    return out
