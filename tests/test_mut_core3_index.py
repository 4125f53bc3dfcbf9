"""SpecIndex pinned collection by collection (mutation survivors of ``oaslint.index``, session 10).

Every rule reads the index, so a mutant of it usually changes some rule's finding; the
ones that survived the fixture tests change a collection in a way no fixture looks at
(an order, a location, a skipped entry, a boundary). These tests build the index of
small documents with :class:`oaslint.loader.document.Document` and compare whole
collections, so any change of an entry, its place or its order fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from oaslint.index import (
    Located,
    Operation,
    Response,
    SecurityScheme,
    SpecIndex,
    subschemas,
    version_info,
)
from oaslint.loader.document import Document
from oaslint.model import Location


def _index(tmp_path: Path, text: str, **files: str) -> SpecIndex:
    for name, body in files.items():
        (tmp_path / name.replace("__", ".")).write_text(body, encoding="utf-8")
    path = tmp_path / "api.yaml"
    path.write_text(text, encoding="utf-8")
    return SpecIndex(Document.load(str(path)))


def _at(loc: Location | None) -> str | None:
    """``file#pointer`` with the file's base name only (the tests' folder varies)."""
    if loc is None:
        return None
    return f"{Path(loc.file).name}#{loc.pointer}"


# -- small value types --------------------------------------------------------


def test_located_get_and_at() -> None:
    loc = Location("f.yaml", "/a")
    assert Located({"k": 1}, loc).get("k") == 1
    assert Located({"k": 1}, loc).get("j") is None
    assert Located({"k": 1}, loc).get("j", 7) == 7
    assert Located(["k"], loc).get("k", 7) == 7  # not a mapping: the default
    assert Located(["k"], loc).get("k") is None
    assert Located({}, loc).at("b", 0) == Location("f.yaml", "/a/b/0")


def test_security_scheme_type_and_at() -> None:
    loc = Location("f.yaml", "/s")
    assert SecurityScheme("s", {"type": " http "}, loc, loc).type == "http"
    assert SecurityScheme("s", {}, loc, loc).type == ""
    assert SecurityScheme("s", {}, loc, loc).at("flows") == Location("f.yaml", "/s/flows")


def test_response_header_lookup_is_case_insensitive_and_first() -> None:
    from oaslint.index import Header

    loc = Location("f.yaml", "/r")
    first = Header("X-Rate", 1, loc, loc)
    second = Header("x-rate", 2, loc, loc)
    resp = Response("200", {}, loc, loc, headers=[first, second])
    assert resp.header("X-RATE") is first
    assert resp.header("x-other") is None
    assert not resp.has_body
    assert Response("200", {}, loc, loc, media=[object()]).has_body  # type: ignore[list-item]


def test_operation_response_lookup() -> None:
    loc = Location("f.yaml", "/p")
    ok = Response("200", {}, loc, loc)
    ranged = Response("4xx", {}, loc, loc)
    op = Operation("/a", "get", {}, loc, loc, None, None, responses=[ok, ranged])
    assert op.key == "GET /a"
    assert op.response("200") is ok
    assert op.response("4XX") is ranged  # codes compared case-insensitively
    assert op.response("500") is None
    assert op.has_response("200")
    assert op.has_response("404")  # by its range
    assert not op.has_response("500")
    assert not op.has_request_body
    op.request_body = Located({}, loc)
    assert op.has_request_body


def test_subschemas_every_keyword_in_order() -> None:
    node: dict[str, Any] = {
        "properties": {"p": {"type": "string"}, "q": 1},
        "anyOf": [{"a": 1}, "x"],
        "not": {"n": 1},
        "items": {"i": 1},
        "additionalProperties": True,
        "contains": {"c": 1},
        "propertyNames": {"pn": 1},
        "allOf": [{"al": 1}],
        "oneOf": [{"o": 1}],
        "prefixItems": [{"pi": 1}],
        "patternProperties": {"^x": {"pp": 1}},
    }
    paths = [path for _, path in subschemas(node)]
    assert paths == [
        ("items",),
        ("contains",),
        ("propertyNames",),
        ("allOf", 0),
        ("oneOf", 0),
        ("anyOf", 0),
        ("anyOf", 1),
        ("prefixItems", 0),
        ("properties", "p"),
        ("properties", "q"),
        ("patternProperties", "^x"),
    ]
    with_not = list(subschemas(node, with_not=True))
    assert [p for _, p in with_not][3] == ("not",)
    assert with_not[3][0] == {"n": 1}
    assert len(with_not) == len(paths) + 1
    assert next(iter(subschemas({"additionalProperties": {"ap": 1}}))) == (
        {"ap": 1},
        ("additionalProperties",),
    )
    assert list(subschemas({"not": True}, with_not=True)) == []
    assert list(subschemas({"allOf": {"a": 1}, "properties": [1]})) == []


def test_version_info_boundaries() -> None:
    assert version_info("3.1") == (3, 1)
    assert version_info("12.34") == (12, 34)
    assert version_info("3.x", {"openapi": "3.12.1"}) == (3, 12)
    assert version_info("3.x", {"openapi": "  3.5"}) == (3, 5)
    assert version_info("3.x", {"openapi": " " * 61 + "3.5"}) == (3, 5)  # 64 characters
    assert version_info("3.x", {"openapi": " " * 62 + "3.5"}) == (3, 0)  # cut at 64
    assert version_info("3.x", {}) == (3, 0)
    assert version_info("3.x") == (0, 0)
    assert version_info("3.x", ["3.5"]) == (0, 0)


# -- the index of a small OpenAPI 3.0 document --------------------------------

_OAS30 = """\
openapi: 3.0.3
info: {title: t, version: '1'}
servers:
  - url: https://root.example
  - {description: no url}
  - url: 5
  - $ref: 'servers.yaml#/one'
security:
  - rootAuth: []
x-top: {}
paths:
  x-ignored:
    get: {responses: {'200': {description: ok}}}
  /a:
    servers:
      - url: https://path.example
    parameters:
      - {name: p, in: query}
      - {name: shared, in: header}
      - not-a-mapping
      - $ref: '#/components/parameters/Ref'
    get:
      servers: {url: 'https://not-a-list.example'}
      parameters:
        - {name: p, in: query, schema: {type: integer}}
        - {name: p, in: path, required: true}
      requestBody:
        content:
          application/json:
            schema: {type: object}
      responses:
        '100': 'not a response'
        '200':
          description: ok
          headers:
            X-One: {schema: {type: string}}
            X-Two:
              $ref: '#/components/headers/Two'
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
            text/plain: 'not a media type object'
          links:
            self:
              operationId: x
              server: {url: 'https://link.example'}
            noserver: {operationId: y}
            badserver: {operationId: z, server: {url: 3}}
            notalink: 7
        x-extension: {description: not a response}
        default:
          $ref: '#/components/responses/Err'
      callbacks:
        notACallback: 3
        onEvent:
          '{$request.body#/url}': {}
          '{$request.body#/other}': {}
        shared:
          $ref: '#/components/callbacks/Shared'
    delete:
      security: []
      servers:
        - url: https://op.example
      requestBody:
        content:
          application/json: {}
      responses:
        default:
          $ref: '#/components/responses/Err'
      callbacks:
        again:
          $ref: '#/components/callbacks/Shared'
    post:
      security: not-a-list
      requestBody: 'not a mapping'
      responses: 'not a mapping'
    put: 'not a mapping'
    head:
      operationId: h
      requestBody:
        content: 'not a mapping'
  /b: 'not a mapping'
  /c:
    $ref: 'paths.yaml#/c'
components:
  securitySchemes:
    rootAuth: {type: http, scheme: bearer}
    refAuth:
      $ref: 'schemes.yaml#/key'
    broken: 'not a scheme'
  parameters:
    Ref: {name: r, in: cookie}
  headers:
    Two: {schema: {type: integer}}
  responses:
    Err:
      description: error
      content:
        application/problem+json:
          schema: {type: object}
      links:
        retry: {operationId: r}
  callbacks:
    Shared:
      '{$request.query.cb}': {}
  schemas:
    Thing:
      type: object
      properties:
        self: {$ref: '#/components/schemas/Thing'}
        list: {type: array, items: {type: string}}
        other: {$ref: '#/components/schemas/Other'}
        flag: true
    Other: {type: string}
"""

_FILES = {
    "servers__yaml": "one: {url: 'https://ref.example'}\n",
    "schemes__yaml": "key: {type: apiKey, in: header, name: X-Key}\n",
    "paths__yaml": (
        "c:\n"
        "  parameters: [{name: q, in: query}]\n"
        "  options:\n"
        "    responses: {'204': {description: none}}\n"
    ),
}


@pytest.fixture
def oas30(tmp_path: Path) -> SpecIndex:
    return _index(tmp_path, _OAS30, **_FILES)


def test_oas30_basics(oas30: SpecIndex) -> None:
    assert oas30.version == "3.0"
    assert oas30.version_info == (3, 0)
    assert not oas30.is_swagger
    assert oas30.root["x-top"] == {}
    assert Path(oas30.root_file).name == "api.yaml"
    assert _at(oas30.root_key_loc()) == "api.yaml#/openapi"
    assert _at(oas30.loc()) == "api.yaml#"
    assert _at(oas30.loc("paths", "/a", 0)) == "api.yaml#/paths/~1a/0"
    assert oas30.at_least("3.0") and not oas30.at_least("3.1")
    assert oas30.containers is oas30.document.containers


def test_oas30_security_schemes(oas30: SpecIndex) -> None:
    assert _at(oas30.security_schemes_loc) == "api.yaml#/components/securitySchemes"
    got = [(s.name, s.type, _at(s.loc), _at(s.key_loc)) for s in oas30.security_schemes]
    assert got == [
        (
            "rootAuth",
            "http",
            "api.yaml#/components/securitySchemes/rootAuth",
            "api.yaml#/components/securitySchemes/rootAuth",
        ),
        ("refAuth", "apiKey", "schemes.yaml#/key", "api.yaml#/components/securitySchemes/refAuth"),
    ]
    scheme = oas30.security_scheme("refAuth")
    assert scheme is not None and scheme.node["name"] == "X-Key"
    assert oas30.security_scheme("broken") is None
    assert oas30.security_scheme("missing") is None


def test_oas30_servers(oas30: SpecIndex) -> None:
    got = [(s.url, _at(s.loc), s.level, s.node) for s in oas30.servers]
    assert got == [
        (
            "https://root.example",
            "api.yaml#/servers/0/url",
            "root",
            {"url": "https://root.example"},
        ),
        ("https://ref.example", "servers.yaml#/one/url", "root", {"url": "https://ref.example"}),
        (
            "https://path.example",
            "api.yaml#/paths/~1a/servers/0/url",
            "path",
            {"url": "https://path.example"},
        ),
        (
            "https://op.example",
            "api.yaml#/paths/~1a/delete/servers/0/url",
            "operation",
            {"url": "https://op.example"},
        ),
        (
            "https://link.example",
            "api.yaml#/paths/~1a/get/responses/200/links/self/server/url",
            "link",
            {"url": "https://link.example"},
        ),
    ]


def test_oas30_path_items(oas30: SpecIndex) -> None:
    assert [_at(p.loc) for p in oas30.path_items] == [
        "api.yaml#/paths/x-ignored",
        "api.yaml#/paths/~1a",
        "paths.yaml#/c",
    ]
    assert oas30.path_items[2].node["options"]["responses"]["204"]["description"] == "none"


def test_oas30_operations(oas30: SpecIndex) -> None:
    got = [
        (op.key, _at(op.loc), _at(op.path_loc), op.security, _at(op.security_loc))
        for op in oas30.operations
    ]
    assert got == [
        (
            "GET /a",
            "api.yaml#/paths/~1a/get",
            "api.yaml#/paths/~1a",
            [{"rootAuth": []}],
            "api.yaml#/security",
        ),
        (
            "POST /a",
            "api.yaml#/paths/~1a/post",
            "api.yaml#/paths/~1a",
            None,
            "api.yaml#/paths/~1a/post/security",
        ),
        (
            "DELETE /a",
            "api.yaml#/paths/~1a/delete",
            "api.yaml#/paths/~1a",
            [],
            "api.yaml#/paths/~1a/delete/security",
        ),
        (
            "HEAD /a",
            "api.yaml#/paths/~1a/head",
            "api.yaml#/paths/~1a",
            [{"rootAuth": []}],
            "api.yaml#/security",
        ),
        (
            "OPTIONS /c",
            "paths.yaml#/c/options",
            "api.yaml#/paths/~1c",
            [{"rootAuth": []}],
            "api.yaml#/security",
        ),
    ]
    get = oas30.operations[0]
    assert get.node["requestBody"]["content"]["application/json"]["schema"] == {"type": "object"}


def test_oas30_parameters_shared_then_own(oas30: SpecIndex) -> None:
    get = oas30.operations[0]
    got = [(p.name, p.location, _at(p.loc)) for p in get.parameters]
    assert got == [
        ("shared", "header", "api.yaml#/paths/~1a/parameters/1"),
        ("r", "cookie", "api.yaml#/components/parameters/Ref"),
        ("p", "query", "api.yaml#/paths/~1a/get/parameters/0"),
        ("p", "path", "api.yaml#/paths/~1a/get/parameters/1"),
    ]
    assert get.parameters[2].node["schema"] == {"type": "integer"}
    assert get.parameters[0].at("in") == get.parameters[0].loc.child("in")
    options = oas30.operations[4]
    assert [(p.name, _at(p.loc)) for p in options.parameters] == [
        ("q", "paths.yaml#/c/parameters/0")
    ]
    # every parameter object once, in operation order
    assert [(p.name, p.location, _at(p.loc)) for p in oas30.parameters] == [
        ("shared", "header", "api.yaml#/paths/~1a/parameters/1"),
        ("r", "cookie", "api.yaml#/components/parameters/Ref"),
        ("p", "query", "api.yaml#/paths/~1a/get/parameters/0"),
        ("p", "path", "api.yaml#/paths/~1a/get/parameters/1"),
        ("p", "query", "api.yaml#/paths/~1a/parameters/0"),
        ("q", "query", "paths.yaml#/c/parameters/0"),
    ]


def test_oas30_request_bodies(oas30: SpecIndex) -> None:
    get, post, delete, head, options = oas30.operations
    assert get.request_body is not None
    assert _at(get.request_body.loc) == "api.yaml#/paths/~1a/get/requestBody"
    assert [
        (m.media_type, m.direction, _at(m.loc), m.schema and _at(m.schema.loc))
        for m in get.request_media
    ] == [
        (
            "application/json",
            "request",
            "api.yaml#/paths/~1a/get/requestBody/content/application~1json",
            "api.yaml#/paths/~1a/get/requestBody/content/application~1json/schema",
        )
    ]
    assert get.request_media[0].node == {"schema": {"type": "object"}}
    # OAS 3.0: a body of GET, HEAD and DELETE "SHALL be ignored"
    assert get.body_ignored and delete.body_ignored
    assert delete.request_media[0].schema is None
    assert post.request_body is None and not post.body_ignored and post.request_media == []
    assert head.request_body is not None and head.request_media == [] and head.body_ignored
    assert options.request_body is None and not options.body_ignored


def test_oas30_responses(oas30: SpecIndex) -> None:
    get, post, delete, head, options = oas30.operations
    assert _at(get.responses_loc) == "api.yaml#/paths/~1a/get/responses"
    assert [(r.code, _at(r.loc), _at(r.key_loc)) for r in get.responses] == [
        ("100", "api.yaml#/paths/~1a/get/responses/100", "api.yaml#/paths/~1a/get/responses/100"),
        ("200", "api.yaml#/paths/~1a/get/responses/200", "api.yaml#/paths/~1a/get/responses/200"),
        (
            "default",
            "api.yaml#/components/responses/Err",
            "api.yaml#/paths/~1a/get/responses/default",
        ),
    ]
    assert get.responses[0].node == "not a response" and get.responses[0].headers == []
    ok = get.responses[1]
    assert [(h.name, h.node, _at(h.loc), _at(h.key_loc)) for h in ok.headers] == [
        (
            "X-One",
            {"schema": {"type": "string"}},
            "api.yaml#/paths/~1a/get/responses/200/headers/X-One",
            "api.yaml#/paths/~1a/get/responses/200/headers/X-One",
        ),
        (
            "X-Two",
            {"schema": {"type": "integer"}},
            "api.yaml#/components/headers/Two",
            "api.yaml#/paths/~1a/get/responses/200/headers/X-Two",
        ),
    ]
    assert [
        (m.media_type, m.direction, m.node, _at(m.loc), m.schema and _at(m.schema.loc))
        for m in ok.media
    ] == [
        (
            "application/json",
            "response",
            {"schema": {"$ref": "#/components/schemas/Thing"}},
            "api.yaml#/paths/~1a/get/responses/200/content/application~1json",
            "api.yaml#/components/schemas/Thing",
        ),
        (
            "text/plain",
            "response",
            "not a media type object",
            "api.yaml#/paths/~1a/get/responses/200/content/text~1plain",
            None,
        ),
    ]
    assert [(r.code, _at(r.loc)) for r in delete.responses] == [
        ("default", "api.yaml#/components/responses/Err")
    ]
    assert _at(delete.responses_loc) == "api.yaml#/paths/~1a/delete/responses"
    assert post.responses == [] and post.responses_loc is None
    assert head.responses == [] and head.responses_loc is None
    assert [r.code for r in options.responses] == ["204"]
    assert [(op.key, r.code) for op, r in oas30.responses] == [
        ("GET /a", "100"),
        ("GET /a", "200"),
        ("GET /a", "default"),
        ("DELETE /a", "default"),
        ("OPTIONS /c", "204"),
    ]


def test_oas30_media_types_each_entry_once(oas30: SpecIndex) -> None:
    assert [(m.media_type, m.direction, _at(m.loc)) for m in oas30.media_types] == [
        (
            "application/json",
            "request",
            "api.yaml#/paths/~1a/get/requestBody/content/application~1json",
        ),
        (
            "application/json",
            "response",
            "api.yaml#/paths/~1a/get/responses/200/content/application~1json",
        ),
        ("text/plain", "response", "api.yaml#/paths/~1a/get/responses/200/content/text~1plain"),
        (
            "application/problem+json",
            "response",
            "api.yaml#/components/responses/Err/content/application~1problem+json",
        ),
        (
            "application/json",
            "request",
            "api.yaml#/paths/~1a/delete/requestBody/content/application~1json",
        ),
    ]


def test_oas30_callbacks_and_links(oas30: SpecIndex) -> None:
    assert [(e, _at(loc)) for e, loc in oas30.callbacks] == [
        ("{$request.body#/url}", "api.yaml#/paths/~1a/get/callbacks/onEvent/{$request.body#~1url}"),
        (
            "{$request.body#/other}",
            "api.yaml#/paths/~1a/get/callbacks/onEvent/{$request.body#~1other}",
        ),
        ("{$request.query.cb}", "api.yaml#/components/callbacks/Shared/{$request.query.cb}"),
    ]  # the shared callback of GET and DELETE once
    assert [_at(link.loc) for link in oas30.links] == [
        "api.yaml#/paths/~1a/get/responses/200/links/self",
        "api.yaml#/paths/~1a/get/responses/200/links/noserver",
        "api.yaml#/paths/~1a/get/responses/200/links/badserver",
        "api.yaml#/components/responses/Err/links/retry",
    ]  # the shared response of GET and DELETE once


def test_oas30_request_schemas(oas30: SpecIndex) -> None:
    # GET's body is ignored in 3.0, so only the parameter schema is a request schema
    assert [(origin, b, _at(s.loc)) for s, origin, b in oas30.request_schema_roots] == [
        ("parameter", False, "api.yaml#/paths/~1a/get/parameters/0/schema"),
    ]
    assert [(u.origin, u.in_body, _at(u.loc)) for u in oas30.request_schemas] == [
        ("parameter", False, "api.yaml#/paths/~1a/get/parameters/0/schema"),
    ]


def test_oas30_schemas_under_walks_refs_once(oas30: SpecIndex) -> None:
    start = oas30.operations[0].responses[1].media[0].schema
    assert start is not None
    got = [(u.origin, u.in_body, _at(u.loc)) for u in oas30.schemas_under([start, start])]
    assert got == [
        ("response", False, "api.yaml#/components/schemas/Thing"),
        ("response", False, "api.yaml#/components/schemas/Other"),
        ("response", False, "api.yaml#/components/schemas/Thing/properties/list"),
        ("response", False, "api.yaml#/components/schemas/Thing/properties/list/items"),
    ]
    assert [u.origin for u in oas30.schemas_under([start], "x")] == ["x", "x", "x", "x"]


# -- OpenAPI 3.1 and 3.2 ------------------------------------------------------

_OAS31 = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              not: {type: string}
              properties:
                n: {type: integer}
      parameters:
        - {name: q, in: query, schema: {type: string}}
    query: {responses: {'200': {description: ok}}}
    additionalOperations:
      PURGE: {responses: {'200': {description: ok}}}
"""


def test_oas31_body_of_get_counts_and_body_schemas_come_first(tmp_path: Path) -> None:
    index = _index(tmp_path, _OAS31)
    assert index.version_info == (3, 1)
    assert [op.key for op in index.operations] == ["GET /a"]  # no QUERY, no additional
    get = index.operations[0]
    assert not get.body_ignored
    assert [(origin, b, _at(s.loc)) for s, origin, b in index.request_schema_roots] == [
        ("parameter", False, "api.yaml#/paths/~1a/get/parameters/0/schema"),
        ("body", True, "api.yaml#/paths/~1a/get/requestBody/content/application~1json/schema"),
    ]
    body = "api.yaml#/paths/~1a/get/requestBody/content/application~1json/schema"
    assert [(u.origin, u.in_body, _at(u.loc)) for u in index.request_schemas] == [
        ("body", True, body),
        ("body", True, body + "/properties/n"),
        ("body", True, body + "/not"),
        ("parameter", False, "api.yaml#/paths/~1a/get/parameters/0/schema"),
    ]
    assert index.request_schemas[0].node["type"] == "object"


def test_oas32_query_and_additional_operations(tmp_path: Path) -> None:
    index = _index(tmp_path, _OAS31.replace("3.1.0", "3.2.0"))
    assert index.at_least("3.2") and index.at_least("3.1")
    got = [(op.key, op.method, _at(op.loc)) for op in index.operations]
    assert got == [
        ("GET /a", "get", "api.yaml#/paths/~1a/get"),
        ("QUERY /a", "query", "api.yaml#/paths/~1a/query"),
        ("PURGE /a", "purge", "api.yaml#/paths/~1a/additionalOperations/PURGE"),
    ]
    assert not index.operations[0].body_ignored


def test_at_least_refuses_anything_but_major_minor(oas30: SpecIndex) -> None:
    for bad in ("3", "3.1.0", "v3.1", "3.1 ", "x"):
        with pytest.raises(ValueError, match=r"^at_least takes a major\.minor version, not '"):
            oas30.at_least(bad)
    assert oas30.at_least("2.0") and oas30.at_least("3.0") and not oas30.at_least("4.0")


def test_shared_builds_once_with_a_proxy(oas30: SpecIndex) -> None:
    calls: list[Any] = []

    def factory(index: SpecIndex) -> str:
        calls.append(index)
        return index.version

    assert oas30.shared(factory) == "3.0"
    assert oas30.shared(factory) == "3.0"
    assert len(calls) == 1
    assert calls[0] is not oas30 and calls[0].root is oas30.root


def test_deref_child_and_iter_map(oas30: SpecIndex) -> None:
    root = Located(oas30.root, oas30.loc())
    servers = oas30.deref_child(root, "servers")
    assert servers is not None and _at(servers.loc) == "api.yaml#/servers"
    first = oas30.deref_child(servers, 0)
    assert first is not None and first.node == {"url": "https://root.example"}
    last = oas30.deref_child(servers, 3)
    assert last is not None and _at(last.loc) == "servers.yaml#/one"
    assert oas30.deref_child(servers, 4) is None  # one past the end
    assert oas30.deref_child(servers, -1) is None
    assert oas30.deref_child(servers, "0") is None  # a list takes an index only
    assert oas30.deref_child(root, "nothing") is None
    assert oas30.deref_child(Located("text", root.loc), "k") is None
    assert oas30.deref_child(Located({"k": None}, root.loc), "k") is None
    assert oas30.deref_child(Located({"k": {"$ref": "#/nowhere"}}, root.loc), "k") is None
    assert oas30.deref_child(Located([0, 1], root.loc), 0) == Located(0, root.loc.child(0))
    assert list(oas30.iter_map(root, "servers")) == []  # a list is no mapping
    assert [(n, _at(e)) for n, _, e in oas30.iter_map(root, "info")] == [
        ("title", "api.yaml#/info/title"),
        ("version", "api.yaml#/info/version"),
    ]
    assert oas30.deref({"$ref": "#/info"}, root.loc)[1] == root.loc.child("info")


def test_anchor_picks_the_first_written_pointer(oas30: SpecIndex) -> None:
    assert _at(oas30.anchor(["/nothing", "/paths/~1a/get", "/info"])) == "api.yaml#/paths/~1a/get"
    assert _at(oas30.anchor(["/info/title/x", "/servers/0", "/info"])) == "api.yaml#/info"
    assert _at(oas30.anchor(["/nothing"])) == "api.yaml#"
    assert _at(oas30.anchor([])) == "api.yaml#"
    assert _at(oas30.anchor([""])) == "api.yaml#"


# -- Swagger 2.0 --------------------------------------------------------------

_SWAGGER = """\
swagger: '2.0'
info: {title: t, version: '1'}
host: api.example
basePath: /v1
schemes: [http, https]
consumes: [application/json]
produces: [application/json, application/xml]
securityDefinitions:
  key: {type: apiKey, in: header, name: X-Key}
  bad: 3
paths:
  /a:
    parameters:
      - {name: id, in: path, required: true, type: string}
    get:
      schemes: [wss]
      produces: [text/csv]
      parameters:
        - {name: limit, in: query, type: integer}
        - {name: withschema, in: header, schema: {type: string}}
      responses:
        '200':
          description: ok
          schema: {type: string}
          headers:
            X-Rate: {type: integer}
          examples:
            text/csv: 'a,b'
        '204': {description: none}
        x-note: {description: not a response}
    post:
      schemes: 'not a list'
      consumes: 'not a list'
      parameters:
        - {name: form, in: formData, type: string}
        - {name: first, in: body, schema: {type: object, properties: {a: {type: string}}}}
        - {name: second, in: body, schema: {type: integer}}
      responses:
        '201':
          description: made
          schema: {type: object}
    put:
      consumes: []
      parameters:
        - {name: nobody, in: body}
      responses: {}
"""


@pytest.fixture
def swagger(tmp_path: Path) -> SpecIndex:
    return _index(tmp_path, _SWAGGER)


def test_swagger_basics(swagger: SpecIndex) -> None:
    assert swagger.is_swagger and swagger.version == "2.0" and swagger.version_info == (2, 0)
    assert _at(swagger.root_key_loc()) == "api.yaml#/swagger"
    assert _at(swagger.security_schemes_loc) == "api.yaml#/securityDefinitions"
    assert [(s.name, _at(s.loc), _at(s.key_loc)) for s in swagger.security_schemes] == [
        ("key", "api.yaml#/securityDefinitions/key", "api.yaml#/securityDefinitions/key")
    ]


def test_swagger_servers(swagger: SpecIndex) -> None:
    assert [(s.url, _at(s.loc), s.level, s.node) for s in swagger.servers] == [
        ("http://api.example/v1", "api.yaml#/schemes/0", "swagger", None),
        ("https://api.example/v1", "api.yaml#/schemes/1", "swagger", None),
        ("wss://api.example/v1", "api.yaml#/paths/~1a/get/schemes/0", "swagger", None),
    ]


def test_swagger_servers_without_host_or_base(tmp_path: Path) -> None:
    text = (
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: null\nschemes: [https]\npaths: {}\n"
    )
    index = _index(tmp_path, text)
    assert [s.url for s in index.servers] == ["https://"]
    assert index.security_schemes_loc is None and index.security_schemes == []
    assert _index(tmp_path, text.replace("schemes: [https]", "schemes: https")).servers == []


def test_swagger_requests(swagger: SpecIndex) -> None:
    get, put, post = swagger.operations
    assert [op.key for op in swagger.operations] == ["GET /a", "PUT /a", "POST /a"]
    assert get.request_body is None and get.request_media == []
    assert post.request_body is not None
    assert _at(post.request_body.loc) == "api.yaml#/paths/~1a/post/parameters/0"  # the first
    # the operation's `consumes` is no list: the root's applies; the last body's schema
    got = [(m.media_type, m.direction, m.node, _at(m.loc)) for m in post.request_media]
    assert got == [("application/json", "request", None, "api.yaml#/consumes/0")]
    schema = post.request_media[0].schema
    assert schema is not None and _at(schema.loc) == "api.yaml#/paths/~1a/post/parameters/2/schema"
    assert not post.body_ignored
    assert put.request_body is not None and put.request_media == []  # `consumes: []` wins


def test_swagger_responses(swagger: SpecIndex) -> None:
    get, put, post = swagger.operations
    assert [r.code for r in get.responses] == ["200", "204"]
    ok = get.responses[0]
    assert [(h.name, _at(h.loc)) for h in ok.headers] == [
        ("X-Rate", "api.yaml#/paths/~1a/get/responses/200/headers/X-Rate")
    ]
    got = [
        (m.media_type, m.direction, m.node, _at(m.loc), m.schema and _at(m.schema.loc))
        for m in ok.media
    ]
    assert got == [
        (
            "text/csv",
            "response",
            None,
            "api.yaml#/paths/~1a/get/produces/0",
            "api.yaml#/paths/~1a/get/responses/200/schema",
        )
    ]
    assert get.responses[1].media == []
    made = post.responses[0]
    assert [(m.media_type, _at(m.loc)) for m in made.media] == [
        ("application/json", "api.yaml#/produces/0"),
        ("application/xml", "api.yaml#/produces/1"),
    ]
    assert put.responses == []
    assert [(m.media_type, m.direction, _at(m.loc)) for m in swagger.media_types] == [
        ("text/csv", "response", "api.yaml#/paths/~1a/get/produces/0"),
        ("application/json", "request", "api.yaml#/consumes/0"),
        ("application/json", "response", "api.yaml#/produces/0"),
        ("application/xml", "response", "api.yaml#/produces/1"),
    ]


def test_swagger_response_without_produces(tmp_path: Path) -> None:
    text = (
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '200': {description: ok, schema: {type: string}}\n"
    )
    index = _index(tmp_path, text)
    media = index.operations[0].responses[0].media
    assert [(m.media_type, m.direction, m.node, _at(m.loc)) for m in media] == [
        ("", "response", None, "api.yaml#/paths/~1a/get/responses/200/schema")
    ]
    schema = media[0].schema
    assert schema is not None and schema.node == {"type": "string"}
    assert _at(schema.loc) == "api.yaml#/paths/~1a/get/responses/200/schema"
    assert index.media_types == []  # a media type written nowhere is no entry


def test_swagger_request_schemas(swagger: SpecIndex) -> None:
    roots = [(origin, b, _at(s.loc)) for s, origin, b in swagger.request_schema_roots]
    assert roots == [
        ("parameter", False, "api.yaml#/paths/~1a/parameters/0"),  # GET: shared first
        ("parameter", False, "api.yaml#/paths/~1a/get/parameters/0"),
        ("parameter", False, "api.yaml#/paths/~1a/get/parameters/1/schema"),
        ("parameter", False, "api.yaml#/paths/~1a/parameters/0"),  # PUT (a body without schema)
        ("parameter", False, "api.yaml#/paths/~1a/parameters/0"),  # POST
        ("parameter", False, "api.yaml#/paths/~1a/post/parameters/0"),
        ("body", True, "api.yaml#/paths/~1a/post/parameters/1/schema"),
        ("body", True, "api.yaml#/paths/~1a/post/parameters/2/schema"),
    ]
    uses = [(u.origin, u.in_body, _at(u.loc)) for u in swagger.request_schemas]
    assert uses == [
        ("body", True, "api.yaml#/paths/~1a/post/parameters/1/schema"),
        ("body", True, "api.yaml#/paths/~1a/post/parameters/1/schema/properties/a"),
        ("body", True, "api.yaml#/paths/~1a/post/parameters/2/schema"),
        ("parameter", False, "api.yaml#/paths/~1a/parameters/0"),
        ("parameter", False, "api.yaml#/paths/~1a/get/parameters/0"),
        ("parameter", False, "api.yaml#/paths/~1a/get/parameters/1/schema"),
        ("parameter", False, "api.yaml#/paths/~1a/post/parameters/0"),
    ]


def test_parameter_without_name_or_in(tmp_path: Path) -> None:
    text = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      parameters: [{description: nameless}, {name: 5, in: 6}]\n      responses: {}\n"
    )
    index = _index(tmp_path, text)
    assert [(p.name, p.location) for p in index.parameters] == [("", ""), ("5", "6")]
    assert index.request_schema_roots == []


# -- example and default values ----------------------------------------------

_EXAMPLES31 = """\
openapi: 3.1.0
info: {title: t, version: '1', x-meta: {value: 9, other: 2}}
servers:
  - url: 'https://{region}.example'
    variables:
      region: {default: eu, enum: [eu, us]}
paths:
  /a~b/{id}:
    parameters:
      - name: id
        in: path
        required: true
        example: 42
        schema:
          type: array
          items: {type: string, example: inner}
    get:
      parameters:
        - name: q
          in: query
          schema:
            allOf:
              - {type: string, default: all}
          examples:
            one: {value: v1, summary: s}
            two: {externalValue: 'https://x.example/e'}
            three: 'not a mapping'
            four: {$ref: 'example.yaml'}
        - name: r
          in: query
          schema:
            anyOf:
              - oneOf:
                  - {type: string, default: one}
      responses:
        default:
          description: error
        '200':
          description: ok
          headers:
            X-Rate:
              schema: {type: integer, example: 10}
          content:
            application/json:
              schema:
                type: object
                properties:
                  headers: {type: string, example: h}
                  nested:
                    type: object
                    example: {a: 1, b: [x, y], c: {d: null}}
                  list:
                    type: array
                    example: le
                    examples: [[1, 2], 3]
                  shared:
                    example: {o: 5, p: &ex {a: 1}, q: *ex}
                  sharedlist:
                    example: {o: 6, p: &l [7], q: *l}
                patternProperties:
                  content: {default: pc}
              example: {whole: true}
components:
  schemas:
    S:
      type: object
      required: [value, default]
      examples: 3
      properties:
        default: {type: string, x-example: xe}
        example: {type: string}
        properties: {type: object, default: pp}
      default: {k: sd}
  examples:
    Shared:
      value: {k: shared}
      summary: s
      x-note: n
    NotExample:
      value: 1
      other: 2
"""


def _examples(tmp_path: Path, text: str) -> list[tuple[Any, str, str | None, str]]:
    (tmp_path / "example.yaml").write_text("value: {k: file}\nsummary: s\nx-note: n\n")
    index = _index(tmp_path, text)
    short = {_SCHEMA: "SCHEMA", _MEDIA: "MEDIA"}
    out = []
    for e in index.examples:
        at = _at(e.loc) or ""
        for long, name in short.items():
            at = at.replace(long, name)
        out.append((e.value, at, e.field, e.keyword))
    return out


_MEDIA = "api.yaml#/paths/~1a~0b~1{id}/get/responses/200/content/application~1json"
_SCHEMA = _MEDIA + "/schema"


def test_examples_of_an_oas31_document(tmp_path: Path) -> None:
    # Each scalar once, in the index's order, with the nearest name: the mapping key
    # for nested values, the property, pattern property, header, server variable or
    # parameter (through items, schema, allOf/anyOf/oneOf) else. Maps of names
    # (properties, responses, examples...) are no values, but a property *named*
    # `properties` or `content` is a schema; `examples` under `components` holds
    # Example objects, an Example object in its own file counts by its `value`, and
    # YAML aliases are expanded once.
    assert _examples(tmp_path, _EXAMPLES31) == [
        ("shared", "api.yaml#/components/examples/Shared/value/k", "k", "examples"),
        (1, "api.yaml#/components/examples/NotExample/value", None, "examples"),
        ("sd", "api.yaml#/components/schemas/S/default/k", "k", "default"),
        (
            "pp",
            "api.yaml#/components/schemas/S/properties/properties/default",
            "properties",
            "default",
        ),
        (
            "xe",
            "api.yaml#/components/schemas/S/properties/default/x-example",
            "default",
            "x-example",
        ),
        (True, "MEDIA/example/whole", "whole", "example"),
        ("pc", "SCHEMA/patternProperties/content/default", "content", "default"),
        (7, "SCHEMA/properties/sharedlist/example/q/0", "q", "example"),
        (6, "SCHEMA/properties/sharedlist/example/o", "o", "example"),
        (1, "SCHEMA/properties/shared/example/q/a", "a", "example"),
        (5, "SCHEMA/properties/shared/example/o", "o", "example"),
        ("le", "SCHEMA/properties/list/example", "list", "example"),
        (2, "SCHEMA/properties/list/examples/0/1", "list", "examples"),
        (1, "SCHEMA/properties/list/examples/0/0", "list", "examples"),
        (3, "SCHEMA/properties/list/examples/1", "list", "examples"),
        (None, "SCHEMA/properties/nested/example/c/d", "d", "example"),
        ("y", "SCHEMA/properties/nested/example/b/1", "b", "example"),
        ("x", "SCHEMA/properties/nested/example/b/0", "b", "example"),
        (1, "SCHEMA/properties/nested/example/a", "a", "example"),
        ("h", "SCHEMA/properties/headers/example", "headers", "example"),
        (
            10,
            "api.yaml#/paths/~1a~0b~1{id}/get/responses/200/headers/X-Rate/schema/example",
            "X-Rate",
            "example",
        ),
        (
            "one",
            "api.yaml#/paths/~1a~0b~1{id}/get/parameters/1/schema/anyOf/0/oneOf/0/default",
            "r",
            "default",
        ),
        ("v1", "api.yaml#/paths/~1a~0b~1{id}/get/parameters/0/examples/one/value", "q", "examples"),
        (
            "all",
            "api.yaml#/paths/~1a~0b~1{id}/get/parameters/0/schema/allOf/0/default",
            "q",
            "default",
        ),
        (42, "api.yaml#/paths/~1a~0b~1{id}/parameters/0/example", "id", "example"),
        (
            "inner",
            "api.yaml#/paths/~1a~0b~1{id}/parameters/0/schema/items/example",
            "id",
            "example",
        ),
        ("eu", "api.yaml#/servers/0/variables/region/default", "region", "default"),
        ("file", "example.yaml#/value/k", "k", "examples"),
    ]


_EXAMPLES_SWAGGER = """\
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: limit, in: query, type: integer, x-example: 10}
        - {name: 5, in: query, type: string, x-example: n5}
      responses:
        '200':
          description: ok
          examples:
            application/json: {id: 1}
            text/csv: 'a,b'
tags:
  - {name: t, x-example: te}
definitions:
  X:
    type: array
    items: {type: string, example: e}
"""


def test_examples_of_a_swagger_document(tmp_path: Path) -> None:
    # a response's `examples` maps media types to values; a parameter's name counts
    # only when it is text and the object has an `in` (a tag's `name` does not)
    assert _examples(tmp_path, _EXAMPLES_SWAGGER) == [
        ("e", "api.yaml#/definitions/X/items/example", None, "example"),
        ("te", "api.yaml#/tags/0/x-example", None, "x-example"),
        (
            1,
            "api.yaml#/paths/~1a/get/responses/200/examples/application~1json/id",
            "id",
            "examples",
        ),
        ("a,b", "api.yaml#/paths/~1a/get/responses/200/examples/text~1csv", None, "examples"),
        ("n5", "api.yaml#/paths/~1a/get/parameters/1/x-example", None, "x-example"),
        (10, "api.yaml#/paths/~1a/get/parameters/0/x-example", "limit", "x-example"),
    ]


def test_servers_and_schemes_of_a_bare_document(tmp_path: Path) -> None:
    bare = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nschemes: [https]\npaths: {}\n"
    assert [s.url for s in _index(tmp_path, bare).servers] == ["https://"]
    oas = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: []\n"
    index = _index(tmp_path, oas)
    assert index.security_schemes_loc is None and index.security_schemes == []
    assert index.servers == [] and index.operations == [] and index.examples == []
    index = _index(tmp_path, oas.replace("components: []\n", ""))
    assert index.security_schemes_loc is None and index.security_schemes == []


def test_a_later_minor_version_is_read_from_the_root(tmp_path: Path) -> None:
    index = _index(tmp_path, "openapi: 3.3.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    assert index.version == "3.x"
    assert index.version_info == (3, 3)
    assert index.at_least("3.2") and not index.at_least("3.4")


def test_swagger_form_data_only(tmp_path: Path) -> None:
    text = """\
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /a:
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: file, in: formData, type: file}
      responses: {}
"""
    (op,) = _index(tmp_path, text).operations
    assert op.request_body is not None
    assert op.request_body.node == {"name": "file", "in": "formData", "type": "file"}
    assert [(m.media_type, m.schema) for m in op.request_media] == [("multipart/form-data", None)]


def test_example_names_in_files_of_their_own(tmp_path: Path) -> None:
    # the nearest name is found up to the root of a referenced file
    files = {
        "param__yaml": (
            "name: p\nin: query\nschema: {type: string, example: ps}\nallOf: [{example: pa}]\n"
        ),
        "schema__yaml": "type: object\nproperties:\n  pr: {type: string, example: sp}\n",
    }
    text = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      parameters:
        - $ref: 'param.yaml'
      requestBody:
        content:
          application/json:
            schema: {$ref: 'schema.yaml'}
      responses: {}
"""
    index = _index(tmp_path, text, **files)
    got = sorted((e.value, _at(e.loc), e.field) for e in index.examples)
    assert got == [
        ("pa", "param.yaml#/allOf/0/example", "p"),
        ("ps", "param.yaml#/schema/example", "p"),
        ("sp", "schema.yaml#/properties/pr/example", "pr"),
    ]


def test_a_shared_request_body_is_one_media_type(tmp_path: Path) -> None:
    text = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    put: {requestBody: {$ref: '#/components/requestBodies/B'}, responses: {}}
    post: {requestBody: {$ref: '#/components/requestBodies/B'}, responses: {}}
components:
  requestBodies:
    B:
      content:
        application/json: {}
"""
    index = _index(tmp_path, text)
    assert [len(op.request_media) for op in index.operations] == [1, 1]
    assert [(m.media_type, _at(m.loc)) for m in index.media_types] == [
        ("application/json", "api.yaml#/components/requestBodies/B/content/application~1json")
    ]
