"""The GitHub Action: the suite runs the SAME scripts action.yml runs, with its variables.

``action.yml`` installs oaslint with ``.github/action/install.sh`` and lints
with ``.github/action/run.sh``, passing its inputs as ``INPUT_*`` variables.
Here ``run.sh`` gets those variables plus what the runner sets
(``GITHUB_ACTIONS=true``, ``GITHUB_WORKSPACE``), with ``OASLINT`` pointing at
this checkout's oaslint; the slow test runs ``install.sh`` for real (a venv
and ``pip install`` of a copy of this checkout) and then ``run.sh`` with the
oaslint it installed.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data")
RUN = os.path.join(ROOT, ".github", "action", "run.sh")
INSTALL = os.path.join(ROOT, ".github", "action", "install.sh")
SELECT = "--select https-servers,wss-websockets"

GOOD = """\
openapi: 3.0.3
info: {title: Good, version: '1'}
servers:
  - url: https://api.example.com
paths: {}
"""


@pytest.fixture
def workspace(tmp_path: os.PathLike[str]) -> str:
    root = os.path.join(str(tmp_path), "workspace")
    shutil.copytree(os.path.join(DATA, "multi-spec"), os.path.join(root, "specs"))
    with open(os.path.join(root, "good.yaml"), "w", encoding="utf-8") as fh:
        fh.write(GOOD)
    return root


def _shim(folder: str) -> str:
    """An ``oaslint`` command running this checkout's oaslint with this interpreter."""
    path = os.path.join(folder, "oaslint-shim")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f'#!/bin/sh\nexec "{sys.executable}" -m oaslint "$@"\n')
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def _env(workspace: str, **inputs: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "OASLINT", "GITHUB_"))
    }
    env.update(
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=workspace,
        GITHUB_SERVER_URL="https://github.com",
        OASLINT=_shim(os.path.dirname(workspace)),
        OASLINT_ACTION_REPOSITORY="acme/oaslint",
        OASLINT_ACTION_REF="v1",
    )
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    return env


def _run(workspace: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", RUN], cwd=workspace, env=env, capture_output=True, text=True, timeout=300
    )


def _schema() -> dict[str, Any]:
    with open(os.path.join(DATA, "sarif-schema-2.1.0.json"), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def test_annotations_and_sarif(workspace: str) -> None:
    env = _env(
        workspace,
        paths="specs/openapi.yaml\ngood.yaml",
        format="github",
        fail_on="",
        sarif_file="oaslint.sarif",
        args=SELECT,
    )
    proc = _run(workspace, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert [a.split(",", 1)[0] for a in annotations] == [
        "::error file=specs/openapi.yaml",
        "::error file=specs/paths/pets.yaml",
        "::error file=specs/paths/pets.yaml",
    ]
    assert "oaslint: SARIF report written to oaslint.sarif" in lines
    assert lines[-1].startswith("2 files linted: 3 findings")

    with open(os.path.join(workspace, "oaslint.sarif"), encoding="utf-8") as fh:
        log = json.load(fh)
    jsonschema.validate(log, _schema())
    run = log["runs"][0]
    uris = sorted(
        {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    )
    assert uris == ["specs/openapi.yaml", "specs/paths/pets.yaml"]
    help_uris = {r["id"]: r.get("helpUri") for r in run["tool"]["driver"]["rules"]}
    assert help_uris["https-servers"] == (
        "https://github.com/acme/oaslint/blob/v1/rules/https-servers.md"
    )


def test_docs_url_from_the_action_path_when_github_leaves_repository_empty(
    workspace: str,
) -> None:
    env = _env(workspace, paths="specs", sarif_file="out.sarif", args=SELECT)
    env.update(
        OASLINT_ACTION_REPOSITORY="",
        OASLINT_ACTION_REF="",
        OASLINT_ACTION_PATH="/home/runner/work/_actions/acme/oaslint/release/v2",
    )
    assert _run(workspace, env).returncode == 1
    with open(os.path.join(workspace, "out.sarif"), encoding="utf-8") as fh:
        rules = json.load(fh)["runs"][0]["tool"]["driver"]["rules"]
    help_uri = next(r["helpUri"] for r in rules if r["id"] == "https-servers")
    assert help_uri == "https://github.com/acme/oaslint/blob/release/v2/rules/https-servers.md"


def test_fail_on_never_keeps_the_annotations(workspace: str) -> None:
    proc = _run(workspace, _env(workspace, paths="specs", fail_on="never", args=SELECT))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("::error file=") == 3


def test_clean_spec_and_default_format(workspace: str) -> None:
    proc = _run(workspace, _env(workspace, paths="good.yaml", args=SELECT))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == "1 file linted: 0 findings (0 error, 0 warning, 0 info)\n"


def test_config_and_baseline_inputs(workspace: str) -> None:
    with open(os.path.join(workspace, "oaslint.yaml"), "w", encoding="utf-8") as fh:
        fh.write("select: [https-servers]\nfail-on: warning\n")
    env = _env(workspace, paths="specs", config="oaslint.yaml")
    proc = _run(workspace, env)
    assert proc.returncode == 1 and proc.stdout.count("::error") == 2, proc.stdout
    subprocess.run(
        [env["OASLINT"], "specs", "--config", "oaslint.yaml", "--write-baseline", "base.json"],
        cwd=workspace,
        env=env,
        check=True,
        capture_output=True,
    )
    proc = _run(
        workspace, _env(workspace, paths="specs", config="oaslint.yaml", baseline="base.json")
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "baseline base.json: 2 known hidden, 0 fixed" in proc.stdout


def test_missing_path_is_exit_2_with_sarif_still_written(workspace: str) -> None:
    env = _env(workspace, paths="good.yaml missing.yaml", sarif_file="out.sarif", args=SELECT)
    proc = _run(workspace, env)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "::error file=missing.yaml,title=oaslint::no such file or directory" in proc.stdout
    with open(os.path.join(workspace, "out.sarif"), encoding="utf-8") as fh:
        log = json.load(fh)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_action_yml_passes_every_input_to_the_scripts() -> None:
    with open(os.path.join(ROOT, "action.yml"), encoding="utf-8") as fh:
        action = YAML(typ="safe").load(fh)
    assert action["runs"]["using"] == "composite"
    install, lint = action["runs"]["steps"]
    assert install["run"] == 'bash "${{ github.action_path }}/.github/action/install.sh"'
    assert install["env"]["OASLINT_SOURCE"] == "${{ github.action_path }}"
    assert lint["run"] == 'bash "${{ github.action_path }}/.github/action/run.sh"'
    with open(RUN, encoding="utf-8") as fh:
        script = fh.read()
    for name in action["inputs"]:
        if name == "python":
            assert install["env"]["OASLINT_PYTHON"] == "${{ inputs.python }}"
            continue
        var = "INPUT_" + name.upper().replace("-", "_")
        assert lint["env"][var] == "${{ inputs." + name + " }}"
        assert var in script, f"run.sh ignores {var}"


@pytest.mark.slow
def test_install_script_then_run_script(tmp_path: os.PathLike[str], workspace: str) -> None:
    """install.sh for real: a venv, pip install of this checkout, oaslint on GITHUB_PATH."""
    base = str(tmp_path)
    source = os.path.join(base, "action")
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", "*.egg-info", "__pycache__", ".*_cache", "build", "dist", "benchmarks"
        ),
    )
    github_path = os.path.join(base, "github_path")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OASLINT", "GITHUB_"))}
    env.update(
        OASLINT_SOURCE=source,
        OASLINT_VENV=os.path.join(base, "venv"),
        OASLINT_PYTHON=sys.executable,
        GITHUB_PATH=github_path,
    )
    proc = subprocess.run(
        ["bash", os.path.join(source, ".github", "action", "install.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("oaslint, version ")
    with open(github_path, encoding="utf-8") as fh:
        bin_dir = fh.read().strip()
    assert bin_dir == os.path.join(base, "venv", "bin")

    run_env = _env(workspace, paths="specs", args=SELECT)
    del run_env["OASLINT"]  # use the installed one, from PATH, as in a workflow
    run_env["PATH"] = bin_dir + os.pathsep + run_env["PATH"]
    proc = _run(workspace, run_env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.count("::error file=specs/") == 3


def test_compliance_report_goes_to_the_step_summary(workspace: str) -> None:
    summary = os.path.join(os.path.dirname(workspace), "summary.md")
    env = _env(workspace, paths="good.yaml", args="--profile healthcare")
    env["GITHUB_STEP_SUMMARY"] = summary
    proc = _run(workspace, env)
    assert proc.returncode == 0, proc.stderr
    with open(summary, encoding="utf-8") as fh:
        report = fh.read()
    assert report.startswith("# oaslint compliance report\n")
    assert "## 1. Healthcare API security rules (SC)" in report and "## 2." not in report
    env["INPUT_STEP_SUMMARY"] = "false"
    os.remove(summary)
    assert _run(workspace, env).returncode == 0 and not os.path.exists(summary)
