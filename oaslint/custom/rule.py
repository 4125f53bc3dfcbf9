"""A custom rule from the configuration, turned into an ordinary :class:`Rule`."""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from oaslint.custom.checks import Then, Violation, _compile_then, _shown
from oaslint.custom.errors import CustomRuleError
from oaslint.custom.evaluate import CompiledPath, _View, compile_path
from oaslint.model import Severity
from oaslint.rules.base import Rule, RuleContext, RuleMeta

KEY = "custom-rules"
PLACEHOLDERS = ("value", "property", "path", "error")
RULE_KEYS = (
    "id",
    "given",
    "then",
    "severity",
    "message",
    "title",
    "description",
    "rationale",
    "references",
    "bad-example",
    "good-example",
    "resolved",
)
_ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_PLACEHOLDER_RE = re.compile(r"{{\s*([A-Za-z_]+)\s*}}")


def _text(raw: Mapping[str, Any], name: str, key: str, default: str) -> str:
    value = raw.get(name, default)
    if not isinstance(value, str):
        raise CustomRuleError(f"{key}.{name}", "expected text")
    return value


@dataclass(frozen=True)
class CustomRule:
    """A parsed custom rule; ``rule`` is what the engine runs."""

    id: str
    paths: tuple[CompiledPath, ...]
    thens: tuple[Then, ...]
    message: str | None
    resolved: bool
    origin: str
    lead: str = ""  # the default message's start: the rule's title, when one was written
    rule: Rule = field(init=False, compare=False)

    def check(self, ctx: RuleContext) -> None:
        # The evaluation allocates many small acyclic objects (Match); with a
        # Stripe-sized document alive, the collections they trigger walk every
        # node of it: 0.6 s of a 1.3 s custom-rule run there. Nothing made here
        # can form a cycle, so the collector can safely wait until we are done.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._check(ctx)
        finally:
            if enabled:
                gc.enable()

    def _check(self, ctx: RuleContext) -> None:
        doc = ctx.index.document
        view = _View(doc, self.resolved)
        seen: set[tuple[Any, ...]] = set()
        for path in self.paths:
            for m in path.find(doc, self.resolved):
                k = m.ident()
                if k in seen:
                    continue
                seen.add(k)
                for then in self.thens:
                    for viol in then.violations(view, m):
                        ctx.report(viol.loc, self.render(viol), prefer_key=viol.prefer_key)

    def render(self, v: Violation) -> str:
        if self.message is None:
            return f"{self.lead}: {v.error}" if self.lead else v.error
        values: dict[str, Callable[[], str]] = {
            "value": lambda: _shown(v.value),
            "property": lambda: v.prop,
            "path": v.at.path,
            "error": lambda: v.error,
        }
        return _PLACEHOLDER_RE.sub(lambda mo: values[mo.group(1)](), self.message)


def _describe(
    rule_id: str, paths: Sequence[str], thens: Sequence[Mapping[str, Any]], origin_file: str
) -> str:
    checks = []
    for t in thens:
        fld = t.get("field")
        opts = t.get("functionOptions") or {}
        on = f" on `{fld if isinstance(fld, str) else '.'.join(fld)}`" if fld else ""
        with_opts = f" with `{json.dumps(opts, default=str)}`" if opts else ""
        checks.append(f"`{t.get('function')}`{on}{with_opts}")
    return (
        f"Custom rule defined in `{origin_file}`: for every node matched by "
        + " or ".join(f"`{p}`" for p in paths)
        + ", checks "
        + " and ".join(checks)
        + "."
    )


def parse_rule(raw: Any, key: str, rule_id: str | None, origin_file: str) -> CustomRule:
    """One ``custom-rules`` entry; ``rule_id`` is set for the mapping form."""
    if not isinstance(raw, dict):
        raise CustomRuleError(key, "expected a mapping with id, given, then, ...")
    for name in raw:
        if name not in RULE_KEYS:
            raise CustomRuleError(f"{key}.{name}", f"unknown key (expected {', '.join(RULE_KEYS)})")
    if rule_id is None:
        rule_id = raw.get("id")
        if rule_id is None:
            raise CustomRuleError(f"{key}.id", "required")
    elif "id" in raw and raw["id"] != rule_id:
        raise CustomRuleError(f"{key}.id", f"differs from the key {rule_id!r}")
    if not isinstance(rule_id, str) or not _ID_RE.match(rule_id):
        raise CustomRuleError(
            f"{key}.id", f"{rule_id!r} is not a lower-case slug like 'operation-id-case'"
        )

    given = raw.get("given")
    given_list = [given] if isinstance(given, str) else given
    if not isinstance(given_list, list) or not given_list:
        raise CustomRuleError(f"{key}.given", "expected a JSONPath expression or a list of them")
    paths = []
    for i, text in enumerate(given_list):
        gkey = f"{key}.given" if isinstance(given, str) else f"{key}.given[{i}]"
        try:
            paths.append(compile_path(text))
        except ValueError as exc:
            raise CustomRuleError(gkey, str(exc)) from None

    then = raw.get("then")
    if then is None:
        raise CustomRuleError(
            f"{key}.then", "required: {function: ..., field: ..., functionOptions: ...}"
        )
    then_list = then if isinstance(then, list) else [then]
    if not then_list:
        raise CustomRuleError(f"{key}.then", "expected at least one check")
    thens = tuple(
        _compile_then(t, f"{key}.then" if not isinstance(then, list) else f"{key}.then[{i}]")
        for i, t in enumerate(then_list)
    )

    sev_text = raw.get("severity", "warning")
    try:
        severity = Severity.parse(str(sev_text))
    except ValueError as exc:
        raise CustomRuleError(f"{key}.severity", str(exc)) from None

    message = raw.get("message")
    if message is not None:
        if not isinstance(message, str) or not message.strip():
            raise CustomRuleError(f"{key}.message", "expected text")
        for name in _PLACEHOLDER_RE.findall(message):
            if name not in PLACEHOLDERS:
                raise CustomRuleError(
                    f"{key}.message",
                    f"unknown placeholder {{{{{name}}}}} "
                    f"(known: {', '.join('{{' + p + '}}' for p in PLACEHOLDERS)})",
                )

    refs = raw.get("references", [])
    if isinstance(refs, str):
        refs = [refs]
    if not isinstance(refs, list) or not all(isinstance(r, str) and r for r in refs):
        raise CustomRuleError(f"{key}.references", "expected a list of requirement ids")

    resolved = raw.get("resolved", True)
    if not isinstance(resolved, bool):
        raise CustomRuleError(f"{key}.resolved", "expected true or false")

    description = _text(raw, "description", key, "")
    how = _describe(rule_id, [p.text for p in paths], then_list, origin_file)
    title = _text(raw, "title", key, "") or (
        description.strip().splitlines()[0].rstrip(".")
        if description.strip()
        else f"Custom rule {rule_id}"
    )
    none_given = f"# no example given in {origin_file}"
    meta = RuleMeta(
        id=rule_id,
        title=title,
        severity=severity,
        references=tuple(refs),
        description=(description.strip() + "\n\n" + how) if description.strip() else how,
        rationale=_text(raw, "rationale", key, "")
        or f"Required by the project's own configuration ({origin_file}).",
        bad_example=_text(raw, "bad-example", key, "") or none_given,
        good_example=_text(raw, "good-example", key, "") or none_given,
        category="custom",
    )
    lead = title if ("title" in raw or description.strip()) else ""
    custom = CustomRule(
        rule_id, tuple(paths), thens, message, resolved, f"config:{origin_file}", lead
    )
    object.__setattr__(custom, "rule", Rule(meta, custom.check, custom.origin))
    return custom


def _shown_path(path: str) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if rel.startswith("..") else rel


def parse_custom_rules(value: Any, where: str, known: dict[str, Rule]) -> list[Rule]:
    """The ``custom-rules`` validator registered in :data:`oaslint.config.EXTRA_KEYS`.

    ``where`` is ``"<config file>: custom-rules"``. Adds the new rules to
    ``known`` so that ``select``, ``ignore``, ``rules`` and ``overrides`` may
    name them. Raises :class:`CustomRuleError` naming the file and the key
    (``oaslint.config`` turns it into its ``ConfigError``).
    """
    suffix = f": {KEY}"
    config_file = where[: -len(suffix)] if where.endswith(suffix) else where
    origin_file = _shown_path(config_file) if config_file != "<config>" else config_file

    if isinstance(value, dict):
        entries = [(f"{KEY}.{rid}", rid, raw) for rid, raw in value.items()]
    elif isinstance(value, list):
        entries = [(f"{KEY}[{i}]", None, raw) for i, raw in enumerate(value)]
    else:
        raise CustomRuleError(
            KEY, "expected a list of rules (or a mapping of rule id to rule)", config_file
        )
    rules: list[Rule] = []
    for key, rid, raw in entries:
        try:
            custom = parse_rule(raw, key, str(rid) if rid is not None else None, origin_file)
        except CustomRuleError as exc:
            raise CustomRuleError(exc.key, exc.message, config_file) from None
        other = known.get(custom.id)
        if other is not None:
            raise CustomRuleError(
                f"{key}.id" if rid is None else key,
                f"rule id {custom.id!r} is already used by a rule from {other.origin}",
                config_file,
            )
        known[custom.id] = custom.rule
        rules.append(custom.rule)
    return rules
