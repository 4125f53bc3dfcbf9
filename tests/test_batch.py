"""A pooled run (--jobs) reports exactly what a serial run does (issue 14)."""

from __future__ import annotations

import json
import os
import shutil
import signal

import pytest

from oaslint import batch
from oaslint.baseline import Baseline, write
from oaslint.engine import Linter, Target
from oaslint.formatters import FormatContext, json_format
from oaslint.registry import all_rules
from oaslint.result import LintResult
from tests.conftest import CORPUS

HERE = os.path.dirname(os.path.abspath(__file__))
RULE_FIXTURES = os.path.join(HERE, "rules")
SAMPLE = os.path.join(HERE, "..", "samples", "petstore-insecure.yaml")

pytestmark = pytest.mark.skipif(not batch.can_fork(), reason="the pool needs fork")


def _view(result: LintResult) -> tuple[object, ...]:
    """Everything a run reports, in order."""
    return (
        result.findings,
        [(f, f.severity, f.pointer, f.end_line, f.end_column) for f in result.findings],
        result.errors,
        result.files,
        result.linted_files,
        result.rules,
        result.suppressed,
        result.rule_runs,
        result.baseline,
    )


def _both(paths: list[str], **kwargs: object) -> tuple[LintResult, LintResult]:
    rules = all_rules()
    serial = Linter(rules, **kwargs).lint_paths(paths, jobs=1)  # type: ignore[arg-type]
    pooled = Linter(rules, **kwargs).lint_paths(paths, jobs=2)  # type: ignore[arg-type]
    return serial, pooled


def test_rule_fixtures_pooled_equal_serial() -> None:
    # every bad and good fixture of every rule, the directory scan included
    serial, pooled = _both([RULE_FIXTURES])
    assert serial.files > 50 and serial.findings and serial.suppressed
    assert _view(pooled) == _view(serial)
    ctx = FormatContext(all_rules(), "0")
    assert json_format.render(pooled, ctx) == json_format.render(serial, ctx)


def test_shared_file_suppressions_and_baseline_pooled_equal_serial(tmp_path: object) -> None:
    folder = str(tmp_path)
    shutil.copy(SAMPLE, os.path.join(folder, "petstore.yaml"))
    with open(os.path.join(folder, "servers.yaml"), "w") as fh:
        fh.write(
            "Legacy:\n  url: http://legacy.example.com\n  x-oaslint-ignore:\n"
            "    https-servers: only inside the VPN\nPlain:\n  url: http://plain.example.com\n"
        )
    names = []
    for name, server in (("a.yaml", "Legacy"), ("b.yaml", "Plain"), ("c.yaml", "Plain")):
        names.append(os.path.join(folder, name))
        with open(names[-1], "w") as fh:
            fh.write(
                "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"
                f"servers:\n  - $ref: 'servers.yaml#/{server}'\npaths: {{}}\n"
            )
    paths = [*names, os.path.join(folder, "petstore.yaml"), os.path.join(folder, "missing.yaml")]
    serial, pooled = _both(paths)
    assert serial.errors and serial.suppressed
    assert _view(pooled) == _view(serial)
    # a baseline recorded from half the findings hides the same ones either way
    recorded = os.path.join(folder, "baseline.json")
    write(recorded, serial.findings[::2], "0")
    serial, pooled = _both(paths, baseline=Baseline.load(recorded))
    assert serial.baseline is not None and serial.baseline.suppressed
    assert _view(pooled) == _view(serial)


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="../shared/corpus is not there")
def test_corpus_pooled_equal_serial() -> None:
    # documents of every kind: YAML and JSON, 2.0/3.0/3.1, a multi-file root, a
    # Latin-1 fragment, thousands of findings (the whole corpus: benchmarks/)
    names = [
        "nl-brp-personen-bevragen.oas31.yaml",
        "nl-don-api-register.oas31.json",
        "nl-brk-bevragen.oas30.yaml",
        "twilio-conversations-v1.oas30.json",
        "stripe-spec2.swagger20.yaml",
        "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2/adressen.yaml",
        "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2/panden.yaml",
    ]
    serial, pooled = _both([os.path.join(CORPUS, n) for n in names])
    assert serial.files == len(names)
    assert _view(pooled) == _view(serial)


def test_every_linter_attribute_is_configuration_or_merged() -> None:
    # a per-run accumulator added to Linter must be merged after a pooled run
    linter = Linter(all_rules())
    unknown = set(vars(linter)) - set(batch.ACCUMULATORS) - set(batch.CONFIGURATION)
    assert not unknown, f"list these in oaslint.batch ACCUMULATORS or CONFIGURATION: {unknown}"


def test_jobs_zero_means_cores_and_one_root_is_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(batch, "_pooled", lambda *a: calls.append(a[-1]))
    Linter(all_rules()).lint_paths([SAMPLE], jobs=0)
    assert calls == []  # one root: no pool
    monkeypatch.setattr(batch, "cpu_count", lambda: 8)
    Linter(all_rules()).lint_paths([SAMPLE, RULE_FIXTURES], jobs=0)
    assert calls and 2 <= calls[0] <= 8


def test_a_killed_worker_never_hangs_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    # a worker killed by the system (out of memory): the pool breaks, the documents left
    # unfinished are linted again each in a worker of its own; the one that kills its
    # worker again is a file error (never re-linted in the parent, which would die too),
    # and every other document's report is the serial one
    parent = os.getpid()
    real = batch._lint_target

    def dies_in_worker(linter: Linter, target: Target, result: LintResult, skip: bool) -> None:
        if os.getpid() != parent and target.path.endswith("petstore-insecure.yaml"):
            os.kill(os.getpid(), signal.SIGKILL)
        real(linter, target, result, skip)

    paths = [os.path.join(RULE_FIXTURES, "https-servers"), SAMPLE, RULE_FIXTURES]
    serial = Linter(all_rules()).lint_paths(paths, jobs=1)
    monkeypatch.setattr(batch, "_lint_target", dies_in_worker)
    pooled = Linter(all_rules()).lint_paths(paths, jobs=2)
    killer = os.path.basename(SAMPLE)
    assert [os.path.basename(e.file) for e in pooled.errors] == [killer]
    assert "killed" in pooled.errors[0].message
    others = [f for f in serial.findings if os.path.basename(f.file) != killer]
    assert others and sorted(pooled.findings, key=str) == sorted(others, key=str)


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="../shared/corpus is not there")
def test_cli_pooled_warm_equals_serial_uncached(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from oaslint.cli import main
    from oaslint.loader import cache

    monkeypatch.setenv("OASLINT_CACHE_DIR", os.path.join(str(tmp_path), "c"))
    names = [
        "nl-brp-personen-bevragen.oas31.yaml",
        "nl-vng-zaken-api.oas30.yaml",
        "nl-don-api-register.oas31.json",
        "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2/adressen.yaml",
    ]
    paths = [os.path.join(CORPUS, n) for n in names]
    try:
        outputs = []
        for options in (["-j", "1", "--no-cache"], ["-j", "2"], ["-j", "2"]):
            main([*paths, *options, "-f", "json"])
            outputs.append(capsys.readouterr().out)
        cold, pooled_cold, pooled_warm = outputs  # the second pooled run reads the cache
        assert json.loads(cold)["findings"]
        assert cold == pooled_cold == pooled_warm
        assert os.listdir(os.path.join(str(tmp_path), "c"))
    finally:
        cache.configure(None)


def test_a_small_root_costs_the_files_its_refs_name(
    tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = str(tmp_path)
    os.makedirs(os.path.join(tmp, "api", "parts"))
    root = os.path.join(tmp, "api", "root.yaml")
    with open(root, "w") as fh:
        fh.write(
            "paths:\n"
            "  /a: {$ref: 'parts/a.yaml'}\n"
            '  /b: {$ref: "parts/a.yaml#/x"}\n'  # the same file: counted once
            "  /c: {$ref: '../outside.yaml'}\n"  # outside the root's folder: not looked at
            "  /d: {$ref: '#/components/x'}\n"
            "  /e: {$ref: 'https://example.com/x.yaml'}\n"
            "  /f: {$ref: 'parts/missing.yaml'}\n"
        )
    with open(os.path.join(tmp, "api", "parts", "a.yaml"), "w") as fh:
        fh.write("x" * 1000)
    with open(os.path.join(tmp, "outside.yaml"), "w") as fh:
        fh.write("x" * 50000)
    looked: list[str] = []
    real = os.path.getsize

    def spy(path: str) -> int:
        looked.append(path)
        return real(path)

    monkeypatch.setattr(os.path, "getsize", spy)
    size = real(root)
    assert batch._cost(Target(root, True)) == size + 1000 + batch.NAMED_FILE_WEIGHT
    assert not any("outside" in p for p in looked)
    big = os.path.join(tmp, "big.yaml")
    with open(big, "w") as fh:
        fh.write("$ref: 'api/parts/a.yaml'\n" + "#" * batch.SMALL_ROOT)
    assert batch._cost(Target(big, True)) == real(big)  # a large root: its own size
