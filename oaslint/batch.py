"""Both cores on many documents: a process pool over the roots of a run (issue 14).

One root document is one task. Each task runs the engine's own per-document step
(``Linter._lint_one``) on a fresh :class:`~oaslint.result.LintResult` and returns
it together with the per-run state the step accumulated on the linter (suppressed
findings, used and unused suppression identities): plain picklable values, never
a document, index or YAML node. The parent merges the parts **in input order**, so
the rest of ``Linter._lint_paths`` (cross-root dedupe, shared suppressions, sort,
baseline) sees exactly the lists a serial run builds: same findings, same order,
same suppression and baseline semantics (``tests/test_batch.py`` compares them).

Design choices (DESIGN.md 2.5, with one deviation):

* workers are **forked** (Linux, and macOS' fork where it is the default): they
  inherit the linter, its rules and configuration as built by the CLI, so nothing
  is pickled on the way in and custom rules (which hold jsonschema-rs validators)
  need no rebuild. Where fork is not available (Windows) the run stays serial: the
  ``RunPlan`` rebuild in each spawned worker that DESIGN.md sketches is not done yet;
* tasks go out costliest first (the root's bytes, and for a small root those of the
  files below its folder that its ``$ref``s name: the longest task starts first, so two cores
  finish together), one document per task;
* a worker that dies (killed for memory by the system) breaks the pool with an
  exception, never a hang; the documents left unfinished are then linted in the
  parent, as a serial run would;
* every document has a time limit (:mod:`oaslint.timelimit`): an alarm in the
  process that lints it, and in a pool the parent's watch for workers deaf to
  theirs (killed; their documents tried again alone, then a file error);
* the pool is used only when a run has two or more roots and ``jobs`` allows more
  than one process; ``jobs=0`` means one process per core, at most one per root.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from oaslint.result import LintResult

if TYPE_CHECKING:
    from oaslint.engine import Linter, Target
    from oaslint.model import FileError

# Linter attributes that gather per-document facts during a run (merged after a pool
# run); every other attribute is configuration, fixed before the run. A new
# accumulator added to Linter must be listed here: tests/test_batch.py fails until it is.
ACCUMULATORS = (
    "suppressed",
    "_used_suppressions",
    "_unused_suppressions",
    "rule_runs",
    "suppression_reasons",
)
CONFIGURATION = (
    "config",
    "rules",
    "baseline",
    "active",
    "globally_enabled",
    "by_id",
    "ran",
    "jobs",
)

_LINTER: Linter | None = None  # the forked workers' linter (inherited, never pickled)


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask where there is one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    import multiprocessing  # only for runs of several documents (~10 ms to import)

    return "fork" in multiprocessing.get_all_start_methods()


def lint_targets(
    linter: Linter, targets: Sequence[Target], result: LintResult, skip_non_openapi: bool
) -> None:
    """Lint every distinct target into ``result`` (serially or in a pool)."""
    unique: list[Target] = []
    seen: set[str] = set()
    for target in targets:
        key = os.path.realpath(target.path)  # one file under several spellings: once
        if key not in seen:
            seen.add(key)
            unique.append(target)
    jobs = linter.jobs if linter.jobs > 0 else cpu_count()
    jobs = min(jobs, len(unique))
    # a forked worker's standard input is /dev/null (multiprocessing): `-` runs serially
    if jobs < 2 or not can_fork() or any(t.path == "-" for t in unique):
        for target in unique:
            _lint_target(linter, target, result, skip_non_openapi)
        return
    from oaslint import resultcache

    store = resultcache.active()
    if store is not None:
        store.run_key(linter)  # once, inherited by the forked workers
    _pooled(linter, unique, result, skip_non_openapi, jobs)


def _lint_target(linter: Linter, target: Target, result: LintResult, skip: bool) -> None:
    """Lint one target into ``result``, from the result cache when it holds it."""
    from oaslint import resultcache

    store = resultcache.active()
    key = store.key(linter, target, skip) if store is not None else None
    if store is None or key is None:
        _lint_limited(linter, target, result, skip)
        return
    hit = store.get(key)
    if hit is not None:
        part, state = hit
    else:
        saved = take_state(linter)
        part = LintResult()
        with resultcache.recording() as recorded:
            _lint_limited(linter, target, part, skip)
        state = take_state(linter)
        merge_state(linter, saved)
        store.put(key, recorded, part, state)
    merge_state(linter, state)
    merge_result(result, part)


def _lint_limited(linter: Linter, target: Target, result: LintResult, skip: bool) -> None:
    """Lint one target into ``result``, within the time limit (oaslint.timelimit).

    Under a limit the document is linted into a part of its own, with the linter's
    per-run state set aside: a document stopped half-way leaves nothing behind but
    its file error.
    """
    timeout = linter.config.timeout
    if timeout <= 0:
        _lint_unlimited(linter, target, result, skip)
        return
    from oaslint import timelimit

    saved = take_state(linter)
    part = LintResult()
    try:
        with timelimit.limit(timeout):
            _lint_unlimited(linter, target, part, skip)
    except timelimit.DocumentTimeout as exc:
        take_state(linter)  # what the document gathered before it was stopped: dropped
        merge_state(linter, saved)
        result.errors.append(_file_error(target, timelimit.message(exc.seconds, exc.rule_id)))
        return
    state = take_state(linter)
    merge_state(linter, saved)
    merge_state(linter, state)
    merge_result(result, part)


def _file_error(target: Target, message: str) -> FileError:
    from oaslint.loader.source import display_path
    from oaslint.model import FileError

    return FileError(display_path(target.path), message)


def _lint_unlimited(linter: Linter, target: Target, result: LintResult, skip: bool) -> None:
    from oaslint.engine import _crash, _looks_like_openapi
    from oaslint.loader.boundary import scan_allowed

    if not target.explicit and not scan_allowed(target.path, linter.config.ref_roots):
        # a committed symlink out of the project: not ours to read
        result.errors.append(
            _file_error(target, "not read: a symlink to a file outside the reference boundary")
        )
        return
    if not target.explicit and not _looks_like_openapi(target.path):
        return
    try:
        linter._lint_one(target, result, skip or not target.explicit)
    except (Exception, RecursionError, MemoryError) as exc:  # one file, not the run
        result.errors.append(_file_error(target, _crash(exc)))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


# A small root may pull in a large document through `$ref`s to other files: such a
# root's cost counts the files it names, each with a fixed weight on top of its bytes
# (each file is read, parsed and walked on its own, and names more files in turn).
# Measured on the corpus: DigitalOcean's 112 KB root names 668 files of 0.97 MB and
# takes 1.65 s, Stripe's 4.2 MB file 0.65 s, so a named file weighs about 16 KB more
# than its bytes. Ranked by root size alone, DigitalOcean ran last, alone on one core
# (16 corpus targets: 2.9 s wall). Larger roots are ranked by their own size.
SMALL_ROOT = 256 * 1024
NAMED_FILE_WEIGHT = 16 * 1024
MAX_NAMED = 5000
_EXTERNAL_REF = re.compile(r"""\$ref["']?\s*:\s*["']?([^"'#\s{},\[\]]+)""")


def _cost(target: Target, ref_roots: tuple[str, ...] = ()) -> int:
    """The expected work of linting a root: its bytes and, for a small root, those of
    the files its ``$ref``s name (each once, never read here). A root a directory scan
    found is read only inside its reference boundary (a symlink out of the project is
    refused later with a file error; it is never opened)."""
    path = target.path
    size = _size(path)
    if not 0 < size <= SMALL_ROOT:
        return size
    if not target.explicit:
        from oaslint.loader.boundary import scan_allowed

        if not scan_allowed(path, ref_roots):
            return size
    from oaslint.loader.source import LoadError, read_bytes

    try:
        text = read_bytes(path, SMALL_ROOT).decode("utf-8", "replace")
    except LoadError:
        return size
    folder = os.path.dirname(os.path.abspath(path))
    named: set[str] = set()
    for match in _EXTERNAL_REF.finditer(text):
        ref = match.group(1)
        if "://" in ref or ref in named:
            continue
        named.add(ref)
        if len(named) > MAX_NAMED:
            break
        named_path = os.path.normpath(os.path.join(folder, ref))
        if named_path.startswith(folder + os.sep):  # only below the root's folder (no
            named_size = _size(named_path)  # stat of a path a hostile spec names elsewhere)
            size += named_size + NAMED_FILE_WEIGHT if named_size else 0
    return size


def _pooled(
    linter: Linter, targets: list[Target], result: LintResult, skip: bool, jobs: int
) -> None:
    global _LINTER
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    costs = [_cost(t, linter.config.ref_roots) for t in targets]
    order = sorted(range(len(targets)), key=lambda i: -costs[i])
    parts: list[tuple[LintResult, dict[str, Any]] | None] = [None] * len(targets)
    patience = _patience(linter)
    _LINTER = linter
    try:
        # ProcessPoolExecutor, not multiprocessing.Pool: a worker killed by the
        # system (out of memory on a hostile document) breaks the pool with an
        # exception instead of leaving the run waiting forever
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = {i: pool.submit(_work, (i, targets[i], skip)) for i in order}
            pending: set[Future[Any]] = set(futures.values())
            while pending:
                done, pending = wait(pending, timeout=patience, return_when=FIRST_COMPLETED)
                if not done:
                    # A worker takes its next document when it finishes one, so every
                    # busy worker has been at its document for longer than the limit
                    # and missed its own alarm: stuck where no signal is checked.
                    _kill_workers(pool)
                    break
                for future in done:  # decoded while the workers go on
                    if not future.cancelled() and future.exception() is None:
                        i, part, state = _unpack(future.result())
                        parts[i] = (part, state)
                # else: its worker died or was killed (and with it the pool): below
    finally:
        _LINTER = None
    for i, item in enumerate(parts):
        if item is None:  # its worker died (with it, the pool): each again in a worker of
            # its own, so that a document that kills its worker (out of memory) costs that
            # document only, never the parent process and with it the whole report
            alone = _alone(linter, targets[i], skip)
            if isinstance(alone, str):
                result.errors.append(_file_error(targets[i], alone))
                continue
            item = alone
        part, state = item
        merge_result(result, part)
        merge_state(linter, state)


KILLED = "the process linting this file was killed (out of memory?); the other files ran"


def _patience(linter: Linter) -> float | None:
    """How long the parent waits for a worker's next document (None: forever)."""
    from oaslint.timelimit import GRACE

    timeout = linter.config.timeout
    return timeout + GRACE if timeout > 0 else None


def _kill_workers(pool: Any) -> None:
    """Kill a process pool's workers (Python 3.14 has ``kill_workers``; before, by hand)."""
    kill = getattr(pool, "kill_workers", None)
    if kill is not None:  # pragma: no cover - Python 3.14+
        kill()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()


def _alone(linter: Linter, target: Target, skip: bool) -> tuple[LintResult, dict[str, Any]] | str:
    """``target`` linted in a worker of its own; the file error when that worker died
    or was killed for its time."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures.process import BrokenProcessPool

    from oaslint.timelimit import message

    global _LINTER
    _LINTER = linter
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            future = pool.submit(_work, (0, target, skip))
            try:
                _, part, state = _unpack(future.result(timeout=_patience(linter)))
            except BrokenProcessPool:
                return KILLED
            except FutureTimeout:  # deaf to its own alarm: the parent ends it
                _kill_workers(pool)
                return message(linter.config.timeout)
            except Exception as exc:  # e.g. a result that cannot be sent back: one file
                from oaslint.engine import _crash

                return _crash(exc)
        return part, state
    finally:
        _LINTER = None


def _work(task: tuple[int, Target, bool]) -> tuple[int, Any, Any]:
    index, target, skip = task
    linter = _LINTER
    assert linter is not None, "workers are forked from a parent that set the linter"
    take_state(linter)  # start empty: the parent's state stays with the parent
    part = LintResult()
    _lint_target(linter, target, part, skip)
    return _pack(index, part, take_state(linter))


def _pack(index: int, part: LintResult, state: dict[str, Any]) -> tuple[int, Any, Any]:
    """A worker's outcome for the way back: the result cache's plain-data form in one
    ``marshal`` string (about half the time of pickling the dataclasses, measured on
    Kubernetes: 34 ms against 72 ms for 3,826 findings and 16,000 related places);
    pickled as it is when the codec does not know a value."""
    from oaslint import resultcache

    try:
        encoded = resultcache.encode(part, state)
    except (ValueError, TypeError):
        return index, part, state
    return index, encoded, None


def _unpack(sent: tuple[int, Any, Any]) -> tuple[int, LintResult, dict[str, Any]]:
    index, part, state = sent
    if isinstance(part, bytes):
        from oaslint import resultcache

        part, state = resultcache.decode(part)
    return index, part, state


def take_state(linter: Linter) -> dict[str, Any]:
    """The linter's accumulated per-run state, leaving it empty."""
    state: dict[str, Any] = {}
    for name in ACCUMULATORS:
        value = getattr(linter, name)
        state[name] = value
        setattr(linter, name, type(value)())
    return state


def merge_state(linter: Linter, state: dict[str, Any]) -> None:
    for name, value in state.items():
        _extend(getattr(linter, name), value)


def merge_result(into: LintResult, part: LintResult) -> None:
    """Append one document's part to the run's result (lists extend, counts add)."""
    for f in fields(LintResult):
        mine, theirs = getattr(into, f.name), getattr(part, f.name)
        if isinstance(mine, int) and not isinstance(mine, bool):
            setattr(into, f.name, mine + theirs)
        elif isinstance(mine, (list, set, dict)):
            _extend(mine, theirs)
        elif theirs is not None:
            setattr(into, f.name, theirs)


def _extend(mine: Any, theirs: Any) -> None:
    if isinstance(mine, list):
        mine.extend(theirs)
    elif isinstance(mine, set):
        mine |= theirs
    elif isinstance(mine, dict):
        mine.update(theirs)
    else:  # pragma: no cover - ACCUMULATORS holds containers only
        raise TypeError(f"cannot merge {type(mine).__name__}")
