"""Third-party rules and formatters, discovered through entry points.

A separately installed distribution registers

* rules under the group ``oaslint.rules``: the entry-point **name is the rule
  id**, the value a module with ``META`` (a :class:`~oaslint.rules.base.RuleMeta`)
  and ``check(ctx)``, or an object with ``.meta`` and ``.check`` (such as a
  :class:`~oaslint.rules.base.Rule`);
* formatters under ``oaslint.formatters``: the name is the ``--format`` value,
  the value a callable ``render(result, ctx) -> str`` or a module with ``render``.

Plugin rules are ordinary :class:`~oaslint.rules.base.Rule` objects whose
``origin`` is their distribution's name, so configuration, suppressions,
formatters, ``oaslint --explain`` and ``python -m oaslint.docs`` treat them like built-ins.

oaslint declares its own built-ins in the same groups (``pyproject.toml``), but
loads them from :data:`oaslint.rules.BUILTIN_MODULES`, the single source of
truth: an editable install keeps the entry-point metadata of the day it was
installed, and a rule added since must still load. Entry points of the
``oaslint`` distribution are therefore never imported; they are only compared
with the built-ins (:attr:`Discovery.stale`), and ``tests/test_plugins.py``
checks that ``pyproject.toml`` lists exactly ``BUILTIN_MODULES``.

A plugin that cannot be imported, has incomplete metadata, or whose id clashes
with another rule raises :class:`~oaslint.rules.RegistryError` with one line
naming the distribution and the entry point; the CLI prints it and exits 2.

Start-up cost: importing ``importlib.metadata`` (it pulls in ``email``,
``zipfile``, ``csv``, ``socket``...) and one ``entry_points()`` scan cost about
15 ms CPU on this project's 2-core machine, a tenth of a pre-commit run on a
small spec. So the scan is done once per process for both groups
(:func:`entry_points_by_group`) and, in the usual case, without
``importlib.metadata``: :func:`_fast_scan` lists each ``sys.path`` folder and reads
the ``entry_points.txt`` of each ``*.dist-info`` / ``*.egg-info`` folder exactly as
``importlib.metadata.entry_points()`` does (same folders, same order, the first
distribution of a name wins, same file syntax), about 1-2 ms. It gives up, and
``importlib.metadata`` scans as before, whenever it could differ: a finder on
``sys.meta_path`` other than the standard path finder that lists distributions,
a zip file or ``.egg`` on ``sys.path``, an unusual folder name or an
``entry_points.txt`` it cannot read or parse (``tests/test_startup.py`` compares
both scans). ``importlib.metadata`` is still imported to load and name a
third-party plugin, never for oaslint's own entry points (only compared with the
built-ins). Nothing is cached on disk: a cache would go stale whenever a plugin
is installed. Each distribution's name is read once (its METADATA is parsed as
an e-mail message: reading it per entry point cost 30 ms for oaslint's own 49).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from types import ModuleType
from typing import TYPE_CHECKING, Any

from oaslint.model import Severity
from oaslint.rules import RegistryError
from oaslint.rules.base import Option, Rule, RuleMeta

if TYPE_CHECKING:
    from importlib import metadata

RULES_GROUP = "oaslint.rules"
FORMATTERS_GROUP = "oaslint.formatters"
OWN_DISTRIBUTION = "oaslint"

RULE_ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


@dataclass(frozen=True)
class EntryRef:
    """One entry point, with the distribution it comes from (or ``None``)."""

    name: str
    value: str
    group: str
    distribution: str | None
    load: Callable[[], Any] = field(compare=False, repr=False)

    def describe(self) -> str:
        dist = self.distribution or "an unknown distribution"
        return f"plugin {dist}: entry point '{self.name} = {self.value}' ({self.group})"


def _dist_name(ep: metadata.EntryPoint) -> str | None:
    return _name_of(getattr(ep, "dist", None))


def _name_of(dist: Any) -> str | None:
    if dist is None:
        return None
    try:
        name = dist.name
    except Exception:  # broken METADATA: still name the entry point
        return None
    return str(name) if name else None


def entry_points_by_group() -> Mapping[str, tuple[EntryRef, ...]]:
    """Every oaslint entry point, by group: one metadata scan per process."""
    return _scan()


@lru_cache(maxsize=1)
def _scan() -> Mapping[str, tuple[EntryRef, ...]]:
    fast = _fast_scan(sys.path, sys.meta_path)
    return fast if fast is not None else _metadata_scan()


def _metadata_scan() -> Mapping[str, tuple[EntryRef, ...]]:
    """The scan through ``importlib.metadata.entry_points()``."""
    from importlib import metadata

    out: dict[str, list[EntryRef]] = {RULES_GROUP: [], FORMATTERS_GROUP: []}
    all_eps = metadata.entry_points()
    # a distribution's name is read from its METADATA file (an e-mail parse): once
    # per distribution, not once per entry point (49 reads for oaslint's own)
    names: dict[int, str | None] = {}
    for group, refs in out.items():
        for ep in all_eps.select(group=group):
            key = id(getattr(ep, "dist", None))
            if key not in names:
                names[key] = _dist_name(ep)
            refs.append(EntryRef(ep.name, ep.value, group, names[key], ep.load))
    return {g: tuple(v) for g, v in out.items()}


def _fast_scan(
    paths: Sequence[Any], finders: Sequence[Any]
) -> dict[str, tuple[EntryRef, ...]] | None:
    """:func:`_metadata_scan` without ``importlib.metadata`` (:mod:`oaslint.distributions`),
    or None where the two could differ."""
    from oaslint import distributions

    out: dict[str, list[EntryRef]] = {RULES_GROUP: [], FORMATTERS_GROUP: []}
    try:
        for name, folder in distributions.distributions(paths, finders):
            # a plugin's name is read from its METADATA once, if it has oaslint entry points
            named = name == OWN_DISTRIBUTION
            shown: str | None = OWN_DISTRIBUTION if named else None
            for group, ep_name, value in distributions.entry_points(folder):
                refs = out.get(group)
                if refs is None:
                    continue
                if not named:  # a plugin: its name as importlib.metadata gives it
                    shown, named = _distribution_name(folder), True
                load = partial(_load_entry, ep_name, value, group)
                refs.append(EntryRef(ep_name, value, group, shown, load))
    except distributions.CannotMirror:
        return None
    return {g: tuple(v) for g, v in out.items()}


def _distribution_name(folder: str) -> str | None:
    import pathlib
    from importlib import metadata

    return _name_of(metadata.PathDistribution(pathlib.Path(folder)))


def _load_entry(name: str, value: str, group: str) -> Any:
    from importlib import metadata

    return metadata.EntryPoint(name, value, group).load()


def clear_cache() -> None:
    """Forget the scanned entry points (tests, or after installing a plugin)."""
    _scan.cache_clear()


@dataclass
class Discovery:
    """What the entry points hold, split into plugins and oaslint's own."""

    rules: list[Rule] = field(default_factory=list)
    formatters: dict[str, Callable[..., str]] = field(default_factory=dict)
    formatter_origins: dict[str, str] = field(default_factory=dict)
    # oaslint's own entry points that disagree with the built-ins (stale metadata)
    stale: list[str] = field(default_factory=list)


def _load(ref: EntryRef) -> Any:
    try:
        return ref.load()
    except (Exception, SystemExit) as exc:  # a plugin must not take oaslint down
        detail = str(exc).splitlines()[0] if str(exc) else ""
        raise RegistryError(
            f"{ref.describe()} cannot be loaded: {type(exc).__name__}"
            + (f": {detail}" if detail else "")
        ) from None


def rule_from_object(obj: Any, ref: EntryRef) -> Rule:
    """Make a :class:`Rule` of a loaded entry point, checking it thoroughly."""
    if isinstance(obj, ModuleType):
        meta, check = getattr(obj, "META", None), getattr(obj, "check", None)
        what = "module"
    else:
        meta, check = getattr(obj, "meta", None), getattr(obj, "check", None)
        what = "object"
    if meta is None or check is None:
        needs = "META and check()" if what == "module" else ".meta and .check"
        raise RegistryError(f"{ref.describe()}: the {what} has no {needs}")
    if not isinstance(meta, RuleMeta):
        raise RegistryError(
            f"{ref.describe()}: metadata is a {type(meta).__name__}, not an oaslint RuleMeta"
        )
    if not callable(check):
        raise RegistryError(f"{ref.describe()}: check is not callable")
    problems = meta.missing_fields()
    if problems:
        raise RegistryError(
            f"{ref.describe()}: incomplete metadata (missing {', '.join(problems)})"
        )
    if not RULE_ID_RE.match(meta.id):
        raise RegistryError(
            f"{ref.describe()}: rule id {meta.id!r} is not a lower-case slug like 'my-rule'"
        )
    if meta.id != ref.name:
        raise RegistryError(
            f"{ref.describe()}: the entry-point name must be the rule id {meta.id!r}"
        )
    if not isinstance(meta.severity, Severity):
        raise RegistryError(f"{ref.describe()}: severity must be an oaslint Severity")
    if not all(isinstance(r, str) and r for r in meta.references):
        raise RegistryError(f"{ref.describe()}: references must be non-empty strings")
    for name, opt in meta.options.items():
        if not isinstance(opt, Option):
            raise RegistryError(f"{ref.describe()}: option {name!r} is not an oaslint Option")
    if meta.always_on:
        raise RegistryError(f"{ref.describe()}: only oaslint's health rules may be always on")
    return Rule(meta, check, ref.distribution or "unknown distribution")


def _formatter_from_object(obj: Any, ref: EntryRef) -> Callable[..., str]:
    if isinstance(obj, ModuleType):
        obj = getattr(obj, "render", None)
    if not callable(obj):
        raise RegistryError(
            f"{ref.describe()}: a formatter must be a callable render(result, ctx) -> str "
            "or a module with one"
        )
    fn: Callable[..., str] = obj
    return fn


def _formatter_where(formatters: Mapping[str, Callable[..., str]], name: str) -> str | None:
    """``module:function`` of a built-in formatter, without importing a lazy one."""
    if name not in formatters:
        return None
    spec = getattr(formatters, "spec", None)
    where = spec(name) if callable(spec) else None
    if isinstance(where, str):
        return where
    fn = formatters[name]
    return f"{getattr(fn, '__module__', '')}:{getattr(fn, '__name__', '')}"


def _is_own(ref: EntryRef) -> bool:
    return (ref.distribution or "").lower().replace("_", "-") == OWN_DISTRIBUTION


def discover(
    builtin_rules: Iterable[Rule],
    builtin_formatters: Mapping[str, Callable[..., str]],
    groups: Mapping[str, tuple[EntryRef, ...]] | None = None,
) -> Discovery:
    """Load every plugin rule and formatter; check them against the built-ins.

    ``groups`` defaults to the installed entry points (tests pass their own).
    """
    groups = entry_points_by_group() if groups is None else groups
    found = Discovery()
    builtin = {r.meta.id: r for r in builtin_rules}
    taken: dict[str, str] = {rid: OWN_DISTRIBUTION for rid in builtin}
    for ref in groups.get(RULES_GROUP, ()):
        if _is_own(ref):
            rule = builtin.get(ref.name)
            module = getattr(rule.check, "__module__", None) if rule else None
            if rule is None or ref.value.partition(":")[0] != module:
                found.stale.append(f"{ref.group}: {ref.name} = {ref.value}")
            continue
        rule = rule_from_object(_load(ref), ref)
        other = taken.get(rule.meta.id)
        if other is not None:
            raise RegistryError(
                f"{ref.describe()}: rule id {rule.meta.id!r} clashes with the rule of the "
                f"same id from {other}"
            )
        taken[rule.meta.id] = rule.origin
        found.rules.append(rule)
    own_ids = {ref.name for ref in groups.get(RULES_GROUP, ()) if _is_own(ref)}
    if own_ids:  # metadata present: a built-in missing from it is stale too
        found.stale += [f"{RULES_GROUP}: {rid} missing" for rid in sorted(set(builtin) - own_ids)]

    fmt_taken: dict[str, str] = {name: OWN_DISTRIBUTION for name in builtin_formatters}
    for ref in groups.get(FORMATTERS_GROUP, ()):
        if _is_own(ref):
            where = _formatter_where(builtin_formatters, ref.name)
            if where is None or ref.value.replace(" ", "") != where:
                found.stale.append(f"{ref.group}: {ref.name} = {ref.value}")
            continue
        other = fmt_taken.get(ref.name)
        if other is not None:
            raise RegistryError(
                f"{ref.describe()}: format {ref.name!r} clashes with the format of the same "
                f"name from {other}"
            )
        found.formatters[ref.name] = _formatter_from_object(_load(ref), ref)
        origin = ref.distribution or "unknown distribution"
        found.formatter_origins[ref.name] = origin
        fmt_taken[ref.name] = origin
    return found
