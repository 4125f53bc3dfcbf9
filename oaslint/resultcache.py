"""A result cache for re-runs: one root document's whole outcome, reused while
nothing it depends on changed (issue 14).

The parse cache (:mod:`oaslint.loader.cache`) saves the YAML parse of a re-run;
the rules, the locating and the settling still run (Stripe warm: ~0.5 s). A
pre-commit hook, an editor or a CI job with a cached folder mostly lints documents
that did not change since the last run with the same configuration: this cache
stores what linting one root document produced (its part of the result and the
per-run state the engine gathered: the very values a pool worker sends back,
:mod:`oaslint.batch`) and reads it back when **every input is the same**:

* **the code**: oaslint's version and every file of the ``oaslint`` package (path
  and content digest: an edited checkout never reads an older result, even when the
  edit kept size and modification time), every file of the top-level package of each
  rule from a plugin, by content (helpers too; a rule whose code cannot be found
  turns the cache off for the run), jsonschema-rs, ruamel.yaml and its C parser,
  jsonpath-ng and openapi-spec-validator's schema files (size, modification time),
  the Python version;
* **the configuration**: the configuration file's bytes, and every setting the
  command line changes (``select``, ``ignore``, ``aggregate``, ``ref_roots``) or
  that selects rules and their options;
* **the document**: the working directory (findings show paths relative to it),
  the target as given, its real path and reference boundary, and every file the
  loader read or failed to read for it (root, ``$ref``-ed files, missing ones:
  :mod:`oaslint.loader.deps` records each read's bytes digest or error, and each
  ``$ref`` path's real path). A hit re-reads and re-resolves each of them.

Not cached: standard input, runs with ``--allow-remote`` (a remote file may change
behind the same URL), and any document whose outcome holds a file error (a time
limit, a crash) or a rule's crash (``internal-error``: a MemoryError met once is not
to be repeated). Entries live in the parse cache's private folder (same rules:
created 0700, used only when owned by the user and closed to others, written
atomically, ``--no-cache`` turns both off, the least recently used removed past
the size bound) and are ``marshal`` data (no code, no objects) decoded into the
result classes by the functions below; an entry that does not decode, is not a
regular file, is past the size bound, holds values of other types than these
functions write, or records a read past the loader's own limit is ignored and
rewritten. A hit gives exactly the values a fresh run gives
(``tests/test_resultcache.py`` compares the JSON, SARIF and compliance output).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import sys
import weakref
from collections.abc import Iterator
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from oaslint.loader import deps
from oaslint.model import FileError, Finding, Related, Severity
from oaslint.result import DocumentInfo, LintResult, RuleRun

if TYPE_CHECKING:
    from oaslint.engine import Linter, Target

FORMAT = 1
SUFFIX = ".result"
MAX_BYTES = 128 * 1024 * 1024  # entries are small: Stripe's is ~0.5 MB

# LintResult fields a document's part holds, and the linter's per-run state (the
# accumulators of oaslint.batch): a field added to either without a codec here turns
# caching off (and tests/test_resultcache.py fails).
PART_FIELDS = (
    "findings",
    "errors",
    "files",
    "linted_files",
    "rules",
    "suppressed",
    "baseline",
    "rule_runs",
    "documents",
    "suppression_reasons",
)
STATE_KEYS = (
    "suppressed",
    "_used_suppressions",
    "_unused_suppressions",
    "rule_runs",
    "suppression_reasons",
)


class ResultCache:
    """Entries ``<key>.result`` in one private folder beside the parse cache's."""

    def __init__(self, base: str) -> None:
        from oaslint import __version__
        from oaslint.loader.cache import _private_dir

        minor = f"py{sys.version_info[0]}{sys.version_info[1]}"
        self.directory = os.path.join(base, f"results-{__version__}-f{FORMAT}-{minor}")
        self.usable = _private_dir(base) and _private_dir(self.directory)
        self._unswept = -1  # bytes written since this process last trimmed (-1: never)
        # id(linter) -> (the linter, its key): a freed linter's id is soon another's
        self._run_keys: dict[int, tuple[weakref.ref[Linter], str | None]] = {}

    # -- keys ------------------------------------------------------------
    def run_key(self, linter: Linter) -> str | None:
        """What the code and configuration of ``linter`` contribute to every key."""
        known = self._run_keys.get(id(linter))
        if known is not None and known[0]() is linter:
            return known[1]
        key = _run_key(linter)
        self._run_keys[id(linter)] = (weakref.ref(linter), key)
        return key

    def key(self, linter: Linter, target: Target, skip: bool) -> str | None:
        """The key of one target, or None when its outcome is not to be cached."""
        if not self.usable or target.path == "-" or linter.config.allow_remote:
            return None
        run = self.run_key(linter)
        if run is None:
            return None
        from oaslint.loader.boundary import boundary_for, scan_allowed

        parts: list[Any] = [
            run,
            os.getcwd(),
            target.path,
            target.explicit,
            skip,
            os.path.realpath(target.path),
            boundary_for(target.path, linter.config.ref_roots),
            target.explicit or scan_allowed(target.path, linter.config.ref_roots),
        ]
        return _hash(repr(parts))

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, key + SUFFIX)

    # -- entries ---------------------------------------------------------
    def get(self, key: str) -> tuple[LintResult, dict[str, Any]] | None:
        from oaslint.loader.source import read_bytes_unrecorded

        path = self._path(key)
        try:
            # a regular file, opened non-blocking, bounded: a FIFO or a huge file put
            # in the folder (a restored cache archive) neither blocks nor fills memory
            raw = read_bytes_unrecorded(path, MAX_BYTES)
            fmt, recorded, part, state = marshal.loads(raw)
            if fmt != FORMAT or not _unchanged(recorded):
                return None
            outcome = _decode_part(part), _decode_state(state)
            if not (_valid_part(outcome[0]) and _valid_state(outcome[1])):
                return None  # values of other types: not written by put
        except Exception:  # missing, stale or damaged: linted again and rewritten
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used
        return outcome

    def put(
        self, key: str, recorded: list[tuple[str, ...]], part: LintResult, state: dict[str, Any]
    ) -> None:
        from oaslint.engine import INTERNAL_ERROR

        if part.errors or not recorded:
            return  # a time limit or a crash is not an outcome to repeat
        if any(r.error is not None for r in part.rule_runs) or any(
            f.rule == INTERNAL_ERROR for f in part.findings
        ):
            return  # nor a rule that crashed (MemoryError, a bug met once)
        try:
            raw = marshal.dumps((FORMAT, recorded, _encode_part(part), _encode_state(state)))
        except (ValueError, TypeError):
            return
        from oaslint.loader import cache

        if not cache.write_atomically(self.directory, self._path(key), raw):
            return
        # Trimming scans the whole folder: after every entry, a cold run over n
        # documents cost O(n^2) stats (5,000 entries: 14 ms a put, ~35 s in all).
        # Once at a process's first entry, then per sixteenth of the bound written.
        if self._unswept >= 0 and self._unswept + len(raw) < MAX_BYTES // 16:
            self._unswept += len(raw)
            return
        self._unswept = 0
        _sweep_temporaries(self.directory)
        cache.trim(self.directory, SUFFIX, MAX_BYTES)


STALE_TMP_SECONDS = 3600


def _sweep_temporaries(directory: str) -> None:
    """Remove ``*.tmp`` files an hour old: a process killed (out of memory) between
    writing an entry and renaming it leaves one, which trim (``*.result``) never counts."""
    import time

    limit = time.time() - STALE_TMP_SECONDS
    try:
        with os.scandir(directory) as it:
            for entry in it:
                if entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        if entry.stat(follow_symlinks=False).st_mtime < limit:
                            os.unlink(entry.path)
    except OSError:
        return


@contextlib.contextmanager
def recording() -> Iterator[list[tuple[str, ...]]]:
    """Record the loader's reads and real paths (one document at a time)."""
    previous = deps.recorder
    recorded: list[tuple[str, ...]] = []
    deps.recorder = recorded
    try:
        yield recorded
    finally:
        deps.recorder = previous


def _unchanged(recorded: Any) -> bool:
    """Whether every read and real path recorded for an entry is still the same."""
    from oaslint.loader.source import MAX_BYTES as MAX_READ
    from oaslint.loader.source import LoadError, read_bytes_unrecorded

    if not isinstance(recorded, list) or not recorded:
        return False
    for item in recorded:
        if type(item) is not tuple or not _strs(item):
            return False
        if item[0] == "read":
            _, path, limit, head, outcome = item
            # never more than the loader reads, whatever an entry says (read_bytes'
            # callers in oaslint.loader.source pass their limits, all at most MAX_READ)
            if not limit.isdigit() or int(limit) > MAX_READ or head not in ("True", "False"):
                return False
            try:
                now = deps.digest(read_bytes_unrecorded(path, int(limit), head=head == "True"))
            except LoadError as exc:
                now = deps.outcome_of(exc)
        elif item[0] == "real":
            _, path, outcome = item
            try:
                now = os.path.realpath(path)
            except (OSError, ValueError):
                return False
        else:
            return False
        if now != outcome:
            return False
    return True


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=32).hexdigest()


def _run_key(linter: Linter) -> str | None:
    from oaslint import __version__

    config = linter.config
    parts: list[Any] = [__version__, FORMAT, sys.version, sys.implementation.name]
    package = os.path.dirname(os.path.abspath(__file__))
    parts.append(_tree(package, content=True))
    for name in ("jsonschema_rs", "ruamel.yaml", "_ruamel_yaml", "jsonpath_ng"):
        parts.append((name, _module_stamp(name)))
    parts.append(_openapi_schemas())  # what valid-openapi validates against
    plugins: dict[str, Any] = {}
    for rule in linter.rules:
        check: Any = rule.check
        while isinstance(check, functools.partial):  # functools' module is not its code
            check = check.func
        module = getattr(check, "__module__", None)
        file = getattr(sys.modules.get(module or ""), "__file__", None)
        if not file:
            return None  # a rule whose code cannot be stamped: not cached
        real = os.path.abspath(file)
        if not real.startswith(package + os.sep):
            top = (module or "").partition(".")[0]
            if top not in plugins:
                plugins[top] = _plugin_stamp(top, real)
            if plugins[top] is None:
                return None
            parts.append((rule.meta.id, rule.origin, top))
        parts.append((rule.meta.id, rule.origin, rule.family))
    parts.append(sorted(plugins.items()))
    parts.append([(r.meta.id, int(s), repr(o)) for r, s, o in linter.active])
    parts.append(sorted(linter.globally_enabled))
    config_bytes = ""
    if config.path:
        from oaslint.loader.source import LoadError, read_bytes_unrecorded

        try:
            config_bytes = deps.digest(read_bytes_unrecorded(config.path))
        except LoadError:
            return None
    parts.extend(
        [
            config.path,
            config_bytes,
            config.select,
            config.ignore,
            config.aggregate,
            config.ref_roots,
            config.base_dir,
            repr(config.rules),
            repr(config.overrides),
            sorted(config.extra),
        ]
    )
    return _hash(repr(parts))


def _stamp(path: str) -> tuple[str, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (path, st.st_size, st.st_mtime_ns)


def _module_stamp(name: str) -> Any:
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    if spec.submodule_search_locations:  # a package: its compiled parts too
        return [_tree(folder) for folder in spec.submodule_search_locations]
    return _stamp(spec.origin)


def _openapi_schemas() -> Any:
    """The schema files of openapi-spec-validator (read by valid-openapi, never imported)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("openapi_spec_validator")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return [
        _tree(os.path.join(folder, "resources", "schemas"))
        for folder in spec.submodule_search_locations
    ]


MAX_PLUGIN_FILES = 5000


def _plugin_stamp(top: str, file: str) -> Any:
    """A plugin rule's code: every file of its top-level package (helpers and data
    files too, by content), or its module file alone; None when it cannot be told."""
    folders = getattr(sys.modules.get(top), "__path__", None)
    if not folders:
        return _tree_files([file], content=True)
    out = [_tree(folder, content=True) for folder in folders]
    if sum(len(t) for t in out) > MAX_PLUGIN_FILES:
        return None  # not a plugin's package (a whole environment?): not cached
    return out


MAX_HASHED = 1 << 20  # bytes; a larger file is stamped by size and modification time


def _tree(folder: str, content: bool = False) -> list[Any]:
    """Every file under ``folder``: name, size and modification time, or with
    ``content`` the digest of each file of at most :data:`MAX_HASHED` bytes (an
    edit that keeps the size and the time: ``cp -p``, ``rsync -a``, image layers,
    Nix's fixed timestamps, a coarse clock)."""
    files: list[str] = []
    out: list[Any] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as it:
                for entry in it:
                    if entry.name == "__pycache__":
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    else:
                        files.append(entry.path)
        except OSError:
            out.append((current, "unreadable"))
        if len(files) > MAX_PLUGIN_FILES:
            out.append((folder, "too many files"))
            break
    out.extend(_tree_files(files, content))
    out.sort(key=repr)
    return out


def _tree_files(files: list[str], content: bool) -> list[Any]:
    from oaslint.loader.source import LoadError, read_bytes_unrecorded

    out: list[Any] = []
    for path in files:
        try:
            st = os.stat(path, follow_symlinks=False)
        except OSError:
            out.append((path, "missing"))
            continue
        if content and st.st_size <= MAX_HASHED:
            try:
                out.append((path, deps.digest(read_bytes_unrecorded(path, MAX_HASHED))))
                continue
            except LoadError:
                pass
        out.append((path, st.st_size, st.st_mtime_ns))
    return out


# -- codecs: the result classes as marshal data, and back ------------------------
def _finding(f: Finding) -> tuple[Any, ...]:
    return (
        f.file,
        f.line,
        f.column,
        f.rule,
        f.message,
        int(f.severity),
        f.pointer,
        f.end_line,
        f.end_column,
        tuple(f.references),
        tuple((r.file, r.line, r.column, r.end_line, r.end_column, r.pointer) for r in f.related),
        f.aggregate,
        f.key,
    )


def _unfinding(t: Any) -> Finding:
    (file, line, column, rule, message, sev, pointer, end_line, end_column, refs, rel, agg, key) = t
    return Finding(
        file,
        line,
        column,
        rule,
        message,
        Severity(sev),
        pointer,
        end_line,
        end_column,
        tuple(refs),
        tuple(Related(*r) for r in rel),
        agg,
        key,
    )


def _run(r: RuleRun) -> tuple[Any, ...]:
    return tuple(getattr(r, f.name) for f in fields(RuleRun))


def _encode_part(part: LintResult) -> dict[str, Any]:
    if tuple(f.name for f in fields(LintResult)) != PART_FIELDS or part.baseline is not None:
        raise ValueError("a result this cache does not know how to store")
    return {
        "findings": [_finding(f) for f in part.findings],
        "errors": [(e.file, e.message) for e in part.errors],
        "files": part.files,
        "linted_files": list(part.linted_files),
        "rules": list(part.rules),
        "suppressed": [_finding(f) for f in part.suppressed],
        "rule_runs": [_run(r) for r in part.rule_runs],
        "documents": [(d.path, d.title, d.version, tuple(d.files)) for d in part.documents],
        "suppression_reasons": [(_finding(f), r) for f, r in part.suppression_reasons.items()],
    }


def _decode_part(raw: Any) -> LintResult:
    return LintResult(
        findings=[_unfinding(t) for t in raw["findings"]],
        errors=[FileError(file, message) for file, message in raw["errors"]],
        files=int(raw["files"]),
        linted_files=list(raw["linted_files"]),
        rules=list(raw["rules"]),
        suppressed=[_unfinding(t) for t in raw["suppressed"]],
        rule_runs=[RuleRun(*t) for t in raw["rule_runs"]],
        documents=[DocumentInfo(p, t, v, tuple(fs)) for p, t, v, fs in raw["documents"]],
        suppression_reasons={_unfinding(f): r for f, r in raw["suppression_reasons"]},
    )


def _encode_state(state: dict[str, Any]) -> dict[str, Any]:
    if tuple(state) != STATE_KEYS:
        raise ValueError("linter state this cache does not know how to store")
    return {
        "suppressed": [_finding(f) for f in state["suppressed"]],
        "_used_suppressions": list(state["_used_suppressions"]),
        "_unused_suppressions": [
            (_finding(f), d) for f, d in state["_unused_suppressions"].items()
        ],
        "rule_runs": [_run(r) for r in state["rule_runs"]],
        "suppression_reasons": [(_finding(f), r) for f, r in state["suppression_reasons"].items()],
    }


def _decode_state(raw: Any) -> dict[str, Any]:
    return {
        "suppressed": [_unfinding(t) for t in raw["suppressed"]],
        "_used_suppressions": {tuple(t) for t in raw["_used_suppressions"]},
        "_unused_suppressions": {_unfinding(f): tuple(d) for f, d in raw["_unused_suppressions"]},
        "rule_runs": [RuleRun(*t) for t in raw["rule_runs"]],
        "suppression_reasons": {_unfinding(f): r for f, r in raw["suppression_reasons"]},
    }


# -- an entry's values, checked before they are used (marshal decodes any data) ---
def _strs(values: Any) -> bool:
    return all(type(v) is str for v in values)


def _ints(*values: Any) -> bool:
    return all(type(v) is int for v in values)  # bool is no line number


def _opt(value: Any, kind: type) -> bool:
    return value is None or type(value) is kind


def _valid_finding(f: Any) -> bool:
    return (
        type(f) is Finding
        and _strs((f.file, f.rule, f.message, f.pointer, f.key))
        and _ints(f.line, f.column, f.end_line, f.end_column)
        and type(f.references) is tuple
        and _strs(f.references)
        and type(f.aggregate) is bool
        and type(f.related) is tuple
        and all(
            _strs((r.file, r.pointer)) and _ints(r.line, r.column, r.end_line, r.end_column)
            for r in f.related
        )
    )


def _valid_run(r: Any) -> bool:
    return (
        _strs((r.rule, r.document))
        and type(r.ran) is bool
        and _opt(r.examined, int)
        and _opt(r.unverifiable, str)
        and _ints(r.found, r.suppressed, r.baselined)
        and _opt(r.error, str)
    )


def _valid_directive(d: Any) -> bool:
    return type(d) is tuple and len(d) == 4 and _strs(d[:2]) and _opt(d[2], str) and _ints(d[3])


def _valid_reasons(reasons: dict[Any, Any]) -> bool:
    return all(_valid_finding(f) and type(r) is str for f, r in reasons.items())


def _valid_part(part: LintResult) -> bool:
    return (
        all(_valid_finding(f) for f in part.findings)
        and all(_strs((e.file, e.message)) for e in part.errors)
        and _ints(part.files)
        and _strs(part.linted_files)
        and _strs(part.rules)
        and all(_valid_finding(f) for f in part.suppressed)
        and all(_valid_run(r) for r in part.rule_runs)
        and all(
            _strs((d.path, d.title, d.version)) and type(d.files) is tuple and _strs(d.files)
            for d in part.documents
        )
        and _valid_reasons(part.suppression_reasons)
    )


def _valid_state(state: dict[str, Any]) -> bool:
    return (
        all(_valid_finding(f) for f in state["suppressed"])
        and all(_valid_directive(d) for d in state["_used_suppressions"])
        and all(
            _valid_finding(f) and _valid_directive(d)
            for f, d in state["_unused_suppressions"].items()
        )
        and all(_valid_run(r) for r in state["rule_runs"])
        and _valid_reasons(state["suppression_reasons"])
    )


def encode(part: LintResult, state: dict[str, Any]) -> bytes:
    """One document's outcome as ``marshal`` data (ValueError: a value with no codec)."""
    return marshal.dumps((_encode_part(part), _encode_state(state)))


def decode(raw: bytes) -> tuple[LintResult, dict[str, Any]]:
    part, state = marshal.loads(raw)
    return _decode_part(part), _decode_state(state)


_active: ResultCache | None = None


def configure(directory: str | None) -> None:
    """Use a result cache under ``directory`` (None: none, the library default)."""
    global _active
    _active = ResultCache(directory) if directory else None


def active() -> ResultCache | None:
    return _active
