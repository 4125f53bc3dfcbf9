"""Is a scanned file an OpenAPI document? Decided from its top-level keys.

A directory scan finds every ``*.yaml``/``*.yml``/``*.json`` file; only those whose
root mapping has an ``openapi`` or ``swagger`` key are linted. The old check looked
for those words in the first 4 KB and so skipped every spec that sorts its keys
(Stripe, Kubernetes, Twilio: ``components``, ``definitions`` and ``info`` come first).

The decision is taken from the first level of the mapping, never from a byte prefix:

* JSON (first character ``{``): ``json.loads`` (C, 0.06 s for 4 MB) and the root keys;
* YAML whose root is a block mapping at column 0 (nearly every spec): the root keys
  are exactly the ``key:`` lines that start at column 0, so one multi-line regular
  expression over the text answers (a few ms for 4 MB); a block scalar's or a nested
  node's lines are indented and cannot match;
* anything else (a flow mapping, an indented root, a tag or anchor on the root):
  the file is parsed and its root keys are read (rare, and exact).

A file that does not parse at all is judged by the same key patterns anywhere in
the text, so a broken spec in a scanned folder is still reported, and a broken
Helm template is not.
"""

from __future__ import annotations

import json
import re

from oaslint.loader.source import LoadError, parse_text, read_text_checked

# a root key `openapi:` / `swagger:` (plain or quoted) at column 0
_YAML_ROOT_KEY = re.compile(
    r"""^(?:"(?:openapi|swagger)"|'(?:openapi|swagger)'|(?:openapi|swagger))[ \t]*:(?:[ \t]|$)""",
    re.MULTILINE,
)
# a plain or quoted key at column 0: the root is a block mapping
_YAML_BLOCK_KEY = re.compile(
    r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s#\-\[\]{}&*!|>'"%@`,?:][^\n]*?)"""
    r"""[ \t]*:(?:[ \t]|$)"""
)
# the key anywhere (used only when the file does not parse)
_ANY_KEY = re.compile(r"""["']?\b(?:openapi|swagger)\b["']?[ \t]*:""")
_SKIP_LINE = re.compile(r"(?:#|%|---[ \t]*(?:#|$)|\.\.\.[ \t]*(?:#|$))")


def looks_like_openapi(path: str) -> bool:
    """True when ``path``'s root mapping has an ``openapi`` or ``swagger`` key.

    Unreadable files answer True (the loader reports them).
    """
    try:
        text, _ = read_text_checked(path)
    except LoadError:
        return True
    return text_is_openapi(text, path)


def text_is_openapi(text: str, path: str = "") -> bool:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return _ANY_KEY.search(text) is not None
        return isinstance(data, dict) and ("openapi" in data or "swagger" in data)
    if _YAML_ROOT_KEY.search(text):
        return True
    if _block_mapping_at_column_0(text):
        return False
    try:  # an unusual root: parse it and read its keys
        data = parse_text(text, path, path).data
    except (LoadError, RecursionError):
        return _ANY_KEY.search(text) is not None
    return isinstance(data, dict) and ("openapi" in data or "swagger" in data)


def _block_mapping_at_column_0(text: str) -> bool:
    """Whether the first content line is a ``key:`` at column 0."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end == -1 else end
        line = text[start:end]
        start = end + 1
        if not line.strip() or _SKIP_LINE.match(line):
            continue
        if len(line) > 1024:  # no key is that long: parse it (the regex is quadratic there)
            return False
        return _YAML_BLOCK_KEY.match(line) is not None
    return False
