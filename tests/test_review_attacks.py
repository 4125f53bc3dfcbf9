"""Regressions from the attack review of the merged main (issue 9's standard: every spec,
and every configuration file that comes with a pull request, is hostile).

Each case runs the CLI in a subprocess with a time cap: a quadratic or exponential path
shows as a timeout, never as a slow test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OK = "openapi: 3.0.3\ninfo: {title: ok, version: '1'}\npaths: {}\n"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OASLINT_NO_FAST_EXIT": "1"}
    return subprocess.run(
        [sys.executable, "-m", "oaslint", "--no-cache", *args],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=cwd,
        env=env,
    )


def test_a_long_line_in_a_scanned_file_does_not_stall_the_scan(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "evil.yaml").write_text("a" + " " * 400_000 + "!\n")
    (specs / "ok.yaml").write_text(OK)
    proc = _run(["--format", "json", "specs"], tmp_path)
    report = json.loads(proc.stdout)
    assert report["summary"]["files"] == 1  # ok.yaml linted, evil.yaml not OpenAPI


def test_a_long_blank_run_in_a_suppression_reason(tmp_path: Path) -> None:
    spec = OK.replace(
        "paths: {}\n",
        "servers: [{url: 'http://a.example'}]  # oaslint: ignore[https-servers] lab only"
        + " \t" * 60_000
        + "\npaths: {}\n",
    )
    (tmp_path / "api.yaml").write_text(spec)
    proc = _run(["--format", "json", "--select", "https-servers", "api.yaml"], tmp_path)
    report = json.loads(proc.stdout)
    assert not [f for f in report["findings"] if f["rule"] == "https-servers"]


def test_huge_hex_integers_are_values_not_crashes(tmp_path: Path) -> None:
    big = "0x" + "F" * 5000
    spec = (
        f"openapi: 3.0.3\ninfo: {{title: t, version: {big}}}\npaths:\n  /a:\n    get:\n"
        f"      parameters:\n        - {{name: {big}, in: query, schema: {{type: string}}}}\n"
        "      responses: {'200': {description: ok}}\n"
    )
    (tmp_path / "api.yaml").write_text(spec)
    proc = _run(["--format", "json", "api.yaml"], tmp_path)
    report = json.loads(proc.stdout)
    assert not report["errors"]
    assert not [f for f in report["findings"] if f["rule"] == "internal-error"]


def test_junit_pointer_and_config_keys_cannot_forge_log_lines(tmp_path: Path) -> None:
    forged = "::error file=x::forged"
    (tmp_path / "api.yaml").write_text(
        OK.replace("paths: {}\n", f'paths:\n  "/u\\n{forged}":\n    get:\n      responses: {{}}\n')
    )
    proc = _run(["--format", "junit", "api.yaml"], tmp_path)
    assert "pointer: /paths/~1u\\n::error" in proc.stdout  # shown, escaped
    assert not [line for line in proc.stdout.splitlines() if line.startswith("::")]
    (tmp_path / ".oaslint.yaml").write_text(f'"x\\n{forged}": 1\n')
    proc = _run(["api.yaml"], tmp_path)
    assert proc.returncode == 2
    assert "x\\n::error" in proc.stderr  # the key is named, escaped
    assert not [line for line in proc.stderr.splitlines() if line.startswith("::")]


def test_nested_globstars_in_an_override_stay_linear(tmp_path: Path) -> None:
    (tmp_path / ".oaslint.yaml").write_text(
        "overrides:\n  - files: ['" + "**/" * 14 + "x']\n    rules: {https-servers: 'off'}\n"
    )
    deep = tmp_path.joinpath(*["d"] * 25)
    deep.mkdir(parents=True)
    (deep / "api.yaml").write_text(OK)
    proc = _run(["--format", "json", str(deep / "api.yaml")], tmp_path)
    assert json.loads(proc.stdout)["summary"]["files"] == 1
