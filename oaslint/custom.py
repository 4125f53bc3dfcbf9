"""Custom rules written in the configuration: Spectral-style ``given`` / ``then``.

``custom-rules`` in ``.oaslint.yaml`` (or ``[tool.oaslint]``) defines rules as
data; each becomes an ordinary :class:`~oaslint.rules.base.Rule` (origin
``config:<file>``), so ``rules:`` severities, ``off``, ``select``/``ignore``,
overrides, suppressions, every formatter, ``oaslint rules`` and ``oaslint
explain`` treat it like a built-in. The format and three worked examples are
in ``docs/custom-rules.md``.

What ``given`` means on a multi-file document
---------------------------------------------
By default (``resolved: true``) a path is evaluated over the **resolved view**
of the document, as Spectral does: a ``$ref`` object is seen as its target, so
``$.paths[*].get`` reaches an operation written in ``paths/pets.yaml``. Unlike
Spectral nothing is inlined and nothing is mapped back: every value the
evaluator holds carries the file and JSON pointer **where it is written**, so a
finding on a node in a ``$ref``-ed file names that file and line. Recursive
descent (``..``) follows ``$ref``s too, but visits every written node at most
once, which keeps recursive schemas (Stripe) finite and a shared schema from
being reported once per use. With ``resolved: false`` the path is evaluated
over each loaded file as written (``$`` is that file's root, ``$ref`` objects
stay as they are): the way to check ``$ref`` values themselves.

Why the paths are parsed by jsonpath-ng but evaluated here
-----------------------------------------------------------
jsonpath-ng (``jsonpath_ng.ext``) parses the expressions: its grammar, its
error messages, its filter syntax. Its evaluator is not used, for three
reasons found while building this module:

* ``[*]`` on an object yields nothing (``$.paths[*].get`` finds no operation),
  and a filter on an object replaces the keys by positions
  (``$.components.schemas[?(@.type == 'object')]`` reports ``schemas.[0]``),
  which would put findings on the wrong node;
* it works on one plain tree, so it cannot follow ``$ref`` into other files,
  and ``..`` over a cyclic resolved tree would never end;
* speed, measured on ``stripe-spec3.oas30.yaml`` (4.1 MB, 35,518 containers;
  this project's 2-core machine): ``$..parameters[?(@.in == 'query')].name``
  takes 0.29 s in jsonpath-ng, ``$..description`` 0.36 s, so ten such rules
  would add about 3 s to a 2 s run. Here the set of nodes under ``$`` is built
  once per document and shared by every rule (about 0.05 s), and each rule's
  own step over it costs milliseconds (``benchmarks/custom_rules.py``).

Paths are parsed once, with one parser instance (building the parser costs
12 ms, each parse about 0.5 ms), when the configuration is read; regular
expressions and JSON Schemas are compiled then too. jsonpath-ng is imported
only when a configuration defines custom rules.
"""

from __future__ import annotations

import gc
import json
import os
import re
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from oaslint.loader.document import Document
from oaslint.model import Location, Severity, escape_segment, unescape_segment
from oaslint.rules.base import Rule, RuleContext, RuleMeta

KEY = "custom-rules"
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
_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class CustomRuleError(ValueError):
    """A custom rule is wrong; ``key`` says where (``custom-rules[0].given``)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


# ---------------------------------------------------------------------------
# The evaluation model: a node of the resolved view, and where it is written
# ---------------------------------------------------------------------------


class Match:
    """A value reached by a path, with where it is written.

    ``loc`` is where ``value`` is written (after following ``$ref``); ``entry``
    is where the entry that led to it is written in its parent (the ``$ref``
    object when there was one), ``key`` that entry's key or index. Both are
    computed on first use: most nodes a path passes are never reported, and
    building a :class:`Location` for each of Stripe's 125,000 visited nodes
    cost 1.6 s.
    """

    __slots__ = ("_entry", "_loc", "_ptr", "key", "parent", "value")

    def __init__(
        self,
        value: Any,
        key: str | int | None,
        parent: Match | None,
        loc: Location | None = None,
        entry: Location | None = None,
    ) -> None:
        self.value = value
        self.key = key
        self.parent = parent
        self._loc = loc
        self._entry = entry
        self._ptr: str | None = None  # pointer of ``loc``, cached for the children

    def _pointer(self) -> tuple[str, str]:
        """(file, pointer) of ``loc``; strings only, cached along the way up."""
        if self._loc is not None:
            return self._loc.file, self._loc.pointer
        assert self.parent is not None and self.key is not None  # only the root has none
        file, parent_ptr = self.parent._pointer()
        ptr = self._ptr
        if ptr is None:
            ptr = self._ptr = f"{parent_ptr}/{escape_segment(str(self.key))}"
        return file, ptr

    @property
    def entry(self) -> Location:
        entry = self._entry
        if entry is None:
            assert self.parent is not None and self.key is not None  # only the root has none
            file, parent_ptr = self.parent._pointer()
            entry = self._entry = Location(file, f"{parent_ptr}/{escape_segment(str(self.key))}")
        return entry

    @property
    def loc(self) -> Location:
        loc = self._loc
        if loc is None:
            loc = self._loc = self.entry
        return loc

    def ident(self) -> tuple[Any, ...]:
        """Identifies the entry as written: its parent container and its key."""
        if self.parent is None:
            return ("$", self.loc.file)
        return (id(self.parent.value), self.key)

    def path(self) -> str:
        """The JSONPath of this node in the resolved view, e.g. ``$.paths['/pets'].get``."""
        keys: list[str | int] = []
        node: Match | None = self
        while node is not None and node.key is not None:
            keys.append(node.key)
            node = node.parent
        return "$" + "".join(_path_segment(k) for k in reversed(keys))


def _path_segment(key: str | int) -> str:
    if isinstance(key, int):
        return f"[{key}]"
    if _IDENT_RE.match(key):
        return f".{key}"
    return "[" + repr(key) + "]"


class _View:
    """How children are reached: following ``$ref`` (resolved) or as written."""

    __slots__ = ("doc", "resolved")

    def __init__(self, doc: Document, resolved: bool) -> None:
        self.doc = doc
        self.resolved = resolved

    def child(self, parent: Match, key: str | int, value: Any) -> Match | None:
        if self.resolved and isinstance(value, dict) and isinstance(value.get("$ref"), str):
            entry = parent.loc.child(key)
            target, loc = self.doc.deref(value, entry)
            if target is None:  # broken or circular: resolvable-refs reports it
                return None
            return Match(target, key, parent, loc, entry)
        return Match(value, key, parent)

    def children(self, m: Match) -> Iterator[Match]:
        value = m.value
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            return
        for key, child in items:
            c = self.child(m, key, child)
            if c is not None:
                yield c

    def descendants(self, start: Match) -> list[Match]:
        """``start`` and every container below it, each written node once.

        The hot loop of ``..`` (33,000 containers on Stripe): a node is
        skipped before a :class:`Match` is made for it when it was seen.
        """
        if not isinstance(start.value, (dict, list)):
            return [start]
        out: list[Match] = [start]
        seen: set[int] = {id(start.value)}
        stack = [start]
        resolved = self.resolved
        index = _children_index(self.doc)
        empty: list[tuple[str | int, Any]] = []
        while stack:
            m = stack.pop()
            for key, v in index.get(id(m.value), empty):
                if resolved and type(v) is dict and isinstance(v.get("$ref"), str):
                    c = self.child(m, key, v)
                    if c is None or not isinstance(c.value, (dict, list)):
                        continue
                    v = c.value
                    if id(v) in seen:
                        continue
                elif id(v) in seen:
                    continue
                else:
                    c = Match(v, key, m)
                seen.add(id(v))
                out.append(c)
                stack.append(c)
        return out


def _children_index(doc: Document) -> dict[int, list[tuple[str | int, Any]]]:
    """For every container of every file, its child containers: ``id -> [(key, child)]``.

    Built once per document from ``Document.containers`` (recorded at load),
    so ``..`` never iterates the 200,000 scalars of a Stripe-sized document:
    it halved the cost of a ``$..`` walk there (0.58 s to 0.2 s measured).
    """
    cache = _cache(doc)
    found = cache.get(("children",))
    if found is not None:
        return found  # type: ignore[return-value]
    index: dict[int, list[tuple[str | int, Any]]] = {}
    by_pointer: dict[tuple[str, str], Any] = {
        (c.source.path, c.pointer): c.node for c in doc.containers
    }
    for c in doc.containers:
        if not c.pointer:
            continue
        parent_ptr, _, last = c.pointer.rpartition("/")
        parent = by_pointer.get((c.source.path, parent_ptr))
        if parent is None:
            continue
        key: str | int = int(last) if isinstance(parent, list) else unescape_segment(last)
        index.setdefault(id(parent), []).append((key, c.node))
    cache[("children",)] = index  # type: ignore[assignment]
    return index


# Per-document caches shared by every custom rule of a run: the nodes under
# each root, and the matches of each (path, view).
_CACHE: weakref.WeakKeyDictionary[Document, dict[Any, list[Match]]] = weakref.WeakKeyDictionary()


def _cache(doc: Document) -> dict[Any, list[Match]]:
    found = _CACHE.get(doc)
    if found is None:
        found = _CACHE[doc] = {}
    return found


# ---------------------------------------------------------------------------
# Compiled paths
# ---------------------------------------------------------------------------


class Step:
    """One node of a compiled path; ``run`` maps matches to matches."""

    def run(self, ev: _Eval, ms: list[Match]) -> list[Match]:  # pragma: no cover
        raise NotImplementedError


@dataclass(frozen=True)
class _Root(Step):
    def run(self, ev: _Eval, ms: list[Match]) -> list[Match]:
        return [ev.root]


@dataclass(frozen=True)
class _This(Step):
    def run(self, ev: _Eval, ms: list[Match]) -> list[Match]:
        return ms


@dataclass(frozen=True)
class _Child(Step):
    left: Step
    right: Step

    def run(self, ev: _Eval, ms: list[Match]) -> list[Match]:
        return self.right.run(ev, self.left.run(ev, ms))


@dataclass(frozen=True)
class _Descendants(Step):
    left: Step
    right: Step

    def run(self, ev: _Eval, ms: list[Match]) -> list[Match]:
        under: list[Match] = []
        for m in self.left.run(ev, ms):
            under.extend(ev.descendants(m))
        return self.right.run(ev, under)


@dataclass(frozen=True)
class _Union(Step):
    left: Step
    right: Step

    def run(self, ev: _Eval, ms: list[Match]) -> list[Match]:
        return self.left.run(ev, ms) + self.right.run(ev, ms)


@dataclass(frozen=True)
class _Fields(Step):
    names: tuple[str, ...]

    def run(self, ev: _Eval, ms: list[Match]) -> list[Match]:
        out: list[Match] = []
        child = ev.view.child
        wildcard = "*" in self.names
        for m in ms:
            value = m.value
            if isinstance(value, dict):
                if wildcard:
                    out.extend(ev.view.children(m))
                    continue
                for name in self.names:
                    if name in value:
                        c = child(m, name, value[name])
                        if c is not None:
                            out.append(c)
            elif isinstance(value, list):
                if wildcard:
                    out.extend(ev.view.children(m))
                    continue
                for name in self.names:
                    if name.isdigit() and int(name) < len(value):
                        c = child(m, int(name), value[int(name)])
                        if c is not None:
                            out.append(c)
        return out


@dataclass(frozen=True)
class _Index(Step):
    indices: tuple[int, ...]

    def run(self, ev: _Eval, ms: list[Match]) -> list[Match]:
        out: list[Match] = []
        for m in ms:
            value = m.value
            for i in self.indices:
                if isinstance(value, list) and -len(value) <= i < len(value):
                    c = ev.view.child(m, i % len(value), value[i])
                elif isinstance(value, dict) and str(i) in value:
                    c = ev.view.child(m, str(i), value[str(i)])
                else:
                    continue
                if c is not None:
                    out.append(c)
        return out


@dataclass(frozen=True)
class _Slice(Step):
    start: int | None
    end: int | None
    step: int | None

    def run(self, ev: _Eval, ms: list[Match]) -> list[Match]:
        out: list[Match] = []
        every = self.start is None and self.end is None and self.step is None
        for m in ms:
            value = m.value
            if every:  # [*]: the items of an array, the values of an object
                out.extend(ev.view.children(m))
            elif isinstance(value, list):
                for i in range(len(value))[self.start : self.end : self.step]:
                    c = ev.view.child(m, i, value[i])
                    if c is not None:
                        out.append(c)
        return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if a is None and b == "null":  # jsonpath-ng reads the literal null as 'null'
        return True
    return bool(a == b)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _compare(op: str, a: Any, b: Any) -> bool:
    if op in ("==", "="):
        return _same(a, b)
    if op == "!=":
        return not _same(a, b)
    if not ((_number(a) and _number(b)) or (isinstance(a, str) and isinstance(b, str))):
        return False
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


@dataclass(frozen=True)
class _Condition:
    target: Step  # relative to the candidate (``@``)
    op: str | None
    value: Any
    regex: re.Pattern[str] | None = None
    field: str | None = None  # set when target is `@.name`: tested without building matches

    def holds(self, ev: _Eval, candidate: Match) -> bool:
        name = self.field
        node = candidate.value
        if name is not None and isinstance(node, dict):
            if name not in node:
                return False
            value = node[name]
            if not isinstance(value, dict):  # a dict may be a $ref to follow: general path
                return self._test(value)
        found = self.target.run(ev, [candidate])
        if self.op is None:  # existence, as in RFC 9535 and jsonpath-ng
            return bool(found)
        return any(self._test(m.value) for m in found)

    def _test(self, value: Any) -> bool:
        if self.op is None:
            return True
        if self.regex is not None:
            return isinstance(value, str) and self.regex.search(value) is not None
        return _compare(self.op, value, self.value)


@dataclass(frozen=True)
class _Filter(Step):
    conditions: tuple[_Condition, ...]

    def run(self, ev: _Eval, ms: list[Match]) -> list[Match]:
        out: list[Match] = []
        for m in ms:
            for c in ev.view.children(m):
                if all(cond.holds(ev, c) for cond in self.conditions):
                    out.append(c)
        return out


class _Eval:
    """One evaluation of compiled paths over one root of one document."""

    __slots__ = ("key", "root", "view")

    def __init__(self, view: _View, root: Match, key: Any) -> None:
        self.view = view
        self.root = root
        self.key = key

    def descendants(self, m: Match) -> list[Match]:
        if m is self.root:  # `$..`: built once per document and view, shared by all rules
            cache = _cache(self.view.doc)
            ck = ("..", self.key)
            found = cache.get(ck)
            if found is None:
                found = cache[ck] = self.view.descendants(m)
            return found
        return self.view.descendants(m)


_PARSER: Any = None


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        from jsonpath_ng.ext.parser import ExtendedJsonPathParser

        _PARSER = ExtendedJsonPathParser()
    return _PARSER


@dataclass(frozen=True)
class CompiledPath:
    text: str
    step: Step

    def find(self, doc: Document, resolved: bool) -> list[Match]:
        """Every match over the document, each (location, entry) once."""
        cache = _cache(doc)
        ck = (self.text, resolved)
        found = cache.get(ck)
        if found is not None:
            return found
        view = _View(doc, resolved)
        roots = [doc.root] if resolved else list(doc.files.values())
        out: list[Match] = []
        seen: set[tuple[Any, ...]] = set()
        for src in roots:
            loc = Location(src.path, "")
            root = Match(src.data, None, None, loc, loc)
            for m in self.step.run(_Eval(view, root, (src.path, resolved)), [root]):
                k = m.ident()
                if k not in seen:
                    seen.add(k)
                    out.append(m)
        cache[ck] = out
        return out


def compile_path(text: str) -> CompiledPath:
    """Parse ``text`` with jsonpath-ng and compile it; ValueError on any problem."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("expected a JSONPath expression such as $.paths[*][get,post]")
    if not text.lstrip("( ").startswith("$"):
        raise ValueError(f"{text!r} must start at the document root '$'")
    try:
        tree = _parser().parse(text)
    except Exception as exc:  # jsonpath-ng raises several kinds; all are user errors
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(f"invalid JSONPath {text!r}: {detail}") from None
    return CompiledPath(text, _convert(tree, text))


_SUPPORTED = (
    "$, @, .name, ['name'], .*, [*], [0], [0,2], [1:3], .., "
    "[?(@.x)], [?(@.x == 'v')] (also !=, <, <=, >, >=, =~ 'regex'), & between conditions, |"
)


def _convert(node: Any, text: str) -> Step:
    from jsonpath_ng import jsonpath as jp
    from jsonpath_ng.ext import filter as jf

    kind = type(node)
    if kind is jp.Root:
        return _Root()
    if kind is jp.This:
        return _This()
    if kind is jp.Child:
        return _Child(_convert(node.left, text), _convert(node.right, text))
    if kind is jp.Descendants:
        return _Descendants(_convert(node.left, text), _convert(node.right, text))
    if kind is jp.Union:
        return _Union(_convert(node.left, text), _convert(node.right, text))
    if kind is jp.Fields:
        return _Fields(tuple(str(f) for f in node.fields))
    if kind is jp.Index:
        return _Index(tuple(int(i) for i in node.indices))
    if kind is jp.Slice:
        return _Slice(node.start, node.end, node.step)
    if kind is jf.Filter:
        conds = []
        for expr in node.expressions:
            if type(expr) is not jf.Expression:
                raise ValueError(f"{text!r}: unsupported filter {expr}")
            target = _convert(expr.target, text)
            regex = None
            if expr.op == "=~":
                try:
                    regex = re.compile(str(expr.value))
                except re.error as exc:
                    raise ValueError(f"{text!r}: invalid regular expression: {exc}") from None
            simple = None
            if (
                type(target) is _Child
                and type(target.left) is _This
                and type(target.right) is _Fields
                and len(target.right.names) == 1
                and target.right.names[0] != "*"
            ):
                simple = target.right.names[0]
            conds.append(_Condition(target, expr.op, expr.value, regex, simple))
        return _Filter(tuple(conds))
    raise ValueError(
        f"{text!r}: the JSONPath construct `{node}` ({kind.__name__}) is not supported; "
        f"supported: {_SUPPORTED}"
    )


# ---------------------------------------------------------------------------
# Checks (``then``)
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Configuration → Rule
# ---------------------------------------------------------------------------

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
                ctx.examine(m.loc)  # each `given` match is one place checked
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
        applies_to="places matched by `given`",
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
    name them. Raises :class:`~oaslint.config.ConfigError` naming the file and
    the key.
    """
    from oaslint.config import ConfigError

    suffix = f": {KEY}"
    config_file = where[: -len(suffix)] if where.endswith(suffix) else where
    origin_file = _shown_path(config_file) if config_file != "<config>" else config_file

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{config_file}: {key}: {message}")

    if isinstance(value, dict):
        entries = [(f"{KEY}.{rid}", rid, raw) for rid, raw in value.items()]
    elif isinstance(value, list):
        entries = [(f"{KEY}[{i}]", None, raw) for i, raw in enumerate(value)]
    else:
        raise fail(KEY, "expected a list of rules (or a mapping of rule id to rule)")
    rules: list[Rule] = []
    for key, rid, raw in entries:
        try:
            custom = parse_rule(raw, key, str(rid) if rid is not None else None, origin_file)
        except CustomRuleError as exc:
            raise fail(exc.key, exc.message) from None
        other = known.get(custom.id)
        if other is not None:
            raise fail(
                f"{key}.id" if rid is None else key,
                f"rule id {custom.id!r} is already used by a rule from {other.origin}",
            )
        known[custom.id] = custom.rule
        rules.append(custom.rule)
    return rules
