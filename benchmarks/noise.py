"""Noise benchmark: findings per operation and per rule on every corpus target.

Every later rule change shows its effect on volume here. For each of the 16 corpus
targets (the single files and the two multi-file roots of ``../shared/corpus``) it
lints with the default settings, and again with ``--no-aggregate`` (every place
reported), and prints:

- per target: operations, findings (default), findings per operation (default and
  without aggregation), errors;
- per rule: findings over the corpus (default and without aggregation);
- the median message length of the default findings.

It also guards the core security rules (transport, authentication schemes,
credentials and personal data in URIs, secrets, script media types, CORS): their
findings are compared with ``noise-core.txt`` (one ``rule file pointer`` per line,
recorded with ``--update-core``). A core finding that disappears makes the run fail
unless it is listed in ``ACCEPTED_REMOVALS`` with the reason (a fixed false positive).

    python benchmarks/noise.py              # print; exit 1 on a target or core miss
    python benchmarks/noise.py --write      # also rewrite the table in benchmarks/README.md
    python benchmarks/noise.py --update-core  # record the core findings as they are now
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from oaslint.config import Config  # noqa: E402
from oaslint.engine import Linter  # noqa: E402
from oaslint.index import SpecIndex  # noqa: E402
from oaslint.loader.document import Document  # noqa: E402
from oaslint.model import Finding  # noqa: E402
from oaslint.registry import all_rules  # noqa: E402

CORPUS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "corpus")
MULTI_ROOTS = (
    "multi-digitalocean/specification/DigitalOcean-public.v2.yaml",
    "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2/adressen.yaml",
)
CORE_FILE = os.path.join(HERE, "noise-core.txt")
README = os.path.join(HERE, "README.md")
BEGIN, END = "<!-- noise:begin -->", "<!-- noise:end -->"
TARGET_PER_OPERATION = 5.0
TARGET_MEDIAN_MESSAGE = 160

# The core security rules: every finding of these must survive any noise reduction.
CORE_RULES = frozenset(
    {
        # transport
        "https-servers",
        "https-security-urls",
        "wss-websockets",
        # authentication and authorization schemes
        "security-schemes-defined",
        "operation-security-defined",
        "no-http-basic-auth",
        "no-oauth-implicit-flow",
        "no-oauth-password-flow",
        "auth-via-security-schemes",
        "oauth-pkce",
        # credentials and personal data in URIs
        "no-credentials-in-uri",
        "no-personal-data-in-uri",
        # secrets
        "no-secrets-in-examples",
        # script media types, CORS
        "no-script-media-types",
        "cors-no-wildcard-origin",
    }
)

# Core findings deliberately gone, each with its reason ("rule file pointer": reason).
ACCEPTED_REMOVALS: dict[str, str] = {
    "no-secrets-in-examples box-openapi.oas30.json /components/schemas/Event/properties/"
    "session_id/example": "a session reference recorded in an event, not a credential (issue 11)",
}


@dataclass
class Row:
    target: str
    operations: int
    findings: list[Finding] = field(default_factory=list)
    places: list[Finding] = field(default_factory=list)  # --no-aggregate


def targets() -> list[str]:
    singles = sorted(n for n in os.listdir(CORPUS) if n.endswith((".yaml", ".yml", ".json")))
    return singles + list(MULTI_ROOTS)


def run() -> list[Row]:
    rules = all_rules()
    on, off = Linter(rules, Config()), Linter(rules, Config(aggregate=False))
    rows = []
    cwd = os.getcwd()
    os.chdir(CORPUS)  # findings name files relative to the corpus
    try:
        for name in targets():
            doc = Document.load(name)
            row = Row(name, len(SpecIndex(doc).operations))
            row.findings = on.lint_document(doc)
            row.places = off.lint_document(doc)
            rows.append(row)
    finally:
        os.chdir(cwd)
    return rows


def per_op(n: int, ops: int) -> float:
    return n / ops if ops else 0.0


def table(rows: list[Row]) -> str:
    out = [
        "| target | operations | findings | per operation | without aggregation | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        errors = sum(1 for f in r.findings if f.severity.label == "error")
        out.append(
            f"| `{os.path.basename(r.target)}` | {r.operations} | {len(r.findings)} | "
            f"{per_op(len(r.findings), r.operations):.1f} | "
            f"{per_op(len(r.places), r.operations):.1f} | {errors} |"
        )
    ops = sum(r.operations for r in rows)
    found = sum(len(r.findings) for r in rows)
    places = sum(len(r.places) for r in rows)
    out.append(
        f"| **all {len(rows)}** | {ops} | {found} | **{per_op(found, ops):.1f}** | "
        f"{per_op(places, ops):.1f} | |"
    )
    by_rule = Counter(f.rule for r in rows for f in r.findings)
    by_rule_places = Counter(f.rule for r in rows for f in r.places)
    out += ["", "| rule | findings | without aggregation |", "|---|---:|---:|"]
    for rule, n in sorted(by_rule_places.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"| `{rule}` | {by_rule.get(rule, 0)} | {n} |")
    lengths = [len(f.message) for r in rows for f in r.findings]
    median = statistics.median(lengths) if lengths else 0
    out += ["", f"Median message length (default findings): {median:.0f} characters."]
    return "\n".join(out)


def core(rows: list[Row]) -> set[str]:
    return {
        f"{f.rule} {f.file} {f.pointer}" for r in rows for f in r.findings if f.rule in CORE_RULES
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite the table in README.md")
    ap.add_argument("--update-core", action="store_true", help="record the core findings")
    args = ap.parse_args()
    rows = run()
    text = table(rows)
    print(text)
    status = 0
    ops = sum(r.operations for r in rows)
    found = sum(len(r.findings) for r in rows)
    if per_op(found, ops) > TARGET_PER_OPERATION:
        print(f"\nMISSED: {per_op(found, ops):.1f} findings per operation > {TARGET_PER_OPERATION}")
        status = 1
    now = core(rows)
    if args.update_core:
        with open(CORE_FILE, "w", encoding="utf-8") as fh:
            fh.write("".join(f"{line}\n" for line in sorted(now)))
        print(f"\nrecorded {len(now)} core findings in {os.path.relpath(CORE_FILE)}")
    elif os.path.isfile(CORE_FILE):
        with open(CORE_FILE, encoding="utf-8") as fh:
            before = {line.rstrip("\n") for line in fh if line.strip()}
        lost = sorted(before - now - set(ACCEPTED_REMOVALS))
        print(
            f"\ncore security findings: {len(before)} recorded, {len(now)} now, "
            f"{len(before & now)} kept, {len(lost)} lost, {len(now - before)} new"
        )
        for line in lost:
            print(f"  LOST {line}")
        if lost:
            status = 1
    if args.write:
        with open(README, encoding="utf-8") as fh:
            readme = fh.read()
        head, _, rest = readme.partition(BEGIN)
        _, _, tail = rest.partition(END)
        with open(README, "w", encoding="utf-8") as fh:
            fh.write(f"{head}{BEGIN}\n{text}\n{END}{tail}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
