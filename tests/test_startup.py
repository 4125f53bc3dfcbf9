"""Start-up for pre-commit: lazy imports and a fast exit after the output (issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from oaslint.engine import Linter
from oaslint.registry import all_rules

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "samples", "petstore-insecure.yaml")


def test_no_network_code_without_allow_remote() -> None:
    code = (
        "import sys\n"
        "from oaslint.cli import main\n"
        f"main([{SAMPLE!r}, '--format', 'json', '--output', '/dev/null'])\n"
        "print(sorted(m for m in ('urllib.request', 'http.client', 'ssl', 'jsonpath_ng')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_fast_exit_flushes_everything(tmp_path: object) -> None:
    # a pipe, not a terminal: the whole report must be written before os._exit
    proc = subprocess.run(
        [sys.executable, "-m", "oaslint", SAMPLE, "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1  # error findings
    report = json.loads(proc.stdout)
    expected = len(Linter(all_rules()).lint_paths([SAMPLE]).findings)  # in-process, no exit
    assert expected > 0 and len(report["findings"]) == expected
    written = os.path.join(str(tmp_path), "out.json")
    proc = subprocess.run(
        [sys.executable, "-m", "oaslint", SAMPLE, "--format", "json", "-o", written],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    with open(written) as fh:
        assert len(json.load(fh)["findings"]) == expected
