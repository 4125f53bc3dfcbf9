"""The mutation fuzzer (scripts/fuzz.py) runs in the suite with a fixed seed and a small budget.

By hand, for longer: ``python scripts/fuzz.py --mutants 10000 --seed N --crash-dir DIR``
(figures in benchmarks/README.md). Each crash it ever found is a regression case in
tests/test_untrusted.py or tests/test_hostile.py.
"""

from __future__ import annotations

import dataclasses
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _limits() -> None:
    gib = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (gib, gib))


def _env() -> dict[str, str]:
    # not measured by coverage (.ci/run): tracing 1,000 in-process lints made the budget
    # of 120 s run out; the fuzzer's worth is what it finds, not the lines it covers
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_fuzzer_finds_nothing_with_a_fixed_seed(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "fuzz.py"),
            "--quick",
            "--mutants",
            "1000",
            "--seed",
            "9",
            "--time-limit",
            "20",
            "--crash-dir",
            str(tmp_path / "crashes"),
        ],
        capture_output=True,
        text=True,
        timeout=300,  # ~10 s on an idle machine; generous for a loaded one
        preexec_fn=_limits,
        cwd=tmp_path,
        env=_env(),
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "1000 mutants: 0 tracebacks, 0 internal errors, 0 over the caps" in proc.stdout


def test_fuzzer_catches_a_crash(tmp_path: Path) -> None:
    """A fuzzer that cannot fail proves nothing: a planted bug must be found."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import fuzz
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    from oaslint.config import Config
    from oaslint.engine import Linter
    from oaslint.formatters import FormatContext
    from oaslint.registry import all_rules
    from oaslint.rules.base import RuleContext

    def check(ctx: RuleContext) -> None:
        raise ValueError("planted")

    rules = all_rules()
    meta = dataclasses.replace(rules[0].meta, id="planted")
    linter = Linter([*rules, dataclasses.replace(rules[0], meta=meta, check=check)], Config())
    ctx = FormatContext(rules=linter.rules, version="t")
    spec = tmp_path / "a.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n")
    problem, _ = fuzz.check_one(linter, ctx, spec, 20.0)
    assert problem is not None and problem.startswith("internal-error")
