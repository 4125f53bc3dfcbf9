"""Cost of custom rules: stripe-spec3 linted without and with ten custom rules.

    python benchmarks/custom_rules.py [SPEC] [--repeat N]

Prints the best wall time of each run (one ``python -m oaslint`` process each:
start-up, configuration, load, index, every rule, output), the ratio, and the
findings the custom rules produced. Target: with ten custom rules the run
stays within 1.5x of the run without them (issue 6). Also times jsonpath-ng's
own evaluator on the same document for two of the paths: the measurement
behind evaluating the parsed paths in :mod:`oaslint.custom` instead.

Measured on this project's 2-core machine (other work running beside it):
2.60 s without, 3.60 s with the ten rules below, ratio 1.39x; they add 7,496
findings, whose locating and JSON output are part of the extra second.

Not a unit test: timings depend on the machine (this project's is 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

DEFAULT_SPEC = os.path.join(HERE, "..", "..", "shared", "corpus", "stripe-spec3.oas30.yaml")

TEN_RULES: list[dict[str, Any]] = [
    {
        "id": "c-operation-id-camel-case",
        "given": "$.paths[*][get,put,post,delete,patch].operationId",
        "then": {"function": "pattern", "functionOptions": {"match": "^[a-z][a-zA-Z0-9]*$"}},
    },
    {
        "id": "c-info-contact",
        "given": "$.info",
        "then": {"field": "contact", "function": "defined"},
    },
    {
        "id": "c-no-internal-servers",
        "given": "$.servers[*].url",
        "then": {"function": "notPattern", "functionOptions": {"match": "\\.internal(:|/|$)"}},
    },
    {
        "id": "c-query-name-length",
        "given": "$..parameters[?(@.in == 'query')].name",
        "then": {"function": "length", "functionOptions": {"max": 30}},
    },
    {
        "id": "c-audience",
        "given": "$.info",
        "then": {
            "field": "x-audience",
            "function": "schema",
            "functionOptions": {"schema": {"type": "string", "enum": ["public", "partner"]}},
        },
    },
    {
        "id": "c-described-properties",
        "given": "$..properties[*]",
        "then": {"field": "description", "function": "truthy"},
    },
    {
        "id": "c-kebab-paths",
        "given": "$.paths[*]",
        "then": {
            "field": "@key",
            "function": "pattern",
            "functionOptions": {"match": "^(/([a-z0-9_.-]+|\\{[a-zA-Z_]+\\}))+$"},
        },
    },
    {
        "id": "c-summary-length",
        "given": "$.paths[*][*].summary",
        "then": {"function": "length", "functionOptions": {"max": 80}},
    },
    {
        "id": "c-bounded-strings",
        "given": "$..properties[?(@.type == 'string')]",
        "then": {"field": "maxLength", "function": "defined"},
    },
    {
        "id": "c-local-refs",
        "resolved": False,
        "given": "$..['$ref']",
        "then": {"function": "notPattern", "functionOptions": {"match": "^https?://"}},
    },
]


def timed_run(spec: str, custom: bool) -> tuple[float, Counter[str]]:
    """Wall time of one ``python -m oaslint`` process (what a user waits for)."""
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "oaslint.json")  # JSON is YAML: no dumper needed
        with open(config, "w", encoding="utf-8") as fh:
            json.dump({"custom-rules": TEN_RULES} if custom else {}, fh)
        cmd = [
            sys.executable,
            "-m",
            "oaslint",
            "--config",
            config,
            "--format",
            "json",
            "--fail-on",
            "never",
            os.path.abspath(spec),
        ]
        env = {**os.environ, "PYTHONPATH": os.path.dirname(HERE)}
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp)
        elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"oaslint failed ({done.returncode}): {done.stderr}")
    findings = json.loads(done.stdout)["findings"]
    return elapsed, Counter(f["rule"] for f in findings if f["rule"].startswith("c-"))


def jsonpath_ng_times(spec: str) -> list[tuple[str, float, int]]:
    from jsonpath_ng.ext import parse

    from oaslint.loader.document import Document

    data = Document.load(spec).root.data
    out = []
    for path in ("$..parameters[?(@.in == 'query')].name", "$..properties[*]"):
        expr = parse(path)
        start = time.perf_counter()
        found = expr.find(data)
        out.append((path, time.perf_counter() - start, len(found)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", nargs="?", default=DEFAULT_SPEC)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    spec = os.path.normpath(args.spec)
    timed_run(spec, False)  # warm up the file system cache
    plain: list[float] = []
    custom: list[float] = []
    counts: Counter[str] = Counter()
    for _ in range(args.repeat):  # interleaved, so a busy moment hits both alike
        plain.append(timed_run(spec, False)[0])
        elapsed, counts = timed_run(spec, True)
        custom.append(elapsed)
    without, with_custom = min(plain), min(custom)
    print(f"spec: {spec}")
    print(f"without custom rules: {without:.2f} s (best of {args.repeat})")
    print(f"with ten custom rules: {with_custom:.2f} s (best of {args.repeat})")
    print(f"ratio: {with_custom / without:.2f}x (target: at most 1.5x)")
    print("custom findings: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for path, seconds, n in jsonpath_ng_times(spec):
        print(f"jsonpath-ng's own find() for {path}: {seconds:.2f} s ({n} matches)")


if __name__ == "__main__":
    main()
