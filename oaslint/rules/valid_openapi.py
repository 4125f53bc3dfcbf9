"""valid-openapi: structural validation against the official OpenAPI schema.

Uses the JSON Schemas bundled with openapi-spec-validator (so the same
definitions as that tool), evaluated with jsonschema-rs. Measured here on
``stripe-spec3.oas30.yaml``: compiling the 3.0 schema takes ~0.3 s once and
validating the document ~0.05 s; openapi-spec-validator 0.9 with its default
backend takes 10-32 s on a 2 MB spec and raises on the first dangling
``$ref`` instead of reporting it, so it is not on the default path.
Remote ``$ref``s inside the meta-schemas are never fetched.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from typing import Any

from oaslint.loader.document import Document
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta

META = RuleMeta(
    id="valid-openapi",
    title="The document does not follow its OpenAPI version's schema",
    severity=Severity.ERROR,
    references=("B.12.1.3", "8.13.1"),
    description=(
        "Validates the root document against the official JSON Schema of its version "
        "(Swagger 2.0, OpenAPI 3.0, 3.1, 3.2) and reports one finding per problem, on the "
        "offending node. For a node that fits none of several shapes (a response that is "
        "neither a Response nor a Reference object, say) the message names the shape it "
        "came closest to and what is missing or extra there. `$ref`-ed files are checked "
        "for resolvability by `resolvable-refs`; their content is not validated on its own."
    ),
    rationale=(
        "Every other rule, and every gateway and code generator, assumes a well-formed "
        "document. A misspelt key (`securty:`) is silently ignored by many tools and can "
        "leave an operation unprotected."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {summary: OK}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
    ),
    limitations=(
        "Only the root file is validated against the schema; fragments in `$ref`-ed files "
        "are checked for resolvability. Semantic checks of openapi-spec-validator "
        "(duplicate operationIds, undeclared path parameters) are not run."
    ),
    always_on=True,
    category="health",
)

_SCHEMA_DIRS = {"2.0": "v2.0", "3.0": "v3.0", "3.1": "v3.1", "3.2": "v3.2"}


def _deny_remote(uri: str) -> Any:
    raise ValueError(f"remote schema {uri} is not fetched")


@cache
def _validator(version: str) -> Any:
    import importlib.util

    import jsonschema_rs

    # Locate the bundled schemas without importing openapi_spec_validator (its
    # import alone costs ~0.5 s of start-up, measured with cProfile).
    spec = importlib.util.find_spec("openapi_spec_validator")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("openapi-spec-validator is not installed")
    package_dir = next(iter(spec.submodule_search_locations))
    base = os.path.join(package_dir, "resources", "schemas")
    with open(os.path.join(base, _SCHEMA_DIRS[version], "schema.json"), encoding="utf-8") as fh:
        schema = json.load(fh)
    return jsonschema_rs.validator_for(schema, retriever=_deny_remote)


_DEF_RE = re.compile(r"^(?:definitions|\$defs)$")


def _shape_name(schema_path: list[Any]) -> str:
    """The definition a sub-error belongs to: ['definitions', 'Response', ...] -> Response."""
    for i in range(len(schema_path) - 1):
        if isinstance(schema_path[i], str) and _DEF_RE.match(schema_path[i]):
            name = str(schema_path[i + 1])
            return name[:1].upper() + name[1:]
    return ""


def _is_reference_shape(name: str) -> bool:
    return name.lower() in ("reference", "jsonreference")


def _leaves(error: Any, depth: int = 0) -> list[Any]:
    context = getattr(error.kind, "context", None)
    if not context or depth > 4:
        return [error]
    out: list[Any] = []
    for group in context:
        for sub in group:
            out.extend(_leaves(sub, depth + 1))
    return out


def _enum_values(error: Any) -> list[Any]:
    kind = error.kind
    for attr in ("options", "expected_value"):
        value = getattr(kind, attr, None)
        if value is not None:
            return list(value) if isinstance(value, list) else [value]
    return []


def _explain(error: Any, instance: Any, depth: int = 0) -> tuple[str, list[Any] | None]:
    """A readable message, descending into oneOf/anyOf to the closest branch.

    Returns the message and, when the problem is in one child of the node (all
    alternatives disagree about one value only), the path of that child.
    """
    kind = error.kind
    context = getattr(kind, "context", None)
    if not context or depth > 2:
        return _plain(error), None
    leaves = [
        e for e in _leaves(error) if not _is_reference_shape(_shape_name(list(e.schema_path)))
    ]
    enum_leaves = [e for e in leaves if type(e.kind).__name__ in ("Enum", "Constant")]
    paths = {tuple(e.instance_path) for e in enum_leaves}
    if len(enum_leaves) >= 2 and len(paths) == 1:
        # Alternatives that differ by one discriminating value (`in: query|path|...`)
        allowed: list[Any] = []
        leaves = enum_leaves
        for e in leaves:
            for v in _enum_values(e):
                if v not in allowed:
                    allowed.append(v)
        path = list(leaves[0].instance_path)
        value = leaves[0].instance
        listed = ", ".join(str(v) for v in allowed) or "the allowed values"
        return f"{value!r} is not allowed here; expected one of: {listed}", path
    has_ref = isinstance(instance, dict) and "$ref" in instance
    branches = []
    for group in context:
        errs = list(group)
        if not errs:
            continue
        name = _shape_name(list(errs[0].schema_path))
        if _is_reference_shape(name) and not has_ref:
            continue
        branches.append((len(errs), name, errs))
    if not branches:
        return _plain(error), None
    branches.sort(key=lambda b: b[0])
    _, name, errs = branches[0]
    parts = []
    inner_path = None
    for sub in errs[:3]:
        text, sub_path = _explain(sub, instance, depth + 1)
        parts.append(text)
        if len(errs) == 1:
            inner_path = sub_path
    joined = "; ".join(dict.fromkeys(parts))
    if not name or joined.startswith("not a valid"):
        return joined, inner_path
    return f"not a valid {name} object: {joined}", inner_path


def _plain(error: Any) -> str:
    msg: str = error.message
    if len(msg) > 200:
        msg = msg[:197] + "..."
    return msg


def _is_local(ref: str) -> bool:
    return ref.startswith("#")


def _bundle(doc: Document) -> Any:
    """The root data with every reference that leaves the root file inlined.

    Single-file documents are validated as they are. For multi-file documents
    the fragments of other files are validated in the place they are used, so
    that an operation or a response written in another file is checked against
    the right part of the schema. Targets are shared, not copied; cycles keep
    their ``$ref``.
    """
    if len(doc.files) == 1:
        return doc.root.data
    root_path = doc.root.path
    memo: dict[tuple[str, str], Any] = {}

    def walk(node: Any, file: str, active: frozenset[tuple[str, str]]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and (file != root_path or not _is_local(ref)):
                target, loc = doc.deref(node, Location(file, ""))
                if target is None:
                    return node
                if loc.file == root_path:
                    return {**node, "$ref": "#" + loc.pointer}
                key = (loc.file, loc.pointer)
                if key in active:
                    return node
                if key not in memo:
                    memo[key] = walk(target, loc.file, active | {key})
                return memo[key]
            return {k: walk(v, file, active) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, file, active) for v in node]
        return node

    return walk(doc.root.data, root_path, frozenset())


def _locate(doc: Document, path: list[Any]) -> Location:
    """Where the node at ``path`` of the bundled data is written."""
    root_path = doc.root.path
    loc = Location(root_path, "")
    node: Any = doc.root.data
    for seg in path:
        if (
            isinstance(node, dict)
            and isinstance(node.get("$ref"), str)
            and (loc.file != root_path or not _is_local(node["$ref"]))
        ):
            target, tloc = doc.deref(node, loc)
            if target is not None:
                node, loc = target, tloc
        key = str(seg)
        try:
            node = node[int(seg)] if isinstance(node, list) else node[key]
        except (KeyError, IndexError, TypeError, ValueError):
            return loc.child(key)
        loc = loc.child(key)
    return loc


def check(ctx: RuleContext) -> None:
    index = ctx.index
    version = index.version
    if version not in _SCHEMA_DIRS:
        key = index.root_key_loc()
        ctx.report(
            key,
            f"unsupported OpenAPI version {index.root.get(key.pointer[1:])!r}; "
            "oaslint reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2",
        )
        return
    validator = _validator(version)
    doc = index.document
    try:
        data = _bundle(doc)
    except RecursionError:
        data = index.root
    for error in validator.iter_errors(data):
        path = list(error.instance_path)
        loc = _locate(doc, path)
        try:
            instance = doc.get(loc)
        except (KeyError, IndexError, ValueError):
            instance = None
        kind_name = type(error.kind).__name__
        unexpected = getattr(error.kind, "unexpected", None)
        if kind_name in ("AdditionalProperties", "UnevaluatedProperties") and unexpected:
            for name in unexpected:
                ctx.report(
                    loc.child(str(name)),
                    f"unexpected property {name!r} here: the OpenAPI {version} schema does "
                    "not allow it (misspelt, or misplaced?)",
                    prefer_key=True,
                )
            continue
        message, inner = _explain(error, instance)
        if inner is not None and inner != path:
            path, loc = inner, _locate(doc, inner)
        where = "the document" if not path else repr(str(path[-1]))
        ctx.report(loc, f"{where}: {message}")
