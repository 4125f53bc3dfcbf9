"""The configuration's boundary: what a configuration that came with a pull request
may make oaslint read.

A configuration file found by discovery must not be a symlink out of its project,
and a ``baseline:`` path in any configuration file must resolve inside the
configuration's project; neither file is then opened (asserted on the files the
process opened, through an audit hook). ``--config`` and ``--baseline`` on the
command line are the user's own choice and may name any file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from oaslint.config import ConfigError, build_config, find_config
from oaslint.registry import all_rules

SECRET = "TOPSECRET-c0nf1g"
GOOD = (
    "openapi: 3.0.3\ninfo: {title: Good, version: '1'}\n"
    "servers: [{url: 'http://x.example'}]\npaths: {}\n"
)
PROBE = textwrap.dedent(
    """
    import os, sys
    log = open(sys.argv[1], "w")
    def hook(event, args):
        if event == "open" and isinstance(args[0], (str, bytes)):
            log.write(os.path.realpath(os.fsdecode(args[0])) + "\\n")
            log.flush()
    sys.addaudithook(hook)
    from oaslint.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    """tmp/secret.* outside, tmp/repo/ a git work tree holding good.yaml."""
    (tmp_path / "secret.yaml").write_text(f"fail-on: never\n# {SECRET}\n")
    (tmp_path / "secret.json").write_text(
        json.dumps({"oaslint-baseline": 2, "findings": [], "x": SECRET})
    )
    (tmp_path / "secret.toml").write_text(f'[tool.oaslint]\nfail-on = "never"\n# {SECRET}\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "good.yaml").write_text(GOOD)
    return tmp_path


def _run(args: list[str], cwd: Path, opened: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(opened), "--format", "json", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "GITHUB_ACTIONS": "", "NO_COLOR": "1"},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _refused(proc: subprocess.CompletedProcess[str], tmp: Path, opened: Path, name: str) -> None:
    assert proc.returncode == 2
    assert "leads outside the project" in proc.stderr
    assert SECRET not in proc.stdout + proc.stderr
    assert str(tmp / name) not in opened.read_text().splitlines()


@pytest.mark.parametrize(
    ("link", "target"),
    [
        (".oaslint.yaml", "secret.yaml"),
        (".oaslint.yml", "secret.yaml"),
        ("pyproject.toml", "secret.toml"),
    ],
)
def test_a_discovered_config_symlinked_out_of_the_project_is_not_read(
    tmp: Path, link: str, target: str
) -> None:
    repo = tmp / "repo"
    os.symlink(tmp / target, repo / link)
    opened = tmp / "opened.txt"
    proc = _run(["good.yaml"], repo, opened)
    _refused(proc, tmp, opened, target)
    assert "--config FILE" in proc.stderr
    # from a folder below, too (discovery walks up)
    (repo / "specs").mkdir()
    proc = _run(["../good.yaml"], repo / "specs", opened)
    _refused(proc, tmp, opened, target)


def test_a_relative_symlink_out_is_refused_and_one_inside_is_followed(tmp: Path) -> None:
    repo = tmp / "repo"
    os.symlink("../secret.yaml", repo / ".oaslint.yaml")
    with pytest.raises(ConfigError, match="leads outside the project"):
        find_config(str(repo))
    os.remove(repo / ".oaslint.yaml")
    (repo / "ci").mkdir()
    (repo / "ci" / "oaslint.yaml").write_text("fail-on: never\n")
    os.symlink("ci/oaslint.yaml", repo / ".oaslint.yaml")
    assert find_config(str(repo)) == str(repo / ".oaslint.yaml")
    proc = _run(["good.yaml"], repo, tmp / "opened.txt")
    assert proc.returncode == 0  # fail-on: never from the linked file


def test_an_explicit_config_may_be_anywhere(tmp: Path) -> None:
    repo = tmp / "repo"
    os.symlink(tmp / "secret.yaml", repo / "linked.yaml")
    for config in (str(tmp / "secret.yaml"), "linked.yaml"):
        proc = _run(["--config", config, "good.yaml"], repo, tmp / "opened.txt")
        assert proc.returncode == 0, proc.stderr  # its fail-on: never applies


def test_a_regular_config_above_the_project_is_still_found(tmp: Path) -> None:
    (tmp / ".oaslint.yaml").write_text("fail-on: never\n")
    proc = _run(["good.yaml"], tmp / "repo", tmp / "opened.txt")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    "baseline",
    ["../secret.json", "{tmp}/secret.json", "ci/../../secret.json", "link.json"],
)
def test_a_config_baseline_outside_the_project_is_not_read(tmp: Path, baseline: str) -> None:
    repo = tmp / "repo"
    os.symlink(tmp / "secret.json", repo / "link.json")
    (repo / ".oaslint.yaml").write_text(f"baseline: {baseline.format(tmp=tmp)}\n")
    opened = tmp / "opened.txt"
    proc = _run(["good.yaml"], repo, opened)
    _refused(proc, tmp, opened, "secret.json")
    assert ".oaslint.yaml: baseline: not read" in proc.stderr
    assert "--baseline FILE" in proc.stderr
    # the same configuration named on the command line: its baseline is still its own
    proc = _run(["--config", ".oaslint.yaml", "good.yaml"], repo, opened)
    _refused(proc, tmp, opened, "secret.json")


def test_a_config_baseline_inside_the_project_works(tmp: Path) -> None:
    repo = tmp / "repo"
    (repo / "ci").mkdir()
    (repo / "ci" / ".oaslint.yaml").write_text("baseline: ../base/known.json\n")
    (repo / "base").mkdir()
    opened = tmp / "opened.txt"
    written = _run(["--write-baseline", "base/known.json", "good.yaml"], repo, opened)
    assert written.returncode == 0, written.stderr
    proc = _run(["--config", "ci/.oaslint.yaml", "good.yaml"], repo, opened)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["findings"] == []  # the baseline hid them
    assert str(repo / "base" / "known.json") in opened.read_text().splitlines()


def test_a_baseline_on_the_command_line_may_be_anywhere(tmp: Path) -> None:
    repo = tmp / "repo"
    outside = tmp / "known.json"
    written = _run(["--write-baseline", str(outside), "good.yaml"], repo, tmp / "opened.txt")
    assert written.returncode == 0, written.stderr
    proc = _run(["--baseline", str(outside), "good.yaml"], repo, tmp / "opened.txt")
    assert proc.returncode == 0, proc.stderr


def test_an_explicit_config_outside_a_project_may_keep_its_baseline_beside_it(
    tmp: Path,
) -> None:
    shared = tmp / "shared"
    shared.mkdir()
    (shared / "oaslint.yaml").write_text("baseline: known.json\n")
    repo = tmp / "repo"
    written = _run(["--write-baseline", str(shared / "known.json"), "good.yaml"], repo, tmp / "o")
    assert written.returncode == 0, written.stderr
    proc = _run(["--config", str(shared / "oaslint.yaml"), "good.yaml"], repo, tmp / "o")
    assert proc.returncode == 0, proc.stderr


def test_build_config_checks_the_baseline_against_the_config_folder(tmp: Path) -> None:
    config = tmp / "repo" / ".oaslint.yaml"
    cfg = build_config({"baseline": "known.json"}, all_rules(), str(config))
    assert cfg.baseline == str(tmp / "repo" / "known.json")
    with pytest.raises(ConfigError) as info:
        build_config({"baseline": "../secret.json"}, all_rules(), str(config))
    assert str(info.value).startswith(f"{config}: baseline: not read: the baseline leads")
    assert SECRET not in str(info.value)


def test_devices_are_never_configuration_nor_baseline(tmp: Path) -> None:
    repo = tmp / "repo"
    os.symlink("/dev/zero", repo / ".oaslint.yaml")
    opened = tmp / "opened.txt"
    proc = _run(["good.yaml"], repo, opened)
    assert proc.returncode == 1, proc.stderr  # not a file: passed over, as before
    assert "/dev/zero" not in opened.read_text().splitlines()
    os.remove(repo / ".oaslint.yaml")
    (repo / ".oaslint.yaml").write_text("baseline: /dev/zero\n")
    proc = _run(["good.yaml"], repo, opened)
    assert proc.returncode == 2 and "baseline: not read" in proc.stderr, proc.stderr
    assert "/dev/zero" not in opened.read_text().splitlines()
