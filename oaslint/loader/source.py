"""Load one YAML or JSON file into plain data plus an exact source map.

Why this design (measured on this project's 2-core machine, 4.1 MB
``stripe-spec3.oas30.yaml``):

=========================================================  ========
parser                                                     time
=========================================================  ========
ruamel.yaml round-trip load (pure Python, ``.lc`` marks)   ~15 s
ruamel.yaml ``typ="safe", pure=False`` ``compose`` (C)      1.9 s
PyYAML ``CSafeLoader`` ``compose``                          1.8 s
PyYAML ``CSafeLoader`` full ``load``                        2.5 s
rapidyaml ``parse_in_arena`` (no usable positions in the
Python binding)                                             0.09 s
``json.loads`` of a 4 MB JSON file                          0.06 s
=========================================================  ========

So YAML goes through ruamel.yaml's C composer (the prescribed library, safe:
no tags are ever constructed into objects) and our own small constructor
turns the node tree into plain ``dict``/``list``/scalars while recording, for
every container, the 1-based positions of each key and value. Round-trip
loading would be eight times slower for the same marks.

JSON goes through ``json.loads`` (30x faster than any YAML path) and its
source map is built lazily, only if a finding in that file needs a position,
by one regular-expression scan over the tokens.

Positions are kept per container, keyed by ``id(container)``: for a YAML
mapping ``{key: (key_line, key_col, val_line, val_col, val_end_line,
val_end_col)}``, for a sequence a list of ``(val_line, val_col, val_end_line,
val_end_col)``; JSON tables hold character offsets instead, converted to lines
only for the nodes a finding points at. The data objects stay alive with the
file, so their ids are stable.

Hostile input is bounded: files over ``MAX_BYTES`` are refused, nesting is
limited to ``MAX_DEPTH`` levels, and alias expansion (YAML "billion laughs")
to ``MAX_NODES`` nodes, each with a one-line error.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.tag import Tag

from oaslint.model import Span, split_pointer, unescape_segment
from oaslint.text import neutral

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 1000
MAX_NODES = 1_000_000
# Nodes the YAML composer may build (keys, values, items; aliases not counted: they
# add no node). ruamel's C composer keeps ~370 bytes per node until our constructor
# frees them: the 100,000-operation benchmark spec (42 MB) has 4.2 million nodes and
# peaks at 1.6 GB composing; 60 MB of `[1,1,1,...]` (30 million nodes) would need
# ~12 GB. This cap stops such a file at ~2.3 GB, far above any real spec (Stripe,
# 4 MB: 174,000 nodes).
MAX_YAML_NODES = 6_000_000
# Mappings/objects and sequences/arrays of one file. Each costs ~230 bytes loaded and
# recorded (dict or list, position table, Document.containers entry, pointer): 8 MB
# of JSON `[[],[],...]` (2.7 million) peaked at 584 MB, so 64 MB would need ~4.7 GB.
# The 100,000-operation benchmark spec has 1.3 million; JSON is checked before
# parsing by counting `{` and `[` (an upper bound), YAML after building.
MAX_CONTAINERS = 3_000_000
# Characters that aliases of long scalars add: `in: *s` with a 1 MB anchored
# string in 300 places is 300 MB of text once validators copy it.
MAX_ALIAS_CHARS = 4 * 1024 * 1024
_LONG_SCALAR = 256  # shorter aliased scalars cost no more than the alias itself

KeyPos = tuple[int, int, int, int, int, int]
ItemPos = tuple[int, int, int, int]


class LoadError(Exception):
    """A file could not be read or parsed. ``line``/``column`` are 1-based or 0."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class UnreadableError(LoadError):
    """The file could not be read at all (missing, permissions, directory)."""


@dataclass(eq=False)
class SourceFile:
    """One loaded file: its text, its data and the positions of its nodes."""

    path: str  # as displayed in findings (relative to cwd where possible)
    abspath: str
    text: str
    data: Any
    is_json: bool
    _positions: dict[int, Any] | None = field(default=None, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)
    duplicate_keys: list[tuple[str, int, int, int, int]] = field(default_factory=list)
    encoding_problem: tuple[str, int, int] | None = None  # (message, line, column)
    # nodes by pointer, as looked up: `$ref` targets and the parents of located
    # findings repeat (Kubernetes: 28,000 lookups, 15,000 findings under a few
    # thousand parents), and each walk from the root split and stepped every segment
    _nodes: dict[str, Any] = field(default_factory=dict, repr=False)
    _json_map: _JsonMap | None = field(default=None, repr=False)
    # whether one container can sit at several places (YAML aliases): False for
    # JSON and for YAML in which no anchor can be written
    shared_nodes: bool = True

    @property
    def positions(self) -> dict[int, Any]:
        """Every container's table (JSON: all built by one full scan; locating
        findings uses :meth:`_table`, which builds only the tables it needs)."""
        if self._positions is None:
            self._positions = _json_positions(self.text, self.data)
        return self._positions

    def _table(self, pointer: str, node: Any) -> Any:
        """The position table of the container ``node`` at ``pointer`` (None: unknown)."""
        if not self.is_json or self._positions is not None:
            return self.positions.get(id(node))
        jmap = self._json_map
        if jmap is None:
            jmap = self._json_map = _JsonMap(self.text, self.data)
        # a container not mapped yet: map the nearest mapped ancestor's descendants
        # down to it (each table records where its child containers start)
        pending: list[Any] = []
        while (table := jmap.table(node)) is None:
            if not pointer:
                return None
            pending.append(node)
            pointer = pointer.rpartition("/")[0]
            node = self.get(pointer)
        for node in reversed(pending):
            table = jmap.table(node)
            if table is None:
                return None
        return table

    def get(self, pointer: str) -> Any:
        """Return the node at ``pointer`` (no ``$ref`` following); KeyError if absent."""
        nodes = self._nodes
        if pointer in nodes:
            return nodes[pointer]
        if pointer and not pointer.startswith("/"):
            split_pointer(pointer)  # raises ValueError, as for any malformed pointer
        # down from the nearest looked-up ancestor (siblings share their parent's walk)
        chain: list[str] = []
        while pointer and pointer not in nodes:
            chain.append(pointer)
            pointer = pointer.rpartition("/")[0]
        node = nodes[pointer] if pointer else self.data
        for pointer in reversed(chain):
            node = _step(node, unescape_segment(pointer.rpartition("/")[2]))
            nodes[pointer] = node
        return node

    def span(self, pointer: str, prefer_key: bool = False) -> Span:
        """The span of the node at ``pointer``.

        Scalars are located at their value; containers at their key (the line
        a reader looks at), unless the node is a sequence item.
        """
        if not pointer:
            return Span(1, 1, 1, 1)
        if not pointer.startswith("/"):
            split_pointer(pointer)  # raises ValueError, as for any malformed pointer
        parent_pointer, _, last = pointer.rpartition("/")
        try:
            parent = self.get(parent_pointer)  # memoised: siblings share the walk
            last = unescape_segment(last)
            value = _step(parent, last)
        except (KeyError, IndexError, TypeError, ValueError):
            # Walk as far as possible and report the deepest known ancestor.
            return self._nearest_span(split_pointer(pointer))
        table = self._table(parent_pointer, parent)
        if table is None:
            return self._nearest_span(split_pointer(parent_pointer))
        if isinstance(parent, dict):
            pos = table.get(last)
            if pos is None:
                return self._nearest_span(split_pointer(parent_pointer))
            if self.is_json:  # offsets: only those needed become lines
                if prefer_key or isinstance(value, (dict, list)):
                    kl, kc = self._lc(pos[0])
                    return Span(kl, kc, kl, kc + len(last))
                return Span(*self._lc(pos[1]), *self._lc(pos[2]))
            kl, kc, vl, vc, el, ec = pos
            if prefer_key or isinstance(value, (dict, list)):
                return Span(kl, kc, kl, kc + len(last))
            return Span(vl, vc, el, ec)
        idx = int(last)
        if idx >= len(table):
            return self._nearest_span(split_pointer(parent_pointer))
        item = table[idx]
        if self.is_json:
            if isinstance(value, (dict, list)):
                vl, vc = self._lc(item[0])
                return Span(vl, vc, vl, vc + 1)
            return Span(*self._lc(item[0]), *self._lc(item[1]))
        vl, vc, el, ec = item
        if isinstance(value, (dict, list)):
            return Span(vl, vc, vl, vc + 1)
        return Span(vl, vc, el, ec)

    def _lc(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset (JSON tables)."""
        if self._line_starts is None:
            self._line_starts = _line_starts(self.text)
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _nearest_span(self, segments: list[str]) -> Span:
        node = self.data
        known: list[str] = []
        for seg in segments:
            try:
                node = _step(node, seg)
            except (KeyError, IndexError, TypeError, ValueError):
                break
            known.append(seg)
        if not known:
            return Span(1, 1, 1, 1)
        from oaslint.model import join_pointer

        return self.span(join_pointer(known))


def _step(node: Any, seg: str) -> Any:
    if isinstance(node, dict):
        return node[seg]
    if isinstance(node, list):
        if not seg.isdigit():
            raise KeyError(seg)
        return node[int(seg)]
    raise KeyError(seg)


# ``-`` on the command line: a document read from standard input, shown as ``<stdin>``.
# It has no folder, so no relative ``$ref`` in it can be resolved (the loader refuses
# them as outside the reference boundary).
STDIN = "-"
STDIN_NAME = "<stdin>"


def read_stdin_checked() -> tuple[str, tuple[str, int, int] | None]:
    """Standard input's text, bounded like a file's (see :func:`read_text_checked`)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise UnreadableError("standard input is not available")
    try:
        raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UnreadableError(f"cannot read standard input: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise LoadError(f"standard input is larger than the {MAX_BYTES} byte limit")
    if b"\x00" in raw[:8192]:
        raise LoadError("not a text file (contains NUL bytes)", 1, 1)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        note = (
            f"input is not UTF-8 (byte 0x{raw[exc.start]:02x}); read as Windows-1252, but YAML "
            "and JSON must be UTF-8"
        )
        return raw.decode("cp1252", errors="replace"), (note, line, col)


def display_path(path: str) -> str:
    """The path as given, normalised; relative paths stay relative to the cwd.

    Control characters and undecodable bytes (lone surrogates) are escaped:
    the name is shown in every report format (a ``$ref`` to ``"a\nb.yaml"``
    must not put a newline into a log line or an XML attribute).
    """
    if path == STDIN:
        return STDIN_NAME
    return neutral(os.path.normpath(path))


def read_bytes(path: str, limit: int = MAX_BYTES, *, head: bool = False) -> bytes:
    """:func:`read_bytes_unrecorded`, noted for the result cache while it records."""
    from oaslint.loader import deps

    if deps.recorder is None:
        return read_bytes_unrecorded(path, limit, head=head)
    try:
        data = read_bytes_unrecorded(path, limit, head=head)
    except LoadError as exc:
        deps.recorder.append(("read", path, str(limit), str(head), deps.outcome_of(exc)))
        raise
    deps.recorder.append(("read", path, str(limit), str(head), deps.digest(data)))
    return data


def read_bytes_unrecorded(path: str, limit: int = MAX_BYTES, *, head: bool = False) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Devices (``/dev/zero`` reports size 0 and never ends), FIFOs (an open
    blocks until a writer comes), sockets and directories are refused: the
    path is checked with ``stat`` before the open, opened non-blocking, checked
    again with ``fstat`` (the file may have been swapped), and read to at most
    ``limit + 1`` bytes, whatever size it claims. ``head``: the first
    ``limit`` bytes of a larger file instead of an error.
    """
    try:
        before = os.stat(path)
        if stat.S_ISDIR(before.st_mode):
            raise UnreadableError("is a directory")
        if not stat.S_ISREG(before.st_mode):
            raise UnreadableError("not a regular file (a device, FIFO or socket)")
        if before.st_size > limit and not head:
            raise LoadError(f"file is {before.st_size} bytes, larger than the {limit} byte limit")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            after = os.fstat(fd)
            if not stat.S_ISREG(after.st_mode):
                raise UnreadableError("not a regular file (a device, FIFO or socket)")
            chunks: list[bytes] = []
            size = 0
            while size <= limit:
                chunk = os.read(fd, min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except LoadError:
        raise
    except FileNotFoundError:
        raise UnreadableError("no such file") from None
    except IsADirectoryError:
        raise UnreadableError("is a directory") from None
    except PermissionError:
        raise UnreadableError("permission denied") from None
    except OSError as exc:
        raise UnreadableError(f"cannot read file: {exc.strerror or type(exc).__name__}") from None
    except ValueError:  # a NUL byte in the path
        raise UnreadableError("invalid file name (contains a NUL byte)") from None
    if head:
        return b"".join(chunks)[:limit]
    if size > limit:
        raise LoadError(f"file grew past the {limit} byte limit while being read")
    return b"".join(chunks)


def read_text_checked(path: str) -> tuple[str, tuple[str, int, int] | None]:
    """The text of ``path`` and, if it was not UTF-8, a note on how it was read."""
    raw = read_bytes(path)
    if b"\x00" in raw[:8192]:
        raise LoadError("not a text file (contains NUL bytes)", 1, 1)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        # YAML and JSON must be UTF-8, but Latin-1 files are common in the wild (the
        # multi-file BAG API of the corpus is one): read them as Windows-1252 and say so.
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        note = (
            f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); read as Windows-1252, but YAML "
            "and JSON must be UTF-8: re-save the file as UTF-8"
        )
        return raw.decode("cp1252", errors="replace"), (note, line, col)


def load_file(path: str, shown: str | None = None) -> SourceFile:
    """Read and parse ``path``. Raises :class:`LoadError` with a one-line message."""
    if path == STDIN:
        text, note = read_stdin_checked()
        src = parse_text(text, STDIN_NAME, STDIN_NAME)
        src.encoding_problem = note
        return src
    text, note = read_text_checked(path)
    src = _parse_cached(text, shown or display_path(path), os.path.abspath(path))
    src.encoding_problem = note
    return src


def _parse_cached(text: str, shown: str, abspath: str) -> SourceFile:
    """:func:`parse_text`, through the parse cache when one is configured (YAML only)."""
    from oaslint.loader import cache

    store = cache.active()
    json_name = abspath.lower().endswith(".json")
    if store is None or json_name or text.lstrip().startswith(("{", "[")):
        return parse_text(text, shown, abspath)
    key = store.key(text, json_name)
    hit = store.get(key)
    if hit is not None:
        src = SourceFile(shown, abspath, text, hit.data, False, hit.positions)
        src.duplicate_keys = hit.duplicate_keys
        src.shared_nodes = _maybe_anchor(text)
        return src
    src = parse_text(text, shown, abspath)
    if not src.is_json:
        store.put(key, cache.CachedParse(src.data, src._positions or {}, src.duplicate_keys))
    return src


def parse_text(text: str, shown: str, abspath: str) -> SourceFile:
    stripped = text.lstrip()
    is_json_name = abspath.lower().endswith(".json")
    if is_json_name or stripped.startswith(("{", "[")):
        if text.count("{") + text.count("[") > MAX_CONTAINERS:
            raise LoadError(
                f"the document has more than {MAX_CONTAINERS} opening brackets ('{{' and '['): "
                "not loaded, to bound memory",
                1,
                1,
            )
        try:
            data = json.loads(text)
        except RecursionError:
            raise LoadError(f"document nests deeper than {MAX_DEPTH} levels", 1, 1) from None
        except ValueError as exc:
            if is_json_name:
                line = getattr(exc, "lineno", 0)
                col = getattr(exc, "colno", 0)
                msg = getattr(exc, "msg", str(exc))
                raise LoadError(f"invalid JSON: {msg}", line, col) from None
        else:
            if _SURROGATE_ESCAPE.search(text):
                data = _replace_surrogates(data)
            return SourceFile(shown, abspath, text, data, True, shared_nodes=False)
    return _parse_yaml(text, shown, abspath)


# A JSON escape of a UTF-16 surrogate: json.loads pairs them, but a lone one
# ("\ud800") becomes a str no encoder can write. They are replaced by U+FFFD.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _fix(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


def _replace_surrogates(data: Any) -> Any:
    """``data`` with every lone surrogate in keys and strings replaced (JSON: no aliases)."""
    if isinstance(data, str):
        return _fix(data)
    if not isinstance(data, (dict, list)):
        return data
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            items = list(node.items())
            if any(isinstance(k, str) and _SURROGATE.search(k) for k, _ in items):
                node.clear()
                for k, v in items:
                    node[_fix(k)] = v
            for k, v in node.items():
                if isinstance(v, str):
                    node[k] = _fix(v)
                elif isinstance(v, (dict, list)):
                    stack.append(v)
        else:
            for i, v in enumerate(node):
                if isinstance(v, str):
                    node[i] = _fix(v)
                elif isinstance(v, (dict, list)):
                    stack.append(v)
    return data


try:  # ruamel.yaml.clib: optional (PyPy, platforms without a wheel)
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
except ImportError:  # the pure-Python composer below; the same nodes, about 5x slower
    CParser = None


def _resolve(kind: Any, value: Any, implicit: Any) -> Any:
    """A constant-time resolver: plain scalars are resolved in :func:`_scalar`.

    ruamel's versioned resolver and its per-node ``Tag`` objects took 1.1 s of
    the 1.9 s ``compose`` of stripe-spec3 (cProfile); resolving plain scalars
    ourselves, in :func:`_scalar` (YAML 1.2 core schema, as ruamel does), brings
    compose down to 1.06 s.
    """
    if kind is ScalarNode:
        return _PLAIN_TAG if implicit[0] else _STR_TAG
    return _MAP_TAG if kind is MappingNode else _SEQ_TAG


class _Scalar(ScalarNode):
    """A ruamel ``ScalarNode`` built by one short ``__init__`` (ruamel's runs two, and
    wraps every tag in a ``Tag``): the C composer makes one per scalar (Stripe: 174,000)."""

    __slots__ = ()

    # ruamel's own signature (comment and anchor unused here), so any clib call fits
    def __init__(
        self,
        tag: Any,
        value: Any,
        start_mark: Any = None,
        end_mark: Any = None,
        style: Any = None,
        comment: Any = None,
        anchor: Any = None,
    ) -> None:
        self.ctag = tag
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.style = style


class _Mapping(MappingNode):
    __slots__ = ()

    def __init__(
        self,
        tag: Any,
        value: Any,
        start_mark: Any = None,
        end_mark: Any = None,
        flow_style: Any = None,
        comment: Any = None,
        anchor: Any = None,
    ) -> None:
        self.ctag = tag
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.flow_style = flow_style


class _Sequence(SequenceNode):
    __slots__ = ()

    __init__ = _Mapping.__init__  # the same short constructor for both collections


_LIGHT_NODES = {"ScalarNode": _Scalar, "MappingNode": _Mapping, "SequenceNode": _Sequence}
_RUAMEL_NODES = {"ScalarNode": ScalarNode, "MappingNode": MappingNode, "SequenceNode": SequenceNode}


def _resolve_c(kind: Any, value: Any, implicit: Any) -> Any:
    """:func:`_resolve` for the C composer while it builds the light node classes."""
    if kind is _Scalar or kind is ScalarNode:
        return _PLAIN_TAG if implicit[0] else _STR_TAG
    return _MAP_TAG if kind is _Mapping or kind is MappingNode else _SEQ_TAG


if CParser is not None:
    _CLIB = sys.modules.get(CParser.__module__)

    class _Composer(CParser):  # type: ignore[misc]
        """ruamel.yaml's C composer with the constant-time resolver.

        The composer calls ``descend_resolver(parent, index)`` and
        ``ascend_resolver()`` around every node; both are C callables here, not
        Python methods (Stripe: 348,000 calls fewer). ``ascend_resolver`` is the
        ``__next__`` of an iterator over ``range(MAX_YAML_NODES)``: it counts the
        composed nodes at C speed and stops the composer (``StopIteration``) at the
        cap, before the node tree outgrows memory.
        """

        resolve = staticmethod(_resolve_c)
        descend_resolver = slice  # any two arguments, nothing kept

        def __init__(self, text: str) -> None:
            super().__init__(text)
            self.ascend_resolver = iter(range(MAX_YAML_NODES)).__next__


_PLAIN_TAG = Tag(suffix="?plain")
_STR_TAG = Tag(suffix="tag:yaml.org,2002:str")
_MAP_TAG = Tag(suffix="tag:yaml.org,2002:map")
_SEQ_TAG = Tag(suffix="tag:yaml.org,2002:seq")


def _too_many_nodes() -> LoadError:
    return LoadError(
        f"the YAML has more than {MAX_YAML_NODES} nodes (keys, values and items): not "
        "loaded, to bound memory",
        1,
        1,
    )


def _compose(text: str) -> Node | None:
    if CParser is None:
        return _compose_pure(text)
    composer = _Composer(text)
    # The composer makes its nodes from its module's globals: the light classes
    # while it runs (restored after; oaslint composes in one thread)
    clib = _CLIB
    light = clib is not None and all(
        getattr(clib, name, None) is cls for name, cls in _RUAMEL_NODES.items()
    )
    if light:
        for name, cls in _LIGHT_NODES.items():
            setattr(clib, name, cls)
    try:
        return composer.get_single_node()  # type: ignore[no-any-return]
    except StopIteration:
        raise _too_many_nodes() from None
    finally:
        if light:
            for name, cls in _RUAMEL_NODES.items():
                setattr(clib, name, cls)


def _compose_pure(text: str) -> Node | None:
    """ruamel.yaml's pure-Python composer (safe), with the same resolver: same nodes."""
    from ruamel.yaml import YAML
    from ruamel.yaml.resolver import VersionedResolver

    class _Resolver(VersionedResolver):  # type: ignore[misc, unused-ignore]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            return _resolve(kind, value, implicit)

        def descend_resolver(self, *args: Any) -> None:
            pass

        def ascend_resolver(self, *args: Any) -> None:
            count()

    count = iter(range(MAX_YAML_NODES)).__next__
    yaml = YAML(typ="safe", pure=True)
    yaml.Resolver = _Resolver
    try:
        return yaml.compose(text)  # type: ignore[no-any-return]
    except StopIteration:
        raise _too_many_nodes() from None


def _parse_yaml(text: str, shown: str, abspath: str) -> SourceFile:
    try:
        node = _compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is not None:
            raise LoadError(f"invalid YAML: {problem}", mark.line + 1, mark.column + 1) from None
        raise LoadError(f"invalid YAML: {problem}", 1, 1) from None
    except YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
        raise LoadError(f"invalid YAML: {first}", 1, 1) from None
    except RecursionError:
        raise LoadError(f"document nests deeper than {MAX_DEPTH} levels", 1, 1) from None
    except (ValueError, TypeError) as exc:  # defensive: odd scalars inside the C composer
        raise LoadError(f"invalid YAML: {exc}", 1, 1) from None
    builder = _Builder(anchors=_maybe_anchor(text))
    if node is None:
        data = None
    else:
        try:
            data = builder.build(node, 0)
        except RecursionError:
            raise LoadError(f"document nests deeper than {MAX_DEPTH} levels", 1, 1) from None
    if len(builder.positions) > MAX_CONTAINERS:
        raise LoadError(
            f"the YAML has more than {MAX_CONTAINERS} mappings and sequences: not loaded, "
            "to bound memory",
            1,
            1,
        )
    src = SourceFile(shown, abspath, text, data, False, builder.positions)
    src.duplicate_keys = builder.duplicates
    src.shared_nodes = builder.anchors
    return src


# YAML 1.2 core schema, as ruamel.yaml resolves plain scalars by default
# No real document writes a 1,000-character integer; a longer one (in any base) would make
# every str() of it raise (Python's 4,300-digit limit) wherever a message quotes it.
MAX_INT_CHARS = 1000
_INT_RE = re.compile(r"[-+]?[0-9]+$|0o[0-7]+$|0x[0-9a-fA-F]+$")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}
_NUMERIC_START = frozenset("0123456789-+.")


def _plain(value: str) -> Any:
    if value in _SPECIAL:
        return _SPECIAL[value]
    if value[0] not in _NUMERIC_START:
        return value
    if _INT_RE.match(value):
        if len(value) > MAX_INT_CHARS:  # hex/octal too: str() of it raises past 4,300 digits
            return value if value.startswith(("0o", "0x")) else float(value)
        try:
            return int(value, 0) if value.startswith(("0o", "0x")) else int(value)
        except ValueError:  # past Python's 4,300-digit limit: as large as a float gets
            return float(value) if value[0] != "0" else value
    if _FLOAT_RE.match(value):
        return float(value)
    return value


def _scalar(node: ScalarNode) -> Any:
    tag = node.ctag
    if tag is _STR_TAG:
        return node.value
    if tag is _PLAIN_TAG:
        return _plain(node.value)
    # an explicit tag (`!!int 3`, `!custom x`): core types are honoured, anything
    # else stays text; nothing in a document is ever turned into an object
    name = str(tag)
    value: str = node.value
    try:
        if name.endswith(":int"):
            return int(value, 0) if len(value) <= MAX_INT_CHARS else value
        if name.endswith(":float"):
            return float(value)
    except ValueError:
        return value
    if name.endswith(":bool"):
        return value.lower() == "true"
    if name.endswith(":null"):
        return None
    return value


def _maybe_anchor(text: str) -> bool:
    """Whether an anchor (``&name``) could be written in ``text``: an ``&`` after the
    start, white space, a flow indicator, a colon (JSON-like flow keys) or a byte
    order mark, followed by a name character. Texts without one (most specs:
    ``R&D`` and `` & `` in prose do not count) have no aliases. One ``str.find`` per
    ``&`` (a regular expression over Stripe's 4 MB took 55 ms).
    """
    find = text.find
    i = find("&")
    while i != -1:
        after = text[i + 1 : i + 2]
        if after and not after.isspace() and after not in "[]{},":
            before = text[i - 1] if i else " "
            if before.isspace() or before in "[]{},:\ufeff":
                return True
        i = find("&", i + 1)
    return False


class _Builder:
    """Turns a composed node tree into plain data and records positions.

    Hot path (99k nodes for stripe-spec3): scalars are converted inline, and
    expanded sizes are only computed where an alias re-uses a node. The C
    composer does not set ``node.anchor``, so every container is memoised by
    identity (an alias is the very same node object).
    """

    def __init__(self, anchors: bool = True) -> None:
        # False only for a text in which no anchor can be written (_maybe_anchor):
        # then no node is reached twice, and the per-container alias bookkeeping
        # (memo, cycle set, long-scalar sizes) is skipped (Stripe: 35,000 containers)
        self.anchors = anchors
        self.positions: dict[int, Any] = {}
        self.memo: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}
        self.alias_total = 0
        self.alias_chars = 0
        self.active: set[int] = set()  # containers being built: an alias to one is a cycle
        self.long_scalars: set[int] = set()
        self.duplicates: list[tuple[str, int, int, int, int]] = []

    def _alias(self, node: Node) -> Any:
        """The value of an already built anchored node, counting its expansion."""
        if id(node) in self.active:
            mark = node.start_mark
            raise LoadError(
                "recursive YAML alias: the anchored node contains an alias to itself "
                "(JSON cannot express this and OpenAPI never needs it; use $ref)",
                mark.line + 1,
                mark.column + 1,
            )
        value = self.memo[id(node)]
        self.alias_total += self._size(value)
        if self.alias_total > MAX_NODES:
            mark = node.start_mark
            raise LoadError(
                f"aliases expand the document past {MAX_NODES} nodes (YAML alias bomb?)",
                mark.line + 1,
                mark.column + 1,
            )
        return value

    def _long_scalar(self, node: ScalarNode) -> Any:
        """A long scalar; its aliases are counted by size (C composer: same node object)."""
        key = id(node)
        if key in self.long_scalars:
            self.alias_chars += len(node.value)
            if self.alias_chars > MAX_ALIAS_CHARS:
                mark = node.start_mark
                raise LoadError(
                    f"aliases of long strings expand the document past {MAX_ALIAS_CHARS} "
                    "characters (YAML alias bomb?)",
                    mark.line + 1,
                    mark.column + 1,
                )
        else:
            self.long_scalars.add(key)
        return _scalar(node)

    def _size(self, value: Any) -> int:
        """Expanded node count of a built value (memoised: shared values are DAGs)."""
        if not isinstance(value, (dict, list)):
            return 1
        key = id(value)
        size = self.sizes.get(key)
        if size is None:
            items = value.values() if isinstance(value, dict) else value
            size = 1
            for item in items:
                if isinstance(item, (dict, list)):
                    size += self._size(item)
                elif isinstance(item, str) and len(item) > _LONG_SCALAR:
                    size += len(item) // _LONG_SCALAR  # long strings weigh by size
                else:
                    size += 1
                if size > MAX_NODES:
                    break
            self.sizes[key] = size
        return size

    def build(self, node: Node, depth: int) -> Any:
        if isinstance(node, ScalarNode):
            if self.anchors and len(node.value) > _LONG_SCALAR:
                return self._long_scalar(node)
            return _scalar(node)
        anchors = self.anchors
        if anchors and id(node) in self.memo:  # an alias: shared, never copied
            return self._alias(node)
        if depth > MAX_DEPTH:
            mark = node.start_mark
            raise LoadError(
                f"document nests deeper than {MAX_DEPTH} levels", mark.line + 1, mark.column + 1
            )
        build = self.build
        depth += 1
        special: dict[str, Any] = _SPECIAL
        numeric = _NUMERIC_START
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            if anchors:
                self.memo[id(node)] = result
                self.active.add(id(node))
            table: dict[str, KeyPos] = {}
            for knode, vnode in node.value:
                if isinstance(knode, ScalarNode):
                    key = knode.value
                    if anchors and len(key) > _LONG_SCALAR:  # aliased long keys count too
                        self._long_scalar(knode)
                    if key == "<<" and knode.ctag is _PLAIN_TAG:
                        self._merge(result, table, vnode, depth)
                        continue
                else:
                    key = _flow_key(knode)
                if isinstance(vnode, ScalarNode) and len(vnode.value) <= _LONG_SCALAR:
                    tag = vnode.ctag  # _scalar(), inlined for the two common tags
                    if tag is _STR_TAG:
                        value = vnode.value
                    elif tag is _PLAIN_TAG:
                        value = special.get(vnode.value, special)
                        if value is special:
                            value = vnode.value
                            if value[0] in numeric:
                                value = _plain(value)
                    else:
                        value = _scalar(vnode)
                else:
                    value = build(vnode, depth)
                ks = knode.start_mark
                vs = vnode.start_mark
                ve = vnode.end_mark
                if key in table:
                    first = table[key]
                    self.duplicates.append((key, ks.line + 1, ks.column + 1, first[0], first[1]))
                result[key] = value
                table[key] = (
                    ks.line + 1,
                    ks.column + 1,
                    vs.line + 1,
                    vs.column + 1,
                    ve.line + 1,
                    ve.column + 1,
                )
            self.positions[id(result)] = table
            if anchors:
                self.active.discard(id(node))
            node.value = ()  # free the composed subtree now: memory peaks at one tree, not two
            return result
        if isinstance(node, SequenceNode):
            items: list[Any] = []
            if anchors:
                self.memo[id(node)] = items
                self.active.add(id(node))
            ptable: list[ItemPos] = []
            for vnode in node.value:
                if isinstance(vnode, ScalarNode) and len(vnode.value) <= _LONG_SCALAR:
                    items.append(_scalar(vnode))
                else:
                    items.append(build(vnode, depth))
                vs = vnode.start_mark
                ve = vnode.end_mark
                ptable.append((vs.line + 1, vs.column + 1, ve.line + 1, ve.column + 1))
            self.positions[id(items)] = ptable
            if anchors:
                self.active.discard(id(node))
            node.value = ()
            return items
        return None

    def _merge(
        self, result: dict[str, Any], table: dict[str, KeyPos], vnode: Node, depth: int
    ) -> None:
        if isinstance(vnode, SequenceNode):
            built = self.build(vnode, depth)  # an alias of a built list: its values
            merges = built if isinstance(built, list) else []
        else:
            merges = [self.build(vnode, depth)]
        for merged in merges:
            if isinstance(merged, dict):
                mtable = self.positions.get(id(merged), {})
                for k, v in merged.items():
                    if k not in result:
                        result[k] = v
                        if k in mtable:
                            table[k] = mtable[k]


def _flow_key(node: Node) -> str:
    mark = node.start_mark
    return f"<complex key at {mark.line + 1}:{mark.column + 1}>"


# -- JSON source map ---------------------------------------------------------

# Strings, brackets, and bare scalars (numbers, true, false, null). Commas and
# colons are not needed: inside an object keys and values alternate.
_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]]|[^\s,:{}\[\]"]+')


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def _json_positions(text: str, data: Any) -> dict[int, Any]:
    """Offsets for a JSON document, by one token scan that mirrors ``data``.

    Tables hold character offsets, ``(key, value_start, value_end)`` for an
    object entry and ``(value_start, value_end)`` for an array item; they are
    turned into lines and columns only for the nodes a finding points at.
    Measured on the 4 MB kubernetes spec: 0.3 s (line/column per token: 0.73 s).
    """
    positions: dict[int, Any] = {}
    # frame: [container, table, is_object, pending_key, key_offset, start_offset]
    stack: list[list[Any]] = []
    expect_key = False
    for m in _JSON_TOKEN.finditer(text):
        tok = m.group()
        c = tok[0]
        if c == "{" or c == "[":
            if stack:
                frame = stack[-1]
                parent = frame[0]
                if frame[2]:
                    node = parent.get(frame[3]) if isinstance(parent, dict) else None
                else:
                    i = len(frame[1])
                    node = parent[i] if isinstance(parent, list) and i < len(parent) else None
            else:
                node = data
            table: Any = {} if c == "{" else []
            if isinstance(node, (dict, list)):
                positions[id(node)] = table
            stack.append([node, table, c == "{", None, 0, m.start()])
            expect_key = c == "{"
        elif c == "}" or c == "]":
            done = stack.pop()
            if stack:
                frame = stack[-1]
                if frame[2]:
                    frame[1][frame[3]] = (frame[4], done[5], m.end())
                else:
                    frame[1].append((done[5], m.end()))
                expect_key = frame[2]
        elif expect_key:
            frame = stack[-1]
            key = tok[1:-1]
            if "\\" in key:
                with contextlib.suppress(ValueError):
                    key = _fix(json.loads(tok))
            frame[3] = key
            frame[4] = m.start()
            expect_key = False
        elif stack:
            frame = stack[-1]
            if frame[2]:
                frame[1][frame[3]] = (frame[4], m.start(), m.end())
                expect_key = True
            else:
                frame[1].append((m.start(), m.end()))
    return positions


# -- JSON source map, lazily: only the containers a finding points into ------------

_JSON_ESCAPE = re.compile(r"\\.", re.DOTALL)
# Everything up to the next bracket outside a string (escapes blanked), then it.
_JSON_BRACKETS = re.compile(r'[^"{}\[\]]*(?:"[^"]*"[^"{}\[\]]*)*([{}\[\]])')
_JSON_WS = re.compile(r"[ \t\n\r]*")
# One member of an object: the key (group 1), then a scalar value (group 2) or the
# opening bracket of a container (the match's last character). Strings are
# `"[^"]*"`: matched in a text without backslashes, or in the text with every escape
# blanked. The patterns start at a character a separator never holds (a quote; any
# value character), so a search skips separators and white space in linear time: a
# leading `[ \t\n\r,]*` made a search over a long white-space run quadratic.
_JSON_MEMBER = re.compile(r'"([^"]*)"[ \t\n\r]*:[ \t\n\r]*(?:("[^"]*"|[^\s,:{}\[\]"]+)|[{\[])')
_JSON_ITEM = re.compile(r'("[^"]*"|[^\s,:{}\[\]"]+)|[{\[]')


class _JsonMap:
    """Offsets of JSON containers, built only for those a lookup needs.

    The full token scan (:func:`_json_positions`) is a Python loop over every token
    (157,000 in the 4 MB Kubernetes spec). Here the work over the whole text runs
    at C speed: escapes blanked (``re.sub`` with a same-length constant), then the
    brackets outside strings found by one regular expression and paired by one
    small loop (two per container; 17 ms for Kubernetes against 0.15 s for the
    full scan). A container's table, the same ``(key,
    value_start, value_end)`` / ``(value_start, value_end)`` offsets as the full
    scan's, is built on first use from its own members only (one regular-expression
    match each), jumping over nested containers by their bracket pairs.
    """

    def __init__(self, text: str, data: Any) -> None:
        self.text = text
        self.tables: dict[int, Any] = {}
        self.starts: dict[int, int] = {}  # id(container) -> offset of its bracket
        clean = _JSON_ESCAPE.sub("__", text) if "\\" in text else text
        self.clean = clean
        close: dict[int, int] = {}  # offset of an opening bracket -> of its closing one
        stack: list[int] = []
        push = stack.append
        pop = stack.pop
        # up to the last bracket only: past it (white space after the root) a failed
        # search would backtrack over the rest from every position (quadratic)
        last = max(clean.rfind("}"), clean.rfind("]")) + 1
        for at in [m.start(1) for m in _JSON_BRACKETS.finditer(clean, 0, last)]:
            c = clean[at]
            if c == "{" or c == "[":
                push(at)
            elif stack:
                close[pop()] = at
        self.close = close
        if isinstance(data, (dict, list)):
            self.starts[id(data)] = _JSON_WS.match(clean).end()  # type: ignore[union-attr]

    def table(self, node: Any) -> Any:
        """The offsets table of ``node`` (a dict or list whose bracket offset is known)."""
        key = id(node)
        table = self.tables.get(key)
        if table is not None:
            return table
        start = self.starts.get(key)
        if start is None:
            return None
        table = self._object(node, start) if isinstance(node, dict) else self._array(node, start)
        self.tables[key] = table
        return table

    def _object(self, node: dict[str, Any], start: int) -> dict[str, tuple[int, int, int]]:
        text, close, starts = self.text, self.close, self.starts
        end = close.get(start, len(text))
        escaped = text.find("\\", start, end) != -1
        scan = _JSON_MEMBER.finditer
        subject = self.clean if escaped else text
        table: dict[str, tuple[int, int, int]] = {}
        pos = start + 1
        while True:
            for m in scan(subject, pos, end):
                key = m.group(1)
                if escaped:
                    key = text[m.start(1) : m.end(1)]
                    if "\\" in key:
                        with contextlib.suppress(ValueError):
                            key = _fix(json.loads(f'"{key}"'))
                if m.lastindex == 2:
                    vs, ve = m.span(2)
                    table[key] = (m.start(1) - 1, vs, ve)
                    continue
                vs = m.end() - 1
                pos = close.get(vs, end - 1) + 1
                table[key] = (m.start(1) - 1, vs, pos)
                child = node.get(key)
                if isinstance(child, (dict, list)):
                    starts[id(child)] = vs
                break  # go on after the nested container
            else:
                return table

    def _array(self, node: list[Any], start: int) -> list[tuple[int, int]]:
        text, close, starts = self.text, self.close, self.starts
        end = close.get(start, len(text))
        subject = self.clean
        table: list[tuple[int, int]] = []
        n = len(node)
        pos = start + 1
        while True:
            for m in _JSON_ITEM.finditer(subject, pos, end):
                if m.lastindex == 1:
                    table.append(m.span(1))
                    continue
                vs = m.end() - 1
                pos = close.get(vs, end - 1) + 1
                i = len(table)
                table.append((vs, pos))
                if i < n and isinstance(node[i], (dict, list)):
                    starts[id(node[i])] = vs
                break
            else:
                return table
