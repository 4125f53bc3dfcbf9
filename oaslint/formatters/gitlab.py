"""GitLab Code Quality report (``artifacts:reports:codequality``).

A JSON array of issues, the subset of the Code Climate format GitLab reads
(https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
``description``, ``check_name`` (the rule id), ``fingerprint``, ``severity``
(``info``, ``minor``, ``major``, ``critical`` or ``blocker``), ``location.path``
(relative to the repository root: ``CI_PROJECT_DIR`` in a GitLab job, else the
working directory) and ``location.lines.begin``; also ``location.lines.end``,
``type`` and ``categories`` of Code Climate. Severities map error -> ``major``,
warning -> ``minor``, info -> ``info``; a file oaslint could not lint (exit
code 2) is a ``blocker`` issue with ``check_name`` ``oaslint-file-error``.

Fingerprints are how GitLab tells new findings from fixed ones between the
merge request and its target branch, so they leave line numbers out (an edit
above a finding does not make it new): they hash the rule, the relative path
and the JSON pointer (:func:`oaslint.model.fingerprint_of`, as the baseline
does), plus a counter when one node has several findings of one rule, so each
finding's fingerprint is unique in the report.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import TYPE_CHECKING, Any

from oaslint.model import fingerprint_of

if TYPE_CHECKING:
    from oaslint.formatters import FormatContext
    from oaslint.result import LintResult

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}
FILE_ERROR = "oaslint-file-error"


def _path(ctx: FormatContext, file: str) -> str:
    project = os.environ.get("CI_PROJECT_DIR")
    if project and os.path.isdir(project):
        from dataclasses import replace

        ctx = replace(ctx, root=os.path.abspath(project))
    return ctx.repo_path(file)


def render(result: LintResult, ctx: FormatContext) -> str:
    issues: list[dict[str, Any]] = []
    seen: dict[str, int] = {}

    def unique(base: str) -> str:
        n = seen.get(base, 0)
        seen[base] = n + 1
        if n == 0:
            return base
        return hashlib.sha256(f"{base}\x00{n}".encode()).hexdigest()[:32]

    for e in result.errors:
        path = _path(ctx, e.file)
        issues.append(
            {
                "type": "issue",
                "description": f"oaslint could not lint this file: {e.message}",
                "check_name": FILE_ERROR,
                "fingerprint": unique(fingerprint_of(FILE_ERROR, path, "")),
                "severity": "blocker",
                "categories": ["Bug Risk"],
                "location": {"path": path, "lines": {"begin": 1}},
            }
        )
    for f in result.findings:
        path = _path(ctx, f.file)
        lines: dict[str, int] = {"begin": max(f.line, 1)}
        if f.end_line > f.line:
            lines["end"] = f.end_line
        issues.append(
            {
                "type": "issue",
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": unique(fingerprint_of(f.rule, path, f.pointer)),
                "severity": SEVERITIES[f.severity.label],
                "categories": ["Security"],
                "location": {"path": path, "lines": lines},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
