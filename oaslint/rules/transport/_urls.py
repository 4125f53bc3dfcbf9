"""Shared helpers for rules that look at URLs (not a rule module)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from oaslint.model import Location

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_VAR_RE = re.compile(r"\{([^{}]+)\}")


def url_scheme(url: str) -> str | None:
    """The lower-case scheme of an absolute URL, or None for relative URLs."""
    m = _SCHEME_RE.match(url.strip())
    return m.group(1).lower() if m else None


def _substitute(template: str, name: str, value: str) -> str:
    """Replace the server variable ``{name}`` in ``template`` by ``value``."""
    return _VAR_RE.sub(lambda m: value if m.group(1) == name else m.group(0), template)


def server_schemes(url: str, server: Any, url_loc: Location) -> Iterator[tuple[str, Location]]:
    """Each scheme a server URL can take, with the node that makes it so.

    A literal scheme is located at the ``url`` value. When the scheme part is
    a server variable (``{scheme}://host``) every ``enum`` value and the
    ``default`` are expanded, each located at the value that yields it.
    """
    head = url.strip().split("://", 1)
    if len(head) == 2 and "{" in head[0] and isinstance(server, dict):
        variables = server.get("variables")
        if not isinstance(variables, dict):
            return
        names = _VAR_RE.findall(head[0])
        server_loc = Location(url_loc.file, url_loc.pointer.rsplit("/", 1)[0])
        for name in names:
            var = variables.get(name)
            if not isinstance(var, dict):
                continue
            vloc = server_loc.child("variables", name)
            values: list[tuple[Any, Location]] = []
            if isinstance(var.get("enum"), list):
                values += [(v, vloc.child("enum", i)) for i, v in enumerate(var["enum"])]
            if "default" in var:
                values.append((var["default"], vloc.child("default")))
            for value, loc in values:
                expanded = _substitute(head[0], name, str(value))
                scheme = url_scheme(expanded + "://x")
                if scheme is not None and "{" not in expanded:
                    yield scheme, loc
        return
    scheme = url_scheme(url)
    if scheme is not None:
        yield scheme, url_loc
