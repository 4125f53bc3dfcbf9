"""The GitHub Action: the suite runs the SAME scripts action.yml runs, with its variables.

``action.yml`` checks the runner and computes the pip cache key with
``.github/action/prepare.sh``, installs oaslint with ``.github/action/install.sh``
(constraints file, pinned Python) and lints with ``.github/action/run.py``,
passing its inputs as ``INPUT_*`` variables. Here ``run.py`` gets those
variables plus what the runner sets (``GITHUB_ACTIONS=true``,
``GITHUB_WORKSPACE``, ``GITHUB_STEP_SUMMARY``), with ``OASLINT`` pointing at a
shim that runs this checkout's oaslint and logs each call (the action must lint
once); the slow test runs ``install.sh`` for real (a venv and ``pip install`` of a
copy of this checkout, from PyPI: marker ``network``) and then ``run.py`` with
the oaslint it installed.
"""

from __future__ import annotations

import json
import os
import re
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
ACTION = os.path.join(ROOT, ".github", "action")
RUN = os.path.join(ACTION, "run.py")
INSTALL = os.path.join(ACTION, "install.sh")
PREPARE = os.path.join(ACTION, "prepare.sh")
CONSTRAINTS = os.path.join(ACTION, "constraints.txt")
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
    """An ``oaslint`` command running this checkout's oaslint, logging each call."""
    path = os.path.join(folder, "oaslint-shim")
    log = os.path.join(folder, "calls.log")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{sys.executable}" -m oaslint "$@"\n')
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def _calls(workspace: str) -> list[str]:
    with open(os.path.join(os.path.dirname(workspace), "calls.log"), encoding="utf-8") as fh:
        return fh.read().splitlines()


def _env(workspace: str, **inputs: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "OASLINT", "GITHUB_"))
    }
    for var in ("NO_COLOR", "FORCE_COLOR", "CI_PROJECT_DIR"):
        env.pop(var, None)
    env.update(
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=workspace,
        GITHUB_SERVER_URL="https://github.com",
        GITHUB_STEP_SUMMARY=os.path.join(os.path.dirname(workspace), "step-summary.md"),
        OASLINT=_shim(os.path.dirname(workspace)),
        OASLINT_ACTION_REPOSITORY="acme/oaslint",
        OASLINT_ACTION_REF="v1",
    )
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    return env


def _run(workspace: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, RUN], cwd=workspace, env=env, capture_output=True, text=True, timeout=300
    )


def _summary(env: dict[str, str]) -> str:
    with open(env["GITHUB_STEP_SUMMARY"], encoding="utf-8") as fh:
        return fh.read()


def _log(proc: subprocess.CompletedProcess[str]) -> list[str]:
    """stdout without the ::debug:: line (shown only with step debug logging)."""
    return [line for line in proc.stdout.splitlines() if not line.startswith("::debug::")]


def _schema() -> dict[str, Any]:
    with open(os.path.join(DATA, "sarif-schema-2.1.0.json"), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def test_annotations_sarif_and_summary_from_one_run(workspace: str) -> None:
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
    assert len(_calls(workspace)) == 1  # linted once; every output derives from that run
    lines = _log(proc)
    annotations = [line for line in lines if line.startswith("::")]
    assert [a.split(",", 1)[0] for a in annotations] == [
        "::error file=specs/openapi.yaml",
        "::error file=specs/paths/pets.yaml",
        "::error file=specs/paths/pets.yaml",
    ]
    assert lines[-2].startswith("2 files linted: 3 findings")
    assert lines[-1] == "oaslint: SARIF report written to oaslint.sarif"

    with open(os.path.join(workspace, "oaslint.sarif"), encoding="utf-8") as fh:
        log = json.load(fh)
    jsonschema.validate(log, _schema())
    run = log["runs"][0]
    uris = sorted(
        {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    )
    assert uris == ["specs/openapi.yaml", "specs/paths/pets.yaml"]
    assert len(run["results"]) == 3
    help_uris = {r["id"]: r.get("helpUri") for r in run["tool"]["driver"]["rules"]}
    assert help_uris["https-servers"] == (
        "https://github.com/acme/oaslint/blob/v1/rules/https-servers.md"
    )

    summary = _summary(env)
    assert summary.startswith("## oaslint: 3 findings\n")
    assert "| error | 3 |" in summary and "| warning | 0 |" in summary
    assert (
        "| [`https-servers`](https://github.com/acme/oaslint/blob/v1/rules/https-servers.md)"
        " | error | 2 |"
    ) in summary
    assert "| error | specs/paths/pets.yaml:" in summary


def test_summary_lists_errors_first_and_can_be_turned_off(workspace: str) -> None:
    with open(os.path.join(workspace, "mixed.yaml"), "w", encoding="utf-8") as fh:
        fh.write(GOOD.replace("https://api", "http://api") + "x-note: 1\n")
    with open(os.path.join(workspace, "oaslint.yaml"), "w", encoding="utf-8") as fh:
        fh.write("rules:\n  https-servers: warning\n")
    env = _env(workspace, paths="mixed.yaml specs", config="oaslint.yaml", args=SELECT)
    proc = _run(workspace, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    rules = re.findall(r"^\| \[`([a-z-]+)`\]\([^)]*\) \| (\w+) \| (\d+) \|$", _summary(env), re.M)
    assert rules == [("wss-websockets", "error", "1"), ("https-servers", "warning", "3")]
    annotations = [a.split(" ", 1)[0] for a in _log(proc) if a.startswith("::")]
    assert annotations == ["::error", "::warning", "::warning", "::warning"]

    os.remove(env["GITHUB_STEP_SUMMARY"])
    env = _env(workspace, paths="specs", args=SELECT, step_summary="false")
    assert _run(workspace, env).returncode == 1
    assert not os.path.exists(env["GITHUB_STEP_SUMMARY"])


def test_annotations_are_capped_with_a_closing_notice(workspace: str) -> None:
    servers = "".join(f"  - url: http://s{i}.example.com\n" for i in range(13))
    with open(os.path.join(workspace, "many.yaml"), "w", encoding="utf-8") as fh:
        fh.write(GOOD.replace("  - url: https://api.example.com\n", servers))
    proc = _run(workspace, _env(workspace, paths="many.yaml", args=SELECT))
    assert proc.returncode == 1
    annotations = [a for a in _log(proc) if a.startswith("::")]
    assert len(annotations) == 11
    assert annotations[-1].startswith("::notice title=oaslint::3 more findings not annotated")
    assert sum(1 for line in _log(proc) if line.startswith("many.yaml:")) == 3


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
    assert _log(proc) == ["1 file linted: 0 findings (0 error, 0 warning, 0 info)"]


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
    assert len(_calls(workspace)) == 1


def test_globs_in_paths_are_expanded(workspace: str) -> None:
    os.makedirs(os.path.join(workspace, "ci"))
    with open(os.path.join(workspace, "ci", "compose.yaml"), "w", encoding="utf-8") as fh:
        fh.write("services: {web: {image: nginx}}\n")  # matched by the glob, not OpenAPI
    proc = _run(workspace, _env(workspace, paths="specs/*.yaml\n**/compose.yaml", args=SELECT))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.count("::error file=specs/") == 3
    assert "compose" not in "\n".join(_log(proc))
    assert re.sub(r"json=\S+", "json=X", _calls(workspace)[0]).endswith(
        "--skip-non-openapi --report json=X --select https-servers,wss-websockets -- "
        "specs/openapi.yaml ci/compose.yaml"
    )


def test_globs_matching_no_openapi_document_fail(workspace: str) -> None:
    os.makedirs(os.path.join(workspace, "ci"))
    with open(os.path.join(workspace, "ci", "compose.yaml"), "w", encoding="utf-8") as fh:
        fh.write("services: {web: {image: nginx}}\n")
    proc = _run(workspace, _env(workspace, paths="ci/*.yaml", args=SELECT))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert _log(proc)[-1] == (
        "::error title=oaslint::paths: the globs matched no OpenAPI document, so nothing was linted"
    )


def test_a_glob_matching_nothing_is_a_clear_error(workspace: str) -> None:
    proc = _run(workspace, _env(workspace, paths="good.yaml apis/**/*.yaml", args=SELECT))
    assert proc.returncode == 2
    assert proc.stdout == (
        "::error title=oaslint::paths: 'apis/**/*.yaml' matches no folder and no *.yaml, "
        "*.yml or *.json file\n"
    )
    assert not os.path.exists(os.path.join(os.path.dirname(workspace), "calls.log"))


def test_quoting_in_paths_and_args(workspace: str) -> None:
    os.makedirs(os.path.join(workspace, "my specs"))
    shutil.copy(
        os.path.join(workspace, "specs", "openapi.yaml"),
        os.path.join(workspace, "my specs", "api one.yaml"),
    )
    shutil.copytree(os.path.join(workspace, "specs", "paths"), os.path.join(workspace, "paths"))
    env = _env(
        workspace,
        paths="'my specs/api one.yaml' good.yaml",
        args="--select 'https-servers' --exclude \"draft *\" --fail-on=never",
    )
    proc = _run(workspace, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "::error file=my specs/api one.yaml," in proc.stdout
    assert [
        re.sub(r"--report (markdown|compliance)=\S+ ", "", call) for call in _calls(workspace)
    ] == [
        "--format github --select https-servers --exclude draft * --fail-on=never -- "
        "my specs/api one.yaml good.yaml"
    ]


def test_args_are_never_evaluated_and_bad_quoting_is_an_error(workspace: str) -> None:
    marker = os.path.join(workspace, "pwned")
    env = _env(workspace, paths="good.yaml", args=f"--select $(touch {marker}) `touch {marker}`")
    proc = _run(workspace, env)
    assert proc.returncode == 2
    assert not os.path.exists(marker)
    proc = _run(workspace, _env(workspace, paths="good.yaml", args="--select 'https-servers"))
    assert proc.returncode == 2
    assert proc.stdout.startswith("::error title=oaslint::args: No closing quotation")


def test_prepare_refuses_windows_and_keys_the_cache(tmp_path: os.PathLike[str]) -> None:
    base = str(tmp_path)
    out = os.path.join(base, "output")
    env = {**os.environ, "OASLINT_SOURCE": ROOT, "GITHUB_OUTPUT": out, "HOME": base}
    env.update(RUNNER_OS="Windows")
    proc = subprocess.run(["bash", PREPARE], env=env, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stdout.startswith(
        "::error title=oaslint::the oaslint action supports Linux and macOS runners, not Windows"
    )
    assert not os.path.exists(out)
    keys = []
    for version in ("3.12.7", "3.12.7", "3.13.0"):
        env.update(RUNNER_OS="Linux", RUNNER_ARCH="X64", OASLINT_PY_VERSION=version)
        proc = subprocess.run(["bash", PREPARE], env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        with open(out, encoding="utf-8") as fh:
            outputs = dict(line.split("=", 1) for line in fh.read().splitlines())
        os.remove(out)
        assert outputs["cache-dir"] == os.path.join(base, ".cache", "oaslint-action-pip")
        keys.append(outputs["cache-key"])
    assert keys[0] == keys[1] != keys[2]
    assert re.fullmatch(r"oaslint-pip-Linux-X64-py3\.12\.7-[0-9a-f]{16}", keys[0])


def test_action_yml_pins_python_caches_pip_and_passes_every_input() -> None:
    with open(os.path.join(ROOT, "action.yml"), encoding="utf-8") as fh:
        action = YAML(typ="safe").load(fh)
    assert action["runs"]["using"] == "composite"
    python, prepare, cache, install, lint = action["runs"]["steps"]
    assert python["uses"] == "actions/setup-python@v5"
    assert python["with"] == {
        "python-version": "${{ inputs.python-version }}",
        "update-environment": False,  # the job's own Python stays as it was
    }
    assert re.fullmatch(r"3\.\d+", action["inputs"]["python-version"]["default"])
    assert prepare["run"] == 'bash "${{ github.action_path }}/.github/action/prepare.sh"'
    assert prepare["env"]["OASLINT_PY_VERSION"] == "${{ steps.python.outputs.python-version }}"
    assert cache["uses"] == "actions/cache@v4"
    assert cache["with"] == {
        "path": "${{ steps.prepare.outputs.cache-dir }}",
        "key": "${{ steps.prepare.outputs.cache-key }}",
    }
    assert install["run"] == 'bash "${{ github.action_path }}/.github/action/install.sh"'
    assert install["env"] == {
        "OASLINT_SOURCE": "${{ github.action_path }}",
        "OASLINT_PYTHON": "${{ steps.python.outputs.python-path }}",
        "PIP_CACHE_DIR": "${{ steps.prepare.outputs.cache-dir }}",
    }
    assert lint["run"] == '"$OASLINT_PYTHON" "${{ github.action_path }}/.github/action/run.py"'
    assert lint["env"]["OASLINT_PYTHON"] == "${{ steps.python.outputs.python-path }}"
    with open(RUN, encoding="utf-8") as fh:
        script = fh.read()
    with open(INSTALL, encoding="utf-8") as fh:
        assert '--constraint "$constraints"' in fh.read()
    for name in action["inputs"]:
        if name == "python-version":
            continue
        var = "INPUT_" + name.upper().replace("-", "_")
        assert lint["env"][var] == "${{ inputs." + name + " }}"
        assert var in script, f"run.py ignores {var}"


def test_constraints_pin_every_runtime_dependency_within_its_range() -> None:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as fh:
        deps = [Requirement(d) for d in tomllib.load(fh)["project"]["dependencies"]]
    pins: dict[str, str] = {}
    with open(CONSTRAINTS, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                name, sep, version = line.partition("==")
                assert sep, f"constraints.txt: {line!r} is not an exact pin"
                pins[canonicalize_name(name)] = version
    env = {"python_version": "3.12", "platform_python_implementation": "CPython"}
    for dep in deps:
        if dep.marker is not None and not dep.marker.evaluate(env):
            continue
        name = canonicalize_name(dep.name)
        assert name in pins, f"constraints.txt does not pin {dep.name}"
        assert dep.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {dep.name}=={pins[name]} outside pyproject's {dep.specifier}"
        )


@pytest.mark.slow
@pytest.mark.network
def test_install_script_then_run_script(tmp_path: os.PathLike[str], workspace: str) -> None:
    """install.sh for real: a venv, pip install -c constraints of this checkout, on PATH."""
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
        PIP_CACHE_DIR=os.path.join(base, "pip-cache"),
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
    frozen = subprocess.run(
        [os.path.join(bin_dir, "python"), "-m", "pip", "freeze", "--exclude", "oaslint"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    with open(CONSTRAINTS, encoding="utf-8") as fh:
        pinned = {line.strip().lower() for line in fh if line.strip() and line[0] != "#"}
    assert {line.lower() for line in frozen} <= pinned  # installed exactly at the pins

    run_env = _env(workspace, paths="specs", args=SELECT)
    del run_env["OASLINT"]  # use the installed one, from PATH, as in a workflow
    run_env["PATH"] = bin_dir + os.pathsep + run_env["PATH"]
    proc = _run(workspace, run_env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.count("::error file=specs/") == 3


def test_run_py_is_ruff_and_mypy_clean() -> None:
    """run.py lives outside the package, so test_quality's paths do not cover it."""
    for args in (
        ("ruff", "check", RUN),
        ("ruff", "format", "--check", RUN),
        ("mypy", "--strict", "--no-incremental", RUN),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
