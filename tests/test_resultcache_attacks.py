"""The result cache attacked: ways a hit could report something a fresh run does not
(stale code, a transient rule crash, a reused linter id), and entries that are not
what the cache wrote (a FIFO, an oversized file, values of the wrong type)."""

from __future__ import annotations

import glob
import marshal
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from oaslint import resultcache
from oaslint.config import Config
from oaslint.engine import Linter, Target
from oaslint.model import Location, Severity
from oaslint.registry import all_rules
from oaslint.result import LintResult
from oaslint.rules.base import Rule, RuleContext, RuleMeta
from tests.test_resultcache import RULE_FIXTURES, SAMPLE, _views

pytestmark = pytest.mark.result_cache


@pytest.fixture
def store(tmp_path: os.PathLike[str]) -> Iterator[str]:
    folder = os.path.join(str(tmp_path), "cache")
    resultcache.configure(folder)
    yield folder
    resultcache.configure(None)


def _entries(folder: str) -> list[str]:
    return sorted(glob.glob(os.path.join(folder, "results-*", "*.result")))


def _run(paths: list[str], rules: list[Rule] | None = None, **kw: Any) -> LintResult:
    return Linter(rules or all_rules(), **kw).lint_paths(paths, jobs=1)


def _meta(rule_id: str) -> RuleMeta:
    return RuleMeta(
        id=rule_id,
        title="x",
        severity=Severity.WARNING,
        references=("house rule",),
        description="d",
        rationale="r",
        bad_example="b",
        good_example="g",
    )


def test_a_rule_crash_is_not_repeated_from_the_cache(store: str) -> None:
    """An internal-error finding (a rule that raised, e.g. MemoryError) is a crash like
    a time limit: the next run lints again instead of reporting the old crash."""
    calls: list[int] = []

    def check(ctx: RuleContext) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise MemoryError("transient")
        ctx.report(Location(ctx.index.document.root.path, "/info"), "fine")

    check.__module__ = __name__
    rule = Rule(_meta("flaky-x"), check, origin="dist")
    first = _run([SAMPLE], [*all_rules(), rule])
    assert "internal-error" in {f.rule for f in first.findings}
    second = _run([SAMPLE], [*all_rules(), rule])
    assert "internal-error" not in {f.rule for f in second.findings}
    assert [f.message for f in second.findings if f.rule == "flaky-x"] == ["fine"]


def test_a_new_linter_at_a_dead_linters_id_has_its_own_run_key(store: str) -> None:
    """The run key was memoised by ``id(linter)``: CPython reuses the id of a freed
    linter, so a library caller (an editor, a server) making a linter per request
    with another configuration got the first configuration's results."""
    cache = resultcache.active()
    assert cache is not None
    rules = all_rules()
    ignoring = Config(ignore=("https-servers",))
    other: Linter | None = None
    keep: list[Linter] = []
    for _ in range(5):
        first = Linter(rules)
        found = [f.rule for f in first.lint_paths([SAMPLE], jobs=1).findings]
        assert "https-servers" in found
        dead = id(first)
        del first  # its id is free again: CPython soon gives it to a new object
        for _ in range(300):
            candidate = Linter(rules, ignoring)
            if id(candidate) == dead:
                other = candidate
                break
            keep.append(candidate)
        if other is not None:
            break
    if other is None:
        pytest.skip("CPython did not reuse the linter's id here")
    result = other.lint_paths([SAMPLE], jobs=1)
    assert all(f.rule != "https-servers" for f in result.findings)


def test_a_code_file_edited_within_its_mtime_and_size_changes_the_stamp(
    tmp_path: os.PathLike[str],
) -> None:
    """Same size and the same modification time (``cp -p``, ``rsync -a``, a Docker
    layer, Nix's mtime 1, a coarse clock): the content decides."""
    folder = os.path.join(str(tmp_path), "pkg")
    os.makedirs(folder)
    path = os.path.join(folder, "rule.py")
    with open(path, "w") as fh:
        fh.write("LIMIT = 1\n")
    st = os.stat(path)
    before = resultcache._tree(folder, content=True)
    with open(path, "w") as fh:
        fh.write("LIMIT = 9\n")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert resultcache._tree(folder, content=True) != before


def test_the_bundled_openapi_schemas_are_part_of_the_code_stamp(
    tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """valid-openapi validates against openapi-spec-validator's schema files: a
    changed schema (an upgrade) must not read back the old verdicts."""
    import importlib.machinery
    import types

    package = os.path.join(str(tmp_path), "openapi_spec_validator")
    schema = os.path.join(package, "resources", "schemas", "v3.0", "schema.json")
    os.makedirs(os.path.dirname(schema))
    with open(os.path.join(package, "__init__.py"), "w") as fh:
        fh.write("")
    with open(schema, "w") as fh:
        fh.write('{"type": "object"}')
    fake = types.ModuleType("openapi_spec_validator")
    spec = importlib.machinery.ModuleSpec("openapi_spec_validator", None, is_package=True)
    spec.submodule_search_locations = [package]
    spec.origin = os.path.join(package, "__init__.py")
    fake.__spec__ = spec
    monkeypatch.setitem(sys.modules, "openapi_spec_validator", fake)
    linter = Linter(all_rules())
    before = resultcache._run_key(linter)
    with open(schema, "w") as fh:
        fh.write('{"type": "array"}')
    assert resultcache._run_key(linter) != before


HELPER_RULE = """\
from oaslint.model import Location, Severity
from oaslint.rules.base import Rule, RuleMeta
from rcattack_plugin.helper import WORD


def check(ctx):
    ctx.report(Location(ctx.index.document.root.path, "/info"), "plugin says " + WORD)


META = RuleMeta(
    id="plugin-y",
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


def _helper_plugin(tmp: str, word: str) -> Rule:
    import importlib

    package = os.path.join(tmp, "rcattack_plugin")
    os.makedirs(package, exist_ok=True)
    for name, body in (
        ("__init__.py", ""),
        ("rule.py", HELPER_RULE),
        ("helper.py", f"WORD = {word!r}\n"),
    ):
        if name != "helper.py" and os.path.exists(os.path.join(package, name)):
            continue  # only the helper is edited
        with open(os.path.join(package, name), "w") as fh:
            fh.write(body)
    for name in ("rcattack_plugin.rule", "rcattack_plugin.helper", "rcattack_plugin"):
        sys.modules.pop(name, None)
    importlib.invalidate_caches()
    rule: Rule = importlib.import_module("rcattack_plugin.rule").RULE
    return rule


def test_a_plugin_helper_module_edited_misses(
    store: str, tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plugin rule's behaviour lives in its whole package, not only in the module
    that defines ``check``."""
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        one = _helper_plugin(str(tmp_path), "one")
        first = _run([SAMPLE], [*all_rules(), one])
        assert [f.message for f in first.findings if f.rule == "plugin-y"] == ["plugin says one"]
        two = _helper_plugin(str(tmp_path), "two-and-longer")
        second = _run([SAMPLE], [*all_rules(), two])
        assert [f.message for f in second.findings if f.rule == "plugin-y"] == [
            "plugin says two-and-longer"
        ]
    finally:
        for name in ("rcattack_plugin.rule", "rcattack_plugin.helper", "rcattack_plugin"):
            sys.modules.pop(name, None)


def _entry_path(store: str) -> str:
    cache = resultcache.active()
    assert cache is not None
    key = cache.key(Linter(all_rules()), Target(SAMPLE, True), False)
    assert key is not None
    return os.path.join(cache.directory, key + resultcache.SUFFIX)


def test_an_entry_that_is_a_fifo_is_not_opened(store: str) -> None:
    """A FIFO (a cache folder restored from a tar archive, say) at an entry's name:
    opening it blocks until a writer comes. The run must not wait."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fresh = _views(_run([SAMPLE]))
    entry = _entry_path(store)
    os.unlink(entry)
    os.mkfifo(entry)
    out: list[LintResult] = []
    worker = threading.Thread(target=lambda: out.append(_run([SAMPLE])), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # let the blocked open go, then fail
        fd = os.open(entry, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        worker.join(20)
        pytest.fail("the run blocked on a FIFO in the cache folder")
    assert _views(out[0]) == fresh


def test_an_oversized_entry_is_not_read(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = _views(_run([SAMPLE]))
    entry = _entry_path(store)
    size = os.path.getsize(entry)
    monkeypatch.setattr(resultcache, "MAX_BYTES", size - 1)
    read: list[int] = []
    real_get = resultcache.ResultCache.get

    def counting_get(self: resultcache.ResultCache, key: str) -> Any:
        outcome = real_get(self, key)
        read.append(outcome is not None)
        return outcome

    monkeypatch.setattr(resultcache.ResultCache, "get", counting_get)
    assert _views(_run([SAMPLE])) == fresh
    assert read == [False]


def _forgeries(part: dict[str, Any], state: dict[str, Any]) -> list[tuple[Any, Any]]:
    f0 = part["findings"][0]

    def finding(i: int, value: Any) -> dict[str, Any]:
        changed = list(f0)
        changed[i] = value
        return {**part, "findings": [tuple(changed), *part["findings"][1:]]}

    run0 = state["rule_runs"][0]
    return [
        (finding(0, 7), state),  # file
        (finding(1, "1"), state),  # line
        (finding(2, None), state),  # column
        (finding(3, b"https-servers"), state),  # rule
        (finding(4, 3.5), state),  # message
        (finding(6, 1), state),  # pointer
        (finding(7, "9"), state),  # end line
        (finding(9, ("a", 1)), state),  # references
        (finding(10, (("f", 1, 1, 1, 1, 2),)), state),  # related
        (finding(11, "yes"), state),  # aggregate
        (finding(12, None), state),  # key
        ({**part, "files": "1"}, state),
        ({**part, "files": True}, state),
        ({**part, "linted_files": [1]}, state),
        ({**part, "rules": [None]}, state),
        ({**part, "documents": [(1, "t", "v", ())]}, state),
        ({**part, "documents": [("p", "t", "v", (1,))]}, state),
        (part, {**state, "rule_runs": [(1, *run0[1:])]}),
        (part, {**state, "rule_runs": [(*run0[:3], "many", *run0[4:])]}),
        ({**part, "errors": [("f", 1)]}, state),
        ({**part, "suppression_reasons": [(f0, 1)]}, state),
        (part, {**state, "_used_suppressions": [("a", "b", None, "x")]}),
        (part, {**state, "_unused_suppressions": [(f0, ("a", "b", None))]}),
        (part, {**state, "suppression_reasons": [(f0, None)]}),
    ]


def test_forged_entries_of_the_wrong_types_are_misses(store: str) -> None:
    """An entry whose values decode but have the wrong types (a hand-crafted or
    restored cache folder) is a miss, never a traceback or a forged report."""
    fresh = _views(_run([SAMPLE]))
    entry = _entry_path(store)
    with open(entry, "rb") as fh:
        fmt, recorded, part, state = marshal.loads(fh.read())
    for forged_part, forged_state in _forgeries(part, state):
        with open(entry, "wb") as fh:
            fh.write(marshal.dumps((fmt, recorded, forged_part, forged_state)))
        assert _views(_run([SAMPLE])) == fresh


def test_a_forged_recorded_read_is_not_followed(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hit re-does every read its entry records, with the entry's limit: an entry
    naming a limit past the loader's own (or a path that is no string) is a miss, and
    the check never reads more than the loader would."""
    from oaslint.loader import source

    fresh = _views(_run([SAMPLE]))
    entry = _entry_path(store)
    with open(entry, "rb") as fh:
        fmt, recorded, part, state = marshal.loads(fh.read())
    limits: list[int] = []
    real_read = source.read_bytes_unrecorded

    def spy(path: str, limit: int = source.MAX_BYTES, *, head: bool = False) -> bytes:
        # the cache entries themselves (result, parse) have their own bounds
        if not str(path).endswith((resultcache.SUFFIX, ".parse")):
            limits.append(limit)
        return real_read(path, limit, head=head)

    monkeypatch.setattr(source, "read_bytes_unrecorded", spy)
    for forged in (
        [(*item[:2], str(10**12), *item[3:]) if item[0] == "read" else item for item in recorded],
        [(*item[:2], "-1", *item[3:]) if item[0] == "read" else item for item in recorded],
        [(item[0], 3, *item[2:]) if item[0] == "read" else item for item in recorded],
    ):
        with open(entry, "wb") as fh:
            fh.write(marshal.dumps((fmt, forged, part, state)))
        assert _views(_run([SAMPLE])) == fresh
    assert limits and max(limits) <= source.MAX_BYTES
    assert min(limits) >= 0


def test_the_folder_is_not_rescanned_after_every_entry(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trimming scans the whole folder: once per entry made a cold run over many
    documents quadratic. Once at the first entry, then per sixteenth of the bound."""
    from oaslint.loader import cache

    scans: list[str] = []
    real_trim = cache.trim
    monkeypatch.setattr(cache, "trim", lambda *a: (scans.append(a[0]), real_trim(*a)))
    _run([RULE_FIXTURES])
    assert len(_entries(store)) > 100
    mine = [d for d in scans if os.path.basename(d).startswith("results-")]
    assert len(mine) == 1  # the bound itself: test_resultcache.test_size_is_bounded


PARTIAL_RULE = """\
import functools

from oaslint.model import Location, Severity
from oaslint.rules.base import Rule, RuleMeta


def say(word, ctx):
    ctx.report(Location(ctx.index.document.root.path, "/info"), "partial says " + word)


META = RuleMeta(
    id="plugin-z",
    title="x",
    severity=Severity.WARNING,
    references=("house rule",),
    description="d",
    rationale="r",
    bad_example="b",
    good_example="g",
)
RULE = Rule(META, functools.partial(say, "{n}"), origin="plugin-dist")
"""


def test_a_plugin_rule_made_with_partial_is_stamped_by_its_own_module(
    store: str, tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``functools.partial(check, ...)`` reports the module ``functools``: the code
    stamp must follow the wrapped function to the plugin's module."""
    import importlib

    monkeypatch.syspath_prepend(str(tmp_path))
    path = os.path.join(str(tmp_path), "rcattack_partial.py")
    try:
        messages = []
        for word in ("one", "two-and-longer"):
            with open(path, "w") as fh:
                fh.write(PARTIAL_RULE.replace("{n}", word))
            sys.modules.pop("rcattack_partial", None)
            importlib.invalidate_caches()
            rule: Rule = importlib.import_module("rcattack_partial").RULE
            result = _run([SAMPLE], [*all_rules(), rule])
            messages += [f.message for f in result.findings if f.rule == "plugin-z"]
        assert messages == ["partial says one", "partial says two-and-longer"]
    finally:
        sys.modules.pop("rcattack_partial", None)


def test_temporaries_left_by_a_killed_process_are_swept(store: str) -> None:
    """A process killed between writing an entry and renaming it leaves a ``.tmp``
    file that the size bound (``*.result``) never counts: an hour old, it goes."""
    _run([SAMPLE])
    (entry,) = _entries(store)
    folder = os.path.dirname(entry)
    old = os.path.join(folder, "killed.tmp")
    new = os.path.join(folder, "writing.tmp")
    for path in (old, new):
        with open(path, "wb") as fh:
            fh.write(b"x" * 1000)
    os.utime(old, (0, 0))
    os.unlink(entry)
    resultcache.configure(store)  # a new run: its first entry sweeps
    _run([SAMPLE])
    assert not os.path.exists(old)
    assert os.path.exists(new)  # maybe another process's entry being written
