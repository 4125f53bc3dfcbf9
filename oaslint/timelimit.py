"""The time limit per document (``--timeout SECONDS``, configuration key ``timeout``).

A spec, or a custom rule from a configuration that came with a pull request, may
be written to hang a CI job: ``match: '^(a+)+$'`` against ``aaaa...ab`` backtracks
for centuries, and Python's ``re`` has no timeout. So every root document (its
load, ``$ref``s, index and rules) gets a wall-clock budget, 120 s by default. A
document over it becomes one file error for that document (exit code 2); the
other documents of the run are reported in full.

How it is enforced, without costing a one-document run a process:

* **in the process that lints the document** (the CLI's own process on a serial
  run, a pool worker otherwise), a ``SIGALRM`` interval timer raises
  :class:`DocumentTimeout` (a ``BaseException``, so no ``except Exception`` of a
  rule swallows it) at the next bytecode boundary; ``re`` checks for signals
  while it backtracks, so a catastrophic regex is interrupted too. Arming and
  disarming the timer costs microseconds;
* **in a pool** the parent also watches the clock: when no worker has finished a
  document for the limit plus :data:`GRACE`, every worker still busy is past its
  own alarm and deaf to it (stuck in C code that never checks for signals); the
  parent kills them, and each of their documents is tried again in a worker of
  its own, which the parent kills once its time is up (a file error).

Where a timer cannot be armed (Windows has no ``setitimer``; a thread other than
the main one; a caller that already uses ``SIGALRM``) a serial run has no limit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_TIMEOUT = 120.0  # seconds per document; 100x Stripe's 1 s, 2x a 42 MB spec's CPU
MAX_CONFIG_TIMEOUT = 3600.0  # a configuration file may not raise it further (nor switch it off)
GRACE = 5.0  # a pool's parent waits this much longer than the limit before it kills
REFIRE = 1.0  # past the limit the alarm repeats: one swallowed (a __del__) is not the end


class DocumentTimeout(BaseException):
    """Raised in the linting process when a document is over its time limit."""

    def __init__(self, seconds: float, rule_id: str | None = None) -> None:
        super().__init__(seconds, rule_id)
        self.seconds = seconds
        self.rule_id = rule_id


def message(seconds: float, rule_id: str | None = None) -> str:
    """The file error of a document over its limit."""
    during = f" (rule {rule_id} was running)" if rule_id else ""
    return (
        f"not linted: over the time limit of {seconds:g} s per document{during}; "
        "the other files ran (raise the limit with --timeout SECONDS)"
    )


def available() -> bool:
    """Whether :func:`limit` can arm a timer here."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _running_rule(frame: FrameType | None) -> str | None:
    """The id of the rule whose ``check`` the interrupted code runs in, if any.

    Walks outwards from the interrupted frame to the engine's ``lint_document``:
    a frame below it with a ``ctx`` that is a ``RuleContext`` is inside a rule.
    """
    from oaslint.rules.base import RuleContext

    while frame is not None:
        if frame.f_code.co_name == "lint_document":
            return None
        ctx = frame.f_locals.get("ctx")
        if isinstance(ctx, RuleContext):
            return ctx.rule_id
        frame = frame.f_back
    return None


@contextmanager
def limit(seconds: float) -> Iterator[bool]:
    """Raise :class:`DocumentTimeout` in the body once ``seconds`` have passed.

    Yields whether the limit is armed: not for ``seconds <= 0``, nor where
    :func:`available` says no, nor when ``SIGALRM`` already has a handler or a
    pending timer of someone else's (it is left alone).
    """
    if (
        seconds <= 0
        or not available()
        or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN)
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0
    ):
        yield False
        return
    armed = True

    def expired(signum: int, frame: FrameType | None) -> None:
        if armed:  # a signal that arrives after the body finished is dropped
            raise DocumentTimeout(seconds, _running_rule(frame))

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, REFIRE)
    try:
        yield True
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
