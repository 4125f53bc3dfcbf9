"""``--timings``: where the time of a run went, per phase and per rule (issue 14).

Like ESLint's ``TIMING``, for plugin and custom-rule authors to see their cost.
Times are *exclusive*: a rule's time excludes the index collections it was the
first to read (they are built lazily, once, and shown as ``index: <name>``), the
document's settling (overrides, locating, suppressions) excludes the rules, and
``load`` (read, parse, ``$ref``-ed files, the walk) excludes everything after it.
The table goes to standard error; the report itself is unchanged.

Nothing here runs without ``--timings``: :func:`install` wraps the linter's rule
checks, its per-document steps and the index's lazy collections for this process
only. Timings are taken in one process, so ``--timings`` runs serially.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from oaslint.engine import Linter


class Timings:
    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self._stack: list[list[Any]] = []  # [name, start, time of nested phases]
        self.started = time.perf_counter()

    def start(self, name: str) -> None:
        self._stack.append([name, time.perf_counter(), 0.0])

    def stop(self) -> None:
        name, start, nested = self._stack.pop()
        elapsed = time.perf_counter() - start
        self.totals[name] = self.totals.get(name, 0.0) + elapsed - nested
        self.counts[name] = self.counts.get(name, 0) + 1
        if self._stack:
            self._stack[-1][2] += elapsed

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.start(name)
        try:
            yield
        finally:
            self.stop()

    def timed(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.start(name)
            try:
                return fn(*args, **kwargs)
            finally:
                self.stop()

        return wrapper

    def render(self) -> str:
        total = time.perf_counter() - self.started
        rows = sorted(self.totals.items(), key=lambda kv: -kv[1])
        width = max([len(n) for n, _ in rows] + [len("phase")])
        lines = [f"{'phase':<{width}}  {'seconds':>8}  {'share':>6}  calls"]
        for name, seconds in rows:
            share = 100.0 * seconds / total if total > 0 else 0.0
            lines.append(
                f"{name:<{width}}  {seconds:8.3f}  {share:5.1f}%  {self.counts.get(name, 0)}"
            )
        lines.append(f"{'total (from start-up)':<{width}}  {total:8.3f}")
        return "\n".join(lines) + "\n"


def install(linter: Linter, timings: Timings) -> None:
    """Time every step of ``linter``'s runs (this process only)."""
    from oaslint.index import SpecIndex

    linter.active = [
        (dataclasses.replace(rule, check=timings.timed(f"rule {rule.meta.id}", rule.check)), s, o)
        for rule, s, o in linter.active
    ]
    # instance attributes shadow the methods: the engine calls them through self
    linter._lint_one = timings.timed("load (read, parse, $refs)", linter._lint_one)  # type: ignore[method-assign]
    linter.lint_document = timings.timed(  # type: ignore[method-assign]
        "settle (overrides, locate, suppress)", linter.lint_document
    )
    global _current
    _current = timings
    for name, attr in list(vars(SpecIndex).items()):
        if isinstance(attr, functools.cached_property) and not getattr(attr, "_timed", False):
            attr.func = _index_timed(f"index: {name}", attr.func)
            attr._timed = True  # type: ignore[attr-defined]


_current: Timings | None = None  # the run being timed (index collections are class-wide)


def uninstall() -> None:
    """Stop timing the index collections (the linter's own wrappers go with it)."""
    global _current
    _current = None


def _index_timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        timings = _current
        if timings is None:
            return fn(*args, **kwargs)
        timings.start(name)
        try:
            return fn(*args, **kwargs)
        finally:
            timings.stop()

    return wrapper
