"""The corpus snapshot net (DESIGN.md section 3): every corpus target's findings, pinned.

    python scripts/corpus_snapshot.py            # rewrite tests/data/corpus/*.txt
    python scripts/corpus_snapshot.py --check    # compare only, exit 1 on a difference

``tests/test_corpus.py`` compares the same text (``OASLINT_UPDATE_SNAPSHOTS=1`` rewrites
it from there too). One file per target under ``tests/data/corpus/``: a header with the
total and the count per rule, then one line per (file, rule, pointer), sorted::

    <rule> <severity> <pointer> @<line>[,<line>...] [x<count>] <fingerprint[:12]>

grouped under ``== <file>`` (relative to the corpus folder). Columns and messages are left
out on purpose: a message rewording is not a behaviour change; the fixture snapshots pin
messages. The fingerprint prefix pins the baseline identity (rule, file, pointer): a change
to how fingerprints are made shows on every line. Review a snapshot diff like code: a rule
that went silent or noisy on a real spec shows as removed or added lines.
"""

from __future__ import annotations

import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:  # run as a script from anywhere: import the checkout's own code
    sys.path.insert(0, ROOT)

from oaslint.engine import Linter  # noqa: E402
from oaslint.model import Finding, fingerprint_of  # noqa: E402
from oaslint.registry import all_rules  # noqa: E402

CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus"))
SNAPSHOTS = os.path.join(ROOT, "tests", "data", "corpus")

# The multi-file roots named in corpus/SOURCES.md (the other folders' files are not roots).
MULTI_ROOTS = (
    "multi-digitalocean/specification/DigitalOcean-public.v2.yaml",
    "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2/adressen.yaml",
)


def targets(corpus: str = CORPUS) -> list[str]:
    """Every corpus target, relative to ``corpus``: the single files, then the multi roots."""
    if not os.path.isdir(corpus):
        return []
    singles = sorted(n for n in os.listdir(corpus) if n.endswith((".yaml", ".yml", ".json")))
    return singles + list(MULTI_ROOTS)


def snapshot_name(target: str) -> str:
    return target.split("/", 1)[0] + ".txt" if "/" in target else target + ".txt"


def render(target: str, findings: Iterable[Finding], corpus: str = CORPUS) -> str:
    groups: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        rel = (
            os.path.relpath(f.file, corpus).replace(os.sep, "/") if "://" not in f.file else f.file
        )
        groups[(rel, f.rule, f.pointer)].append(f)
    per_rule = Counter(f.rule for fs in groups.values() for f in fs)
    total = sum(per_rule.values())
    out = [
        f"# corpus snapshot of {target}: {total} findings",
        "# " + " ".join(f"{rule}={n}" for rule, n in sorted(per_rule.items())),
    ]
    current = None
    for rel, rule, pointer in sorted(groups):
        if rel != current:
            out.append(f"== {rel}")
            current = rel
        fs = groups[(rel, rule, pointer)]
        severities = ",".join(sorted({f.severity.label for f in fs}))
        lines = ",".join(str(n) for n in sorted(f.line for f in fs))
        count = f" x{len(fs)}" if len(fs) > 1 else ""
        fp = fingerprint_of(rule, rel, pointer)[:12]
        out.append(f"{rule} {severities} {pointer or '#'} @{lines}{count} {fp}")
    return "\n".join(out) + "\n"


def lint(target: str, linter: Linter | None = None, corpus: str = CORPUS) -> str:
    linter = linter or Linter(all_rules())
    result = linter.lint_paths([os.path.join(corpus, target)])
    return render(target, result.findings, corpus)


def main(argv: list[str] | None = None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    names = targets()
    if not names:
        print(f"{CORPUS} is missing: put shared/ beside the checkout", file=sys.stderr)
        return 2
    os.makedirs(SNAPSHOTS, exist_ok=True)
    linter = Linter(all_rules())
    differ = 0
    for target in names:
        text = lint(target, linter)
        path = os.path.join(SNAPSHOTS, snapshot_name(target))
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                old = fh.read()
        if old == text:
            continue
        differ += 1
        print(f"{'differs' if check else 'wrote'}: {os.path.relpath(path, ROOT)}")
        if not check:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
    return 1 if check and differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
