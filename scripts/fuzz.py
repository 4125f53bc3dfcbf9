"""A mutation fuzzer for oaslint: every mutant is a finding or a file error, never a crash.

    python scripts/fuzz.py --mutants 10000 --seed 1            # by hand, long
    python scripts/fuzz.py --mutants 300 --seed 7 --quick      # the test suite's budget

Seeds are the rule fixtures (``tests/rules``) and, when present, the corpus
(``../shared/corpus``; files up to ``--max-seed-bytes``). Each mutant is one
seed changed by a few random mutations: structural ones on the parsed data
(type swaps, deleted keys, ``$ref``s to random pointers, self-refs, cycles,
refs out of the folder and to devices, keys with control characters and
forged log commands) or textual ones on the bytes (byte flips, control
characters, truncation, YAML anchors, aliases, merge keys and tags). A
sibling file is written next to it for cross-file refs, and a secret file
just outside its folder (outside the reference boundary).

Each mutant is linted in this process by ``Linter.lint_paths`` with every
built-in rule, then rendered in every built-in format. A failure is any
exception, an ``internal-error`` finding, a mutant over ``--time-limit``
seconds, output that cannot be encoded as UTF-8, a text line starting with
``::``, or the secret's content in any output. The process runs under a
``--memory-gib`` address-space cap, so a runaway allocation is a
``MemoryError`` (a failure) instead of a swapped machine. Failing mutants are
saved under ``--crash-dir`` to become regression fixtures. Exit code 1 when
anything failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from oaslint.config import Config  # noqa: E402
from oaslint.engine import INTERNAL_ERROR, Linter  # noqa: E402
from oaslint.formatters import BUILTIN_FORMATTERS, FormatContext  # noqa: E402
from oaslint.loader.source import LoadError, parse_text  # noqa: E402
from oaslint.registry import all_rules  # noqa: E402

SECRET = "FUZZ-SECRET-5d1c"
SUFFIXES = (".yaml", ".yml", ".json")

WEIRD_STRINGS = [
    "",
    "\x00",
    "a\nb",
    "\r\n::error file=README.md::forged",
    "\x1b[31mred\x1b[0m",
    "\ud800",
    "\u2028",
    "x" * 5000,
    "#",
    "#/",
    "#/components/schemas/",
    "~1~0~",
    "%00",
    "../../../../etc/passwd",
    "/dev/zero",
    "/etc/passwd",
    "../secret.yaml",
    "other.yaml",
    "other.yaml#/paths",
    "https://169.254.169.254/latest/meta-data/",
    "http://example.com/x.yaml",
    "file:///etc/passwd",
    "{{value}}",
    "3.0.3",
    "3.1.0",
    "2.0",
]
WEIRD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    float("inf"),
    10**50,
    [],
    {},
    [[]],
    {"": {}},
    {"$ref": "#"},
    {"$ref": ""},
    {"$ref": 5},
    {"type": []},
    {"format": []},
    {"type": "string", "format": {}},
    {"enum": [[], {}]},
    {"allOf": [{"$ref": "#"}]},
]
TOKENS = [
    b"&a ",
    b"*a",
    b"<<: *a",
    b"&a [*a]",
    b"!!python/object/apply:os.system ['true']",
    b"!!int ",
    b"!!binary ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"- ",
    b": ",
    b"? ",
    b"---\n",
    b"\t",
    b"\x00",
    b"\x1b",
    b"\r",
    b'"\\ud800"',
    b"\\ud800",
    b"9" * 5000,
    b"$ref: '#'",
    b"$ref: other.yaml",
    b"$ref: /dev/zero",
    b"$ref: ../secret.yaml",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
]


def seeds(roots: list[Path], max_bytes: int) -> list[Path]:
    found: list[Path] = []
    for root in dict.fromkeys(r.resolve() for r in roots):
        if not root.exists():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.endswith(SUFFIXES) and path.stat().st_size <= max_bytes:
                    found.append(path)
    return found


# -- structural mutations ------------------------------------------------------


def _nodes(data: Any, limit: int = 20000) -> list[tuple[Any, str, Any]]:
    """(parent, key, node) for nodes of ``data``; parent None for the root."""
    out: list[tuple[Any, str, Any]] = [(None, "", data)]
    stack: list[tuple[Any, str]] = [(data, "")]
    seen: set[int] = set()
    while stack and len(out) < limit:
        node, ptr = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            child = f"{ptr}/{str(key).replace('~', '~0').replace('/', '~1')}"
            out.append((node, str(key) if isinstance(node, dict) else key, value))
            if isinstance(value, (dict, list)):
                stack.append((value, child))
    return out


def _pointers(data: Any, limit: int = 5000) -> list[str]:
    out = [""]
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack and len(out) < limit:
        node, ptr = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                p = f"{ptr}/{str(k).replace('~', '~0').replace('/', '~1')}"
                out.append(p)
                if isinstance(v, (dict, list)):
                    stack.append((v, p))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                p = f"{ptr}/{i}"
                out.append(p)
                if isinstance(v, (dict, list)):
                    stack.append((v, p))
    return out


def mutate_data(rng: random.Random, data: Any) -> Any:
    nodes = _nodes(data)
    pointers = _pointers(data)
    for _ in range(rng.randint(1, 4)):
        parent, key, node = rng.choice(nodes)
        op = rng.randrange(9)
        target: Any
        if op == 0:  # type swap
            target = rng.choice(WEIRD_VALUES + WEIRD_STRINGS)
        elif op == 1:  # $ref to a random pointer
            target = {"$ref": "#" + rng.choice(pointers)}
        elif op == 2:  # self-ref or a ref to an ancestor: cycles
            target = {"$ref": "#" + rng.choice(pointers[: max(1, len(pointers) // 10)])}
        elif op == 3:  # a ref out of the folder, to a device, a weird string
            target = {"$ref": rng.choice(WEIRD_STRINGS)}
        elif op == 4:  # ref into the sibling file
            target = {"$ref": "other.yaml#" + rng.choice(["", "/paths", "/components", "/x"])}
        elif op == 5 and isinstance(node, dict) and node:  # delete a key
            del node[rng.choice(list(node))]
            continue
        elif op == 6 and isinstance(node, dict):  # a hostile key
            node[rng.choice(WEIRD_STRINGS)] = rng.choice([*WEIRD_VALUES, {"get": {}}])
            continue
        elif op == 7 and isinstance(node, list) and node:  # duplicate an item
            node.append(rng.choice(node))
            continue
        else:  # share a node elsewhere (a DAG, as YAML aliases make)
            target = rng.choice(nodes)[2]
        if parent is None:
            if isinstance(target, dict):
                data = {**target, "openapi": "3.0.3"} if rng.random() < 0.5 else target
            continue
        parent[key] = target
    return data


# -- textual mutations ---------------------------------------------------------


def mutate_bytes(rng: random.Random, raw: bytes) -> bytes:
    buf = bytearray(raw)
    for _ in range(rng.choice((1, 1, 1, 2, 3, 6))):
        if not buf:
            buf.extend(rng.choice(TOKENS))
            continue
        pos = rng.randrange(len(buf))
        op = rng.randrange(6)
        if op == 0:
            buf[pos] = rng.randrange(256)
        elif op == 1:
            buf[pos:pos] = rng.choice(TOKENS)
        elif op == 2:
            del buf[pos : pos + rng.randint(1, 64)]
        elif op == 3:
            end = min(len(buf), pos + rng.randint(1, 200))
            buf[pos:pos] = buf[pos:end] * rng.randint(1, 3)
        elif op == 4:
            del buf[pos:]
        else:
            buf[pos:pos] = bytes([rng.choice([0, 9, 10, 13, 27, 0x7F, 0x85])])
    return bytes(buf)


def _dump(rng: random.Random, data: Any) -> bytes:
    if rng.random() < 0.5:
        return json.dumps(data, ensure_ascii=rng.random() < 0.5, default=str).encode(
            "utf-8", "surrogatepass"
        )
    return json.dumps(data, indent=1, default=str).encode("utf-8", "surrogatepass")


def make_mutant(rng: random.Random, seed: Path) -> tuple[bytes, str]:
    raw = seed.read_bytes()
    suffix = seed.suffix if rng.random() < 0.8 else rng.choice(SUFFIXES)
    if rng.random() < 0.65:
        try:
            src = parse_text(raw.decode("utf-8", "replace"), seed.name, str(seed))
        except (LoadError, RecursionError):
            return mutate_bytes(rng, raw), suffix
        data = mutate_data(rng, src.data)
        try:
            out = _dump(rng, data)
        except (ValueError, RecursionError):  # a shared node made a cycle: JSON has none
            return mutate_bytes(rng, raw), suffix
        if rng.random() < 0.3:
            out = mutate_bytes(rng, out)
        return out, suffix
    return mutate_bytes(rng, raw), suffix


# -- running -------------------------------------------------------------------


class Outcome:
    def __init__(self) -> None:
        self.mutants = 0
        self.tracebacks = 0
        self.internal_errors = 0
        self.overruns = 0
        self.leaks = 0
        self.slowest = 0.0

    @property
    def failures(self) -> int:
        return self.tracebacks + self.internal_errors + self.overruns + self.leaks

    def line(self) -> str:
        return (
            f"{self.mutants} mutants: {self.tracebacks} tracebacks, {self.internal_errors} "
            f"internal errors, {self.overruns} over the caps, {self.leaks} leaks/forged lines; "
            f"slowest {self.slowest:.2f} s"
        )


def check_one(
    linter: Linter, ctx: FormatContext, path: Path, time_limit: float
) -> tuple[str | None, float]:
    """None when the mutant was handled well, else the kind of failure."""
    start = time.perf_counter()
    try:
        result = linter.lint_paths([str(path)])
        outputs = {name: fmt(result, ctx) for name, fmt in BUILTIN_FORMATTERS.items()}
    except MemoryError:
        return "overrun: MemoryError", time.perf_counter() - start
    except BaseException:
        return "traceback:\n" + traceback.format_exc(), time.perf_counter() - start
    elapsed = time.perf_counter() - start
    if any(f.rule == INTERNAL_ERROR for f in result.findings) or any(
        e.message.startswith("internal error") for e in result.errors
    ):
        found = [f.message for f in result.findings if f.rule == INTERNAL_ERROR]
        found += [e.message for e in result.errors]
        return "internal-error: " + "; ".join(found), elapsed
    if elapsed > time_limit:
        return f"overrun: {elapsed:.1f} s", elapsed
    for name, text in outputs.items():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"leak: {name} output cannot be encoded: {exc}", elapsed
        if SECRET in text:
            return f"leak: the secret appears in {name} output", elapsed
    for line in outputs["text"].splitlines():
        if line.startswith("::"):
            return f"leak: a text line starts with '::': {line[:80]!r}", elapsed
    return None, elapsed


def run(
    mutants: int,
    seed: int,
    roots: list[Path],
    max_seed_bytes: int,
    time_limit: float,
    crash_dir: Path | None,
    progress: Callable[[str], None] | None = None,
) -> Outcome:
    files = seeds(roots, max_seed_bytes)
    if not files:
        raise SystemExit("fuzz: no seed files found")
    linter = Linter(all_rules(), Config())
    ctx = FormatContext(rules=linter.rules, version="fuzz")
    outcome = Outcome()
    with tempfile.TemporaryDirectory(prefix="oaslint-fuzz-") as tmp:
        (Path(tmp) / "secret.yaml").write_text(f"{SECRET}: 1\n")
        work = Path(tmp) / "work"
        work.mkdir()
        cwd = os.getcwd()
        os.chdir(work)  # relative names, and the boundary is this folder
        try:
            for i in range(mutants):
                rng = random.Random(seed * 1_000_003 + i)
                base = rng.choice(files)
                try:
                    content, suffix = make_mutant(rng, base)
                    other = rng.choice(files).read_bytes()
                except OSError:  # a seed file went away
                    continue
                for old in work.iterdir():
                    old.unlink()
                path = work / f"mutant{suffix}"
                path.write_bytes(content)
                (work / "other.yaml").write_bytes(other)
                problem, elapsed = check_one(linter, ctx, path, time_limit)
                outcome.mutants += 1
                outcome.slowest = max(outcome.slowest, elapsed)
                if problem is not None:
                    kind = problem.split(":", 1)[0]
                    if kind == "traceback":
                        outcome.tracebacks += 1
                    elif kind == "internal-error":
                        outcome.internal_errors += 1
                    elif kind == "overrun":
                        outcome.overruns += 1
                    else:
                        outcome.leaks += 1
                    if progress:
                        progress(f"mutant {i} (seed file {base.name}): {problem[:2000]}")
                    if crash_dir is not None:
                        crash_dir.mkdir(parents=True, exist_ok=True)
                        (crash_dir / f"crash-{seed}-{i}{suffix}").write_bytes(content)
                        (crash_dir / f"crash-{seed}-{i}.txt").write_text(
                            f"seed file: {base}\n{problem}\n"
                        )
                if progress and (i + 1) % 500 == 0:
                    progress(outcome.line())
        finally:
            os.chdir(cwd)
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", action="append", type=Path, default=None)
    parser.add_argument("--quick", action="store_true", help="rule fixtures only")
    parser.add_argument("--max-seed-bytes", type=int, default=200_000)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--memory-gib", type=float, default=2.0)
    parser.add_argument("--crash-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    roots = [HERE / "tests" / "rules"]
    if not args.quick:
        roots += args.corpus or [HERE.parent / "shared" / "corpus"]
    cap = int(args.memory_gib * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    outcome = run(
        args.mutants,
        args.seed,
        roots,
        args.max_seed_bytes,
        args.time_limit,
        args.crash_dir,
        progress=lambda msg: print(msg, flush=True),
    )
    print(outcome.line(), flush=True)
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
