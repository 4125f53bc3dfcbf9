"""no-technical-error-details: error responses carry no stack traces or internals."""

from __future__ import annotations

import re

from oaslint.index import Located
from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.schemas import walk_schemas
from oaslint.rules.shared.status import is_error
from oaslint.text import excerpt

META = RuleMeta(
    id="no-technical-error-details",
    applies_to="error response schemas",
    title="An error response schema has a property for technical details",
    severity=Severity.WARNING,
    references=("NL-TS 2.3.8",),
    description=(
        "Flags a property of a `4XX`, `5XX` (exact or range) or `default` response schema "
        "whose name denotes technical details. Names are split into words (camelCase, "
        "snake_case, kebab-case) and compared case-insensitively: flagged when the whole "
        "name is `stack`, `stackTrace`, `trace`, `traceback`, `backtrace`, `callStack`, "
        "`exception`, `innerException`, `debug`, `debugInfo`, `sql`, `query`, `file`, "
        "`line`, `lineNumber` or `lineNo`, or when any word is `stack`, `stacktrace`, "
        "`traceback`, `backtrace`, `exception`, `debug` or `sql` (`exceptionMessage`, "
        "`sql_state`). Identifiers are not details: a name whose last word is `id` "
        "(`traceId`, `debug_id`) is not flagged, nor are names that merely contain `line`, "
        "`file`, `trace` or `query` as one word among others (`lineItems`, `fileSize`). "
        "The schemas are followed through `$ref`, `allOf`/`oneOf`/`anyOf`, `items`, "
        "`properties` and `additionalProperties`, and each property is reported once, at "
        "its key where it is written. Schemas that success (non-error) responses or "
        "requests also carry are domain objects, not error details, and are skipped: an "
        "error that embeds the failed payment does not make the payment's `file` field a "
        "technical detail."
    ),
    rationale=(
        "NL-TS 2.3.8: respond with generic error messages and never pass technical details "
        "(call stacks, internal hints) to the client. Stack traces, SQL and source "
        "locations map the implementation for an attacker and often leak data."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "        '500':\n"
        "          description: Server error\n"
        "          content:\n"
        "            application/problem+json:\n"
        "              schema:\n"
        "                type: object\n"
        "                properties:\n"
        "                  title: {type: string}\n"
        "                  stackTrace: {type: string}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "        '500':\n"
        "          description: Server error\n"
        "          content:\n"
        "            application/problem+json:\n"
        "              schema:\n"
        "                type: object\n"
        "                properties:\n"
        "                  title: {type: string}\n"
        "                  traceId: {type: string}\n"
    ),
    limitations=(
        "Only property names are read, not descriptions or examples. A `line`/`file` pair "
        "that locates an error in the client's own input (a parse error) is flagged too."
    ),
)

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")

_WHOLE = frozenset(
    {
        "stack",
        "stacktrace",
        "trace",
        "traceback",
        "backtrace",
        "callstack",
        "exception",
        "exceptions",
        "innerexception",
        "debug",
        "debuginfo",
        "sql",
        "query",
        "file",
        "line",
        "linenumber",
        "lineno",
    }
)
_WORD = frozenset(
    {"stack", "stacktrace", "traceback", "backtrace", "exception", "exceptions", "debug", "sql"}
)


def words(name: str) -> list[str]:
    """``innerException`` -> [inner, exception]; ``stack_trace`` -> [stack, trace]."""
    return [w.lower() for w in _WORDS.findall(name)]


def technical(name: str) -> bool:
    parts = words(name)
    if not parts or parts[-1] in ("id", "ids"):
        return False
    return "".join(parts) in _WHOLE or any(p in _WORD for p in parts)


def check(ctx: RuleContext) -> None:
    index = ctx.index
    errors: list[Located] = []
    others: list[Located] = []
    for _, resp in index.responses:
        into = errors if is_error(resp, include_default=True) else others
        into.extend(m.schema for m in resp.media if m.schema is not None)
    # A schema that success responses or requests also carry is a domain object
    # (an error embedding the failed payment, say), not a container of error details.
    domain = {id(use.node) for use in index.request_schemas}
    known = frozenset(domain)  # request closures are complete: no need to walk them again
    domain.update(
        id(node)
        for node, _ in walk_schemas(
            index, ((s.node, s.loc) for s in others), lambda n: id(n) in known, locate=False
        )
    )
    for node, loc in walk_schemas(
        index, ((s.node, s.loc) for s in errors), lambda n: id(n) in domain
    ):
        props = node.get("properties")
        if not isinstance(props, dict):
            continue
        ctx.examine(loc)
        for name in props:
            if isinstance(name, str) and technical(name):
                ctx.report(
                    loc.child("properties", name),
                    f"error response property {excerpt(name)} exposes technical details (stack "
                    "traces, exceptions, queries, source locations) that map the "
                    "implementation for attackers; return a generic message and log the "
                    "details server-side (NL-TS 2.3.8)",
                    prefer_key=True,
                    subject=loc,
                )
