"""SARIF 2.1.0 for GitHub code scanning and SARIF viewers.

One run. ``tool.driver.rules`` describes every rule that ran (plus any other
rule id that appears in the results): id, a PascalCase ``name``, the title as
``shortDescription``, the description as ``fullDescription``, the generated
rule page as ``help.markdown``, ``helpUri`` (``<docs_url>/<id>.md``; the CLI
takes ``docs_url`` from ``OASLINT_DOCS_URL``, which the GitHub Action sets to
the action's own ``rules/`` folder on GitHub, and otherwise points at the
``rules/`` folder of the installed source tree when there is one),
(built-in rules only: plugin and custom rules have no page there),
``properties.tags`` (``security``, ``openapi``, the category, the requirement
ids) and ``properties["security-severity"]`` (error 7.5 = high, warning 5.0 =
medium, info 2.0 = low, GitHub's scale).

Each result has ``ruleId``, ``ruleIndex``, ``level`` (error, warning, note),
the message, one physical location (the file relative to ``%SRCROOT%``, the
repository root or working directory; 1-based region whose ``endColumn`` is
exclusive, as in oaslint) and ``partialFingerprints["oaslint/v1"]``:
:attr:`~oaslint.model.Finding.fingerprint`, made of rule, file and JSON
pointer, so alerts survive lines moving (a second finding of one rule on one
node gets ``#2`` appended). An aggregated finding (one API-wide decision
missed at every place, :mod:`oaslint.aggregate`) lists its places as
``relatedLocations`` and their count as ``properties.places``. Files oaslint
could not lint become tool execution notifications with
``executionSuccessful: false``.
"""

from __future__ import annotations

import os
import urllib.parse
from collections import Counter
from typing import TYPE_CHECKING, Any

from oaslint.model import MAX_RELATED_SHOWN

if TYPE_CHECKING:
    from oaslint.formatters import FormatContext
    from oaslint.result import LintResult
    from oaslint.rules.base import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SECURITY_SEVERITY = {"error": "7.5", "warning": "5.0", "info": "2.0"}
FINGERPRINT_KEY = "oaslint/v1"
SRCROOT = "%SRCROOT%"


def _name(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in rule_id.replace("_", "-").split("-"))


def _descriptor(rule_id: str, rule: Rule | None, ctx: FormatContext) -> dict[str, Any]:
    if rule is None:  # e.g. internal-error: not a registered rule
        return {
            "id": rule_id,
            "name": _name(rule_id),
            "shortDescription": {"text": rule_id},
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["oaslint"]},
        }
    from oaslint.docs import render_rule

    m = rule.meta
    out: dict[str, Any] = {
        "id": m.id,
        "name": _name(m.id),
        "shortDescription": {"text": m.title},
        "fullDescription": {"text": full_description(m.description)},
        "help": {"text": m.rationale, "markdown": render_rule(rule)},
        "defaultConfiguration": {"level": LEVELS[m.severity.label]},
        "properties": {
            "tags": list(dict.fromkeys(["security", "openapi", m.category, *m.references])),
            "security-severity": SECURITY_SEVERITY[m.severity.label],
        },
    }
    # oaslint's own pages exist for its built-in rules only: plugin and custom rules
    # carry their whole page in ``help.markdown`` instead of a link that would 404
    if ctx.docs_url and rule.origin == "oaslint":
        out["helpUri"] = f"{ctx.docs_url.rstrip('/')}/{m.id}.md"
    return out


FULL_DESCRIPTION_MAX = 1024  # GitHub code scanning rejects longer fullDescription texts


def full_description(text: str, limit: int = FULL_DESCRIPTION_MAX) -> str:
    """``text`` within ``limit`` characters: whole sentences, then an ellipsis.

    The whole description is in ``help.markdown`` (the rule page) anyway.
    """
    if len(text) <= limit:
        return text
    room = limit - 1  # for the ellipsis
    cut = max(text.rfind(". ", 0, room), text.rfind(".\n", 0, room))
    if cut < limit // 2:  # no sentence end worth keeping: cut at a word
        cut = text.rfind(" ", 0, room)
        return (text[:cut] if cut > 0 else text[:room]).rstrip() + "…"
    return text[: cut + 1] + " …"[: limit - cut - 1]


def _artifact(file: str, ctx: FormatContext) -> dict[str, str]:
    path = ctx.repo_path(file)
    if "://" in path:
        return {"uri": path}
    if os.path.isabs(path) or path.startswith("/"):
        return {"uri": "file://" + urllib.parse.quote(path.replace(os.sep, "/"))}
    loc = {"uri": urllib.parse.quote(path)}
    if ctx.root is not None:
        loc["uriBaseId"] = SRCROOT
    return loc


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    region = {"startLine": max(line, 1), "startColumn": max(column, 1)}
    if end_line >= line > 0:
        region["endLine"] = end_line
        if end_column >= 1 and (end_line > line or end_column >= column):
            region["endColumn"] = end_column
    return region


def as_dict(result: LintResult, ctx: FormatContext) -> dict[str, Any]:
    known = {r.meta.id: r for r in ctx.rules}
    ran = set(result.rules) if result.rules else set(known)
    ids = sorted(ran & set(known) | {f.rule for f in result.findings})
    rules = [_descriptor(rid, known.get(rid), ctx) for rid in ids]
    index = {rid: i for i, rid in enumerate(ids)}
    seen: Counter[str] = Counter()
    results = []
    for f in result.findings:
        fp = f.fingerprint
        seen[fp] += 1
        if seen[fp] > 1:
            fp = f"{fp}#{seen[fp]}"
        properties: dict[str, Any] = {"pointer": f.pointer, "references": list(f.references)}
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVELS[f.severity.label],
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": _artifact(f.file, ctx),
                            "region": _region(f.line, f.column, f.end_line, f.end_column),
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT_KEY: fp},
                "properties": properties,
            }
        )
        if f.aggregate:  # one API-wide decision: its places are related locations
            results[-1]["relatedLocations"] = [
                {
                    "id": i,
                    "physicalLocation": {
                        "artifactLocation": _artifact(r.file, ctx),
                        "region": _region(r.line, r.column, r.end_line, r.end_column),
                    },
                    "properties": {"pointer": r.pointer},
                }
                for i, r in enumerate(f.related[:MAX_RELATED_SHOWN], 1)
            ]
            properties["places"] = len(f.related)
    notifications = [
        {
            "level": "error",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(e.file, ctx)}}],
        }
        for e in result.errors
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "oaslint",
                "version": ctx.version,
                "semanticVersion": ctx.version,
                "rules": rules,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not result.errors,
                "toolExecutionNotifications": notifications,
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if ctx.root is not None:
        root = ctx.root.replace(os.sep, "/").rstrip("/") + "/"
        if not root.startswith("/"):
            root = "/" + root
        run["originalUriBaseIds"] = {SRCROOT: {"uri": "file://" + urllib.parse.quote(root)}}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(result: LintResult, ctx: FormatContext) -> str:
    from oaslint.formatters._jsonout import dumps

    return dumps(as_dict(result, ctx))
