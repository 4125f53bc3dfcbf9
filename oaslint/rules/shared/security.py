"""Shared helpers for the authentication rules (not a rule module)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fnmatch import fnmatchcase
from typing import Any

from oaslint.index import Located, Operation, Parameter, SecurityScheme, SpecIndex
from oaslint.model import Location
from oaslint.rules.base import Option

PUBLIC_OPERATIONS_HELP = (
    "Operations that are public by design, each as `METHOD PATH-GLOB`: the method "
    "(case-insensitive) or `*`, a space, then a path pattern matched with shell-style "
    "wildcards (`fnmatch`) against the path as written in `paths`, e.g. `GET /health`, "
    "`* /public/*`, `GET /docs/*`. A bare `PATH-GLOB` means any method."
)


def public_operations_option() -> Option:
    return Option("list[str]", [], PUBLIC_OPERATIONS_HELP)


def is_public(op: Operation, patterns: Sequence[str]) -> bool:
    """True when ``op`` matches one of the ``public-operations`` patterns."""
    for raw in patterns:
        parts = raw.split(None, 1)
        if not parts:
            continue
        if len(parts) == 1:
            method, glob = "*", parts[0]
        else:
            method, glob = parts[0], parts[1].strip()
        if method != "*" and method.lower() != op.method.lower():
            continue
        if fnmatchcase(op.path, glob):
            return True
    return False


def requirement_entries(op: Operation) -> Iterator[tuple[int, dict[str, Any], Location]]:
    """(index, requirement, location) of each alternative of the effective security."""
    if op.security is None or op.security_loc is None:
        return
    for i, req in enumerate(op.security):
        if isinstance(req, dict):
            yield i, req, op.security_loc.child(i)


def flows(index: SpecIndex, scheme: SecurityScheme) -> Iterator[tuple[str, Located, Location]]:
    """OAuth2 flows of a scheme as (flow name, flow object, flow key location).

    OAS 3 ``flows`` entries; a Swagger 2.0 ``oauth2`` definition is its own
    single flow, named by its ``flow`` value (``implicit``, ``password``,
    ``application``, ``accessCode``) and located at that value.
    """
    if index.is_swagger:
        if scheme.type == "oauth2":
            name = str(scheme.node.get("flow", ""))
            yield name, Located(scheme.node, scheme.loc), scheme.at("flow")
        return
    holder = index.deref_child(Located(scheme.node, scheme.loc), "flows")
    if holder is None or not isinstance(holder.node, dict):
        return
    for name, value in holder.node.items():
        target, loc = index.deref(value, holder.loc.child(name))
        if isinstance(target, dict):
            yield str(name), Located(target, loc), holder.loc.child(name)


def closed_values(index: SpecIndex, param: Parameter) -> bool:
    """True when a parameter can only carry a fixed set of values or a boolean:
    an ``enum``/``const`` (also on array items) or ``type: boolean``. Such a
    parameter cannot carry a secret or a person's data, whatever its name."""
    holder = Located(param.node, param.loc)
    schema = index.deref_child(holder, "schema") if "schema" in param.node else holder
    for _ in range(2):  # the schema, then its `items`
        if schema is None or not isinstance(schema.node, dict):
            return False
        node = schema.node
        if "enum" in node or "const" in node or node.get("type") == "boolean":
            return True
        if node.get("type") != "array":
            return False
        schema = index.deref_child(schema, "items")
    return False


def _collect_texts(value: Any, out: list[str], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            out.append(str(k))
            _collect_texts(v, out, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _collect_texts(v, out, depth + 1)


def documented_texts(index: SpecIndex, scheme: SecurityScheme) -> list[str]:
    """What a security scheme says about itself: its ``description`` and, for each
    ``x-`` extension on the scheme or on its OAuth2 flows whose value is not
    ``false``/``null``, the extension's name and its text values."""
    nodes: list[Any] = [scheme.node] + [flow.node for _, flow, _ in flows(index, scheme)]
    out = [str(scheme.node.get("description", ""))]
    for node in nodes:
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if not str(key).startswith("x-") or value is None or value is False:
                continue
            out.append(str(key))
            _collect_texts(value, out)
    return out
