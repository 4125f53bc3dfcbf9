"""Time each rule on one document (index views are built by the first rule
that asks for them, so the first user of a view pays for it).

    python benchmarks/rule_times.py ../shared/corpus/stripe-spec3.oas30.yaml
"""

from __future__ import annotations

import sys
import time

from oaslint.config import Config
from oaslint.engine import Linter
from oaslint.index import SpecIndex
from oaslint.loader.document import Document
from oaslint.registry import all_rules
from oaslint.rules.base import RuleContext


def main() -> int:
    path = sys.argv[1]
    t0 = time.perf_counter()
    doc = Document.load(path)
    t1 = time.perf_counter()
    print(
        f"load+resolve {t1 - t0:8.3f} s  ({len(doc.files)} files, {len(doc.containers)} containers)"
    )
    index = SpecIndex(doc)
    linter = Linter(all_rules(), Config())
    rows = []
    for rule, _, options in linter.active:
        ctx = RuleContext(rule.meta.id, index, options)
        start = time.perf_counter()
        rule.check(ctx)
        rows.append((time.perf_counter() - start, rule.meta.id, len(ctx.reports)))
    for spent, rid, n in sorted(rows, reverse=True):
        print(f"{rid:<32} {spent:8.3f} s  {n:6d} findings")
    print(f"rules total  {sum(r[0] for r in rows):8.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
