"""Media type parsing shared by the content-type rules.

Media types are compared by their essence, ``type/subtype`` in lower case with
parameters dropped (``application/json; charset=utf-8`` is ``application/json``),
as RFC 9110 section 8.3.1 says they compare. ``no-script-media-types``,
``no-wildcard-media-types`` and ``json-media-types`` classify with the same
functions so that one media type gets one finding.
"""

from __future__ import annotations

from collections.abc import Iterable

# executable script or HTML (catalogue list plus the legacy x- aliases of the same types)
SCRIPT_TYPES = frozenset(
    {
        "application/javascript",
        "text/javascript",
        "application/ecmascript",
        "text/ecmascript",
        "text/html",
        "application/xhtml+xml",
        "application/x-javascript",
        "text/x-javascript",
        "application/x-ecmascript",
        "text/x-ecmascript",
        "text/jscript",
    }
)


def essence(media_type: str) -> str:
    """``type/subtype`` in lower case, parameters and whitespace dropped."""
    return media_type.split(";", 1)[0].strip().lower()


def split(media_type: str) -> tuple[str, str]:
    """(type, subtype) of a media type's essence; subtype is "" when absent."""
    main, _, sub = essence(media_type).partition("/")
    return main.strip(), sub.strip()


def is_wildcard(media_type: str) -> bool:
    """``*/*``, ``type/*`` (a media range) or a bare ``*``."""
    main, sub = split(media_type)
    return main == "*" or sub == "*"


def is_script(media_type: str) -> bool:
    return essence(media_type) in SCRIPT_TYPES


def is_json(media_type: str) -> bool:
    """``application/json`` or a ``+json`` structured syntax suffix (problem+json, hal+json)."""
    main, sub = split(media_type)
    return main == "application" and (sub == "json" or sub.endswith("+json"))


def is_xml(media_type: str) -> bool:
    sub = split(media_type)[1]
    return sub == "xml" or sub.endswith("+xml") or sub.startswith("xml-")


def is_problem(media_type: str) -> bool:
    """RFC 9457 problem details (``application/problem+json`` or ``+xml``)."""
    return essence(media_type) in ("application/problem+json", "application/problem+xml")


def matches(media_type: str, pattern: str) -> bool:
    """Whether ``media_type`` falls in ``pattern`` (an exact type, ``type/*`` or ``*/*``)."""
    main, sub = split(media_type)
    pmain, psub = split(pattern)
    if pmain not in ("*", main):
        return False
    return psub in ("*", sub)


def matches_any(media_type: str, patterns: Iterable[str]) -> bool:
    return any(matches(media_type, p) for p in patterns)
