"""Request-schema analysis shared by the input-validation rules.

``bounded-strings``, ``bounded-arrays``, ``bounded-numbers`` and
``closed-objects`` read ``index.request_schemas`` (each schema once, where it
is written) through one :class:`RequestSchemas` per index, which adds the
context those rules need:

- **live** schemas: reachable from a request without passing a ``readOnly``
  schema (clients do not send read-only properties) or a ``not`` (a negated
  schema describes what is *refused*);
- **body** schemas: live schemas reachable from a request body;
- **allOf context**: an instance must satisfy every ``allOf`` part, so a bound
  written on the composing schema or on a sibling part bounds the part that
  carries the ``type``. A finding is only ever made where the ``type`` is
  written (or, for untyped objects and arrays, on the schema that has
  ``properties``/``items``), so one defect gets one finding.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator
from typing import Any

from oaslint.index import Located, SchemaUse, SpecIndex
from oaslint.model import Location, split_pointer

Node = dict[str, Any]

_SINGLE = ("items", "additionalProperties", "contains", "propertyNames")  # not `not`
_LIST = ("allOf", "oneOf", "anyOf", "prefixItems")
_MAP = ("properties", "patternProperties")

# formats whose syntax bounds the length of a string
BOUNDED_FORMATS = frozenset({"date", "date-time", "time", "uuid", "ipv4", "ipv6"})


class RequestSchemas:
    """The live request schemas of one index, with their allOf context."""

    def __init__(self, index: SpecIndex) -> None:
        self.index = index
        self.uses: list[SchemaUse] = index.request_schemas
        self.nodes: dict[Location, Node] = {u.loc: u.node for u in self.uses}
        self.parts: dict[Location, list[Location]] = {}  # allOf owner -> parts
        self.owners: dict[Location, list[Location]] = {}  # allOf part -> owners
        for u in self.uses:
            allof = u.node.get("allOf")
            if not isinstance(allof, list):
                continue
            for i, sub in enumerate(allof):
                node, loc = index.deref(sub, u.loc.child("allOf", i))
                if isinstance(node, dict):
                    self.parts.setdefault(u.loc, []).append(loc)
                    self.owners.setdefault(loc, []).append(u.loc)
        self._related: dict[Location, list[Node]] = {}
        self.names: dict[Location, str] = {}  # top schemas: what they belong to
        for param in index.parameters:
            own = index.deref_child(Located(param.node, param.loc), "schema")
            where = own.loc if own is not None else param.loc
            self.names.setdefault(where, f"{param.location} parameter {param.name!r}")
        for op in index.operations:
            for m in op.request_media:
                if m.schema is not None:
                    _, loc = index.deref(m.schema.node, m.schema.loc)
                    self.names.setdefault(loc, f"{m.media_type} request body schema")
        self.live: set[Location] = set()
        self.body: set[Location] = set()
        self._reach()

    # -- reachability ------------------------------------------------------
    def _children(self, node: Node, loc: Location) -> Iterator[tuple[Any, Location]]:
        for key in _SINGLE:
            sub = node.get(key)
            if isinstance(sub, dict):
                yield sub, loc.child(key)
        for key in _LIST:
            subs = node.get(key)
            if isinstance(subs, list):
                for i, sub in enumerate(subs):
                    yield sub, loc.child(key, i)
        for key in _MAP:
            props = node.get(key)
            if isinstance(props, dict):
                for name, sub in props.items():
                    yield sub, loc.child(key, name)

    def _reach(self) -> None:
        roots = self.index.request_schema_roots
        stack: list[tuple[Any, Location, bool]] = [(s.node, s.loc, body) for s, _, body in roots]
        while stack:
            raw, raw_loc, in_body = stack.pop()
            node, loc = self.index.deref(raw, raw_loc)
            if not isinstance(node, dict) or loc not in self.nodes:
                continue
            if loc in (self.body if in_body else self.live):
                continue
            if self.any_related(loc, _read_only):
                continue
            self.live.add(loc)
            if in_body:
                self.body.add(loc)
            for sub, sub_loc in self._children(node, loc):
                stack.append((sub, sub_loc, in_body))

    def live_uses(self, body_only: bool = False) -> Iterator[SchemaUse]:
        keep = self.body if body_only else self.live
        return (u for u in self.uses if u.loc in keep)

    # -- allOf context -----------------------------------------------------
    def related(self, loc: Location) -> list[Node]:
        """The schema, its allOf parts (recursively), and every allOf owner's parts.

        An instance valid against the schema in any allOf context must satisfy
        all of them; when a schema is used in several contexts the union is taken
        (a bound in any context counts, in favour of precision)."""
        cached = self._related.get(loc)
        if cached is not None:
            return cached
        if loc not in self.parts and loc not in self.owners:
            out = [self.nodes[loc]] if loc in self.nodes else []
            self._related[loc] = out
            return out
        ancestors = {loc}
        stack = [loc]
        while stack:
            for owner in self.owners.get(stack.pop(), ()):
                if owner not in ancestors:
                    ancestors.add(owner)
                    stack.append(owner)
        group = set(ancestors)
        stack = list(ancestors)
        while stack:
            for part in self.parts.get(stack.pop(), ()):
                if part not in group:
                    group.add(part)
                    stack.append(part)
        out = [self.nodes[g] for g in group if g in self.nodes]
        self._related[loc] = out
        return out

    def any_related(self, loc: Location, pred: Callable[[Node], bool]) -> bool:
        return any(pred(n) for n in self.related(loc))

    def is_allof_part(self, loc: Location) -> bool:
        return loc in self.owners

    def label(self, use: SchemaUse) -> str:
        """A short name for a schema in messages: query parameter 'q', property 'x'..."""
        segs = split_pointer(use.loc.pointer)
        if len(segs) >= 2 and segs[-2] in ("properties", "patternProperties"):
            return f"property {segs[-1]!r}"
        if len(segs) >= 2 and segs[-2] in ("schemas", "definitions"):
            return f"schema {segs[-1]!r}"
        named = self.names.get(use.loc)
        if named is not None:
            return named
        if segs and segs[-1] == "items":
            return "array items"
        if segs and segs[-1] == "additionalProperties":
            return "map values"
        return "schema"


_CACHE: weakref.WeakKeyDictionary[SpecIndex, RequestSchemas] = weakref.WeakKeyDictionary()


def request_schemas(index: SpecIndex) -> RequestSchemas:
    """The shared analysis of ``index`` (built once, reused by every validation rule)."""
    found = _CACHE.get(index)
    if found is None:
        found = RequestSchemas(index)
        _CACHE[index] = found
    return found


# -- keyword predicates -------------------------------------------------------
def _read_only(node: Node) -> bool:
    return node.get("readOnly") is True


def schema_types(node: Node) -> set[str]:
    """The schema's own ``type`` (string or 3.1 list); objects and arrays inferred
    from ``properties``/``additionalProperties``/``items`` when ``type`` is absent."""
    t = node.get("type")
    if isinstance(t, str):
        return {t}
    if isinstance(t, list):
        return {x for x in t if isinstance(x, str)}
    if t is not None:
        return set()
    if (
        "properties" in node
        or "patternProperties" in node
        or isinstance(node.get("additionalProperties"), (dict, bool))
    ):
        return {"object"}
    if "items" in node or "prefixItems" in node:
        return {"array"}
    return set()


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def enumerated(node: Node) -> bool:
    """``enum`` (non-empty) or ``const``: the value is one of a fixed set."""
    enum = node.get("enum")
    return (isinstance(enum, list) and bool(enum)) or "const" in node


def report_loc(use: SchemaUse) -> tuple[Location, bool]:
    """Where a finding about a schema points: its ``type`` key, else the schema."""
    if "type" in use.node:
        return use.loc.child("type"), True
    return use.loc, False


# -- patterns -----------------------------------------------------------------
_PERMISSIVE = re.compile(r"^(?:\.[*+]|\(\.[*+]\)|\[\\s\\S\][*+]|\[\\S\\s\][*+]|\[\^\][*+])$")


def _top_level_alternatives(pattern: str) -> list[str] | None:
    """Split ``pattern`` at ``|`` outside groups and classes; None if unbalanced."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _ends_anchored(alt: str) -> bool:
    """Ends in an unescaped ``$``, or in ``\\z`` / ``\\Z``."""
    if not alt or alt[-1] not in "$zZ":
        return False
    rest = alt[:-1]
    backslashes = len(rest) - len(rest.rstrip("\\"))
    return backslashes % 2 == (0 if alt[-1] == "$" else 1)


def anchored_pattern(pattern: Any) -> bool:
    """True when ``pattern`` is anchored at both ends in every top-level alternative
    (``^(?:a|b)$`` is, ``^a|b$`` is not) and does not merely match anything (``^.*$``)."""
    if not isinstance(pattern, str):
        return False
    alts = _top_level_alternatives(pattern)
    if not alts:
        return False
    for alt in alts:
        if not alt.startswith(("^", "\\A")) or not _ends_anchored(alt):
            return False
        body = alt[2:] if alt.startswith("\\A") else alt[1:]
        body = body[:-2] if body.endswith(("\\z", "\\Z")) else body[:-1]
        if _PERMISSIVE.match(body):
            return False
    return True
