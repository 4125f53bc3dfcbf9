"""Evaluation of parsed paths over a document, following ``$ref`` across files.

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
jsonpath-ng parses the expressions (through :mod:`oaslint.custom.jsonpath`,
the only module that imports it). Its evaluator is not used, for three
reasons found while building this module:

* before 1.16, ``[*]`` on an object yields nothing (``$.paths[*].get`` finds
  no operation), and a filter on an object replaces the keys by positions
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

``tests/test_custom_jsonpath.py`` compares the nodes matched here with
jsonpath-ng's own ``find()`` on ``$ref``-free documents, so a release that
changes what a path means is caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from oaslint.custom import jsonpath as jp
from oaslint.loader.document import Document
from oaslint.model import Location, escape_segment, unescape_segment

_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


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
def _new_cache() -> dict[Any, list[Match]]:
    return {}


def _cache(doc: Document) -> dict[Any, list[Match]]:
    return doc.shared(_new_cache)  # lives exactly as long as the document


# ---------------------------------------------------------------------------
# Evaluating a parsed path
# ---------------------------------------------------------------------------


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
    """A filter test, compiled: the regex of ``=~``, the name of a ``@.name`` target."""

    target: jp.Path  # relative to the candidate (``@``) unless absolute
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
        found = ev.run(self.target, [candidate])
        if self.op is None:  # existence, as in RFC 9535 and jsonpath-ng
            return bool(found)
        return any(self._test(m.value) for m in found)

    def _test(self, value: Any) -> bool:
        if self.op is None:
            return True
        if self.regex is not None:
            return isinstance(value, str) and self.regex.search(value) is not None
        return _compare(self.op, value, self.value)


def _conditions(flt: jp.Filter, text: str) -> tuple[_Condition, ...]:
    out = []
    for cond in flt.conditions:
        regex = None
        if cond.op == "=~":
            try:
                regex = re.compile(str(cond.value))
            except re.error as exc:
                raise jp.JSONPathSyntaxError(
                    f"{text!r}: invalid regular expression: {exc}"
                ) from None
        simple = None
        segs = cond.target.segments
        if (
            not cond.target.absolute
            and len(segs) == 1
            and type(segs[0]) is jp.Name
            and len(segs[0].names) == 1
        ):
            simple = segs[0].names[0]
        out.append(_Condition(cond.target, cond.op, cond.value, regex, simple))
    return tuple(out)


class _Eval:
    """One evaluation of compiled paths over one root of one document."""

    __slots__ = ("filters", "key", "root", "view")

    def __init__(
        self,
        view: _View,
        root: Match,
        key: Any,
        filters: dict[jp.Filter, tuple[_Condition, ...]],
    ) -> None:
        self.view = view
        self.root = root
        self.key = key
        self.filters = filters

    def descendants(self, m: Match) -> list[Match]:
        if m is self.root:  # `$..`: built once per document and view, shared by all rules
            cache = _cache(self.view.doc)
            ck = ("..", self.key)
            found = cache.get(ck)
            if found is None:
                found = cache[ck] = self.view.descendants(m)
            return found
        return self.view.descendants(m)

    def run(self, path: jp.Path, ms: list[Match]) -> list[Match]:
        if path.absolute:
            ms = [self.root]
        for seg in path.segments:
            ms = self.step(seg, ms)
        return ms

    def step(self, seg: jp.Segment, ms: list[Match]) -> list[Match]:
        view = self.view
        out: list[Match] = []
        kind = type(seg)
        if kind is jp.Name:
            assert isinstance(seg, jp.Name)
            for m in ms:
                value = m.value
                if isinstance(value, dict):
                    for name in seg.names:
                        if name in value:
                            c = view.child(m, name, value[name])
                            if c is not None:
                                out.append(c)
                elif isinstance(value, list):
                    for name in seg.names:
                        if name.isdigit() and int(name) < len(value):
                            c = view.child(m, int(name), value[int(name)])
                            if c is not None:
                                out.append(c)
        elif kind is jp.Wildcard:  # the items of an array, the values of an object
            for m in ms:
                out.extend(view.children(m))
        elif kind is jp.Index:
            assert isinstance(seg, jp.Index)
            for m in ms:
                value = m.value
                for i in seg.indices:
                    if isinstance(value, list) and -len(value) <= i < len(value):
                        c = view.child(m, i % len(value), value[i])
                    elif isinstance(value, dict) and str(i) in value:
                        c = view.child(m, str(i), value[str(i)])
                    else:
                        continue
                    if c is not None:
                        out.append(c)
        elif kind is jp.Slice:
            assert isinstance(seg, jp.Slice)
            for m in ms:
                value = m.value
                if isinstance(value, list):
                    for i in range(len(value))[seg.start : seg.end : seg.step]:
                        c = view.child(m, i, value[i])
                        if c is not None:
                            out.append(c)
        elif kind is jp.Descend:
            for m in ms:
                out.extend(self.descendants(m))
        elif kind is jp.Filter:
            assert isinstance(seg, jp.Filter)
            conditions = self.filters[seg]
            for m in ms:
                for c in view.children(m):
                    if all(cond.holds(self, c) for cond in conditions):
                        out.append(c)
        else:  # pragma: no cover - jsonpath.parse makes no other segment
            raise AssertionError(f"unknown segment {seg!r}")
        return out


def _filters_of(path: jp.Path, text: str, out: dict[jp.Filter, tuple[_Condition, ...]]) -> None:
    for seg in path.segments:
        if isinstance(seg, jp.Filter) and seg not in out:
            out[seg] = _conditions(seg, text)
            for cond in seg.conditions:
                _filters_of(cond.target, text, out)


@dataclass(frozen=True)
class CompiledPath:
    """A ``given`` path: its text, its parsed form, its filters compiled."""

    text: str
    path: jp.Path
    filters: dict[jp.Filter, tuple[_Condition, ...]] = field(compare=False, hash=False)

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
            ev = _Eval(view, root, (src.path, resolved), self.filters)
            for m in ev.run(self.path, [root]):
                k = m.ident()
                if k not in seen:
                    seen.add(k)
                    out.append(m)
        cache[ck] = out
        return out


def compile_path(text: str) -> CompiledPath:
    """Parse ``text`` and compile it; :class:`~oaslint.custom.jsonpath.JSONPathSyntaxError`
    (a ValueError) on any problem."""
    path = jp.parse(text)
    filters: dict[jp.Filter, tuple[_Condition, ...]] = {}
    _filters_of(path, text, filters)
    return CompiledPath(text, path, filters)
