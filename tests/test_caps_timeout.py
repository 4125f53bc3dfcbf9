"""The time limit per document (--timeout, config key `timeout`; oaslint.timelimit).

A catastrophic regular expression in a custom rule, or a document too big for its
budget, costs that document only: one file error, exit code 2, every other
document reported in full, serially and in the pool, within seconds.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from oaslint import batch, timelimit
from oaslint.config import ConfigError, build_config
from oaslint.engine import Linter, Target
from oaslint.registry import all_rules, with_config_rules
from oaslint.result import LintResult

GOOD = (
    "openapi: 3.0.3\ninfo: {title: Good, version: '1'}\n"
    "servers: [{url: 'http://x.example'}]\npaths: {}\n"
)
# `^(a+)+$` on 40 a's and a b: 2^40 ways to fail, each tried by Python's `re`
EVIL = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"
SLOW_TITLE = f"openapi: 3.0.3\ninfo: {{title: {EVIL}, version: '1'}}\npaths: {{}}\n"
REGEX_RULE = (
    "custom-rules:\n"
    "  - id: slow-regex\n"
    "    given: $.info\n"
    "    then: {field: title, function: pattern, functionOptions: {match: '^(a+)+$'}}\n"
)
RAW_REGEX_RULE: dict[str, Any] = {
    "custom-rules": [
        {
            "id": "slow-regex",
            "given": "$.info",
            "then": {
                "field": "title",
                "function": "pattern",
                "functionOptions": {"match": "^(a+)+$"},
            },
        }
    ]
}

pytestmark = pytest.mark.skipif(not timelimit.available(), reason="no SIGALRM interval timer")


def _limits() -> None:
    gib = 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (gib, gib))


def _run(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "oaslint", "--format", "json", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limits,
        env={**os.environ, "GITHUB_ACTIONS": "", "NO_COLOR": "1"},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc, time.monotonic() - start


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".oaslint.yaml").write_text(REGEX_RULE)
    (tmp_path / "slow.yaml").write_text(SLOW_TITLE)
    (tmp_path / "good.yaml").write_text(GOOD)
    return tmp_path


def _timed_out_alone(report: dict[str, Any], name: str, rule: str | None) -> None:
    """``name`` is the one file error, over the limit; good.yaml is fully reported."""
    assert [e["file"] for e in report["errors"]] == [name]
    message = report["errors"][0]["message"]
    assert "over the time limit" in message
    if rule is not None:
        assert f"rule {rule} was running" in message
    assert any(
        f["file"] == "good.yaml" and f["rule"] == "https-servers" for f in report["findings"]
    )
    assert not any(f["file"] == name for f in report["findings"])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_catastrophic_custom_regex_costs_its_document_only(project: Path, jobs: str) -> None:
    proc, took = _run(["--timeout", "1", "-j", jobs, "slow.yaml", "good.yaml"], project)
    assert proc.returncode == 2, proc.stderr
    _timed_out_alone(json.loads(proc.stdout), "slow.yaml", "slow-regex")
    assert took < 20


def test_the_config_key_sets_the_limit_and_the_option_wins(project: Path) -> None:
    (project / ".oaslint.yaml").write_text(REGEX_RULE + "timeout: 1\n")
    proc, took = _run(["-j", "1", "slow.yaml", "good.yaml"], project)
    assert proc.returncode == 2
    _timed_out_alone(json.loads(proc.stdout), "slow.yaml", "slow-regex")
    assert took < 20
    (project / ".oaslint.yaml").write_text(REGEX_RULE + "timeout: 3600\n")
    proc, took = _run(["--timeout", "1", "-j", "1", "slow.yaml", "good.yaml"], project)
    assert proc.returncode == 2
    _timed_out_alone(json.loads(proc.stdout), "slow.yaml", "slow-regex")
    assert took < 20


def test_within_the_limit_nothing_changes(project: Path) -> None:
    (project / "slow.yaml").write_text(SLOW_TITLE.replace(EVIL, "aaaa"))
    limited, _ = _run(["--timeout", "30", "slow.yaml", "good.yaml"], project)
    unlimited, _ = _run(["--timeout", "0", "slow.yaml", "good.yaml"], project)
    assert limited.returncode == unlimited.returncode == 1
    assert json.loads(limited.stdout) == json.loads(unlimited.stdout)
    assert json.loads(limited.stdout)["errors"] == []


def _big(operations: int) -> str:
    lines = ["openapi: 3.0.3", "info: {title: Big, version: '1'}", "paths:"]
    for i in range(operations):
        lines += [
            f"  /items{i}/{{id}}:",
            "    get:",
            f"      operationId: get{i}",
            "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]",
            "      responses: {'200': {description: ok, content: {application/json: "
            "{schema: {type: object, properties: {a: {type: string}}}}}}}",
        ]
    return "\n".join(lines) + "\n"


def test_a_slow_document_costs_that_document_only(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "big.yaml").write_text(_big(4000))  # a few CPU seconds: far over 0.2 s
    (tmp_path / "good.yaml").write_text(GOOD)
    proc, took = _run(["--timeout", "0.2", "-j", "1", "big.yaml", "good.yaml"], tmp_path)
    assert proc.returncode == 2
    _timed_out_alone(json.loads(proc.stdout), "big.yaml", None)
    assert took < 20


def test_standard_input_has_the_limit_too(project: Path) -> None:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "oaslint", "--format", "json", "--timeout", "1", "-"],
        cwd=project,
        input=SLOW_TITLE,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limits,
    )
    assert proc.returncode == 2
    errors = json.loads(proc.stdout)["errors"]
    assert len(errors) == 1 and "over the time limit of 1 s" in errors[0]["message"]
    assert time.monotonic() - start < 20


# -- the configuration key ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        (0, "only be switched off on the command line"),
        (-5, "only be switched off on the command line"),
        (7200, "at most 3600 seconds"),
        (float("inf"), "at most 3600 seconds"),
        (float("nan"), "expected a number"),
        ("10", "expected a number"),
        (True, "expected a number"),
        (None, "expected a number"),
    ],
)
def test_the_timeout_key_is_checked(value: object, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle) as info:
        build_config({"timeout": value}, all_rules(), "c.yaml")
    assert str(info.value).startswith("c.yaml: timeout: ")


def test_the_timeout_key_and_its_default() -> None:
    assert build_config({}, all_rules(), None).timeout == timelimit.DEFAULT_TIMEOUT == 120
    assert build_config({"timeout": 2.5}, all_rules(), None).timeout == 2.5
    assert build_config({"timeout": 3600}, all_rules(), None).timeout == 3600


# -- the mechanism -----------------------------------------------------------------


def test_limit_restores_the_signal_handler_and_the_timer() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with timelimit.limit(5) as armed:
        assert armed
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 5
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) == before
    with timelimit.limit(0) as armed:
        assert not armed
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_limit_leaves_someone_elses_alarm_alone() -> None:
    def theirs(signum: int, frame: object) -> None:
        raise AssertionError("not expected to fire")

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        with timelimit.limit(0.05) as armed:
            assert not armed
            time.sleep(0.1)
        assert signal.getsignal(signal.SIGALRM) is theirs
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_limit_raises_in_the_body_and_names_no_rule_outside_one() -> None:
    with pytest.raises(timelimit.DocumentTimeout) as info, timelimit.limit(0.05):
        while True:
            pass
    assert info.value.seconds == 0.05 and info.value.rule_id is None
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert "0.05 s per document;" in timelimit.message(0.05)
    assert "(rule x was running)" in timelimit.message(1, "x")


def _regex_linter(timeout: float) -> Linter:
    config = build_config(RAW_REGEX_RULE, all_rules(), None)
    config.timeout = timeout
    return Linter(with_config_rules(all_rules(), config), config)


def test_a_document_stopped_half_way_leaves_nothing_behind(tmp_path: Path) -> None:
    # every fact the timed-out document gathered before its alarm (rule runs, linted
    # files, its document entry, suppressions) is dropped with it, not half-reported
    (tmp_path / ".git").mkdir()
    slow = tmp_path / "slow.yaml"
    # an inline suppression it would use: it must not reach the run's state either
    slow.write_text(SLOW_TITLE + "servers: [{url: 'http://x'}]  # oaslint: disable=https-servers\n")
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    only_good = _regex_linter(0).lint_paths([str(good)], jobs=1)
    linter = _regex_linter(0.5)
    result = linter.lint_paths([str(slow), str(good)], jobs=1)
    assert [os.path.basename(e.file) for e in result.errors] == ["slow.yaml"]
    assert result.findings == only_good.findings
    assert result.files == 1
    assert result.linted_files == only_good.linted_files
    assert result.documents == only_good.documents
    assert result.rule_runs == only_good.rule_runs
    assert result.suppressed == [] and result.suppression_reasons == {}
    assert all(not getattr(linter, name) for name in batch.ACCUMULATORS)


@pytest.mark.skipif(not batch.can_fork(), reason="the pool needs fork")
def test_a_worker_deaf_to_its_alarm_is_killed_by_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # stuck where no signal is checked (C code): the parent sees no document finish for
    # the limit plus the grace, kills the workers, tries each unfinished document again
    # alone, and kills that worker too once its time is up; the rest is reported
    (tmp_path / ".git").mkdir()
    paths = []
    for name in ("a.yaml", "deaf.yaml", "b.yaml"):
        (tmp_path / name).write_text(GOOD)
        paths.append(str(tmp_path / name))
    parent = os.getpid()
    real = batch._lint_unlimited

    def deaf(linter: Linter, target: Target, result: LintResult, skip: bool) -> None:
        if os.getpid() != parent and target.path.endswith("deaf.yaml"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(120)
        real(linter, target, result, skip)

    serial = Linter(all_rules()).lint_paths(paths, jobs=1)
    monkeypatch.setattr(batch, "_lint_unlimited", deaf)
    monkeypatch.setattr(timelimit, "GRACE", 0.5)
    linter = Linter(all_rules())
    linter.config.timeout = 1
    start = time.monotonic()
    pooled = linter.lint_paths(paths, jobs=2)
    assert time.monotonic() - start < 30
    assert [os.path.basename(e.file) for e in pooled.errors] == ["deaf.yaml"]
    assert "over the time limit of 1 s" in pooled.errors[0].message
    others = [f for f in serial.findings if not f.file.endswith("deaf.yaml")]
    assert others and pooled.findings == others


def test_an_alarm_swallowed_by_the_document_comes_again() -> None:
    # code that catches everything (a finaliser, a careless `except BaseException`)
    # may eat one alarm: the next one, REFIRE seconds later, still ends the document
    eaten = []
    with pytest.raises(timelimit.DocumentTimeout), timelimit.limit(0.05):
        try:
            time.sleep(5)
        except BaseException as exc:  # the careless code under test
            eaten.append(exc)
        time.sleep(5)
    assert len(eaten) == 1 and isinstance(eaten[0], timelimit.DocumentTimeout)
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_a_catastrophic_filter_regex_in_given_is_stopped_too(tmp_path: Path) -> None:
    # `=~` in a JSONPath filter of `given` runs Python's `re` as well
    raw = {
        "custom-rules": [
            {
                "id": "slow-filter",
                "given": "$[?(@.title =~ '^(a+)+$')]",
                "then": {"function": "truthy"},
            }
        ]
    }
    config = build_config(raw, all_rules(), None)
    config.timeout = 0.5
    linter = Linter(with_config_rules(all_rules(), config), config)
    (tmp_path / ".git").mkdir()
    (tmp_path / "slow.yaml").write_text(SLOW_TITLE)
    (tmp_path / "good.yaml").write_text(GOOD)
    start = time.monotonic()
    result = linter.lint_paths([str(tmp_path / "slow.yaml"), str(tmp_path / "good.yaml")], jobs=1)
    assert time.monotonic() - start < 20
    assert [os.path.basename(e.file) for e in result.errors] == ["slow.yaml"]
    assert "(rule slow-filter was running)" in result.errors[0].message
    assert any(f.rule == "https-servers" for f in result.findings)


def test_the_option_and_the_key_are_documented() -> None:
    helped = subprocess.run(
        [sys.executable, "-m", "oaslint", "--help"], capture_output=True, text=True, timeout=60
    )
    assert "--timeout SECONDS" in helped.stdout
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    options = readme.split("### Options", 1)[1].split("\n### ", 1)[0]
    assert "| `--timeout SECONDS` |" in options
    configuration = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    assert "\ntimeout: " in configuration
    exit_codes = readme.split("### Exit codes", 1)[1].split("\n### ", 1)[0]
    assert "over its time limit (`--timeout`)" in exit_codes
