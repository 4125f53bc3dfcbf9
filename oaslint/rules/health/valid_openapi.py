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
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from oaslint.index import Operation, SecurityScheme, SpecIndex
from oaslint.model import Location, Severity
from oaslint.rules.base import Option, RuleContext, RuleMeta
from oaslint.rules.shared.security import flows
from oaslint.text import excerpt, neutral

if TYPE_CHECKING:  # a family never imports the loader; the Document comes from ctx.index
    from oaslint.loader.document import Document

META = RuleMeta(
    id="valid-openapi",
    applies_to="documents",
    title="The document does not follow its OpenAPI version's schema",
    severity=Severity.ERROR,
    references=("B.12.1.3",),
    description=(
        "Validates the root document against the official JSON Schema of its version "
        "(Swagger 2.0, OpenAPI 3.0, 3.1, 3.2) and reports one finding per problem, on the "
        "offending node. For a node that fits none of several shapes (a response that is "
        "neither a Response nor a Reference object, say) the message names the shape it "
        "came closest to and what is missing or extra there. Fragments in `$ref`-ed files "
        "are validated in the place they are used. Semantic checks follow (option "
        "`semantic`, on by default): a duplicate `operationId`; a `{name}` in a path "
        "template with no `in: path` parameter, or an `in: path` parameter that is not in "
        "the template; a security requirement naming a scheme that is not declared "
        "(the operation's protection is then undefined), or an OAuth2 scope its scheme "
        "does not define."
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
    options={
        "semantic": Option(
            "bool",
            True,
            "also run the semantic checks the schema cannot express: unique operationIds, "
            "path template parameters declared as `in: path` parameters and the reverse, "
            "security requirements that name declared schemes and (OAuth2) defined scopes",
        ),
    },
    limitations=(
        "Fragments in `$ref`-ed files are validated where they are used (inlined in "
        "place), so a fragment no document uses is not validated. Path-parameter checks "
        "are skipped for an operation whose parameter list has an unresolvable `$ref`."
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
    inner = getattr(kind, "error", None)
    if type(kind).__name__ == "PropertyNames" and inner is not None:
        name = inner.instance
        text = _plain(inner).replace(f"{name!r} is not allowed", "this key is not allowed")
        return text, [*error.instance_path, name]
    context = getattr(kind, "context", None)
    if not context or depth > 2:
        return _plain(error), None
    leaves = [
        e for e in _leaves(error) if not _is_reference_shape(_shape_name(list(e.schema_path)))
    ]
    enum_leaves = [e for e in leaves if _is_enum(e)]
    paths = {tuple(e.instance_path) for e in enum_leaves}
    has_ref = isinstance(instance, dict) and "$ref" in instance
    chosen = _accepting(context, paths) if len(paths) == 1 else None
    if len(enum_leaves) >= 2 and len(paths) == 1 and not chosen:
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
        return f"{excerpt(value)} is not allowed here; expected one of: {listed}", path
    branches = []
    for group in chosen or context:
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
    if len(errs) > 1:  # "valid under more than one" is the echo of a missing value
        errs = [e for e in errs if type(e.kind).__name__ != "OneOfMultipleValid"] or errs
    for sub in errs[:3]:
        text, sub_path = _explain(sub, instance, depth + 1)
        parts.append(text)
        if len(errs) == 1:
            inner_path = sub_path
    own = list(error.instance_path)
    deeper = {tuple(e.instance_path) for e in errs}
    if inner_path is None and len(deeper) == 1:
        # every problem of the closest branch sits in one child (a Swagger 2.0 inline
        # response's header): point there, not at the node holding it
        (only,) = deeper
        if len(only) > len(own):
            inner_path = list(only)
    joined = "; ".join(dict.fromkeys(parts))
    if not name or joined.startswith("not a valid"):
        return joined, inner_path
    return f"not a valid {name} object: {joined}", inner_path


def _is_enum(error: Any) -> bool:
    return type(error.kind).__name__ in ("Enum", "Constant")


def _accepting(context: Any, paths: set[tuple[Any, ...]]) -> list[Any]:
    """The alternatives that accept the discriminating value all others refuse.

    ``type: oauth2`` with an incomplete flow fails every security scheme shape: the
    others on ``type``, OAuth2 on its flow. The author meant the one that took the
    ``type``, so its problems are the ones to explain, not the other shapes' values.
    """
    (path,) = paths
    out = []
    # a Reference shape never takes a discriminating value: it fails on `$ref` alone
    for errs in _alternatives(context, False):
        leaves = [leaf for e in errs for leaf in _leaves(e)]
        if not any(_is_enum(e) and tuple(e.instance_path) == path for e in leaves):
            out.append(errs)
    return out


def _alternatives(context: Any, has_ref: bool, depth: int = 0) -> Iterator[list[Any]]:
    """The error lists of a oneOf/anyOf's branches, a branch that failed only on a
    nested oneOf/anyOf (OAS 3.0: Reference | SecurityScheme, itself a oneOf) replaced
    by that one's branches."""
    for group in context:
        errs = list(group)
        if not errs:
            continue
        if _is_reference_shape(_shape_name(list(errs[0].schema_path))) and not has_ref:
            continue
        nested = getattr(errs[0].kind, "context", None) if len(errs) == 1 else None
        if nested and depth < 3:
            yield from _alternatives(nested, has_ref, depth + 1)
        else:
            yield errs


_BRANCHES = frozenset(("then", "else", "oneOf", "anyOf", "dependentSchemas"))


def _branch_failure(error: Any) -> bool:
    """A failure inside a conditional branch, or of a discriminating value."""
    return _is_enum(error) or any(
        isinstance(part, str) and part in _BRANCHES for part in error.schema_path
    )


def _plain(error: Any) -> str:
    if type(error.kind).__name__ == "Not":
        # jsonschema-rs prints the negated schema: '{"enum":[...]} is not allowed for "X"'
        excluded = getattr(error.kind, "schema", None)
        values = excluded.get("enum") if isinstance(excluded, dict) else None
        listed = f" (excluded: {', '.join(map(str, values))})" if values else ""
        return f"{excerpt(error.instance)} is not allowed here{listed}"
    msg: str = error.message
    if len(msg) > 200:  # the validator quotes the whole instance: a short excerpt only
        msg = msg[:197] + "..."
    return neutral(msg)


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
    ctx.examine(index.loc())
    version = index.version
    if version not in _SCHEMA_DIRS:
        key = index.root_key_loc()
        ctx.report(
            key,
            f"unsupported OpenAPI version {excerpt(index.root.get(key.pointer[1:]))}; "
            "oaslint reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2",
        )
        return
    validator = _validator(version)
    doc = index.document
    try:
        data = _bundle(doc)
    except RecursionError:
        data = index.root
    errors = list(validator.iter_errors(data))
    # An "unexpected property" is often the echo of a branch that failed: OAS 3.1
    # `unevaluatedProperties` counts every property of a failed `then` as unevaluated
    # (`flows` of an oauth2 scheme missing its tokenUrl, `name` of an apiKey scheme
    # missing `in`, both of a scheme whose `type` no branch takes). The node is
    # reported for that problem: one defect, one finding. A property that is wrong on
    # its own (`summary` in a response) is still reported.
    examined = [tuple(e.instance_path) for e in errors]
    branched = [tuple(e.instance_path) for e in errors if _branch_failure(e)]
    for error in errors:
        path = list(error.instance_path)
        loc = _locate(doc, path)
        try:
            instance = doc.get(loc)
        except (KeyError, IndexError, ValueError):
            instance = None
        kind_name = type(error.kind).__name__
        unexpected = getattr(error.kind, "unexpected", None)
        if kind_name in ("AdditionalProperties", "UnevaluatedProperties") and unexpected:
            here = tuple(path)
            if kind_name == "UnevaluatedProperties" and any(
                p[: len(here)] == here for p in branched
            ):
                continue
            for name in unexpected:
                if any(p[: len(here) + 1] == (*here, name) for p in examined):
                    continue
                ctx.report(
                    loc.child(str(name)),
                    f"unexpected property {excerpt(name)} here: the OpenAPI {version} schema does "
                    "not allow it (misspelt, or misplaced?)",
                    prefer_key=True,
                )
            continue
        message, inner = _explain(error, instance)
        if inner is not None and inner != path:
            path, loc = inner, _locate(doc, inner)
        where = "the document" if not path else excerpt(str(path[-1]))
        ctx.report(loc, f"{where}: {message}")
    if ctx.options.get("semantic", True):
        _semantic(ctx)


# -- semantic checks: what the JSON Schema of OpenAPI cannot express ----------

_TEMPLATE_RE = re.compile(r"\{([^{}/]+)\}")


def _semantic(ctx: RuleContext) -> None:
    index = ctx.index
    seen_ops: dict[str, Operation] = {}
    written: set[Location] = set()
    for op in index.operations:
        if op.loc in written:  # one operation object `$ref`-ed from several paths
            continue
        written.add(op.loc)
        _operation_id(ctx, op, seen_ops)
        _path_parameters(ctx, op)
    _security_requirements(ctx)


def _operation_id(ctx: RuleContext, op: Operation, seen: dict[str, Operation]) -> None:
    op_id = op.node.get("operationId")
    if not isinstance(op_id, str):
        return
    first = seen.setdefault(op_id, op)
    if first is not op:
        ctx.report(
            op.loc.child("operationId"),
            f"operationId {excerpt(op_id)} of {op.key} is also the operationId of {first.key}: "
            "operationIds must be unique, or links and generated clients call the wrong "
            "operation; rename one",
        )


def _raw_parameters_resolve(index: SpecIndex, holder: Any, loc: Location) -> bool:
    params = holder.get("parameters") if isinstance(holder, dict) else None
    if not isinstance(params, list):
        return True
    for i, item in enumerate(params):
        target, _ = index.deref(item, loc.child("parameters", i))
        if not isinstance(target, dict):
            return False
    return True


def _path_parameters(ctx: RuleContext, op: Operation) -> None:
    index = ctx.index
    paths = index.root.get("paths")
    item_raw = paths.get(op.path) if isinstance(paths, dict) else None
    item, item_loc = index.deref(item_raw, op.path_loc)
    if not (
        _raw_parameters_resolve(index, item, item_loc)
        and _raw_parameters_resolve(index, op.node, op.loc)
    ):
        return  # an unresolvable parameter is resolvable-refs' finding
    in_template = _TEMPLATE_RE.findall(op.path)
    declared = {p.name: p for p in op.parameters if p.location == "path"}
    for name in dict.fromkeys(in_template):
        if name not in declared:
            ctx.report(
                op.loc,
                f"{op.key}: path template parameter {{{name}}} has no `in: path` parameter "
                f"named {excerpt(name)}, so its type and constraints are undefined; declare it",
                prefer_key=True,
            )
    for name, param in declared.items():
        if name not in in_template:
            ctx.report(
                param.at("name"),
                f"{op.key}: `in: path` parameter {excerpt(name)} does not appear in the path "
                "template, so no request can carry it; remove it or fix the template",
            )


def _security_requirements(ctx: RuleContext) -> None:
    index = ctx.index
    schemes = {s.name: s for s in index.security_schemes}
    where = "securityDefinitions" if index.is_swagger else "components.securitySchemes"
    done: set[Location] = set()
    lists: list[tuple[Any, Location]] = []
    if isinstance(index.root.get("security"), list):
        lists.append((index.root["security"], index.loc("security")))
    for op in index.operations:
        if "security" in op.node and op.security_loc is not None:
            lists.append((op.node["security"], op.security_loc))
    for requirements, loc in lists:
        if loc in done or not isinstance(requirements, list):
            continue
        done.add(loc)
        for i, req in enumerate(requirements):
            if not isinstance(req, dict):
                continue
            for name, scopes in req.items():
                scheme = schemes.get(name)
                if scheme is None:
                    ctx.report(
                        loc.child(i, name),
                        f"security requirement names {excerpt(name)}, but no security scheme of "
                        f"that name is declared under {where}: the protection of the "
                        "operation is undefined (gateways and generated clients skip or "
                        "reject it); declare the scheme or fix the name",
                        prefer_key=True,
                    )
                elif scheme.type == "oauth2" and isinstance(scopes, list):
                    defined = _oauth_scopes(index, scheme)
                    for j, scope in enumerate(scopes):
                        if isinstance(scope, str) and scope not in defined:
                            ctx.report(
                                loc.child(i, name, j),
                                f"scope {excerpt(scope)} is not defined by OAuth2 scheme "
                                f"{excerpt(name)}: "
                                "clients cannot request it, so the requirement cannot be "
                                "met or is misspelt; define the scope in the scheme's flows",
                            )


def _oauth_scopes(index: SpecIndex, scheme: SecurityScheme) -> set[str]:
    found: set[str] = set()
    for _, flow, _ in flows(index, scheme):
        scopes = flow.node.get("scopes")
        if isinstance(scopes, dict):
            found.update(scopes)
    return found
