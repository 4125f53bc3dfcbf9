"""Lint the corpus with oaslint and a peer, side by side, in one run.

Prints wall time and peak memory (max RSS of the process) per spec for
``oaslint`` (every rule, validation included, a fresh process per spec, so
interpreter start-up is included) and for the peer, plus the ratio.

    python benchmarks/run.py                      # oaslint + Redocly if installed
    bash benchmarks/setup-peers.sh                # installs Redocly into benchmarks/.peers
    python benchmarks/run.py --peer none --repeat 3

Targets (issue 2): stripe-spec3.oas30.yaml fully linted in at most 3 s and under
500 MB; nl-brp-personen-bevragen.oas31.yaml in under 0.5 s. A benchmark, not a
test: nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus"))
MULTI = (
    "multi-digitalocean/specification/DigitalOcean-public.v2.yaml",
    "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2/adressen.yaml",
)
TARGETS = {
    "stripe-spec3.oas30.yaml": (3.0, 500.0),
    "nl-brp-personen-bevragen.oas31.yaml": (0.5, None),
}


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024.0, proc.returncode


def peer_command(peer: str) -> list[str] | None:
    if peer == "none":
        return None
    local = os.path.join(HERE, ".peers", "node_modules", ".bin", peer)
    exe = local if os.path.exists(local) else shutil.which(peer)
    if exe is None:
        return None
    if peer == "redocly":
        return [exe, "lint", "--extends", "recommended", "--format", "json"]
    if peer == "spectral":
        return [exe, "lint", "--format", "json"]
    return [exe]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", default="redocly", help="redocly, spectral or none")
    parser.add_argument("--repeat", type=int, default=1, help="runs per spec (best is kept)")
    parser.add_argument("--json", dest="json_out", help="also write the results to this file")
    parser.add_argument("specs", nargs="*", help="corpus-relative paths (default: all)")
    args = parser.parse_args()

    specs = args.specs or sorted(
        n for n in os.listdir(CORPUS) if n.endswith((".yaml", ".json"))
    ) + list(MULTI)
    peer = peer_command(args.peer)
    if args.peer != "none" and peer is None:
        print(f"note: peer {args.peer!r} not installed (bash benchmarks/setup-peers.sh)")
    ours = [sys.executable, "-m", "oaslint", "--format", "json", "--fail-on", "never"]

    header = f"{'spec':<48} {'size':>8} {'oaslint s':>10} {'MB':>6}"
    if peer:
        header += f" {args.peer + ' s':>11} {'MB':>6} {'ratio':>6}"
    print(header)
    rows = []
    failed = False
    for spec in specs:
        path = os.path.join(CORPUS, spec)
        size = os.path.getsize(path) if os.path.isfile(path) else 0
        best = min((measure([*ours, path]) for _ in range(args.repeat)), key=lambda r: r[0])
        row = {
            "spec": spec,
            "bytes": size,
            "oaslint_s": best[0],
            "oaslint_mb": best[1],
            "oaslint_exit": best[2],
        }
        line = f"{spec[-48:]:<48} {size // 1024:>6}KB {best[0]:>10.2f} {best[1]:>6.0f}"
        if peer:
            theirs = min((measure([*peer, path]) for _ in range(args.repeat)), key=lambda r: r[0])
            row.update(peer_s=theirs[0], peer_mb=theirs[1])
            line += f" {theirs[0]:>11.2f} {theirs[1]:>6.0f} {best[0] / theirs[0]:>6.2f}"
        name = os.path.basename(spec)
        if name in TARGETS:
            max_s, max_mb = TARGETS[name]
            ok = best[0] <= max_s and (max_mb is None or best[1] <= max_mb)
            failed |= not ok
            line += f"  target {max_s}s" + (f"/{max_mb:.0f}MB" if max_mb else "")
            line += " OK" if ok else " MISSED"
        if best[2] == 2:
            line += "  (oaslint exit 2)"
        print(line, flush=True)
        rows.append(row)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
