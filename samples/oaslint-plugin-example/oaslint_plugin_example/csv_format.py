"""A CSV report: one row per finding, for spreadsheets."""

from __future__ import annotations

import csv
import io
from typing import Any


def render(result: Any, ctx: Any) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "line", "column", "severity", "rule", "message"])
    for f in result.findings:
        writer.writerow([f.file, f.line, f.column, f.severity.label, f.rule, f.message])
    return out.getvalue()
