"""Client identifiers: a name that identifies a client but is no secret."""

from __future__ import annotations

from oaslint.rules.shared.names import words


def is_client_id(name: str) -> bool:
    """``client_id``, ``clientId``, ``client-id``, with or without an ``X-`` prefix."""
    parts = words(name)
    if parts[:1] == ("x",):
        parts = parts[1:]
    return parts == ("client", "id")
