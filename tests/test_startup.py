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


# Modules a plain text run must not import: the compliance report and its register,
# the other formatters, installed-metadata parsing (email, zipfile, csv), TOML without a
# pyproject.toml, and the cache writer's tempfile on a --no-cache run.
NOT_IMPORTED_BY_TEXT_RUN = (
    "oaslint.register",
    "oaslint.compliance",
    "oaslint.formatters.compliance",
    "oaslint.formatters.compliance_html",
    "oaslint.formatters._compliance_view",
    "oaslint.formatters.sarif",
    "oaslint.formatters.junit",
    "oaslint.formatters.json_format",
    "oaslint.formatters.markdown",
    "oaslint.formatters.gitlab",
    "oaslint.formatters.github",
    "oaslint.custom",
    "oaslint.loader.remote",
    "importlib.metadata",
    "importlib.resources",
    "xml.etree.ElementTree",
    "tomllib",
    "tempfile",
    "urllib.request",
    "multiprocessing",
)


def _imported_after(args: list[str], cwd: str) -> set[str]:
    # what the interpreter had before oaslint (site, or coverage measuring this
    # subprocess, which brings tomllib and multiprocessing) is not oaslint's import
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from oaslint.cli import main\n"
        f"main({args!r})\n"
        "print('\\n'.join(sorted(set(sys.modules) - before)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    return set(proc.stdout.split())


def test_text_run_imports_only_what_it_uses(tmp_path: object) -> None:
    sample = os.path.abspath(SAMPLE)
    loaded = _imported_after([sample, "--no-cache", "-o", os.devnull], str(tmp_path))
    assert "oaslint.formatters.text" in loaded and "oaslint.rules.base" in loaded
    assert sorted(set(NOT_IMPORTED_BY_TEXT_RUN) & loaded) == []


def test_a_format_imports_its_own_module_only(tmp_path: object) -> None:
    sample = os.path.abspath(SAMPLE)
    args = [sample, "--no-cache", "-f", "sarif", "-o", os.devnull]
    loaded = _imported_after(args, str(tmp_path))
    assert "oaslint.formatters.sarif" in loaded  # (it renders rule pages: docs, register)
    assert not {"oaslint.formatters.text", "oaslint.formatters.junit"} & loaded
    args = [sample, "--no-cache", "-f", "compliance", "-o", os.devnull]
    loaded = _imported_after(args, str(tmp_path))
    assert {"oaslint.formatters.compliance", "oaslint.register"} <= loaded


def test_lazy_formatters_import_on_lookup_only() -> None:
    from oaslint.formatters import BUILTIN_FORMATTER_SPECS, Formatters

    imported: list[str] = []

    def render(result: object, ctx: object) -> str:
        return ""

    entries: dict[str, object] = {"mine": render, **BUILTIN_FORMATTER_SPECS}
    formatters = Formatters(entries)  # type: ignore[arg-type]
    assert list(formatters) == ["mine", *BUILTIN_FORMATTER_SPECS]
    assert len(formatters) == len(entries) and "json" in formatters and "nope" not in formatters
    assert formatters.spec("json") == "oaslint.formatters.json_format:render"
    assert formatters.spec("mine") is None and formatters["mine"] is render
    fn = formatters["json"]
    imported.append(f"{fn.__module__}:{fn.__name__}")
    assert imported == [BUILTIN_FORMATTER_SPECS["json"]]
    assert formatters.spec("json") is None  # now the function itself
    assert formatters["json"] is fn
    for name, spec in BUILTIN_FORMATTER_SPECS.items():  # every spec names a render function
        fn = Formatters(BUILTIN_FORMATTER_SPECS)[name]
        assert f"{fn.__module__}:{fn.__name__}" == spec and callable(fn)


def test_library_use_keeps_the_collector() -> None:
    # main(argv) is the testable, in-process entry: it must not change the process's
    # garbage collection (only the `oaslint` / `python -m oaslint` process turns it off)
    import gc

    from oaslint.cli import main

    assert gc.isenabled()
    assert main([os.path.abspath(SAMPLE), "--no-cache", "-o", os.devnull]) == 1
    assert gc.isenabled()


def test_the_command_process_runs_without_the_collector() -> None:
    code = (
        "import gc, sys\n"
        "from oaslint import cli\n"
        "cli._exit_now = lambda code: print('enabled:', gc.isenabled())\n"
        f"sys.argv = ['oaslint', {os.path.abspath(SAMPLE)!r}, '--no-cache', '-o', {os.devnull!r}]\n"
        "cli.main()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "enabled: False"


def test_command_entry_turns_the_collector_off_before_importing_the_cli() -> None:
    with open(os.path.join(HERE, "..", "pyproject.toml"), encoding="utf-8") as fh:
        assert 'oaslint = "oaslint.__main__:main"' in fh.read()
    code = (
        "import gc, os, sys\n"
        "import oaslint.__main__ as entry\n"
        "print('click' in sys.modules, 'oaslint.cli' in sys.modules, gc.isenabled())\n"
        "seen = []\n"
        "gc.callbacks.append(lambda phase, info: seen.append(phase))\n"
        "real_exit = os._exit\n"
        "def fake_exit(code):\n"
        "    print(len(seen), gc.isenabled(), code, flush=True)\n"
        "    real_exit(0)\n"
        "os._exit = fake_exit\n"
        f"sys.argv = ['oaslint', {os.path.abspath(SAMPLE)!r}, '--no-cache', '-o', {os.devnull!r}]\n"
        "entry.main()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    # nothing imported before main(); no collection at all while importing and linting
    assert out.split("\n")[:2] == ["False False True", "0 False 1"]
