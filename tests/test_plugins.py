"""Plugins: entry-point discovery, checks, and the sample plugin installed for real.

Unit-level cases hand :func:`oaslint.plugins.discover` their own entry points.
The end-to-end cases build ``samples/oaslint-plugin-example`` (and a broken
plugin) offline into throw-away virtual environments made with
``--system-site-packages`` (so oaslint and its dependencies come from the test
interpreter) and run that environment's ``python -m oaslint``.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from oaslint import registry
from oaslint.cli import main
from oaslint.formatters import BUILTIN_FORMATTERS
from oaslint.model import Location, Severity
from oaslint.plugins import FORMATTERS_GROUP, RULES_GROUP, EntryRef, discover
from oaslint.rules import BUILTIN_MODULES, RegistryError, builtin_rules
from oaslint.rules.base import Option, Rule, RuleContext, RuleMeta

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(REPO, "samples", "oaslint-plugin-example")


# ---------------------------------------------------------------------------
# pyproject.toml declares exactly the built-ins (dogfooding)
# ---------------------------------------------------------------------------


def _pyproject_entry_points(group: str) -> dict[str, str]:
    with open(os.path.join(REPO, "pyproject.toml"), "rb") as fh:
        data = tomllib.load(fh)
    table = data["project"].get("entry-points", {}).get(group, {})
    return {str(k): str(v) for k, v in table.items()}


def test_pyproject_declares_every_builtin_rule_as_an_entry_point() -> None:
    expected = {}
    for module in BUILTIN_MODULES:  # "<family>.<module>"
        rule_id = module.rpartition(".")[2].replace("_", "-")
        expected[rule_id] = f"oaslint.rules.{module}"
    declared = _pyproject_entry_points(RULES_GROUP)
    missing = {k: v for k, v in expected.items() if declared.get(k) != v}
    extra = {k: v for k, v in declared.items() if k not in expected}
    assert not missing and not extra, (
        'pyproject.toml [project.entry-points."oaslint.rules"] must list exactly '
        "BUILTIN_MODULES (oaslint/rules/__init__.py).\n"
        + ("Add:\n" + "".join(f'{k} = "{v}"\n' for k, v in missing.items()) if missing else "")
        + ("Remove:\n" + "".join(f"{k}\n" for k in extra) if extra else "")
    )


def test_builtin_rule_ids_follow_their_module_names() -> None:
    # the entry-point name is the rule id; the check above derives it from the module
    for rule in builtin_rules():
        module = f"oaslint.rules.{rule.family}." + rule.meta.id.replace("-", "_")
        assert rule.check.__module__ == module


def test_pyproject_declares_every_builtin_formatter() -> None:
    expected = {name: f"{fn.__module__}:{fn.__name__}" for name, fn in BUILTIN_FORMATTERS.items()}
    declared = _pyproject_entry_points(FORMATTERS_GROUP)
    assert declared == expected, (
        'pyproject.toml [project.entry-points."oaslint.formatters"] must list exactly '
        "BUILTIN_FORMATTERS (oaslint/formatters/__init__.py):\n"
        + "".join(f'{k} = "{v}"\n' for k, v in expected.items())
    )


# ---------------------------------------------------------------------------
# Unit level: discover() with hand-made entry points
# ---------------------------------------------------------------------------

GOOD_EXAMPLE = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"


def _meta(rule_id: str = "demo-rule", **changes: Any) -> RuleMeta:
    fields: dict[str, Any] = {
        "id": rule_id,
        "title": "A demo rule",
        "severity": Severity.WARNING,
        "references": ("DEMO-1",),
        "description": "Flags the root of every document.",
        "rationale": "Demonstrates plugins.",
        "bad_example": GOOD_EXAMPLE,
        "good_example": GOOD_EXAMPLE,
        "options": {"level": Option("int", 1, "how much")},
    }
    fields.update(changes)
    return RuleMeta(**fields)


def _check(ctx: RuleContext) -> None:
    ctx.report(ctx.index.root_key_loc(), "demo finding")


def _module(meta: RuleMeta | None, check: Any = _check) -> types.ModuleType:
    mod = types.ModuleType("demo_plugin")
    if meta is not None:
        mod.META = meta  # type: ignore[attr-defined]
    if check is not None:
        mod.check = check  # type: ignore[attr-defined]
    return mod


def _ref(
    name: str,
    obj: Any = None,
    dist: str | None = "oaslint-plugin-demo",
    group: str = RULES_GROUP,
    value: str | None = None,
    load: Callable[[], Any] | None = None,
) -> EntryRef:
    return EntryRef(
        name, value or f"demo_plugin.{name.replace('-', '_')}", group, dist, load or (lambda: obj)
    )


def _groups(*refs: EntryRef) -> dict[str, tuple[EntryRef, ...]]:
    return {
        RULES_GROUP: tuple(r for r in refs if r.group == RULES_GROUP),
        FORMATTERS_GROUP: tuple(r for r in refs if r.group == FORMATTERS_GROUP),
    }


BUILTINS = builtin_rules()


def test_module_plugin_becomes_a_rule_from_its_distribution() -> None:
    found = discover(BUILTINS, BUILTIN_FORMATTERS, _groups(_ref("demo-rule", _module(_meta()))))
    assert [(r.meta.id, r.origin) for r in found.rules] == [("demo-rule", "oaslint-plugin-demo")]
    assert found.rules[0].check is _check


def test_object_plugin_with_meta_and_check() -> None:
    obj = Rule(_meta(), _check, "ignored: the distribution is the origin")
    found = discover(BUILTINS, BUILTIN_FORMATTERS, _groups(_ref("demo-rule", obj)))
    assert found.rules[0].origin == "oaslint-plugin-demo"


def _error(*refs: EntryRef) -> str:
    with pytest.raises(RegistryError) as info:
        discover(BUILTINS, BUILTIN_FORMATTERS, _groups(*refs))
    message = str(info.value)
    assert "\n" not in message
    return message


def test_clash_with_a_builtin_names_package_and_entry_point() -> None:
    msg = _error(_ref("https-servers", _module(_meta("https-servers")), value="demo:x"))
    assert msg == (
        "plugin oaslint-plugin-demo: entry point 'https-servers = demo:x' (oaslint.rules): "
        "rule id 'https-servers' clashes with the rule of the same id from oaslint"
    )


def test_clash_between_two_plugins() -> None:
    msg = _error(
        _ref("demo-rule", _module(_meta())),
        _ref("demo-rule", _module(_meta()), dist="oaslint-plugin-other"),
    )
    assert msg.startswith("plugin oaslint-plugin-other: entry point 'demo-rule = ")
    assert msg.endswith("clashes with the rule of the same id from oaslint-plugin-demo")


def test_import_failure_is_one_clean_line() -> None:
    def fail() -> Any:
        raise ModuleNotFoundError("No module named 'demo_plugin'")

    msg = _error(_ref("demo-rule", load=fail, value="demo_plugin"))
    assert msg == (
        "plugin oaslint-plugin-demo: entry point 'demo-rule = demo_plugin' (oaslint.rules) "
        "cannot be loaded: ModuleNotFoundError: No module named 'demo_plugin'"
    )


def test_exception_while_importing_is_caught_too() -> None:
    def fail() -> Any:
        raise SystemExit("plugin called sys.exit at import")

    assert "cannot be loaded: SystemExit" in _error(_ref("demo-rule", load=fail))


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (
            _module(_meta(description="", references=())),
            "incomplete metadata (missing description, references)",
        ),
        (_module(None), "the module has no META and check()"),
        (_module(_meta(), check=None), "the module has no META and check()"),
        (_module(_meta(), check="not callable"), "check is not callable"),
        (
            types.SimpleNamespace(meta={"id": "demo-rule"}, check=_check),
            "metadata is a dict, not an oaslint RuleMeta",
        ),
        (types.SimpleNamespace(check=_check), "the object has no .meta and .check"),
        (_module(_meta("Demo_Rule")), "rule id 'Demo_Rule' is not a lower-case slug"),
        (_module(_meta("other-rule")), "the entry-point name must be the rule id 'other-rule'"),
        (_module(_meta(severity="warning")), "severity must be an oaslint Severity"),
        (_module(_meta(options={"x": 1})), "option 'x' is not an oaslint Option"),
        (_module(_meta(always_on=True)), "only oaslint's health rules may be always on"),
    ],
)
def test_bad_plugin_metadata_is_named(obj: Any, expected: str) -> None:
    msg = _error(_ref("demo-rule", obj, value="demo_plugin"))
    assert msg.startswith(
        "plugin oaslint-plugin-demo: entry point 'demo-rule = demo_plugin' (oaslint.rules): "
    )
    assert expected in msg


def test_own_entry_points_are_cross_checked_never_imported() -> None:
    def never() -> Any:
        raise AssertionError("oaslint's own entry points must not be imported")

    refs = [
        _ref(r.meta.id, dist="oaslint", value=r.check.__module__, load=never)
        for r in BUILTINS
        if r.meta.id != "https-servers"  # stale: a rule added since
    ]
    refs.append(
        _ref("removed-rule", dist="oaslint", value="oaslint.rules.removed_rule", load=never)
    )
    found = discover(BUILTINS, BUILTIN_FORMATTERS, _groups(*refs))
    assert found.rules == []
    assert found.stale == [
        "oaslint.rules: removed-rule = oaslint.rules.removed_rule",
        "oaslint.rules: https-servers missing",
    ]


def test_formatter_plugins_and_format_clashes() -> None:
    def render(result: Any, ctx: Any) -> str:
        return "demo\n"

    found = discover(
        BUILTINS,
        BUILTIN_FORMATTERS,
        _groups(_ref("demo", render, group=FORMATTERS_GROUP, value="demo:render")),
    )
    assert found.formatters == {"demo": render}
    assert found.formatter_origins == {"demo": "oaslint-plugin-demo"}
    msg = _error(_ref("json", render, group=FORMATTERS_GROUP, value="demo:render"))
    assert msg == (
        "plugin oaslint-plugin-demo: entry point 'json = demo:render' "
        "(oaslint.formatters): format 'json' clashes with the format of the same "
        "name from oaslint"
    )
    assert "a formatter must be a callable" in _error(_ref("demo", 42, group=FORMATTERS_GROUP))


@pytest.fixture
def fake_entry_points(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Replace the installed entry points for the whole CLI."""

    def install(*refs: EntryRef) -> None:
        monkeypatch.setattr("oaslint.plugins.entry_points_by_group", lambda: _groups(*refs))
        registry.clear_caches()

    yield install
    monkeypatch.undo()
    registry.clear_caches()


def test_cli_reports_plugin_errors_in_one_line_exit_2(
    fake_entry_points: Callable[..., None],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    fake_entry_points(_ref("https-servers", _module(_meta("https-servers")), value="demo:x"))
    from oaslint import docs

    for run, argv in (
        (main, ["rules"]),
        (main, ["explain", "https-servers"]),
        (main, ["--list-rules"]),
        (docs.main, ["--check"]),  # python -m oaslint.docs
        (main, [os.path.join(REPO, "samples", "petstore-insecure.yaml")]),
    ):
        assert run(argv) == 2
        err = capsys.readouterr().err
        assert err == (
            "oaslint: error: plugin oaslint-plugin-demo: entry point 'https-servers = demo:x' "
            "(oaslint.rules): rule id 'https-servers' clashes with the rule of the same id "
            "from oaslint\n"
        )


def test_cli_runs_a_plugin_rule_like_a_builtin(
    fake_entry_points: Callable[..., None],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(GOOD_EXAMPLE)
    fake_entry_points(_ref("demo-rule", _module(_meta())))
    assert main(["api.yaml", "--select", "demo-rule", "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["rule"], f["line"], f["severity"]) for f in findings] == [
        ("demo-rule", 1, "warning")
    ]
    assert main(["rules"]) == 0
    assert "demo-rule" in capsys.readouterr().out
    (tmp_path / ".oaslint.yaml").write_text("rules:\n  demo-rule: {severity: error}\n")
    assert main(["api.yaml", "--select", "demo-rule"]) == 1
    assert "error [demo-rule] demo finding" in capsys.readouterr().out


def test_location_helper_used_by_plugins() -> None:
    # plugins report Locations; nothing else is needed from them
    assert Location("a.yaml", "").child("paths", "/pets") == Location("a.yaml", "/paths/~1pets")


# ---------------------------------------------------------------------------
# End to end: the sample plugin installed into a real (throw-away) environment
# ---------------------------------------------------------------------------

API = """\
openapi: 3.0.3
info: {title: Pets, version: '1'}
servers:
  - url: https://api.example.com/v1
  - url: https://pets.svc.internal/v1
paths:
  /pets:
    $ref: 'paths.yaml#/pets'
"""
PATHS = """\
pets:
  get:
    responses:
      '200': {description: ok}
  post:
    parameters:
      - {name: X-Correlation-ID, in: header, schema: {type: string}}
    responses:
      '201': {description: created}
"""
SELECT = "correlation-id-header,no-internal-hosts"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "GITHUB_"))}
    env.update(
        PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", NO_COLOR="1", PYTHONPATH=REPO
    )  # the oaslint under test, whatever is installed
    return env


def _make_venv(root: str, *packages: str) -> str:
    """A venv seeing the test interpreter's packages, with ``packages`` built into it.

    ``--system-site-packages`` would show the *base* interpreter's packages when the
    suite itself runs in a venv (pip, setuptools and wheel missing there: "invalid
    command 'bdist_wheel'", "No module named 'setuptools'" on 3.12+). So the new venv
    gets a ``.pth`` file adding the test interpreter's own site directories (their
    ``.pth`` files included): it sees exactly what the suite sees, pip and the test
    extra's setuptools and wheel too, and the build needs no network.
    """
    venv = os.path.join(root, "venv")
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", venv],
        check=True,
        capture_output=True,
        timeout=120,
    )
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):  # pragma: no cover - Windows
        python = os.path.join(venv, "Scripts", "python.exe")
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    outer = [*site.getsitepackages(), site.getusersitepackages()]
    with open(os.path.join(purelib, "outer-site.pth"), "w", encoding="utf-8") as fh:
        fh.write(
            "import site; "
            + "; ".join(f"site.addsitedir({d!r})" for d in outer if os.path.isdir(d))
            + "\n"
        )
    for package in packages:
        # build from a copy: setuptools leaves build/ and *.egg-info next to the sources
        copy = os.path.join(root, "src-" + os.path.basename(package))
        shutil.copytree(package, copy, ignore=shutil.ignore_patterns("build", "*.egg-info"))
        done = subprocess.run(
            [
                python,
                "-m",
                "pip",
                "install",
                "--no-deps",
                "--no-build-isolation",
                "--no-cache-dir",
                "--no-index",
                "--quiet",
                copy,
            ],
            capture_output=True,
            text=True,
            env=_env(),
            timeout=300,
        )
        assert done.returncode == 0, f"pip install {package} failed:\n{done.stdout}{done.stderr}"
    return python


def _oaslint(python: str, cwd: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "oaslint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(python of a venv with the sample plugin installed, a work folder with specs)."""
    root = str(tmp_path_factory.mktemp("plugin-env"))
    python = _make_venv(root, SAMPLE)
    work = os.path.join(root, "work")
    os.mkdir(work)
    for name, text in (("api.yaml", API), ("paths.yaml", PATHS)):
        with open(os.path.join(work, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    return python, work


def _findings(done: subprocess.CompletedProcess[str]) -> list[tuple[str, str, int, str]]:
    assert not done.stderr, done.stderr
    return sorted(
        (f["rule"], f["file"], f["line"], f["severity"])
        for f in json.loads(done.stdout)["findings"]
    )


def test_installed_plugin_is_listed_with_its_package(plugin_env: tuple[str, str]) -> None:
    python, work = plugin_env
    done = _oaslint(python, work, "rules")
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line for line in done.stdout.splitlines()}
    assert lines["correlation-id-header"].endswith("(MIN-LOG-3)  [oaslint-plugin-example]")
    assert lines["no-internal-hosts"].endswith("(MIN-NET-7)  [oaslint-plugin-example]")
    assert "[" not in lines["https-servers"]
    listed = json.loads(_oaslint(python, work, "rules", "--format", "json").stdout)
    origins = {r["id"]: r["origin"] for r in listed}
    assert origins["correlation-id-header"] == "oaslint-plugin-example"
    assert origins["https-servers"] == "oaslint"


def test_installed_plugin_rules_run_with_exact_locations(plugin_env: tuple[str, str]) -> None:
    python, work = plugin_env
    done = _oaslint(
        python, work, "api.yaml", "--select", SELECT, "--format", "json", "--fail-on", "never"
    )
    assert done.returncode == 0
    assert _findings(done) == [
        ("correlation-id-header", "paths.yaml", 2, "warning"),  # GET, in the $ref-ed file
        ("no-internal-hosts", "api.yaml", 5, "error"),
    ]
    text = _oaslint(python, work, "api.yaml", "--select", SELECT).stdout
    assert (
        "api.yaml:5:10: error [no-internal-hosts] server URL "
        "'https://pets.svc.internal/v1' names the internal host"
    ) in text


def test_installed_plugin_rules_are_configurable(
    plugin_env: tuple[str, str], tmp_path: Any
) -> None:
    python, work = plugin_env
    config = tmp_path / "plugin.oaslint.yaml"
    config.write_text(
        "rules:\n"
        "  no-internal-hosts: off\n"
        "  correlation-id-header:\n"
        "    severity: error\n"
        "    options: {header: X-Request-ID}\n"
    )
    done = _oaslint(
        python,
        work,
        "api.yaml",
        "--select",
        SELECT,
        "--format",
        "json",
        "--config",
        str(config),
        "--fail-on",
        "never",
    )
    assert _findings(done) == [  # both operations now lack X-Request-ID
        ("correlation-id-header", "paths.yaml", 2, "error"),
        ("correlation-id-header", "paths.yaml", 5, "error"),
    ]
    config.write_text("rules:\n  correlation-id-header: {options: {headr: x}}\n")
    bad = _oaslint(python, work, "api.yaml", "--config", str(config))
    assert bad.returncode == 2
    assert "rules.correlation-id-header.options.headr: unknown option (known: header)" in bad.stderr


def test_installed_plugin_rules_are_suppressible_and_ignorable(
    plugin_env: tuple[str, str],
) -> None:
    python, work = plugin_env
    suppressed = API.replace(
        "  - url: https://pets.svc.internal/v1\n",
        "  - url: https://pets.svc.internal/v1\n"
        "    x-oaslint-ignore: {no-internal-hosts: reached only from the test network}\n",
    )
    with open(os.path.join(work, "suppressed.yaml"), "w", encoding="utf-8") as fh:
        fh.write(suppressed)
    done = _oaslint(
        python,
        work,
        "suppressed.yaml",
        "--select",
        SELECT,
        "--format",
        "json",
        "--fail-on",
        "never",
    )
    assert _findings(done) == [("correlation-id-header", "paths.yaml", 2, "warning")]
    done = _oaslint(
        python,
        work,
        "api.yaml",
        "--select",
        SELECT,
        "--ignore",
        "correlation-id-header",
        "--format",
        "json",
        "--fail-on",
        "never",
    )
    assert _findings(done) == [("no-internal-hosts", "api.yaml", 5, "error")]


def test_installed_plugin_docs_and_formatter(plugin_env: tuple[str, str]) -> None:
    python, work = plugin_env
    page = _oaslint(python, work, "explain", "correlation-id-header")
    assert page.returncode == 0, page.stderr
    assert "# `correlation-id-header`" in page.stdout
    assert "- **Provided by:** oaslint-plugin-example" in page.stdout
    assert "| `header` | str | `'X-Correlation-ID'` |" in page.stdout
    out = os.path.join(work, "rule-pages")
    docs = subprocess.run(
        [python, "-m", "oaslint.docs", "--out", out], cwd=work, capture_output=True, text=True
    )
    assert docs.returncode == 0, docs.stderr
    assert os.path.exists(os.path.join(out, "no-internal-hosts.md"))
    with open(os.path.join(out, "README.md"), encoding="utf-8") as fh:
        assert "[`no-internal-hosts`](no-internal-hosts.md)" in fh.read()
    csv_out = _oaslint(python, work, "api.yaml", "--select", SELECT, "--format", "csv")
    assert csv_out.returncode == 1, csv_out.stderr
    assert csv_out.stdout.splitlines() == [
        "file,line,column,severity,rule,message",
        csv_out.stdout.splitlines()[1],
        csv_out.stdout.splitlines()[2],
    ]
    assert csv_out.stdout.splitlines()[1].startswith("api.yaml,5,10,error,no-internal-hosts,")


BROKEN_PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "oaslint-plugin-broken"
version = "0.1.0"

[project.entry-points."oaslint.rules"]
broken-rule = "oaslint_plugin_broken"

[tool.setuptools]
packages = ["oaslint_plugin_broken"]
"""


def test_installed_broken_plugin_is_a_clean_error(tmp_path: Any) -> None:
    package = tmp_path / "oaslint-plugin-broken"
    (package / "oaslint_plugin_broken").mkdir(parents=True)
    (package / "pyproject.toml").write_text(BROKEN_PYPROJECT)
    (package / "oaslint_plugin_broken" / "__init__.py").write_text(
        textwrap.dedent("""\
        import oaslint_helpers_that_do_not_exist  # noqa: F401
    """)
    )
    python = _make_venv(str(tmp_path), str(package))
    work = tmp_path / "work"
    work.mkdir()
    (work / "api.yaml").write_text(API)
    for args in (("rules",), ("api.yaml",), ("explain", "https-servers")):
        done = _oaslint(python, str(work), *args)
        assert done.returncode == 2, done
        assert done.stdout == ""
        assert done.stderr == (
            "oaslint: error: plugin oaslint-plugin-broken: entry point "
            "'broken-rule = oaslint_plugin_broken' (oaslint.rules) cannot be loaded: "
            "ModuleNotFoundError: No module named 'oaslint_helpers_that_do_not_exist'\n"
        )
