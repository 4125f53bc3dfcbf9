"""The values a response header is documented with (headers family helpers).

A header's value is documented by its schema's ``enum``, ``const``, ``default``,
``example`` and ``examples``, and by the header object's own ``example`` /
``examples`` (OAS 3) or ``enum``, ``default`` and ``x-example`` (Swagger 2.0).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from oaslint.index import Header, Located, Operation, Response, SpecIndex
from oaslint.model import Location
from oaslint.text import excerpt as quote

VALUE_SOURCES = (
    "its schema's `enum`, `const`, `default`, `example` or `examples`, the header's own "
    "`example` or `examples` (OAS 3), or its `enum`, `default` or `x-example` (Swagger 2.0)"
)


def _values_of(
    index: SpecIndex, obj: Located, keys: tuple[str, ...]
) -> Iterator[tuple[Any, Location]]:
    node = obj.node
    for key in keys:
        if key not in node:
            continue
        value = node[key]
        if key == "enum" or (key == "examples" and isinstance(value, list)):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    yield item, obj.at(key, i)
        elif key == "examples":  # OAS 3 header examples: {name: Example Object}
            for _, ex, _ in index.iter_map(obj, "examples"):
                if isinstance(ex.node, dict) and "value" in ex.node:
                    yield ex.node["value"], ex.loc.child("value")
        else:
            yield value, obj.at(key)


def documented_values(index: SpecIndex, header: Header) -> list[tuple[Any, Location]]:
    """Every value the header is documented with, in the order above, with where."""
    if not isinstance(header.node, dict):
        return []
    obj = Located(header.node, header.loc)
    out: list[tuple[Any, Location]] = []
    schema = index.deref_child(obj, "schema")
    if schema is not None and isinstance(schema.node, dict):
        out += _values_of(index, schema, ("enum", "const", "default", "example", "examples"))
    out += _values_of(index, obj, ("enum", "default", "example", "examples", "x-example"))
    return out


def written_headers(index: SpecIndex, name: str) -> Iterator[tuple[Operation, Response, Header]]:
    """Each header object called ``name`` (case-insensitive), once where it is written."""
    low = name.lower()
    seen: set[Location] = set()
    for op, resp in index.responses:
        for header in resp.headers:
            if header.name.lower() != low or not isinstance(header.node, dict):
                continue
            if header.loc in seen:
                continue
            seen.add(header.loc)
            yield op, resp, header


def excerpt(value: str, limit: int = 40) -> str:
    """A short, escaped quotation of a document value for a message."""
    return quote(value, limit)
