"""Issue 14's speed and scale targets, side by side with Redocly, in one run.

Every case runs oaslint and the peer alternately (oaslint, peer, oaslint, peer, ...),
``--repeat`` times each, and keeps the median wall time, the median CPU time
(user + system of the process and its children: the machine has 2 cores and other
work on it, so CPU time is the steadier figure) and the peak memory (max RSS of
the process or of its largest child). Ratios are oaslint / peer.

    bash benchmarks/setup-peers.sh            # Redocly CLI into benchmarks/.peers
    python benchmarks/speed.py --repeat 5     # writes benchmarks/results/speed.json
    python benchmarks/speed.py --markdown     # ... and prints the README table

Generated inputs (20,000 operations; Stripe repeated 8 times with renamed paths and
components, 1x/2x/4x/8x for linearity) are written as YAML to benchmarks/results/
(not committed) by this script. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus"))
RESULTS = os.path.join(HERE, "results")
sys.path.insert(0, ROOT)

_SINGLES = os.listdir(CORPUS) if os.path.isdir(CORPUS) else []
SIXTEEN = [
    *sorted(n for n in _SINGLES if n.endswith((".yaml", ".json"))),
    "multi-digitalocean/specification/DigitalOcean-public.v2.yaml",
    "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2/adressen.yaml",
]
STRIPE = os.path.join(CORPUS, "stripe-spec3.oas30.yaml")
KUBERNETES = os.path.join(CORPUS, "kubernetes-swagger.swagger20.json")
DUTCH = os.path.join(CORPUS, "nl-brp-personen-bevragen.oas31.yaml")


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one command, children included."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or os.environ.copy()
    )
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    # Linux fills wait4's usage with the child's own and its reaped children's
    # (pool workers): CPU summed, max RSS the largest single process
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def redocly() -> list[str] | None:
    exe = os.path.join(HERE, ".peers", "node_modules", ".bin", "redocly")
    exe = exe if os.path.exists(exe) else shutil.which("redocly") or ""
    if not exe:
        return None
    return [exe, "lint", "--extends", "recommended", "--format", "json"]


PEER = redocly()


def peer(path: str) -> list[str] | None:
    return [*PEER, path] if PEER else None


def oaslint(*args: str) -> list[str]:
    return [sys.executable, "-m", "oaslint", "--format", "json", "--fail-on", "never", *args]


# -- generated inputs ---------------------------------------------------------


def _emit(node: Any, indent: int, out: list[str]) -> None:
    """Block YAML; every scalar written as JSON (valid YAML flow scalars)."""
    pad = "  " * indent
    if isinstance(node, dict):
        if not node:
            out.append(pad + "{}")
        for key, value in node.items():
            k = json.dumps(str(key), ensure_ascii=False)
            if isinstance(value, (dict, list)) and value:
                out.append(f"{pad}{k}:")
                _emit(value, indent + 1, out)
            else:
                out.append(f"{pad}{k}: {json.dumps(value, ensure_ascii=False)}")
    else:
        for value in node:
            if isinstance(value, (dict, list)) and value:
                out.append(f"{pad}-")
                _emit(value, indent + 1, out)
            else:
                out.append(f"{pad}- {json.dumps(value, ensure_ascii=False)}")


def write_yaml(path: str, data: Any) -> str:
    out: list[str] = []
    _emit(data, 0, out)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
    return path


def operations_spec(count: int) -> dict[str, Any]:
    """``count`` operations (two per path), each with parameters, a body, responses."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for i in range(count // 2):
        schemas[f"Item{i}"] = {
            "type": "object",
            "properties": {
                "id": {"type": "string", "maxLength": 64},
                "name": {"type": "string"},
                "count": {"type": "integer", "minimum": 0},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
        }
        ref = {"$ref": f"#/components/schemas/Item{i}"}
        paths[f"/items{i}/{{id}}"] = {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "get": {
                "operationId": f"get{i}",
                "summary": f"Get item {i}",
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": ref}}},
                    "404": {"description": "not found"},
                },
            },
            "put": {
                "operationId": f"put{i}",
                "requestBody": {"content": {"application/json": {"schema": ref}}},
                "responses": {"204": {"description": "stored"}, "400": {"description": "bad"}},
            },
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Generated", "version": "1", "description": f"{count} operations"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def stripe_times(times: int) -> dict[str, Any]:
    """Stripe's paths and components ``times`` over, renamed so none collide."""
    from oaslint.loader.source import load_file

    base = load_file(STRIPE).data
    text_paths = json.dumps(base["paths"])
    text_components = json.dumps(base.get("components", {}))
    ref = re.compile(r'"#/components/([^/"]+)/([^"]+)"')
    paths: dict[str, Any] = {}
    components: dict[str, dict[str, Any]] = {}
    for i in range(times):
        suffix = f"_{i}" if i else ""
        p = json.loads(ref.sub(lambda m, s=suffix: f'"#/components/{m[1]}/{m[2]}{s}"', text_paths))
        c = json.loads(
            ref.sub(lambda m, s=suffix: f'"#/components/{m[1]}/{m[2]}{s}"', text_components)
        )
        for path, item in p.items():
            paths[(f"/copy{i}" if i else "") + path] = item
        for kind, entries in c.items():
            target = components.setdefault(kind, {})
            for name, value in entries.items():
                target[name + suffix] = value
    spec = {k: v for k, v in base.items() if k not in ("paths", "components")}
    spec["paths"] = paths
    spec["components"] = components
    return spec


def generated(name: str, make: Callable[[], Any]) -> str:
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, name)
    if not os.path.exists(path):
        write_yaml(path, make())
    return path


# -- cases --------------------------------------------------------------------


def alternate(
    ours: list[str], theirs: list[str] | None, repeat: int, env: dict[str, str] | None = None
) -> dict[str, Any]:
    o: list[tuple[float, float, float]] = []
    t: list[tuple[float, float, float]] = []
    for _ in range(repeat):
        o.append(measure(ours, env))
        if theirs:
            t.append(measure(theirs))
    row: dict[str, Any] = {"oaslint": _median(o)}
    if t:
        row["redocly"] = _median(t)
    return row


def _median(runs: list[tuple[float, float, float]]) -> dict[str, float]:
    return {
        "wall": statistics.median(r[0] for r in runs),
        "cpu": statistics.median(r[1] for r in runs),
        "mb": max(r[2] for r in runs),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="case names to run")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    if PEER is None:
        print("note: Redocly not installed (bash benchmarks/setup-peers.sh): oaslint only")
    # Measure oaslint as installed tools run: with bytecode. A shell that sets
    # PYTHONDONTWRITEBYTECODE (this machine's does) makes an editable install compile
    # every module on every run (0.20 s against 0.12 s for the 72 KB spec).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.join(ROOT, "oaslint")])
    cache_dir = tempfile.mkdtemp(prefix="oaslint-bench-cache-")
    warm_env = {**os.environ, "OASLINT_CACHE_DIR": cache_dir}
    corpus16 = [os.path.join(CORPUS, n) for n in SIXTEEN]

    def warm_stripe() -> dict[str, Any]:
        subprocess.run(oaslint(STRIPE), env=warm_env, stdout=subprocess.DEVNULL)  # fill
        return alternate(oaslint(STRIPE), peer(STRIPE), args.repeat, warm_env)

    def sixteen() -> dict[str, Any]:
        # pooled, serial and the sixteen single runs alternate within each repeat
        pooled: list[tuple[float, float, float]] = []
        serial: list[tuple[float, float, float]] = []
        singles: list[tuple[float, float, float]] = []
        for _ in range(args.repeat):
            pooled.append(measure(oaslint("--no-cache", *corpus16)))
            serial.append(measure(oaslint("--no-cache", "--jobs", "1", *corpus16)))
            runs = [measure(oaslint("--no-cache", p)) for p in corpus16]
            singles.append(
                (sum(r[0] for r in runs), sum(r[1] for r in runs), max(r[2] for r in runs))
            )
        return {
            "oaslint": _median(pooled),
            "serial": _median(serial),
            "sum_of_singles": _median(singles),
        }

    def linear() -> dict[str, Any]:
        out: dict[str, Any] = {}
        for times in (1, 2, 4, 8):
            path = generated(f"stripe-x{times}.yaml", lambda t=times: stripe_times(t))
            out[f"x{times}"] = alternate(
                oaslint("--no-cache", path), peer(path), max(1, args.repeat // 2)
            )
        return out

    def ops() -> str:
        return generated("ops-20000.yaml", lambda: operations_spec(20000))

    cases: dict[str, Callable[[], dict[str, Any]]] = {
        "stripe-cold": lambda: alternate(oaslint("--no-cache", STRIPE), peer(STRIPE), args.repeat),
        "stripe-warm": warm_stripe,
        "kubernetes": lambda: alternate(
            oaslint("--no-cache", KUBERNETES), peer(KUBERNETES), args.repeat
        ),
        "dutch-72kb": lambda: alternate(oaslint("--no-cache", DUTCH), peer(DUTCH), args.repeat),
        "dutch-72kb-warm": lambda: alternate(oaslint(DUTCH), None, args.repeat, warm_env),
        "corpus-16": sixteen,
        "ops-20000": lambda: alternate(
            oaslint("--no-cache", ops()), peer(ops()), max(1, args.repeat // 2)
        ),
        "stripe-x8-linear": linear,
    }
    results: dict[str, Any] = {}
    for name, run in cases.items():
        if args.only and name not in args.only:
            continue
        started = time.perf_counter()
        results[name] = run()
        print(f"{name}: {json.dumps(results[name])} ({time.perf_counter() - started:.0f} s)")
        sys.stdout.flush()
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "speed.json"), "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=2)
    shutil.rmtree(cache_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
