"""scripts/new_rule.py creates a registered, lint-clean rule skeleton."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_new_rule_scaffold(tmp_path: os.PathLike[str]) -> None:
    copy = str(tmp_path)
    for name in ("oaslint", "scripts"):
        shutil.copytree(
            os.path.join(ROOT, name),
            os.path.join(copy, name),
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    shutil.copy(os.path.join(ROOT, "pyproject.toml"), copy)
    os.makedirs(os.path.join(copy, "tests", "rules"))
    proc = subprocess.run(
        [
            sys.executable,
            "scripts/new_rule.py",
            "no-foo-bar",
            "--family",
            "transport",
            "--title",
            "A thing does foo",
            "--refs",
            "API-11,B.12.3",
            "--severity",
            "info",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert os.path.exists(os.path.join(copy, "tests", "rules", "no-foo-bar", "bad.yaml"))
    with open(os.path.join(copy, "pyproject.toml"), encoding="utf-8") as fh:
        assert 'no-foo-bar = "oaslint.rules.transport.no_foo_bar"' in fh.read()
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "from oaslint.rules import builtin_rules; "
            "r = [r for r in builtin_rules() if r.family == 'transport'][-1]; "
            "print(r.meta.id, r.meta.severity.label, r.meta.references)",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": copy},
    )
    assert check.stdout.strip() == "no-foo-bar info ('API-11', 'B.12.3')", check.stderr
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "oaslint/rules/transport/no_foo_bar.py"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
    # a second run refuses to overwrite
    again = subprocess.run(
        [
            sys.executable,
            "scripts/new_rule.py",
            "no-foo-bar",
            "--family",
            "transport",
            "--title",
            "x",
            "--refs",
            "API-11",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 2
