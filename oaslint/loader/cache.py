"""A parse cache for re-runs: a YAML file's data and positions, by content hash.

Composing YAML is most of the time of a large YAML spec (Stripe: ~1 s of ~1.3 s
CPU). A re-run over an unchanged file (pre-commit, an editor, CI with a cached
folder) reads the result back instead: ``marshal`` (the fastest serialiser of plain
Python data; no code, no objects) of the data, the list of its containers
(depth-first), the position table of each, and the duplicate keys. ``marshal``
writes an object met a second time as a reference to the first, so the loaded
container list holds the very dicts and lists of the loaded data: positions
re-attach to their new ``id()`` without walking the data again (Stripe: 35 ms
less per warm run than the walk of cache format 1). Each table is stored as its
own ``marshal`` string and read when a finding is first located in that
container (Stripe: 5,000 of 35,000 tables; ~20 ms less per warm run).

* **Key**: ``blake2b`` of the file's text and of whether its name ends in ``.json``
  (the only other input of the parse), so entries are safe to share across
  projects: the same bytes parse the same anywhere. Display paths are not stored.
* **Folder**: ``$OASLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/oaslint``, else
  ``~/.cache/oaslint`` (platformdirs would add a dependency for these three lines;
  on macOS and Windows the same fallback is used), with one sub-folder per oaslint
  version, cache format and Python minor (marshal's format is per Python version).
* **Private**: the folder is created 0700 and used only when it is a real folder
  (not a symlink) owned by the current user and closed to others: a poisoned entry
  could forge positions, or data a rule trusts.
* **Atomic**: an entry is written to a temporary file in the folder and moved into
  place with ``os.replace``, so parallel workers and runs share the folder safely.
* **Bounded**: past :data:`MAX_BYTES` in all, the least recently used entries are
  removed (a hit refreshes its entry's time).
* **Corrupt** or unreadable entries are ignored and rewritten; any failure to write
  just leaves the cache out. ``--no-cache`` turns it off.

JSON is not cached: ``json.loads`` reads 4 MB in 0.06 s, no slower than ``marshal``,
and JSON positions are only computed for files with findings.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
from dataclasses import dataclass
from typing import Any

FORMAT = 2
MAX_BYTES = 512 * 1024 * 1024
SUFFIX = ".parse"


@dataclass(frozen=True)
class CachedParse:
    data: Any
    positions: dict[int, Any]
    duplicate_keys: list[tuple[str, int, int, int, int]]


def default_directory() -> str:
    explicit = os.environ.get("OASLINT_CACHE_DIR")
    if explicit:
        return os.path.abspath(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(os.path.abspath(base), "oaslint")


def _private_dir(path: str) -> bool:
    """Create ``path`` 0700 if missing; True when it is ours alone."""
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False  # a symlink or a file where the folder should be
    getuid = getattr(os, "getuid", None)
    if getuid is not None and st.st_uid != getuid():
        return False
    return os.name == "nt" or not st.st_mode & 0o077


class ParseCache:
    """Entries ``<key>.parse`` in one private folder."""

    def __init__(self, base: str) -> None:
        from oaslint import __version__

        minor = f"py{sys.version_info[0]}{sys.version_info[1]}"
        self.directory = os.path.join(base, f"parse-{__version__}-f{FORMAT}-{minor}")
        self.usable = _private_dir(base) and _private_dir(self.directory)

    @staticmethod
    def key(text: str, json_name: bool) -> str:
        h = hashlib.blake2b(digest_size=32)
        h.update(b"J" if json_name else b"Y")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, key + SUFFIX)

    def get(self, key: str) -> CachedParse | None:
        if not self.usable:
            return None
        from oaslint.loader.source import LoadError, read_bytes_unrecorded

        path = self._path(key)
        try:
            # the loader's own read: a regular file only (a FIFO restored from a cache
            # archive would block an open()), non-blocking, at most the folder's bound
            raw = read_bytes_unrecorded(path, MAX_BYTES)
            fmt, data, containers, tables, duplicates = marshal.loads(raw)
        except (LoadError, OSError, EOFError, ValueError, TypeError):
            return None  # missing, or corrupt: parsed again and rewritten
        if (
            fmt != FORMAT
            or not isinstance(containers, list)
            or not isinstance(tables, list)
            or not isinstance(duplicates, list)
            or len(containers) != len(tables)
            # the list shares the data's objects (marshal references): its first is the root
            or (containers[0] is not data if containers else isinstance(data, (dict, list)))
        ):
            return None
        positions = _Tables(
            (id(c), t) for c, t in zip(containers, tables, strict=True) if t is not None
        )
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used
        return CachedParse(data, positions, duplicates)

    def put(self, key: str, parsed: CachedParse) -> None:
        if not self.usable:
            return
        containers = _containers(parsed.data)
        tables = [parsed.positions.get(id(c)) for c in containers]
        try:
            tables = [None if t is None else marshal.dumps(t) for t in tables]
            # data first: the container list is then written as references into it
            raw = marshal.dumps((FORMAT, parsed.data, containers, tables, parsed.duplicate_keys))
        except (ValueError, RecursionError):
            return  # e.g. a recursive alias: not cacheable
        if write_atomically(self.directory, self._path(key), raw):
            self._trim()

    def _trim(self) -> None:
        trim(self.directory, SUFFIX, MAX_BYTES)


def write_atomically(directory: str, path: str, raw: bytes) -> bool:
    """Write ``raw`` to ``path`` through a temporary file in ``directory`` moved into
    place (parallel runs never read half an entry); False when it could not be written."""
    import tempfile  # only when writing (start-up)

    try:
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return False
    return True


def trim(directory: str, suffix: str, limit: int) -> None:
    """Past ``limit`` bytes of ``*suffix`` entries, remove the least recently used."""
    try:
        entries = []
        total = 0
        with os.scandir(directory) as it:
            for e in it:
                if e.name.endswith(suffix):
                    st = e.stat(follow_symlinks=False)
                    entries.append((st.st_mtime, st.st_size, e.path))
                    total += st.st_size
        if total <= limit:
            return
        for _, size, path in sorted(entries):
            with contextlib.suppress(OSError):
                os.unlink(path)
            total -= size
            if total <= limit * 3 // 4:
                break
    except OSError:
        return


class _Tables(dict[int, Any]):
    """``id(container) -> position table``, each table unmarshalled when first read.

    Only ``get`` and ``[]`` are used on positions (:mod:`oaslint.loader.source`,
    :mod:`oaslint.suppress`). A table that does not unmarshal to a dict or list (a
    damaged entry) reads as absent, as a position the parser did not record.
    """

    __slots__ = ()

    def get(self, key: int, default: Any = None) -> Any:
        value = dict.get(self, key, default)
        return self._open(key, value) if type(value) is bytes else value

    def __getitem__(self, key: int) -> Any:
        value = dict.__getitem__(self, key)
        if type(value) is bytes:
            value = self._open(key, value)
            if value is None:
                raise KeyError(key)
        return value

    def _open(self, key: int, raw: bytes) -> Any:
        try:
            table = marshal.loads(raw)
        except (EOFError, ValueError, TypeError):
            table = None
        if not isinstance(table, (dict, list)):
            dict.__delitem__(self, key)
            return None
        dict.__setitem__(self, key, table)
        return table


def _containers(data: Any) -> list[Any]:
    """Every dict and list of ``data``, depth-first, each shared one once."""
    out: list[Any] = []
    if not isinstance(data, (dict, list)):
        return out
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        out.append(node)
        items = node.values() if isinstance(node, dict) else node
        stack.extend(v for v in items if isinstance(v, (dict, list)))
    return out


_active: ParseCache | None = None


def configure(directory: str | None) -> None:
    """Use a parse cache in ``directory`` (None: no cache, the library default)."""
    global _active
    _active = ParseCache(directory) if directory else None


def active() -> ParseCache | None:
    return _active
