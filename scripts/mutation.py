"""Mutation testing of the rules and the core with mutmut (why mutmut: tests/README.md).

    python scripts/mutation.py                         # every mutant of rules and core
    python scripts/mutation.py --sample 300 --seed 1   # a random sample (time-boxed runs)
    python scripts/mutation.py --only 'oaslint.rules.closed_objects*'  # one module
    python scripts/mutation.py --changed origin/main   # the modules a change touches
    python scripts/mutation.py --report                # score of what was run so far
    python scripts/mutation.py --group core --sample 300 --by-module  # core only, per module

mutmut (configured in pyproject.toml ``[tool.mutmut]``) copies the checkout to
``mutants/`` and runs, per mutant, the in-process tests that reach the mutated function.
The script picks the mutants (the groups below, a sample or ``--only``), runs them with
``--max-children`` workers (default 1: the machine is shared), then prints the score per
group and every survivor (``mutmut show NAME`` shows its diff). Write the score and each
remaining survivor, explained as equivalent or killed by a new test, into tests/README.md.

Run it with a virtualenv where oaslint is installed editable or not at all (mutmut puts
``mutants/`` first on ``sys.path``).
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import random
import re
import subprocess
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

GROUPS = {
    "rules": ["oaslint.rules.*"],
    "core": [
        "oaslint.loader.*",
        "oaslint.suppress.*",
        "oaslint.baseline.*",
        "oaslint.aggregate.*",
        "oaslint.compliance.*",
        "oaslint.engine.*",
        "oaslint.formatters.*",
        "oaslint.custom.*",
        "oaslint.index.*",
        "oaslint.result.*",
        "oaslint.runs.*",
        "oaslint.register.*",
    ],
}
KILLED = {"killed", "timeout", "caught by type check", "segfault"}
NOT_RUN = {"not checked", "skipped"}
_LINE = re.compile(r"^\s*(\S+): (.+?)\s*$")


def _mutmut(*args: str, capture: bool = False) -> str:
    cmd = [sys.executable, "-m", "mutmut", *args]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=capture, text=True, check=False)
    if capture and proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout}{proc.stderr}")
    return proc.stdout if capture else ""


def statuses() -> dict[str, str]:
    out = _mutmut("results", "--all", "true", capture=True)
    found = {}
    for line in out.splitlines():
        m = _LINE.match(line)
        if m and "__mutmut_" in m.group(1):
            found[m.group(1)] = m.group(2)
    return found


def changed_modules(rev: str) -> list[str]:
    """Mutant name globs of the ``oaslint/`` modules changed since ``rev``."""
    proc = subprocess.run(
        ["git", "diff", "--name-only", rev, "--", "oaslint/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    out = []
    for path in proc.stdout.split():
        if path.endswith(".py") and os.path.exists(os.path.join(ROOT, path)):
            module = path[: -len(".py")].replace("/", ".").removesuffix(".__init__")
            out.append(f"{module}.x*")
    return out


def group_of(name: str) -> str | None:
    for group, patterns in GROUPS.items():
        if any(fnmatch.fnmatch(name, p) for p in patterns):
            return group
    return None


def module_of(name: str) -> str:
    """``oaslint.index.x_SpecIndex_anchor__mutmut_3`` -> ``oaslint.index``."""
    return name.split(".x")[0] if ".x" in name else name.rsplit(".", 1)[0]


def report(names: list[str] | None = None, by_module: bool = False) -> int:
    status = statuses()
    chosen = names if names is not None else [n for n, s in status.items() if s not in NOT_RUN]
    counts: dict[str, Counter[str]] = {g: Counter() for g in GROUPS}
    survivors: list[tuple[str, str]] = []
    for name in chosen:
        group, s = group_of(name), status.get(name, "not checked")
        if group is None or s in NOT_RUN:
            continue
        counts[group][s] += 1
        if s not in KILLED:
            survivors.append((name, s))
    for group, c in counts.items():
        total = sum(c.values())
        killed = sum(n for s, n in c.items() if s in KILLED)
        score = f"{100 * killed / total:.1f}%" if total else "n/a"
        detail = ", ".join(f"{s} {n}" for s, n in sorted(c.items()))
        print(f"{group}: {killed}/{total} killed ({score}); {detail}")
    if by_module:
        per: dict[str, Counter[str]] = {}
        for name in chosen:
            s = status.get(name, "not checked")
            if group_of(name) is not None and s not in NOT_RUN:
                per.setdefault(module_of(name), Counter())[s] += 1
        for module, c in sorted(per.items()):
            total = sum(c.values())
            killed = sum(n for s, n in c.items() if s in KILLED)
            print(f"  {module}: {killed}/{total} ({100 * killed / total:.1f}%)")
    for name, s in sorted(survivors):
        print(f"  {s}: {name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-children", type=int, default=1)
    ap.add_argument("--sample", type=int, default=0, help="run N random mutants only")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", action="append", default=[], help="mutant name glob")
    ap.add_argument("--changed", metavar="REV", help="only modules changed since git REV")
    ap.add_argument("--report", action="store_true", help="only print the score so far")
    ap.add_argument("--group", choices=sorted(GROUPS), help="only the mutants of one group")
    ap.add_argument("--exclude", action="append", default=[], help="leave out a name glob")
    ap.add_argument("--by-module", action="store_true", help="also print the score per module")
    args = ap.parse_args(argv)
    if args.report:
        return report(by_module=args.by_module)
    if args.changed:
        args.only += changed_modules(args.changed)
        if not args.only:
            print(f"no module of oaslint/ changed since {args.changed}")
            return 0
    children = f"--max-children={args.max_children}"
    if args.only:
        _mutmut("run", children, *args.only)
        chosen = [n for n in statuses() if any(fnmatch.fnmatch(n, p) for p in args.only)]
        return report(chosen, args.by_module)
    # generate the mutants and the test map without running any mutant yet
    _mutmut("run", children, "oaslint.__none__*")
    names = sorted(
        n
        for n in statuses()
        if group_of(n) is not None
        and args.group in (None, group_of(n))
        and not any(fnmatch.fnmatch(n, p) for p in args.exclude)
    )
    if args.sample and args.sample < len(names):
        names = sorted(random.Random(args.seed).sample(names, args.sample))
    print(f"running {len(names)} mutants", flush=True)
    for i in range(0, len(names), 200):  # bounded command lines
        _mutmut("run", children, *names[i : i + 200])
    return report(names, args.by_module)


if __name__ == "__main__":
    raise SystemExit(main())
