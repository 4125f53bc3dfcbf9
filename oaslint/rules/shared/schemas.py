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
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import Any

from oaslint.index import Located, SchemaUse, SpecIndex, subschemas
from oaslint.model import Location, unescape_segment
from oaslint.text import excerpt

Node = dict[str, Any]

# formats whose syntax bounds the length of a string
# where an aggregated "no schema bounds its input" finding belongs (oaslint.aggregate)
SCHEMA_ANCHORS = ("/components/schemas", "/definitions", "/paths")

BOUNDED_FORMATS = frozenset({"date", "date-time", "time", "uuid", "ipv4", "ipv6"})


def walk_schemas(
    index: SpecIndex,
    starts: Iterable[tuple[Any, Location]],
    stop: Callable[[Node], bool] | None = None,
    seen: set[int] | None = None,
    locate: bool = True,
) -> Iterator[tuple[Node, Location]]:
    """Every schema reachable from ``starts`` (through ``$ref`` and the same keywords as
    ``index.request_schemas``, not ``not``), each node once, with where it is written.

    A node for which ``stop`` is true is neither yielded nor descended into. Nodes
    are told apart by identity, which is much cheaper than hashing locations on
    large documents (Stripe: ~10k request schemas); pass ``seen`` to share it
    between walks. With ``locate=False`` the yielded locations only name the
    right file (enough to follow relative ``$ref``s), which is faster.
    """
    if seen is None:
        seen = set()
    stack: list[tuple[Any, Location]] = list(starts)
    while stack:
        node, loc = stack.pop()
        if isinstance(node, dict) and "$ref" in node:
            node, loc = index.deref(node, loc)
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        if stop is not None and stop(node):
            continue
        yield node, loc
        for sub, path in subschemas(node):
            if isinstance(sub, dict):
                stack.append((sub, loc.child(*path) if locate else loc))


class RequestSchemas:
    """The live request schemas of one index, with their allOf context.

    Schemas are identified by their node's identity (a written node is one
    object), so the maps below are keyed by ``id(node)``.
    """

    def __init__(self, index: SpecIndex) -> None:
        self.index = index
        self.uses: list[SchemaUse] = index.request_schemas
        self.nodes: dict[int, Node] = {}
        self.parts: dict[int, list[int]] = {}  # allOf owner -> parts
        self.owners: dict[int, list[int]] = {}  # allOf part -> owners
        self._all_typed: list[tuple[SchemaUse, frozenset[str]]] = []
        excluding = False  # any readOnly or `not` to exclude (else: no walk needed)
        for u in self.uses:  # one pass: this is the hot loop on large documents
            node = u.node
            self.nodes[id(node)] = node
            self._all_typed.append((u, schema_types(node)))
            if not excluding and (node.get("readOnly") is True or "not" in node):
                excluding = True
            allof = node.get("allOf")
            if not isinstance(allof, list):
                continue
            for i, sub in enumerate(allof):
                part, _ = index.deref(sub, u.loc.child("allOf", i))
                if isinstance(part, dict):
                    self.parts.setdefault(id(node), []).append(id(part))
                    self.owners.setdefault(id(part), []).append(id(node))
        self._related: dict[int, list[Node]] = {}
        self.names: dict[int, str] = {}  # top schemas: what they belong to
        for param in index.parameters:
            own = index.deref_child(Located(param.node, param.loc), "schema")
            node = own.node if own is not None else param.node
            self.names.setdefault(id(node), f"{param.location} parameter {excerpt(param.name)}")
        for op in index.operations:
            for m in op.request_media:
                if m.schema is not None:
                    node, _ = index.deref(m.schema.node, m.schema.loc)
                    self.names.setdefault(id(node), f"{m.media_type} request body schema")
        if not excluding:
            # nothing to exclude: every request schema is live (the common case, fast)
            self.body: set[int] = {id(u.node) for u in self.uses if u.in_body}
            self.live: set[int] = set(self.nodes)
            return
        # one walk: body roots first (body schemas are live too), then the rest
        roots = index.request_schema_roots
        seen: set[int] = set()
        body = [(s.node, s.loc) for s, _, in_body in roots if in_body]
        rest = [(s.node, s.loc) for s, _, in_body in roots if not in_body]
        self.body = {id(n) for n, _ in walk_schemas(index, body, self._dead, seen, locate=False)}
        self.live = self.body | {
            id(n) for n, _ in walk_schemas(index, rest, self._dead, seen, locate=False)
        }

    def _dead(self, node: Node) -> bool:
        """Read-only (in any allOf context): clients do not send it or what lies below."""
        return self.any_related(node, _read_only)

    @cached_property
    def _typed(self) -> list[tuple[SchemaUse, frozenset[str]]]:
        live = self.live
        return [(u, t) for u, t in self._all_typed if id(u.node) in live]

    def of_type(self, *kinds: str) -> Iterator[SchemaUse]:
        """Live uses whose own (or inferred) type includes one of ``kinds``."""
        wanted = frozenset(kinds)
        return (u for u, types in self._typed if not types.isdisjoint(wanted))

    def typed(self, body_only: bool = False) -> Iterator[tuple[SchemaUse, frozenset[str]]]:
        """Live uses with their own (or inferred) types."""
        if not body_only:
            return iter(self._typed)
        body = self.body
        return ((u, t) for u, t in self._typed if id(u.node) in body)

    # -- allOf context -----------------------------------------------------
    def related(self, node: Node) -> list[Node]:
        """The schema, its allOf parts (recursively), and every allOf owner's parts.

        An instance valid against the schema in any allOf context must satisfy
        all of them; when a schema is used in several contexts the union is taken
        (a bound in any context counts, in favour of precision)."""
        key = id(node)
        if key not in self.parts and key not in self.owners:
            return [node]
        cached = self._related.get(key)
        if cached is not None:
            return cached
        ancestors = {key}
        stack = [key]
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
        self._related[key] = out
        return out

    def any_related(self, node: Node, pred: Callable[[Node], bool]) -> bool:
        return any(pred(n) for n in self.related(node))

    def is_allof_part(self, node: Node) -> bool:
        return id(node) in self.owners

    def label(self, use: SchemaUse) -> str:
        """A short name for a schema in messages: query parameter 'q', property 'x'..."""
        segs = [unescape_segment(s) for s in use.loc.pointer.rsplit("/", 2)[1:]]
        if len(segs) >= 2 and segs[-2] in ("properties", "patternProperties"):
            return f"property {excerpt(segs[-1])}"
        if len(segs) >= 2 and segs[-2] in ("schemas", "definitions"):
            return f"schema {excerpt(segs[-1])}"
        named = self.names.get(id(use.node))
        if named is not None:
            return named
        if segs and segs[-1] == "items":
            return "array item"
        if segs and segs[-1] == "additionalProperties":
            return "map value"
        return "schema"


def request_schemas(index: SpecIndex) -> RequestSchemas:
    """The shared analysis of ``index`` (built once, reused by every validation rule)."""
    return index.shared(RequestSchemas)


# -- keyword predicates -------------------------------------------------------
def _read_only(node: Node) -> bool:
    return node.get("readOnly") is True


_NO_TYPE: frozenset[str] = frozenset()
_OBJECT = frozenset({"object"})
_ARRAY = frozenset({"array"})
_TYPE_SETS: dict[str, frozenset[str]] = {}


def schema_types(node: Node) -> frozenset[str]:
    """The schema's own ``type`` (string or 3.1 list); objects and arrays inferred
    from ``properties``/``additionalProperties``/``items`` when ``type`` is absent."""
    t = node.get("type")
    if isinstance(t, str):
        found = _TYPE_SETS.get(t)
        if found is None:
            found = _TYPE_SETS[t] = frozenset((t,))
        return found
    if isinstance(t, list):
        return frozenset(x for x in t if isinstance(x, str))
    if t is not None:
        return _NO_TYPE
    if (
        "properties" in node
        or "patternProperties" in node
        or isinstance(node.get("additionalProperties"), (dict, bool))
    ):
        return _OBJECT
    if "items" in node or "prefixItems" in node:
        return _ARRAY
    return _NO_TYPE


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
