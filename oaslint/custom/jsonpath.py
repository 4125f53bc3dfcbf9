"""The one adapter between jsonpath-ng and oaslint: ``parse(text) -> Path``.

jsonpath-ng's parser reads the ``given`` of a custom rule; this is the only
module of oaslint that imports it. Its syntax tree is no contract (1.16 parses
``*`` to a new ``Wildcard`` class where 1.8-1.15 made ``Fields('*')`` or
``Slice()``; 1.13 added ``&&``, ``||`` and ``!``; ``|`` and ``&`` are deprecated
for 2.0), so the tree is mapped here, for every 1.x from the floor in
``pyproject.toml`` to the newest, onto our own frozen segments. The evaluator
(:mod:`oaslint.custom.evaluate`) sees only those.

The dialect (documented in ``docs/custom-rules.md``) is the same at both ends
of the range:

* ``$``, ``@``, ``.name``, ``['name']``, ``[name1,name2]``, ``.*``, ``[*]``,
  ``[0]``, ``[-1]``, ``[0,2]``, ``[1:3]``, ``..``;
* filters ``[?(@.x)]``, ``[?(@.x == 'v')]`` with ``==``, ``!=``, ``<``, ``<=``,
  ``>``, ``>=``, ``=~ 'regex'``, conditions joined by ``&&`` (RFC 9535);
* no construct jsonpath-ng deprecates: ``|`` (a list of ``given`` paths says the
  same), ``&`` (write ``&&``), unquoted strings in comparisons (quote them).
  They are rejected with an error naming the alternative, before jsonpath-ng
  could warn. ``||`` and ``!`` (only 1.13+) are rejected too, so that a rule
  accepted on one supported version is accepted on all.

``&&`` is passed to parsers that know it (1.13+) and becomes ``&`` for older
ones: the trees are the same.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Condition",
    "Descend",
    "Filter",
    "Index",
    "JSONPathSyntaxError",
    "Name",
    "Path",
    "Segment",
    "Slice",
    "Wildcard",
    "parse",
]


class JSONPathSyntaxError(ValueError):
    """``text`` is not a path of the dialect; ``position`` (0-based) when known."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


# ---------------------------------------------------------------------------
# Our segments: what a path is, independent of jsonpath-ng's classes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """``.name``, ``['name']`` or ``[a,b]``: these members (array items for digits)."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Wildcard:
    """``.*`` / ``[*]``: every item of an array, every value of an object."""


@dataclass(frozen=True)
class Index:
    """``[0]``, ``[-1]``, ``[0,2]``: these array items."""

    indices: tuple[int, ...]


@dataclass(frozen=True)
class Slice:
    """``[1:3]``, ``[::2]``: a slice of an array."""

    start: int | None
    end: int | None
    step: int | None


@dataclass(frozen=True)
class Descend:
    """``..``: the node itself and every node below it."""


@dataclass(frozen=True)
class Condition:
    """One test of a filter: ``target`` (a path from ``@`` or ``$``) ``op`` ``value``.

    ``op`` None is an existence test. ``value`` is a literal: str, int, float,
    bool or None (JSON null).
    """

    target: Path
    op: str | None
    value: Any


@dataclass(frozen=True)
class Filter:
    """``[?(...)]``: the children of the node for which every condition holds."""

    conditions: tuple[Condition, ...]


Segment = Name | Wildcard | Index | Slice | Descend | Filter


@dataclass(frozen=True)
class Path:
    """A parsed path: from the root (``$``) or the current node (``@``), then segments."""

    absolute: bool
    segments: tuple[Segment, ...]


# ---------------------------------------------------------------------------
# Deprecated and unsupported operators, found in the text before parsing
# ---------------------------------------------------------------------------

_OPERATORS = {
    "|": (
        "`|` (union) is deprecated by jsonpath-ng and goes away in 2.0: "
        "list the alternatives under `given` instead, e.g. given: ['$.a', '$.b']"
    ),
    "||": ("`||` in filters is not supported: list one path per alternative under `given` instead"),
    "&": "`&` is deprecated by jsonpath-ng and goes away in 2.0: write `&&` between conditions",
    "&top": (
        "`&` (intersection) is deprecated by jsonpath-ng and goes away in 2.0 "
        "and is not supported: use a filter with `&&`"
    ),
}


def _scan(text: str) -> str:
    """Check the operators outside quoted strings; return ``text`` with ``&&`` as written."""
    i, n, depth = 0, len(text), 0
    while i < n:
        ch = text[i]
        if ch in "'\"":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "|":
            op = "||" if text.startswith("||", i) else "|"
            raise JSONPathSyntaxError(f"{text!r}: {_OPERATORS[op]}", i)
        elif ch == "&":
            if depth <= 0:
                raise JSONPathSyntaxError(f"{text!r}: {_OPERATORS['&top']}", i)
            if not text.startswith("&&", i):
                raise JSONPathSyntaxError(f"{text!r}: {_OPERATORS['&']}", i)
            i += 2
            continue
        i += 1
    return text


def _without_double_ampersand(text: str) -> str:
    """``&&`` to ``&`` outside quoted strings, for jsonpath-ng before 1.13."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("&&", i):
            out.append("&")
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


# ---------------------------------------------------------------------------
# jsonpath-ng: the parser, and its tree mapped onto our segments
# ---------------------------------------------------------------------------

_PARSER: Any = None
_HAS_AND = False  # the parser knows `&&` (1.13+)
_HAS_WILDCARD = False  # `*` parses to `Wildcard` and `Fields('*')` is a name (1.16+)


def _parser() -> Any:
    """One parser for the process: building it costs 12 ms, each parse about 0.5 ms."""
    global _PARSER, _HAS_AND, _HAS_WILDCARD
    if _PARSER is None:
        from jsonpath_ng import jsonpath as jp
        from jsonpath_ng.ext import parser as ext

        _HAS_AND = "AND" in getattr(ext.ExtendedJsonPathLexer, "tokens", ())
        _HAS_WILDCARD = hasattr(jp, "Wildcard")
        _PARSER = ext.ExtendedJsonPathParser()
    return _PARSER


SUPPORTED = (
    "$, @, .name, ['name'], [a,b], .*, [*], [0], [-1], [0,2], [1:3], .., "
    "[?(@.x)], [?(@.x == 'v')] (also !=, <, <=, >, >=, =~ 'regex'), && between conditions"
)

_POSITION_RE = re.compile(r"\bat (\d+):(\d+)")


def parse(text: str) -> Path:
    """Parse ``text`` (a path from ``$``); :class:`JSONPathSyntaxError` on any problem."""
    if not isinstance(text, str) or not text.strip():
        raise JSONPathSyntaxError("expected a JSONPath expression such as $.paths[*][get,post]")
    if not text.lstrip("( ").startswith("$"):
        raise JSONPathSyntaxError(f"{text!r} must start at the document root '$'", 0)
    _scan(text)
    parser = _parser()
    source = text if _HAS_AND else _without_double_ampersand(text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            tree = parser.parse(source)
        except Exception as exc:  # jsonpath-ng raises several kinds; all are user errors
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            mo = _POSITION_RE.search(detail)
            position = int(mo.group(2)) if mo else None
            raise JSONPathSyntaxError(f"invalid JSONPath {text!r}: {detail}", position) from None
    for w in caught:
        if issubclass(w.category, DeprecationWarning):
            raise JSONPathSyntaxError(
                f"{text!r}: jsonpath-ng deprecates this syntax for 2.0: "
                f"{str(w.message).splitlines()[0]}"
            )
    path = _path(tree, text)
    if not path.absolute:
        raise JSONPathSyntaxError(f"{text!r} must start at the document root '$'", 0)
    return path


def _unsupported(node: Any, text: str) -> JSONPathSyntaxError:
    return JSONPathSyntaxError(
        f"{text!r}: the JSONPath construct `{node}` ({type(node).__name__.lstrip('_')}) "
        f"is not supported; supported: {SUPPORTED}"
    )


def _path(node: Any, text: str) -> Path:
    """A whole path: ``$`` or ``@`` first, then segments only."""
    from jsonpath_ng import jsonpath as jp

    flat: list[Any] = []
    _flatten(node, flat, text)
    head, rest = flat[0], flat[1:]
    if type(head) is jp.Root:
        absolute = True
    elif type(head) is jp.This:
        absolute = False
    else:  # a path such as `name` inside a filter: relative, as jsonpath-ng reads it
        absolute, rest = False, flat
    segments: list[Segment] = []
    for part in rest:
        if type(part) in (jp.Root, jp.This):
            raise _unsupported(part, text)
        segments.append(_segment(part, text))
    return Path(absolute, tuple(segments))


_DESCEND = object()  # marks `..` in the flattened list


def _flatten(node: Any, out: list[Any], text: str) -> None:
    from jsonpath_ng import jsonpath as jp

    kind = type(node)
    if kind is jp.Child:
        _flatten(node.left, out, text)
        _flatten(node.right, out, text)
    elif kind is jp.Descendants:
        _flatten(node.left, out, text)
        out.append(_DESCEND)
        _flatten(node.right, out, text)
    else:
        out.append(node)


def _segment(node: Any, text: str) -> Segment:
    from jsonpath_ng import jsonpath as jp
    from jsonpath_ng.ext import filter as jf

    if node is _DESCEND:
        return Descend()
    kind = type(node)
    if _HAS_WILDCARD and kind is jp.Wildcard:
        return Wildcard()
    if kind is jp.Fields:
        names = tuple(str(f) for f in node.fields)
        if not _HAS_WILDCARD and "*" in names:  # before 1.16, `.*` is Fields('*')
            return Wildcard()
        return Name(names)
    if kind is jp.Index:
        return Index(tuple(int(i) for i in node.indices))
    if kind is jp.Slice:
        if node.start is None and node.end is None and node.step is None:
            return Wildcard()  # `[*]` before 1.16 (and `[:]` at every version)
        return Slice(node.start, node.end, node.step)
    if kind is jf.Filter:
        conditions = []
        for expr in node.expressions:
            if type(expr) is not jf.Expression or expr.op == "!":
                raise _unsupported(expr, text)
            if expr.op is not None and not (
                expr.value is None or isinstance(expr.value, (str, int, float, bool))
            ):  # 1.16: a comparison with another query
                raise JSONPathSyntaxError(
                    f"{text!r}: compare with a literal ('text', a number, true, false, null), "
                    f"not with a query: `{expr}`"
                )
            value = expr.value
            if expr.op == "=~" and not isinstance(value, str):
                value = str(value)
            conditions.append(Condition(_path(expr.target, text), expr.op, value))
        return Filter(tuple(conditions))
    raise _unsupported(node, text)
