"""A loaded OpenAPI document: its root file, every file it references, its refs.

``$ref``s are never inlined. Each file keeps its own tree and source map, and
:meth:`Document.deref` follows a ``$ref`` to the node where it is written, so
every node a rule touches has a :class:`~oaslint.model.Location` (file and
JSON pointer) that maps straight to a line, also inside ``$ref``-ed files.

prance's ``ResolvingParser`` is not used on this path: it inlines references
(losing where a node was written), fails on Stripe's recursive ``$ref``s, and
with a recursion work-around ran past 300 s and 1.8 GiB on
``stripe-spec3.oas30.yaml`` (measured here; see ``shared/README.md``). Our
resolver loads each referenced file once and is lazy and cycle-safe.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from oaslint.loader import deps
from oaslint.loader.boundary import boundary_for, within
from oaslint.loader.source import (
    STDIN_NAME,
    LoadError,
    SourceFile,
    UnreadableError,
    display_path,
    load_file,
    parse_text,
)
from oaslint.model import Location, Span, escape_segment
from oaslint.text import excerpt, path_excerpt

if TYPE_CHECKING:
    from oaslint.loader.remote import Fetcher

T = TypeVar("T")


class NotOpenAPIError(Exception):
    """The file parsed but is not an OpenAPI/Swagger document."""


@dataclass(frozen=True, slots=True)
class RefProblem:
    """A ``$ref`` that could not be followed."""

    location: Location  # the ``$ref`` value
    ref: str
    reason: str


@dataclass(slots=True)
class Container:
    """A mapping or sequence of a loaded file, visited once at load time."""

    source: SourceFile
    pointer: str
    node: Any

    @property
    def location(self) -> Location:
        return Location(self.source.path, self.pointer)


@dataclass(eq=False)
class Document:
    root: SourceFile
    version: str  # "2.0", "3.0", "3.1" or "3.2"
    allow_remote: bool = False
    # real directories local `$ref`s may read (oaslint.loader.boundary); empty: no check
    ref_roots: tuple[str, ...] = ()
    files: dict[str, SourceFile] = field(default_factory=dict)  # by displayed path
    containers: list[Container] = field(default_factory=list)
    refs: list[tuple[Location, str, SourceFile]] = field(default_factory=list)
    ref_problems: list[RefProblem] = field(default_factory=list)
    broken_files: dict[str, LoadError] = field(default_factory=dict)  # parse errors, by path
    _by_abspath: dict[str, SourceFile | LoadError] = field(default_factory=dict)  # by real path
    _fetcher: Fetcher | None = field(default=None, repr=False)
    _shared: dict[Callable[[], Any], Any] = field(default_factory=dict, repr=False)

    def shared(self, factory: Callable[[], T]) -> T:
        """``factory()``, built once per document and freed with it (as
        :meth:`oaslint.index.SpecIndex.shared`, for code that holds only the document)."""
        try:
            return self._shared[factory]  # type: ignore[no-any-return]
        except KeyError:
            value = self._shared[factory] = factory()
            return value

    # -- construction ----------------------------------------------------
    @classmethod
    def load(
        cls, path: str, allow_remote: bool = False, ref_roots: tuple[str, ...] = ()
    ) -> Document:
        """Load a root file. Raises LoadError, or NotOpenAPIError.

        Local ``$ref``s are read only inside the reference boundary of ``path``
        (:func:`oaslint.loader.boundary.boundary_for`), widened by ``ref_roots``.
        """
        root = load_file(path)
        return cls.from_source(root, allow_remote, boundary_for(path, ref_roots))

    @classmethod
    def from_source(
        cls, root: SourceFile, allow_remote: bool = False, ref_roots: tuple[str, ...] = ()
    ) -> Document:
        version = detect_version(root.data)
        if version is None:
            raise NotOpenAPIError("not an OpenAPI document (no 'openapi' or 'swagger' root key)")
        doc = cls(root=root, version=version, allow_remote=allow_remote, ref_roots=ref_roots)
        doc._add_file(root)
        doc._resolve_all()
        return doc

    def _add_file(self, src: SourceFile) -> None:
        self.files[src.path] = src
        is_url = src.abspath.startswith("https://") or src.abspath.startswith("http://")
        self._by_abspath[src.abspath if is_url else os.path.realpath(src.abspath)] = src
        self._walk(src)

    def _walk(self, src: SourceFile) -> None:
        """The one walk over a file: record every container and every ``$ref``.

        Hot (Stripe: 35,000 containers, Kubernetes 28,000): the data holds only plain
        ``dict``/``list``/scalars, so classes are compared by identity, and the set of
        visited nodes is kept only where a node can be reached twice (YAML aliases).
        """
        containers = self.containers
        refs = self.refs
        data = src.data
        if data.__class__ is not dict and data.__class__ is not list:
            return  # an empty file, or a scalar root
        stack: list[tuple[Any, str]] = [(data, "")]
        push = stack.append
        pop = stack.pop
        add = containers.append
        seen: set[int] | None = set() if src.shared_nodes else None
        path = src.path
        while stack:
            node, ptr = pop()
            if seen is not None:
                if id(node) in seen:  # a YAML alias: visit shared nodes once
                    continue
                seen.add(id(node))
            add(Container(src, ptr, node))
            if node.__class__ is dict:
                ref = node.get("$ref")
                if ref.__class__ is str:
                    refs.append((Location(path, ptr + "/$ref"), ref, src))
                for key, value in node.items():
                    if value.__class__ is dict or value.__class__ is list:
                        if "~" in key or "/" in key:
                            key = escape_segment(key)
                        push((value, f"{ptr}/{key}"))
            else:
                for i, value in enumerate(node):
                    if value.__class__ is dict or value.__class__ is list:
                        push((value, f"{ptr}/{i}"))

    def _resolve_all(self) -> None:
        """Check every ``$ref`` once, loading referenced files as they appear."""
        i = 0
        while i < len(self.refs):  # grows while external files are loaded
            loc, ref, src = self.refs[i]
            i += 1
            try:
                self._target(ref, src)
            except _RefError as exc:
                if not exc.parse_failure:  # a parse error is reported in its own file
                    self.ref_problems.append(RefProblem(loc, ref, str(exc)))

    # -- resolution ------------------------------------------------------
    def _file_for(self, uri: str, base: SourceFile) -> SourceFile:
        if uri.startswith(("http://", "https://")) or (
            base.abspath.startswith(("http://", "https://")) and "://" not in uri
        ):
            return self._remote(uri, base)
        if "://" in uri or uri.startswith("file:"):
            raise _RefError(f"unsupported reference scheme in {excerpt(uri)}")
        if base.abspath == STDIN_NAME:
            raise _RefError(
                f"{excerpt(uri)} is outside the reference boundary: a document read from standard "
                "input has no folder, so relative references are not followed (lint the file "
                "by its path instead)"
            )
        path = urllib.parse.unquote(uri)
        if "\0" in path:
            raise _RefError("invalid file name (contains a NUL byte)")
        abspath = os.path.normpath(os.path.join(os.path.dirname(base.abspath), path))
        try:
            real = os.path.realpath(abspath)
        except (OSError, ValueError):
            raise _RefError("invalid file name") from None
        if deps.recorder is not None:
            deps.recorder.append(("real", abspath, real))
        if self.ref_roots and not within(real, self.ref_roots):
            raise _RefError(
                "the file is outside the reference boundary (the git work tree or working "
                "directory of the document; widen it with --ref-root DIR); not read"
            )
        abspath = real if os.path.isabs(real) else abspath
        cached = self._by_abspath.get(abspath)
        if isinstance(cached, LoadError):
            raise _RefError(cached.message, parse_failure=not isinstance(cached, UnreadableError))
        if cached is not None:
            return cached
        shown = display_path(os.path.join(os.path.dirname(base.path), path))
        if shown in self.files:  # another file under this spelling: keep names unique
            shown = display_real(abspath)
        try:
            src = load_file(abspath, shown)
        except UnreadableError as exc:
            err = UnreadableError(f"cannot load {path_excerpt(shown)}: {exc.message}")
            self._by_abspath[abspath] = err
            raise _RefError(err.message) from None
        except LoadError as exc:
            self.broken_files[shown] = exc
            self._by_abspath[abspath] = exc
            raise _RefError(exc.message, parse_failure=True) from None
        self._add_file(src)
        return src

    def _remote(self, uri: str, base: SourceFile) -> SourceFile:
        full = urllib.parse.urljoin(base.abspath, uri) if "://" not in uri else uri
        shown = excerpt(full, quote=False)
        if not self.allow_remote:
            raise _RefError(
                f"remote reference {shown} not fetched (use --allow-remote to allow it)"
            )
        cached = self._by_abspath.get(full)
        if isinstance(cached, LoadError):
            raise _RefError(cached.message)
        if cached is not None:
            return cached
        from oaslint.loader.remote import Fetcher, RemoteError

        if self._fetcher is None:
            self._fetcher = Fetcher()
        try:
            raw = self._fetcher.fetch(full)
            src = parse_text(raw.decode("utf-8-sig"), full, full)
        except LoadError as exc:
            err = LoadError(f"cannot load {shown}: {exc.message}")
            self._by_abspath[full] = err
            raise _RefError(err.message) from None
        except RemoteError as exc:
            err = LoadError(str(exc))
            self._by_abspath[full] = err
            raise _RefError(err.message) from None
        except (ValueError, UnicodeDecodeError) as exc:
            err = LoadError(f"cannot read {shown}: {type(exc).__name__}")
            self._by_abspath[full] = err
            raise _RefError(err.message) from None
        self._add_file(src)
        return src

    def _target(self, ref: str, base: SourceFile) -> tuple[SourceFile, str, Any]:
        uri, _, fragment = ref.partition("#")
        src = self._file_for(uri, base) if uri else base
        pointer = urllib.parse.unquote(fragment)
        if pointer and not pointer.startswith("/"):
            raise _RefError(f"unsupported fragment {excerpt(fragment)} (expected a JSON pointer)")
        try:
            node = src.get(pointer)
        except (KeyError, IndexError, ValueError):
            where = f" in {path_excerpt(src.path)}" if uri else ""
            raise _RefError(f"pointer {excerpt(pointer or '/')} not found{where}") from None
        return src, pointer, node

    def deref(self, node: Any, loc: Location) -> tuple[Any, Location]:
        """Follow ``$ref`` chains from ``node``; cycle-safe.

        Returns the first node that is not a ``$ref`` object and where it is
        written. A broken or circular chain returns ``(None, loc_of_last_ref)``
        (``resolvable-refs`` reports the broken ones).
        """
        if node.__class__ is not dict or node.get("$ref").__class__ is not str:
            return node, loc  # most nodes: no `$ref` (Kubernetes: 33,000 calls)
        seen: set[tuple[str, str]] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            src = self.files.get(loc.file)
            if src is None:
                return None, loc
            try:
                tsrc, pointer, target = self._target(node["$ref"], src)
            except _RefError:
                return None, loc
            key = (tsrc.path, pointer)
            if key in seen:
                return None, loc
            seen.add(key)
            node, loc = target, Location(tsrc.path, pointer)
        return node, loc

    # -- locations -------------------------------------------------------
    def span(self, loc: Location, prefer_key: bool = False) -> Span:
        src = self.files.get(loc.file)
        if src is None:
            return Span(1, 1, 1, 1)
        return src.span(loc.pointer, prefer_key)

    def get(self, loc: Location) -> Any:
        src = self.files.get(loc.file)
        if src is None:
            raise KeyError(loc.file)
        return src.get(loc.pointer)


class _RefError(Exception):
    def __init__(self, message: str, parse_failure: bool = False) -> None:
        super().__init__(message)
        self.parse_failure = parse_failure


def display_real(path: str) -> str:
    """A real path as shown: relative to the working directory when below it."""
    rel = os.path.relpath(path)
    return display_path(path if rel.startswith(os.pardir) else rel)


def detect_version(data: Any) -> str | None:
    """The OpenAPI major.minor from the root key, or None when not OpenAPI."""
    if not isinstance(data, dict):
        return None
    if "openapi" in data:
        text = str(data["openapi"]).strip()
        for prefix in ("3.0", "3.1", "3.2"):
            if text == prefix or text.startswith(prefix + "."):
                return prefix
        return "3.x" if text.startswith("3") else "unknown"
    if "swagger" in data:
        return "2.0"
    return None
