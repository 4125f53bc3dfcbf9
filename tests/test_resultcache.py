"""The result cache: a hit reports exactly what a fresh run does, and anything the
outcome depends on (a file, a ``$ref``'s target, the configuration, the code) makes
it miss (issue 14)."""

from __future__ import annotations

import glob
import json
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from oaslint import batch, resultcache
from oaslint.engine import Linter, Target
from oaslint.formatters import FormatContext, compliance, json_format, sarif
from oaslint.loader import document
from oaslint.model import Location, Severity
from oaslint.registry import all_rules
from oaslint.result import LintResult
from oaslint.rules.base import Rule, RuleContext, RuleMeta
from tests.conftest import CORPUS

HERE = os.path.dirname(os.path.abspath(__file__))
RULE_FIXTURES = os.path.join(HERE, "rules")
SAMPLE = os.path.join(HERE, "..", "samples", "petstore-insecure.yaml")

pytestmark = pytest.mark.result_cache

ROOT = """\
openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas.yaml#/Pet"}
"""
GOOD_SCHEMA = "Pet:\n  type: object\n  properties:\n    name: {type: string, maxLength: 10}\n"
BAD_SCHEMA = "Other: {type: object}\n"  # the $ref's target is gone: resolvable-refs


@pytest.fixture
def store(tmp_path: os.PathLike[str]) -> Iterator[str]:
    folder = os.path.join(str(tmp_path), "cache")
    resultcache.configure(folder)
    yield folder
    resultcache.configure(None)


def _run(paths: list[str], rules: list[Rule] | None = None, **kw: Any) -> LintResult:
    return Linter(rules or all_rules(), **kw).lint_paths(paths, jobs=1)


def _views(result: LintResult) -> tuple[str, ...]:
    rules = all_rules()
    ctx = FormatContext(rules, "0")
    sarif_out = json.loads(sarif.render(result, ctx))
    sarif_out["runs"][0].pop("invocations", None)
    return (
        json_format.render(result, ctx),
        json.dumps(sarif_out, sort_keys=True),
        compliance.render(result, ctx),
        repr(
            [
                (f, f.severity, f.pointer, f.end_line, f.end_column, f.related, f.key)
                for f in result.findings
            ]
        ),
        repr((result.suppressed, result.rule_runs, result.documents, result.linted_files)),
        repr(sorted(result.suppression_reasons.items(), key=repr)),
    )


def _entries(folder: str) -> list[str]:
    return sorted(glob.glob(os.path.join(folder, "results-*", "*.result")))


def _no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a cache hit must not load the document")

    monkeypatch.setattr(document.Document, "load", refuse)


def _paths() -> list[str]:
    paths = [RULE_FIXTURES]
    if os.path.isdir(CORPUS):  # aggregates, suppressions, multi-file, Latin-1
        paths += [
            os.path.join(CORPUS, "nl-vng-zaken-api.oas30.yaml"),
            os.path.join(CORPUS, "nl-brp-personen-bevragen.oas31.yaml"),
            os.path.join(CORPUS, "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2"),
        ]
    return paths


def test_a_hit_reports_what_a_fresh_run_does(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    resultcache.configure(None)
    fresh = _views(_run(_paths()))
    resultcache.configure(store)
    first = _views(_run(_paths()))  # fills the cache
    assert len(_entries(store)) > 100
    _no_loading(monkeypatch)
    warm = _views(_run(_paths()))
    assert fresh == first
    assert fresh == warm


def _project(tmp: str, schema: str = GOOD_SCHEMA) -> str:
    root = os.path.join(tmp, "api.yaml")
    with open(root, "w") as fh:
        fh.write(ROOT)
    with open(os.path.join(tmp, "schemas.yaml"), "w") as fh:
        fh.write(schema)
    return root


def _rules_of(result: LintResult) -> list[str]:
    return sorted(f.rule for f in result.findings)


def test_a_changed_ref_file_misses(store: str, tmp_path: os.PathLike[str]) -> None:
    root = _project(str(tmp_path))
    before = _run([root])
    assert "resolvable-refs" not in _rules_of(before)
    with open(os.path.join(str(tmp_path), "schemas.yaml"), "w") as fh:
        fh.write(BAD_SCHEMA)
    after = _run([root])
    assert "resolvable-refs" in _rules_of(after)
    resultcache.configure(None)
    assert _views(after) == _views(_run([root]))


def test_a_missing_ref_file_created_later_misses(store: str, tmp_path: os.PathLike[str]) -> None:
    root = _project(str(tmp_path))
    os.remove(os.path.join(str(tmp_path), "schemas.yaml"))
    before = _run([root])
    assert "resolvable-refs" in _rules_of(before)
    with open(os.path.join(str(tmp_path), "schemas.yaml"), "w") as fh:
        fh.write(GOOD_SCHEMA)
    after = _run([root])
    assert "resolvable-refs" not in _rules_of(after)


def test_a_retargeted_symlink_misses(store: str, tmp_path: os.PathLike[str]) -> None:
    tmp = str(tmp_path)
    root = _project(tmp)
    os.rename(os.path.join(tmp, "schemas.yaml"), os.path.join(tmp, "good.yaml"))
    with open(os.path.join(tmp, "bad.yaml"), "w") as fh:
        fh.write(BAD_SCHEMA)
    os.symlink("good.yaml", os.path.join(tmp, "schemas.yaml"))
    assert "resolvable-refs" not in _rules_of(_run([root]))
    os.remove(os.path.join(tmp, "schemas.yaml"))
    os.symlink("bad.yaml", os.path.join(tmp, "schemas.yaml"))
    assert "resolvable-refs" in _rules_of(_run([root]))


def test_the_root_file_changing_misses(store: str, tmp_path: os.PathLike[str]) -> None:
    root = _project(str(tmp_path))
    before = _run([root])
    with open(root, "a") as fh:
        fh.write("    trace:\n      responses: {'200': {description: ok}}\n")
    after = _run([root])
    assert "no-trace-method" in _rules_of(after)
    assert "no-trace-method" not in _rules_of(before)


def test_a_configuration_change_misses(
    store: str, tmp_path: os.PathLike[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from oaslint.cli import main

    tmp = str(tmp_path)
    root = _project(tmp)
    config = os.path.join(tmp, "oaslint.yaml")
    outputs = []
    for severity in ("error", "error", "info"):
        with open(config, "w") as fh:
            fh.write(f"rules:\n  security-schemes-defined: {{severity: {severity}}}\n")
        main([root, "--config", config, "-f", "json", "--fail-on", "never"])
        outputs.append(json.loads(capsys.readouterr().out))
    levels = [sorted({f["severity"] for f in o["findings"]}) for o in outputs]
    assert outputs[0] == outputs[1]
    assert levels[0] != levels[2]
    for extra in (["--ignore", "https-servers"], ["--no-aggregate"]):
        main([root, "--config", config, "-f", "json", "--fail-on", "never", *extra])
        with_option = json.loads(capsys.readouterr().out)
        main([root, "--config", config, "-f", "json", "--fail-on", "never", *extra, "--no-cache"])
        assert with_option == json.loads(capsys.readouterr().out)


def test_a_damaged_entry_is_ignored_and_rewritten(store: str) -> None:
    paths = [os.path.join(RULE_FIXTURES, "https-servers")]
    fresh = _views(_run(paths))
    entries = _entries(store)
    assert entries
    for i, path in enumerate(entries):
        with open(path, "wb") as fh:
            fh.write([b"", b"\x00garbage", b"\xe3" * 40, b"\xa9\x05\x00\x00\x00"][i % 4])
    assert _views(_run(paths)) == fresh
    for path in entries:
        assert os.path.getsize(path) > 40  # rewritten
    assert _views(_run(paths)) == fresh


def test_an_entry_of_another_shape_is_ignored(store: str) -> None:
    import marshal

    paths = [os.path.join(RULE_FIXTURES, "https-servers", "bad.yaml")]
    fresh = _views(_run(paths))
    (entry,) = _entries(store)
    with open(entry, "rb") as fh:
        fmt, recorded, part, state = marshal.loads(fh.read())
    for damaged in (
        (fmt + 1, recorded, part, state),
        (fmt, [], part, state),
        (fmt, [("elsewhere", "x")], part, state),
        (fmt, recorded, {**part, "findings": [("short",)]}, state),
        (fmt, recorded, part, {}),
    ):
        with open(entry, "wb") as fh:
            fh.write(marshal.dumps(damaged))
        assert _views(_run(paths)) == fresh


def test_outcomes_with_a_file_error_are_not_cached(store: str, tmp_path: os.PathLike[str]) -> None:
    not_openapi = os.path.join(str(tmp_path), "x.yaml")
    with open(not_openapi, "w") as fh:
        fh.write("just: data\n")
    result = _run([not_openapi])
    assert result.errors
    assert _entries(store) == []


def test_standard_input_and_remote_runs_are_not_cached(store: str) -> None:
    from oaslint.config import Config

    linter = Linter(all_rules())
    store_ = resultcache.active()
    assert store_ is not None
    assert store_.key(linter, Target("-", True), False) is None
    assert store_.key(linter, Target(SAMPLE, True), False) is not None
    remote = Linter(all_rules(), Config(allow_remote=True))
    assert store_.key(remote, Target(SAMPLE, True), False) is None


def _plugin(tmp: str, body: str) -> Rule:
    import importlib.util
    import sys

    path = os.path.join(tmp, "plugin_rule_mod.py")
    with open(path, "w") as fh:
        fh.write(body)
    spec = importlib.util.spec_from_file_location("plugin_rule_mod", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["plugin_rule_mod"] = module
    spec.loader.exec_module(module)
    rule: Rule = module.RULE
    return rule


PLUGIN = """\
from oaslint.model import Location, Severity
from oaslint.rules.base import Rule, RuleMeta


def check(ctx):
    ctx.report(Location(ctx.index.document.root.path, "/info"), "plugin says {n}")


META = RuleMeta(
    id="plugin-x",
    title="x",
    severity=Severity.WARNING,
    references=("house rule",),
    description="d",
    rationale="r",
    bad_example="b",
    good_example="g",
)
RULE = Rule(META, check, origin="plugin-dist")
"""


def test_a_plugin_rule_edited_misses(store: str, tmp_path: os.PathLike[str]) -> None:
    import sys

    tmp = str(tmp_path)
    try:
        one = _plugin(tmp, PLUGIN.replace("{n}", "one"))
        rules = [*all_rules(), one]
        first = _run([SAMPLE], rules)
        assert [f.message for f in first.findings if f.rule == "plugin-x"] == ["plugin says one"]
        two = _plugin(tmp, PLUGIN.replace("{n}", "two") + "# longer\n")
        second = _run([SAMPLE], [*all_rules(), two])
        assert [f.message for f in second.findings if f.rule == "plugin-x"] == ["plugin says two"]
    finally:
        sys.modules.pop("plugin_rule_mod", None)


def test_a_rule_whose_code_cannot_be_found_turns_the_cache_off(store: str) -> None:
    def check(ctx: RuleContext) -> None:
        ctx.report(Location(ctx.index.document.root.path, "/info"), "x")

    check.__module__ = "not_a_loaded_module"
    meta = RuleMeta(
        id="nowhere",
        title="x",
        severity=Severity.WARNING,
        references=("house rule",),
        description="d",
        rationale="r",
        bad_example="b",
        good_example="g",
    )
    rule = Rule(meta, check, origin="dist")
    _run([SAMPLE], [*all_rules(), rule])
    assert _entries(store) == []


def test_the_code_stamp_follows_the_package_files(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    linter = Linter(all_rules())
    before = resultcache._run_key(linter)
    assert before == resultcache._run_key(linter)
    real = resultcache._tree
    monkeypatch.setattr(
        resultcache,
        "_tree",
        lambda folder, content=False: [*real(folder, content), ("edited", 1, 2)],
    )
    assert resultcache._run_key(linter) != before


def test_suppressions_shared_by_two_roots_settle_as_a_fresh_run(
    store: str, tmp_path: os.PathLike[str]
) -> None:
    tmp = str(tmp_path)
    shared = os.path.join(tmp, "shared.yaml")
    with open(shared, "w") as fh:
        fh.write(
            "Pet:\n  type: object\n  properties:\n"
            "    a: {$ref: '#/Gone'}  # oaslint: ignore[resolvable-refs] kept for the test\n"
            "    b: {type: string}  # oaslint: ignore[https-servers] never needed\n"
        )
    roots = []
    for name in ("a.yaml", "b.yaml"):
        path = os.path.join(tmp, name)
        with open(path, "w") as fh:
            fh.write(ROOT.replace("schemas.yaml", "shared.yaml"))
        roots.append(path)
    first = _views(_run(roots))
    with open(roots[1], "a") as fh:  # one root changes: one hit, one miss
        fh.write("    trace:\n      responses: {'200': {description: ok}}\n")
    mixed = _run(roots)
    resultcache.configure(None)
    assert _views(mixed) == _views(_run(roots))
    assert first != _views(mixed)
    assert [f.rule for f in mixed.suppressed] == ["resolvable-refs"]
    unused = [f for f in mixed.findings if f.rule == "unused-suppression"]
    assert len(unused) == 1
    assert os.path.basename(unused[0].file) == "shared.yaml"


@pytest.mark.skipif(not batch.can_fork(), reason="the pool needs fork")
def test_pooled_warm_run_equals_a_serial_fresh_one(
    tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from oaslint.cli import main

    monkeypatch.setenv("OASLINT_CACHE_DIR", os.path.join(str(tmp_path), "c"))
    paths = [os.path.join(RULE_FIXTURES, d) for d in ("https-servers", "closed-objects")]
    paths.append(SAMPLE)
    try:
        outputs = []
        for options in (["-j", "1", "--no-cache"], ["-j", "2"], ["-j", "2"], ["-j", "1"]):
            for fmt in ("json", "compliance"):
                main([*paths, *options, "-f", fmt, "--fail-on", "never"])
                outputs.append(capsys.readouterr().out)
        assert json.loads(outputs[0])["findings"]
        assert outputs[0::2] == [outputs[0]] * 4
        assert outputs[1::2] == [outputs[1]] * 4
        assert _entries(os.path.join(str(tmp_path), "c"))
    finally:
        resultcache.configure(None)


def test_no_cache_writes_no_entry(
    tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from oaslint.cli import main

    folder = os.path.join(str(tmp_path), "c")
    monkeypatch.setenv("OASLINT_CACHE_DIR", folder)
    try:
        main([SAMPLE, "--no-cache", "-o", os.devnull])
        assert not os.path.exists(folder)
        main([SAMPLE, "-o", os.devnull])
        assert _entries(folder)
    finally:
        resultcache.configure(None)


def test_size_is_bounded(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resultcache, "MAX_BYTES", 6000)
    _run([os.path.join(RULE_FIXTURES, d) for d in ("bounded-strings", "closed-objects")])
    total = sum(os.path.getsize(p) for p in _entries(store))
    assert 0 < total <= 6000


def test_the_folder_must_be_private(tmp_path: os.PathLike[str]) -> None:
    base = os.path.join(str(tmp_path), "open")
    os.makedirs(base)
    os.chmod(base, 0o755)
    assert not resultcache.ResultCache(base).usable
    resultcache.configure(base)
    try:
        _run([SAMPLE])
        assert _entries(base) == []
    finally:
        resultcache.configure(None)


def test_every_field_of_a_part_and_the_state_has_a_codec() -> None:
    from dataclasses import fields

    assert tuple(f.name for f in fields(LintResult)) == resultcache.PART_FIELDS
    assert batch.ACCUMULATORS == resultcache.STATE_KEYS


def test_a_copy_elsewhere_is_its_own_entry(store: str, tmp_path: os.PathLike[str]) -> None:
    src = os.path.join(RULE_FIXTURES, "https-servers", "bad.yaml")
    one = os.path.join(str(tmp_path), "one.yaml")
    two = os.path.join(str(tmp_path), "two.yaml")
    shutil.copy(src, one)
    shutil.copy(src, two)
    a = _run([one])
    b = _run([two])
    assert len(_entries(store)) == 2
    assert a.findings
    assert all(os.path.basename(f.file) == "one.yaml" for f in a.findings)
    assert [f.rule for f in a.findings] == [f.rule for f in b.findings]
    assert {f.file for f in b.findings} != {f.file for f in a.findings}


def test_what_the_codec_does_not_know_is_not_stored(store: str) -> None:
    from oaslint.baseline import BaselineOutcome

    cache_ = resultcache.active()
    assert cache_ is not None
    part = LintResult(baseline=BaselineOutcome("b.json", 0, 0))
    cache_.put("k" * 64, [("read", "x", "1", "False", "d")], part, {})
    cache_.put("j" * 64, [("read", "x", "1", "False", "d")], LintResult(), {"other": []})
    assert _entries(store) == []
    with pytest.raises(ValueError):
        resultcache.encode(LintResult(), {"other": []})
    # the pool sends what the codec cannot encode as it is
    sent = batch._pack(3, part, {})
    assert sent == (3, part, {})
    assert batch._unpack(sent) == (3, part, {})
    encoded = batch._pack(4, LintResult(files=1), batch.take_state(Linter(all_rules())))
    assert isinstance(encoded[1], bytes)
    assert batch._unpack(encoded)[1] == LintResult(files=1)


def test_a_failed_write_leaves_no_entry_and_no_temporary_file(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    result = _run([SAMPLE])
    assert result.findings
    monkeypatch.undo()
    folder = glob.glob(os.path.join(store, "results-*"))
    assert folder and os.listdir(folder[0]) == []

    import tempfile

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert _views(_run([SAMPLE])) == _views(result)
    assert _entries(store) == []


def test_an_entry_whose_recorded_path_is_invalid_misses(store: str) -> None:
    import marshal

    paths = [os.path.join(RULE_FIXTURES, "https-servers", "bad.yaml")]
    fresh = _views(_run(paths))
    (entry,) = _entries(store)
    with open(entry, "rb") as fh:
        fmt, recorded, part, state = marshal.loads(fh.read())
    with open(entry, "wb") as fh:
        fh.write(marshal.dumps((fmt, [*recorded, ("real", "bad\0path", "x")], part, state)))
    assert _views(_run(paths)) == fresh


def test_no_key_without_a_readable_configuration_or_plugin_code(
    store: str, tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from oaslint.config import Config

    gone = Linter(all_rules(), Config(path=os.path.join(str(tmp_path), "gone.yaml")))
    assert resultcache._run_key(gone) is None
    assert resultcache._stamp(os.path.join(str(tmp_path), "gone.py")) is None
    assert resultcache._tree(os.path.join(str(tmp_path), "nowhere")) == [
        (os.path.join(str(tmp_path), "nowhere"), "unreadable")
    ]
    os.makedirs(os.path.join(str(tmp_path), "pkg", "__pycache__"))
    with open(os.path.join(str(tmp_path), "pkg", "__pycache__", "x.pyc"), "w") as fh:
        fh.write("x")
    assert resultcache._tree(os.path.join(str(tmp_path), "pkg")) == []

    import importlib.util

    def broken(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(importlib.util, "find_spec", broken)
    assert resultcache._module_stamp("jsonschema_rs") is None
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert resultcache._module_stamp("jsonschema_rs") is None
