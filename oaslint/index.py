"""SpecIndex: the one shared, typed view of a document that every rule reads.

Built lazily per collection (``cached_property``) and at most once per
document, so a rule never walks or re-parses the document on its own. Every
entry carries the :class:`~oaslint.model.Location` where it is written, in
the file where it is written (``$ref``-ed files included), so a rule only
chooses the node and never computes a line.

Swagger 2.0 is normalised into the same shapes as OpenAPI 3: ``schemes`` +
``host`` become servers, ``securityDefinitions`` security schemes,
``consumes``/``produces`` and ``in: body``/``formData`` parameters media types
and request bodies.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast

from oaslint.loader.document import Container, Document
from oaslint.model import Location, split_pointer

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
HTTP_METHODS_32 = (*HTTP_METHODS, "query")


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Located:
    """A node of the document and where it is written."""

    node: Any
    loc: Location

    def get(self, key: str, default: Any = None) -> Any:
        return self.node.get(key, default) if isinstance(self.node, dict) else default

    def at(self, *segments: str | int) -> Location:
        return self.loc.child(*segments)


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    name: str
    node: dict[str, Any]
    loc: Location  # where the scheme object is written (after $ref)
    key_loc: Location  # the entry under components.securitySchemes / securityDefinitions

    @property
    def type(self) -> str:
        return str(self.node.get("type", "")).strip()

    def at(self, *segments: str | int) -> Location:
        return self.loc.child(*segments)


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    loc: Location  # the url value (Swagger: the `schemes` entry)
    level: str  # "root", "path", "operation", "link", "callback", "swagger"
    node: Any = None  # the server object (OAS 3) or None


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    location: str  # the parameter's `in`
    node: dict[str, Any]
    loc: Location  # where the parameter object is written

    def at(self, *segments: str | int) -> Location:
        return self.loc.child(*segments)


@dataclass(frozen=True, slots=True)
class MediaType:
    media_type: str
    direction: str  # "request" or "response"
    node: Any  # media type object (OAS 3) or None (Swagger)
    loc: Location  # the media type key (OAS 3) or consumes/produces entry (Swagger)
    schema: Located | None = None


@dataclass(frozen=True, slots=True)
class Header:
    name: str
    node: Any  # header object after $ref (None if unresolvable)
    loc: Location  # where the header object is written
    key_loc: Location  # the entry in the response's headers map


@dataclass(eq=False)
class Response:
    code: str  # "200", "4XX", "default" (always text)
    node: Any  # response object after $ref (None if unresolvable)
    loc: Location  # where the response object is written
    key_loc: Location  # the entry in the operation's responses map
    headers: list[Header] = field(default_factory=list)
    media: list[MediaType] = field(default_factory=list)

    @property
    def has_body(self) -> bool:
        return bool(self.media)

    def header(self, name: str) -> Header | None:
        low = name.lower()
        for h in self.headers:
            if h.name.lower() == low:
                return h
        return None


@dataclass(eq=False)
class Operation:
    path: str
    method: str
    node: dict[str, Any]
    loc: Location  # the operation object (key `get:` etc.)
    path_loc: Location  # the path item entry
    security: list[Any] | None  # effective requirement list; None when none declared
    security_loc: Location | None  # where the effective requirement list is written
    parameters: list[Parameter] = field(default_factory=list)
    request_body: Located | None = None
    request_media: list[MediaType] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    responses_loc: Location | None = None
    # OAS 3.0 GET/HEAD/DELETE: the request body "SHALL be ignored by consumers"
    body_ignored: bool = False

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def has_request_body(self) -> bool:
        return self.request_body is not None

    def response(self, code: str) -> Response | None:
        for r in self.responses:
            if r.code.upper() == code.upper():
                return r
        return None

    def has_response(self, code: str) -> bool:
        """True when ``code`` or its range (``4XX``) is declared."""
        return self.response(code) is not None or self.response(code[0] + "XX") is not None


@dataclass(frozen=True, slots=True)
class SchemaUse:
    """A schema reached from a request, reported once where it is written."""

    node: dict[str, Any]
    loc: Location
    origin: str  # "parameter" or "body"
    in_body: bool  # reachable from a request body (bodies are walked first)


@dataclass(frozen=True, slots=True)
class ExampleValue:
    """A scalar written inside an ``example``, ``examples``, ``x-example`` or ``default``."""

    value: Any  # str, int, float, bool or None
    loc: Location  # where the scalar is written
    field: str | None  # the nearest name for it: mapping key, property, parameter or header
    keyword: str  # "example", "examples", "x-example" or "default"


_SUB_SINGLE = ("items", "additionalProperties", "contains", "propertyNames")
_SUB_LIST = ("allOf", "oneOf", "anyOf", "prefixItems")
_SUB_MAP = ("properties", "patternProperties")


def subschemas(
    node: dict[str, Any], with_not: bool = False
) -> Iterator[tuple[Any, tuple[str | int, ...]]]:
    """(subschema as written, path below ``node``) for every direct subschema.

    The one list of JSON Schema keywords that hold subschemas, shared by the
    index's request-schema walk and the validation rules. ``not`` is included
    only on request (a negated schema describes what is refused).
    """
    for key in _SUB_SINGLE:
        sub = node.get(key)
        if isinstance(sub, dict):
            yield sub, (key,)
    if with_not and isinstance(node.get("not"), dict):
        yield node["not"], ("not",)
    for key in _SUB_LIST:
        subs = node.get(key)
        if isinstance(subs, list):
            for i, sub in enumerate(subs):
                yield sub, (key, i)
    for key in _SUB_MAP:
        props = node.get(key)
        if isinstance(props, dict):
            for name, sub in props.items():
                yield sub, (key, name)


def version_info(version: str, root: Any = None) -> tuple[int, int]:
    """``"3.1"`` -> ``(3, 1)``. For a detected ``"3.x"`` (a 3.3 or later document) the minor
    is read from the root's ``openapi`` value; an unknown version is ``(0, 0)``."""
    m = re.match(r"(\d{1,4})\.(\d{1,4})", version)
    if m:
        return int(m.group(1)), int(m.group(2))
    if version == "3.x" and isinstance(root, dict):
        m = re.match(r"\s*3\.(\d{1,4})", str(root.get("openapi", ""))[:64])
        return (3, int(m.group(1))) if m else (3, 0)
    return (0, 0)


class SpecIndex:
    """Typed collections over one :class:`Document`, each built once."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.version = document.version
        self.is_swagger = document.version == "2.0"
        # (major, minor) to compare versions as versions: 3.2 is a superset of 3.1
        self.version_info = version_info(document.version, document.root.data)
        self.root: dict[str, Any] = document.root.data
        self.root_file = document.root.path
        self._shared: dict[Callable[[SpecIndex], Any], Any] = {}

    def shared(self, factory: Callable[[SpecIndex], T]) -> T:
        """``factory(self)``, built once per index and kept exactly as long as it.

        The one place for an analysis several rules share (``RequestSchemas``);
        ``factory`` receives a weak proxy of the index. No module-level cache
        per document remains, so a linted document is freed
        as soon as its index is (a weak-key cache whose value held its key kept
        every document of a run alive: 571 MiB on the 16 corpus targets).
        """
        try:
            return self._shared[factory]  # type: ignore[no-any-return]
        except KeyError:
            # the factory gets a weak proxy: a value that keeps its index (as
            # RequestSchemas does) makes no reference cycle, so reference counting
            # frees the document at once even while the cyclic collector is off
            proxy = cast("SpecIndex", weakref.proxy(self))
            value = self._shared[factory] = factory(proxy)
            return value

    def at_least(self, version: str) -> bool:
        """Whether the document's OpenAPI version is ``version`` ("3.1") or newer.

        Every version-dependent rule asks this, never ``version == "3.1"``: a construct
        of 3.1 exists in 3.2 (and later) too.
        """
        if not re.fullmatch(r"\d+\.\d+", version):
            raise ValueError(f"at_least takes a major.minor version, not {version!r}")
        return self.version_info >= version_info(version)

    # -- helpers ---------------------------------------------------------
    def loc(self, *segments: str | int) -> Location:
        return Location(self.root_file, "").child(*segments)

    def deref(self, node: Any, loc: Location) -> tuple[Any, Location]:
        return self.document.deref(node, loc)

    def deref_child(self, parent: Located, key: str | int) -> Located | None:
        node = parent.node
        if isinstance(node, dict):
            value = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            value = node[key]
        else:
            return None
        if value is None:
            return None
        target, loc = self.deref(value, parent.loc.child(key))
        if target is None:
            return None
        return Located(target, loc)

    def iter_map(self, parent: Located, key: str) -> Iterator[tuple[str, Located, Location]]:
        """Entries of the mapping ``parent[key]``: (name, dereferenced value, entry loc)."""
        holder = self.deref_child(parent, key)
        if holder is None or not isinstance(holder.node, dict):
            return
        for name, value in holder.node.items():
            entry = holder.loc.child(name)
            target, loc = self.deref(value, entry)
            yield str(name), Located(target, loc), entry

    @property
    def containers(self) -> list[Container]:
        """Every mapping and sequence of every loaded file (one walk, at load)."""
        return self.document.containers

    def anchor(self, pointers: Sequence[str]) -> Location:
        """The first of ``pointers`` written in the root file; the document root else."""
        for pointer in pointers:
            node: Any = self.root
            for seg in split_pointer(pointer):
                if not isinstance(node, dict) or seg not in node:
                    break
                node = node[seg]
            else:
                return Location(self.root_file, pointer)
        return Location(self.root_file, "")

    def root_key_loc(self) -> Location:
        """Where document-level findings point: the `openapi`/`swagger` key."""
        key = "swagger" if self.is_swagger else "openapi"
        return self.loc(key)

    # -- security --------------------------------------------------------
    @cached_property
    def security_schemes_loc(self) -> Location | None:
        if self.is_swagger:
            return self.loc("securityDefinitions") if "securityDefinitions" in self.root else None
        comps = self.root.get("components")
        if isinstance(comps, dict) and "securitySchemes" in comps:
            return self.loc("components", "securitySchemes")
        return None

    @cached_property
    def security_schemes(self) -> list[SecurityScheme]:
        root = Located(self.root, self.loc())
        if self.is_swagger:
            entries = self.iter_map(root, "securityDefinitions")
        else:
            comps = self.deref_child(root, "components")
            entries = self.iter_map(comps, "securitySchemes") if comps else iter(())
        return [
            SecurityScheme(name, value.node, value.loc, entry)
            for name, value, entry in entries
            if isinstance(value.node, dict)
        ]

    def security_scheme(self, name: str) -> SecurityScheme | None:
        for s in self.security_schemes:
            if s.name == name:
                return s
        return None

    # -- servers ---------------------------------------------------------
    @cached_property
    def servers(self) -> list[Server]:
        out: list[Server] = []
        if self.is_swagger:
            host = str(self.root.get("host", "") or "")
            base = str(self.root.get("basePath", "") or "")
            schemes = self.root.get("schemes")
            if isinstance(schemes, list):
                for i, scheme in enumerate(schemes):
                    out.append(
                        Server(f"{scheme}://{host}{base}", self.loc("schemes", i), "swagger")
                    )
            for op in self.operations:
                op_schemes = op.node.get("schemes")
                if isinstance(op_schemes, list):
                    for i, scheme in enumerate(op_schemes):
                        out.append(
                            Server(
                                f"{scheme}://{host}{base}", op.loc.child("schemes", i), "swagger"
                            )
                        )
            return out
        root = Located(self.root, self.loc())
        out.extend(self._servers_of(root, "root"))
        for path_item in self.path_items:
            out.extend(self._servers_of(path_item, "path"))
        for op in self.operations:
            out.extend(self._servers_of(Located(op.node, op.loc), "operation"))
        for link in self.links:
            server = self.deref_child(link, "server")
            if server is not None and isinstance(server.node, dict):
                url = server.node.get("url")
                if isinstance(url, str):
                    out.append(Server(url, server.loc.child("url"), "link", server.node))
        return out

    def _servers_of(self, parent: Located, level: str) -> list[Server]:
        holder = self.deref_child(parent, "servers")
        out: list[Server] = []
        if holder is None or not isinstance(holder.node, list):
            return out
        for i, item in enumerate(holder.node):
            target, loc = self.deref(item, holder.loc.child(i))
            if isinstance(target, dict) and isinstance(target.get("url"), str):
                out.append(Server(target["url"], loc.child("url"), level, target))
        return out

    # -- paths and operations -------------------------------------------
    @cached_property
    def path_items(self) -> list[Located]:
        root = Located(self.root, self.loc())
        return [
            Located(v.node, v.loc)
            for _, v, _ in self.iter_map(root, "paths")
            if isinstance(v.node, dict)
        ]

    @cached_property
    def operations(self) -> list[Operation]:
        root = Located(self.root, self.loc())
        methods = HTTP_METHODS_32 if self.at_least("3.2") else HTTP_METHODS
        root_sec = self.root.get("security")
        out: list[Operation] = []
        for path, item, entry in self.iter_map(root, "paths"):
            if not isinstance(item.node, dict) or not path.startswith("/"):
                continue
            shared = self._parameters(item)
            for method, raw, raw_loc in self._operation_entries(item, methods):
                # operations are sometimes `$ref`-ed into their own file (DigitalOcean)
                op_node, op_loc = self.deref(raw, raw_loc)
                if not isinstance(op_node, dict):
                    continue
                if "security" in op_node:
                    sec, sec_loc = op_node["security"], op_loc.child("security")
                elif root_sec is not None:
                    sec, sec_loc = root_sec, self.loc("security")
                else:
                    sec, sec_loc = None, None
                op = Operation(
                    path=path,
                    method=method,
                    node=op_node,
                    loc=op_loc,
                    path_loc=entry,
                    security=sec if isinstance(sec, list) else None,
                    security_loc=sec_loc,
                )
                own = self._parameters(Located(op_node, op_loc))
                keys = {(p.name, p.location) for p in own}
                op.parameters = [p for p in shared if (p.name, p.location) not in keys] + own
                self._fill_request(op)
                self._fill_responses(op)
                out.append(op)
        return out

    def _operation_entries(
        self, item: Located, methods: tuple[str, ...]
    ) -> Iterator[tuple[str, Any, Location]]:
        """(method, operation as written, where) of a path item, fixed methods first;
        OAS 3.2 ``additionalOperations`` add any other method (``LINK``, ``PURGE``...)."""
        for method in methods:
            if method in item.node:
                yield method, item.node[method], item.loc.child(method)
        if not self.at_least("3.2"):
            return
        for method, raw, _entry in self.iter_map(item, "additionalOperations"):
            yield method.lower(), raw.node, raw.loc

    def _parameters(self, parent: Located) -> list[Parameter]:
        holder = self.deref_child(parent, "parameters")
        out: list[Parameter] = []
        if holder is None or not isinstance(holder.node, list):
            return out
        for i, item in enumerate(holder.node):
            target, loc = self.deref(item, holder.loc.child(i))
            if isinstance(target, dict):
                out.append(
                    Parameter(str(target.get("name", "")), str(target.get("in", "")), target, loc)
                )
        return out

    def _media_list(self, op: Operation, key: str) -> list[tuple[str, Location]]:
        """Swagger ``consumes``/``produces`` in effect for an operation."""
        if key in op.node and isinstance(op.node[key], list):
            return [(str(m), op.loc.child(key, i)) for i, m in enumerate(op.node[key])]
        value = self.root.get(key)
        if isinstance(value, list):
            return [(str(m), self.loc(key, i)) for i, m in enumerate(value)]
        return []

    def _fill_request(self, op: Operation) -> None:
        if self.is_swagger:
            params = [p for p in op.parameters if p.location in ("body", "formData")]
            if not params:
                return
            first = params[0]
            op.request_body = Located(first.node, first.loc)
            schema = None
            for p in params:
                if p.location == "body":
                    s = self.deref_child(Located(p.node, p.loc), "schema")
                    schema = s
            # Implicit default media types are written nowhere: only declared
            # `consumes` entries become media types that rules can point at.
            consumes = self._media_list(op, "consumes")
            op.request_media = [MediaType(m, "request", None, loc, schema) for m, loc in consumes]
            return
        body = self.deref_child(Located(op.node, op.loc), "requestBody")
        if body is None or not isinstance(body.node, dict):
            return
        op.request_body = body
        op.request_media = list(self._content(body, "request"))
        op.body_ignored = self.version == "3.0" and op.method in ("get", "head", "delete")

    def _content(self, parent: Located, direction: str) -> Iterator[MediaType]:
        holder = self.deref_child(parent, "content")
        if holder is None or not isinstance(holder.node, dict):
            return
        for name, value in holder.node.items():
            entry = holder.loc.child(name)
            target, loc = self.deref(value, entry)
            schema = None
            if isinstance(target, dict):
                schema = self.deref_child(Located(target, loc), "schema")
            yield MediaType(str(name), direction, target, entry, schema)

    def _fill_responses(self, op: Operation) -> None:
        holder = self.deref_child(Located(op.node, op.loc), "responses")
        if holder is None or not isinstance(holder.node, dict):
            return
        op.responses_loc = holder.loc
        produces = self._media_list(op, "produces") if self.is_swagger else []
        for code, value in holder.node.items():
            code = str(code)
            if code.startswith("x-"):
                continue
            entry = holder.loc.child(code)
            target, loc = self.deref(value, entry)
            resp = Response(code, target, loc, entry)
            if isinstance(target, dict):
                located = Located(target, loc)
                for name, hval, hentry in self.iter_map(located, "headers"):
                    resp.headers.append(Header(name, hval.node, hval.loc, hentry))
                if self.is_swagger:
                    schema = self.deref_child(located, "schema")
                    if schema is not None:
                        resp.media = [
                            MediaType(m, "response", None, mloc, schema) for m, mloc in produces
                        ] or [MediaType("", "response", None, loc.child("schema"), schema)]
                else:
                    resp.media = list(self._content(located, "response"))
            op.responses.append(resp)

    @cached_property
    def media_types(self) -> list[MediaType]:
        """Every request and response media type, each written entry once."""
        seen: set[Location] = set()
        out: list[MediaType] = []
        for op in self.operations:
            for m in op.request_media:
                if m.loc not in seen and m.media_type:
                    seen.add(m.loc)
                    out.append(m)
            for r in op.responses:
                for m in r.media:
                    if m.loc not in seen and m.media_type:
                        seen.add(m.loc)
                        out.append(m)
        return out

    @cached_property
    def parameters(self) -> list[Parameter]:
        """Every parameter used by an operation, each written object once."""
        seen: set[Location] = set()
        out: list[Parameter] = []
        for op in self.operations:
            for p in op.parameters:
                if p.loc not in seen:
                    seen.add(p.loc)
                    out.append(p)
        return out

    @cached_property
    def responses(self) -> list[tuple[Operation, Response]]:
        return [(op, r) for op in self.operations for r in op.responses]

    # -- callbacks and links ---------------------------------------------
    @cached_property
    def callbacks(self) -> list[tuple[str, Location]]:
        """Callback URL expressions (OAS 3), with where each key is written."""
        out: list[tuple[str, Location]] = []
        seen: set[Location] = set()
        for op in self.operations:
            for _, cb, _ in self.iter_map(Located(op.node, op.loc), "callbacks"):
                if not isinstance(cb.node, dict):
                    continue
                for expr in cb.node:
                    loc = cb.loc.child(expr)
                    if loc not in seen:
                        seen.add(loc)
                        out.append((str(expr), loc))
        return out

    @cached_property
    def links(self) -> list[Located]:
        out: list[Located] = []
        seen: set[Location] = set()
        for op in self.operations:
            for r in op.responses:
                if not isinstance(r.node, dict):
                    continue
                for _, link, _ in self.iter_map(Located(r.node, r.loc), "links"):
                    if isinstance(link.node, dict) and link.loc not in seen:
                        seen.add(link.loc)
                        out.append(link)
        return out

    # -- schemas reached from requests ----------------------------------
    @cached_property
    def request_schemas(self) -> list[SchemaUse]:
        """Every schema a request can carry, through $ref, allOf/oneOf/anyOf,
        items, properties and additionalProperties; cycle-safe; each schema
        once, at the place it is written. Request bodies are walked first, so
        ``in_body`` is true for every schema a request body can reach."""
        seen: set[Location] = set()
        out: list[SchemaUse] = []
        roots = self.request_schema_roots
        for start, origin, in_body in [r for r in roots if r[2]] + [r for r in roots if not r[2]]:
            self._walk_schema(start, origin, in_body, seen, out)
        return out

    @cached_property
    def request_schema_roots(self) -> list[tuple[Located, str, bool]]:
        """Where request schemas start: (schema, origin, in_body), in operation order.

        A parameter's or request body's top schema, and for Swagger 2.0 non-body
        parameters the parameter itself (it is schema-like). ``request_schemas``
        walks from these; rules that need the walk's context (readOnly subtrees,
        ``not``) start from them too."""
        out: list[tuple[Located, str, bool]] = []
        for op in self.operations:
            for p in op.parameters:
                if p.location == "body":
                    s = self.deref_child(Located(p.node, p.loc), "schema")
                    if s is not None:
                        out.append((s, "body", True))
                elif "schema" in p.node:
                    s = self.deref_child(Located(p.node, p.loc), "schema")
                    if s is not None:
                        out.append((s, "parameter", False))
                elif self.is_swagger:  # the parameter itself is schema-like
                    out.append((Located(p.node, p.loc), "parameter", False))
            if not self.is_swagger and not op.body_ignored:
                for m in op.request_media:
                    if m.schema is not None:
                        out.append((m.schema, "body", True))
        return out

    def schemas_under(self, starts: list[Located], origin: str = "response") -> list[SchemaUse]:
        """Every schema reachable from ``starts`` (same walk as ``request_schemas``:
        $ref, allOf/oneOf/anyOf, items, properties, additionalProperties...),
        cycle-safe, each once at the place it is written (personal-id-in-body)."""
        seen: set[Location] = set()
        out: list[SchemaUse] = []
        for start in starts:
            self._walk_schema(start, origin, False, seen, out)
        return out

    def _walk_schema(
        self,
        start: Located,
        origin: str,
        in_body: bool,
        seen: set[Location],
        out: list[SchemaUse],
    ) -> None:
        stack = [start]
        while stack:
            cur = stack.pop()
            node, loc = cur.node, cur.loc
            if isinstance(node, dict) and "$ref" in node:  # deref only refs: hot loop
                node, loc = self.deref(node, loc)
            if not isinstance(node, dict) or loc in seen:
                continue
            seen.add(loc)
            out.append(SchemaUse(node, loc, origin, in_body))
            for sub, path in subschemas(node, with_not=True):
                stack.append(Located(sub, loc.child(*path)))

    # -- example and default values (issue 3) -----------------------------
    # Containers whose keys are names, not keywords: a schema, response,
    # server variable or scope named `default`/`example` is not a value.
    # fmt: off
    _NAMED_MAPS = frozenset(
        {
            "properties", "patternProperties", "dependentSchemas", "$defs", "definitions",
            "schemas", "responses", "parameters", "requestBodies", "headers", "examples",
            "links", "callbacks", "pathItems", "securitySchemes", "securityDefinitions",
            "scopes", "variables", "content", "encoding", "mapping", "paths", "webhooks",
        }
    )
    # fmt: on
    _EXAMPLE_STRUCT = frozenset({"items", "schema", "additionalProperties", "not"})
    _EXAMPLE_KEYS = frozenset({"value", "summary", "description", "externalValue"})

    @cached_property
    def examples(self) -> list[ExampleValue]:
        """Every scalar in every example/default value, each written scalar once.

        Looks at ``example``, ``x-example``, ``default`` and ``examples`` (a
        3.1 schema's list, an OAS 3 map of Example objects' ``value``, a Swagger
        2.0 response's map of media type to value) in every file, plus Example
        objects written elsewhere and ``$ref``-ed (their own file, a shared
        map). Nested values are expanded to their scalars; ``field`` is the
        nearest name: the mapping key for nested scalars, else the property,
        parameter, header or server variable the value belongs to. One pass over :attr:`containers`.
        """
        out: list[ExampleValue] = []
        seen: set[Location] = set()
        visited: set[int] = set()
        for c in self.containers:
            node = c.node
            if not isinstance(node, dict) or not (
                "example" in node
                or "default" in node
                or "examples" in node
                or "x-example" in node
                or "value" in node
            ):
                continue
            parent, _, last = c.pointer.rpartition("/")
            last = last.replace("~1", "/").replace("~0", "~")
            if (
                c.pointer
                and last in self._NAMED_MAPS
                and not parent.endswith(("/properties", "/patternProperties"))
            ):  # (a property *named* `headers` or `content` is a schema)
                continue
            roots: list[tuple[Any, Location, str]] = []
            loc = c.location
            for kw in ("example", "x-example", "default"):
                if kw in node:
                    roots.append((node[kw], loc.child(kw), kw))
            examples = node.get("examples")
            if isinstance(examples, list):
                roots += [(v, loc.child("examples", i), "examples") for i, v in enumerate(examples)]
            elif isinstance(examples, dict):
                for name, entry in examples.items():
                    if self.is_swagger:
                        roots.append((entry, loc.child("examples", name), "examples"))
                    elif isinstance(entry, dict) and "value" in entry:
                        vloc = loc.child("examples", name, "value")
                        roots.append((entry["value"], vloc, "examples"))
            if "value" in node and all(
                k in self._EXAMPLE_KEYS or str(k).startswith("x-") for k in node
            ):  # an Example object `$ref`-ed from elsewhere (its own file, a shared map)
                roots.append((node["value"], loc.child("value"), "examples"))
            if not roots:
                continue
            field_name = self._example_field(c)
            for value, vloc, kw in roots:
                stack: list[tuple[Any, Location, str | None]] = [(value, vloc, field_name)]
                while stack:
                    v, vl, f = stack.pop()
                    if isinstance(v, dict):
                        if id(v) in visited:
                            continue
                        visited.add(id(v))
                        for k, sub in v.items():
                            stack.append((sub, vl.child(k), str(k)))
                    elif isinstance(v, list):
                        if id(v) in visited:
                            continue
                        visited.add(id(v))
                        for i, sub in enumerate(v):
                            stack.append((sub, vl.child(i), f))
                    elif vl not in seen:
                        seen.add(vl)
                        out.append(ExampleValue(v, vl, f, kw))
        return out

    def _example_field(self, c: Container) -> str | None:
        """The name an example/default written in container ``c`` belongs to."""
        node = c.node
        if isinstance(node.get("name"), str) and "in" in node:
            return str(node["name"])
        segs = [s.replace("~1", "/").replace("~0", "~") for s in c.pointer.split("/")[1:]]
        i = len(segs)
        while i > 0:
            if segs[i - 1] in self._EXAMPLE_STRUCT:
                i -= 1
            elif segs[i - 1].isdigit() and i >= 2 and segs[i - 2] in ("allOf", "anyOf", "oneOf"):
                i -= 2
            else:
                break
        if i >= 2 and segs[i - 2] in ("properties", "patternProperties", "variables", "headers"):
            return segs[i - 1]
        if i < len(segs):  # a schema below a parameter or header: use its name
            holder: Any = c.source.data
            for seg in segs[:i]:
                if isinstance(holder, dict):
                    holder = holder.get(seg)
                elif isinstance(holder, list) and seg.isdigit() and int(seg) < len(holder):
                    holder = holder[int(seg)]
                else:
                    return None
            if isinstance(holder, dict) and isinstance(holder.get("name"), str):
                return str(holder["name"])
        return None
