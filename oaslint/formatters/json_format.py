"""JSON output: a public interface, keep it stable (documented in README.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oaslint.model import MAX_RELATED_SHOWN

if TYPE_CHECKING:
    from oaslint.formatters import FormatContext
    from oaslint.result import LintResult


def as_dict(result: LintResult, version: str) -> dict[str, Any]:
    out = _stable(result, version)
    if result.baseline is not None:  # optional, only with --baseline
        b = result.baseline
        out["baseline"] = {"file": b.file, "suppressed": b.suppressed, "fixed": b.fixed}
    return out


def _stable(result: LintResult, version: str) -> dict[str, Any]:
    return {
        "version": version,
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity.label,
                "message": f.message,
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "end_line": f.end_line,
                "end_column": f.end_column,
                "pointer": f.pointer,
                "references": list(f.references),
                # additive: an aggregated finding's places (empty for a single place)
                "related": [
                    {"file": r.file, "line": r.line, "column": r.column, "pointer": r.pointer}
                    for r in f.related[:MAX_RELATED_SHOWN]
                ],
            }
            for f in result.findings
        ],
        "errors": [{"file": e.file, "message": e.message} for e in result.errors],
        "summary": {"files": result.files, **result.counts()},
    }


def render(result: LintResult, ctx: FormatContext) -> str:
    from oaslint.formatters._jsonout import dumps

    return dumps(as_dict(result, ctx.version))
