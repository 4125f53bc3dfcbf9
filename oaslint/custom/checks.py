"""The checks of a custom rule (``then``): what is looked at, and when it is a finding."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from oaslint.custom.errors import CustomRuleError
from oaslint.custom.evaluate import Match, _path_segment, _same, _View
from oaslint.model import Location

FUNCTIONS = (
    "truthy",
    "falsy",
    "defined",
    "undefined",
    "pattern",
    "notPattern",
    "enumeration",
    "length",
    "schema",
)


@dataclass(frozen=True)
class Violation:
    loc: Location
    prefer_key: bool
    error: str
    value: Any
    prop: str
    at: Match  # the node checked, for {{path}} (computed only when a message uses it)


@dataclass(frozen=True)
class Target:
    """What a check looks at: the field of a match, or the match itself.

    ``at`` is the node holding the value (when absent: the deepest parent that
    exists); locations are computed only for the values that are reported.
    """

    present: bool
    value: Any
    prop: str
    at: Match
    key_mode: bool = False  # the value is ``at``'s key (field @key)

    @property
    def loc(self) -> Location:
        """Where the value is written (or, when absent, the deepest parent)."""
        return self.at.entry if self.key_mode else self.at.loc

    @property
    def entry(self) -> Location:
        """Where its entry is written (for "must not exist" findings)."""
        if self.key_mode or self.present:
            return self.at.entry
        return self.at.loc


def _shown(value: Any, limit: int = 80) -> str:
    if isinstance(value, str):
        text = value
    elif value is None or isinstance(value, (bool, int, float)):
        text = json.dumps(value)
    else:
        text = json.dumps(value, separators=(",", ":"), default=str, sort_keys=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)
    return None


def _schema_validator(schema: Any) -> Any:
    import jsonschema_rs

    def no_remote(uri: str) -> Any:
        raise ValueError(f"{uri}: custom-rule schemas may not fetch remote $refs")

    return jsonschema_rs.validator_for(schema, retriever=no_remote)


@dataclass(frozen=True)
class Then:
    field: tuple[str, ...] | None  # None: the matched value; ("@key",): its key
    function: str
    options: Mapping[str, Any]
    regexes: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (match|notMatch, compiled)
    validator: Any = None

    def target(self, view: _View, m: Match) -> Target:
        if self.field is None:
            prop = "$" if m.key is None else str(m.key)
            return Target(True, m.value, prop, m)
        if self.field == ("@key",):
            prop = "" if m.key is None else str(m.key)
            return Target(m.key is not None, prop, prop, m, key_mode=True)
        cur = m
        for seg in self.field:
            value = cur.value
            nxt: Match | None = None
            if isinstance(value, dict) and seg in value:
                nxt = view.child(cur, seg, value[seg])
            elif isinstance(value, list) and seg.isdigit() and int(seg) < len(value):
                nxt = view.child(cur, int(seg), value[int(seg)])
            if nxt is None:
                return Target(False, None, seg, cur)
            cur = nxt
        return Target(True, cur.value, self.field[-1], cur)

    def violations(self, view: _View, m: Match) -> Iterator[Violation]:
        t = self.target(view, m)
        fn = self.function
        prop = f"`{t.prop}`"

        def v(error: str, at_key: bool = False, loc: Location | None = None) -> Violation:
            where = loc or (t.entry if at_key else t.loc)
            return Violation(where, at_key, error, t.value, t.prop, t.at)

        if fn == "truthy":
            if not t.present:
                yield v(f"{prop} is missing")
            elif not t.value:
                yield v(f"{prop} is empty or false")
        elif fn == "falsy":
            if t.present and t.value:
                yield v(f"{prop} must be absent, empty or false", at_key=True)
        elif fn == "defined":
            if not t.present:
                yield v(f"{prop} is missing")
        elif fn == "undefined":
            if t.present:
                yield v(f"{prop} must not be present", at_key=True)
        elif not t.present:
            return  # the value checks below need a value: use `defined` to require one
        elif fn in ("pattern", "notPattern"):
            text = _scalar_text(t.value)
            if text is None:
                return
            for kind, rx in self.regexes:
                found = rx.search(text) is not None
                if kind == "match" and not found:
                    yield v(f"{_shown(text)!r} does not match `{rx.pattern}`")
                elif kind == "notMatch" and found:
                    yield v(f"{_shown(text)!r} matches `{rx.pattern}`")
        elif fn == "enumeration":
            values = self.options["values"]
            if not any(_same(t.value, allowed) for allowed in values):
                allowed_text = ", ".join(_shown(a) for a in values)
                yield v(f"{_shown(t.value)!r} is not one of: {allowed_text}")
        elif fn == "length":
            value = t.value
            if isinstance(value, str):
                n, unit = len(value), "characters"
            elif isinstance(value, list):
                n, unit = len(value), "items"
            elif isinstance(value, dict):
                n, unit = len(value), "entries"
            else:
                return
            lo, hi = self.options.get("min"), self.options.get("max")
            if lo is not None and n < lo:
                yield v(f"{prop} has {n} {unit}, fewer than the minimum of {lo}")
            if hi is not None and n > hi:
                yield v(f"{prop} has {n} {unit}, more than the maximum of {hi}")
        elif fn == "schema":
            for err in self.validator.iter_errors(t.value):
                where = list(err.instance_path)
                sub = t.loc.child(*where) if where else t.loc
                inner = "".join(_path_segment(s) for s in where)
                yield v(f"`{t.prop}{inner}`: {err.message}", loc=sub)


_OPTIONS: dict[str, tuple[set[str], set[str]]] = {  # function: (required, allowed)
    "truthy": (set(), set()),
    "falsy": (set(), set()),
    "defined": (set(), set()),
    "undefined": (set(), set()),
    "pattern": (set(), {"match", "notMatch"}),
    "notPattern": ({"match"}, {"match"}),
    "enumeration": ({"values"}, {"values"}),
    "length": (set(), {"min", "max"}),
    "schema": ({"schema"}, {"schema"}),
}


def _compile_then(raw: Any, key: str) -> Then:
    if not isinstance(raw, dict):
        raise CustomRuleError(
            key, "expected a mapping with function, and optionally field and functionOptions"
        )
    for name in raw:
        if name not in ("field", "function", "functionOptions"):
            raise CustomRuleError(
                f"{key}.{name}", "unknown key (expected field, function, functionOptions)"
            )
    fn = raw.get("function")
    if fn not in FUNCTIONS:
        raise CustomRuleError(
            f"{key}.function", f"unknown function {fn!r} (expected one of {', '.join(FUNCTIONS)})"
        )
    field_raw = raw.get("field")
    fld: tuple[str, ...] | None
    if field_raw is None:
        fld = None
    elif isinstance(field_raw, str) and field_raw.strip():
        fld = ("@key",) if field_raw == "@key" else tuple(field_raw.split("."))
    elif (
        isinstance(field_raw, list)
        and field_raw
        and all(isinstance(s, str) and s for s in field_raw)
    ):
        fld = tuple(field_raw)
    else:
        raise CustomRuleError(
            f"{key}.field",
            "expected a property name, a dotted path (a.b), a list of names, or @key",
        )
    opts = raw.get("functionOptions", {})
    okey = f"{key}.functionOptions"
    if opts is None:
        opts = {}
    if not isinstance(opts, dict):
        raise CustomRuleError(okey, "expected a mapping")
    required, allowed = _OPTIONS[fn]
    for name in opts:
        if name not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise CustomRuleError(f"{okey}.{name}", f"unknown option for {fn} (allowed: {known})")
    for name in sorted(required - set(opts)):
        raise CustomRuleError(f"{okey}.{name}", f"required by {fn}")
    regexes: list[tuple[str, re.Pattern[str]]] = []
    validator = None
    if fn in ("pattern", "notPattern"):
        if fn == "pattern" and not opts:
            raise CustomRuleError(okey, "pattern needs match or notMatch")
        for name in ("match", "notMatch"):
            if name not in opts:
                continue
            pat = opts[name]
            if not isinstance(pat, str) or not pat:
                raise CustomRuleError(f"{okey}.{name}", "expected a regular expression")
            try:
                rx = re.compile(pat)
            except re.error as exc:
                raise CustomRuleError(
                    f"{okey}.{name}", f"invalid regular expression {pat!r}: {exc}"
                ) from None
            regexes.append(("notMatch" if fn == "notPattern" else name, rx))
    elif fn == "enumeration":
        values = opts["values"]
        if (
            not isinstance(values, list)
            or not values
            or not all(v is None or isinstance(v, (str, int, float, bool)) for v in values)
        ):
            raise CustomRuleError(f"{okey}.values", "expected a non-empty list of scalars")
    elif fn == "length":
        if not opts:
            raise CustomRuleError(okey, "length needs min, max or both")
        for name in ("min", "max"):
            if name in opts:
                n = opts[name]
                if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                    raise CustomRuleError(f"{okey}.{name}", "expected a whole number >= 0")
        if "min" in opts and "max" in opts and opts["min"] > opts["max"]:
            raise CustomRuleError(okey, "min is larger than max")
    elif fn == "schema":
        schema = opts["schema"]
        if not isinstance(schema, (dict, bool)):
            raise CustomRuleError(f"{okey}.schema", "expected a JSON Schema (a mapping)")
        try:
            validator = _schema_validator(schema)
        except Exception as exc:  # jsonschema_rs.ValidationError and friends
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CustomRuleError(f"{okey}.schema", f"invalid JSON Schema: {first}") from None
    return Then(fld, fn, dict(opts), tuple(regexes), validator)
