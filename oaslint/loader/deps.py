"""What a document's outcome depends on outside its own text: the files the loader
read (or failed to read) and the real paths it resolved (for :mod:`oaslint.resultcache`).

Nothing is recorded unless a recorder is set: :data:`recorder` is a list while the
result cache lints one root document, ``None`` otherwise (every other run).
"""

from __future__ import annotations

import hashlib

# ("read", path, limit, head, outcome) and ("real", path, real path): appended by
# oaslint.loader.source.read_bytes and oaslint.loader.document while recording
recorder: list[tuple[str, ...]] | None = None


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=24).hexdigest()


def outcome_of(exc: Exception) -> str:
    """A failed read's outcome: its class and message (a digest never starts with '!')."""
    return f"!{type(exc).__name__}: {exc}"
