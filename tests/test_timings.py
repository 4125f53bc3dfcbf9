"""--timings: where the time went, on standard error; the report unchanged (issue 14)."""

from __future__ import annotations

import os
import re

import pytest

from oaslint.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "samples", "petstore-insecure.yaml")


def test_timings_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([SAMPLE, "-f", "json"]) == 1
    plain = capsys.readouterr()
    assert main([SAMPLE, "-f", "json", "--timings"]) == 1
    timed = capsys.readouterr()
    assert timed.out == plain.out
    rows = [
        re.match(r"(.+?) {2,}[0-9.]+ +[0-9.]+% +[0-9]+$", line) for line in timed.err.splitlines()
    ]
    phases = {m.group(1) for m in rows if m}
    for phase in (
        "load (read, parse, $refs)",
        "settle (overrides, locate, suppress)",
        "rule https-servers",
        "rule valid-openapi",
        "index: operations",
        "output (json)",
    ):
        assert phase in phases, timed.err
    assert timed.err.splitlines()[-1].startswith("total (from start-up)")
