"""Compliance report (Markdown): per requirement id, the rules that checked it
and what they found, then the checks that remain manual.

For an auditor rather than a developer: ``oaslint --format compliance -o
report.md specs/``. Requirements of rules that did not run are listed as not
checked, so a narrowed ``--select`` cannot pass for a full review.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from oaslint.compliance import render_manual_checks_table

if TYPE_CHECKING:
    from oaslint.formatters import FormatContext
    from oaslint.result import LintResult


def _ref_key(ref: str) -> tuple[str, str]:
    family = ref.split("-")[0].split(".")[0]
    return family, ref


def render(result: LintResult, ctx: FormatContext) -> str:
    ran = set(result.rules)
    by_ref: dict[str, list[str]] = defaultdict(list)
    not_run: dict[str, list[str]] = defaultdict(list)
    for rule in ctx.rules:
        for ref in rule.meta.references:
            (by_ref if rule.meta.id in ran else not_run)[ref].append(rule.meta.id)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"error": 0, "warning": 0, "info": 0})
    for f in result.findings:
        counts[f.rule][f.severity.label] += 1

    out = [
        "# oaslint compliance report",
        "",
        f"oaslint {ctx.version}: {result.files} document(s) linted, {len(ran)} rules run, "
        f"{len(result.findings)} finding(s), {len(result.errors)} file error(s).",
        "",
        "## Requirements checked by machine",
        "",
        "| requirement | rules | errors | warnings | info | result |",
        "|---|---|---|---|---|---|",
    ]
    for ref in sorted(by_ref, key=_ref_key):
        rules = sorted(by_ref[ref])
        errors = sum(counts[r]["error"] for r in rules)
        warnings = sum(counts[r]["warning"] for r in rules)
        infos = sum(counts[r]["info"] for r in rules)
        verdict = "no findings" if not (errors or warnings or infos) else "findings to review"
        if result.errors:
            verdict += " (some files could not be read)"
        out.append(
            f"| {ref} | {', '.join(f'`{r}`' for r in rules)} | {errors} | {warnings} | {infos} "
            f"| {verdict} |"
        )
    missing = {ref: ids for ref, ids in not_run.items() if ref not in by_ref}
    if missing:
        out += [
            "",
            "## Requirements not checked in this run",
            "",
            "Their rules were not selected or are disabled in the configuration.",
            "",
            "| requirement | rules not run |",
            "|---|---|",
        ]
        for ref in sorted(missing, key=_ref_key):
            out.append(f"| {ref} | {', '.join(f'`{r}`' for r in sorted(missing[ref]))} |")
    out += [
        "",
        "## Manual checks",
        "",
        "Not machine-checkable from an OpenAPI document; confirm these by hand.",
        "",
        render_manual_checks_table().rstrip("\n"),
    ]
    return "\n".join(out) + "\n"
