"""Mutation survivors of ``oaslint.loader.cache`` (session 10): a private folder only,
the key's inputs, entries checked before use, the size bound at its limits, and the
lazily read tables, through ``ParseCache`` and ``source.load_file``."""

from __future__ import annotations

import glob
import marshal
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oaslint import __version__
from oaslint.loader import cache, source
from oaslint.model import Span

YAML = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx: &a [1, {k: v}]\ny: *a\n"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[str]:
    folder = str(tmp_path / "cache")
    cache.configure(folder)
    yield folder
    cache.configure(None)


def _entries(folder: str) -> list[str]:
    return sorted(glob.glob(os.path.join(folder, "*", "*.parse")))


def test_the_folder_is_named_by_version_format_and_python(tmp_path: Path) -> None:
    store = cache.ParseCache(str(tmp_path / "c"))
    minor = f"py{sys.version_info[0]}{sys.version_info[1]}"
    assert store.directory == str(tmp_path / "c" / f"parse-{__version__}-f2-{minor}")
    assert store.usable
    assert os.stat(tmp_path / "c").st_mode & 0o777 == 0o700
    assert os.stat(store.directory).st_mode & 0o777 == 0o700
    assert store._path("k") == os.path.join(store.directory, "k.parse")


def test_a_folder_others_may_use_is_not_used(tmp_path: Path) -> None:
    for mode in (0o701, 0o710, 0o770, 0o707, 0o744):
        base = tmp_path / f"m{mode:o}"
        base.mkdir(mode=0o700)
        os.chmod(base, mode)
        assert not cache.ParseCache(str(base)).usable, oct(mode)
    # a private base with an open sub-folder is refused too
    base = tmp_path / "sub"
    store = cache.ParseCache(str(base))
    os.chmod(store.directory, 0o755)
    assert not cache.ParseCache(str(base)).usable
    # a file where the folder should be, and a folder that cannot be made
    (tmp_path / "file").write_text("x")
    assert not cache.ParseCache(str(tmp_path / "file")).usable
    assert not cache.ParseCache(str(tmp_path / "file" / "below")).usable


def test_a_folder_of_another_user_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.getuid()
    assert cache.ParseCache(str(tmp_path / "mine")).usable
    monkeypatch.setattr(os, "getuid", lambda: real + 1)
    assert not cache.ParseCache(str(tmp_path / "mine")).usable


def test_an_unusable_cache_neither_reads_nor_writes(tmp_path: Path) -> None:
    base = tmp_path / "open"
    base.mkdir()
    os.chmod(base, 0o755)
    store = cache.ParseCache(str(base))
    parsed = source.parse_text(YAML, "a.yaml", "/a.yaml")
    key = store.key(YAML, False)
    store.put(key, cache.CachedParse(parsed.data, parsed.positions, parsed.duplicate_keys))
    assert glob.glob(str(base / "**" / "*.parse"), recursive=True) == []
    os.makedirs(store.directory, exist_ok=True)
    with open(store._path(key), "wb") as fh:
        fh.write(marshal.dumps((cache.FORMAT, {"a": 1}, [{"a": 1}], [None], [])))
    assert store.get(key) is None


def test_the_key_reads_the_text_and_the_json_name() -> None:
    key = cache.ParseCache.key
    assert key("a: 1\n", False) == key("a: 1\n", False)
    assert key("a: 1\n", False) != key("a: 1\n", True)
    assert key("a: 1\n", False) != key("a: 2\n", False)
    assert len(key("", False)) == 64
    assert key("\ud800", False) != key("\ud801", False)  # lone surrogates do not crash


def test_a_yaml_file_is_read_back_from_the_cache(store: str, tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(YAML)
    cold = source.load_file(str(path))
    assert len(_entries(store)) == 1
    warm = source.load_file(str(path), "shown.yaml")
    assert warm.data == cold.data and warm.path == "shown.yaml"
    assert warm.abspath == str(path) and not warm.is_json
    assert warm.data["y"] is warm.data["x"]  # the alias stays one object
    assert warm.shared_nodes is True
    for pointer in ("/info/title", "/x/1/k", "/y", "/paths"):
        assert warm.span(pointer) == cold.span(pointer)
    # a text without anchors reads back as unshared
    (tmp_path / "plain.yaml").write_text("openapi: 3.0.3\nx: {a: 1}\n")
    source.load_file(str(tmp_path / "plain.yaml"))
    assert source.load_file(str(tmp_path / "plain.yaml")).shared_nodes is False


def test_duplicate_keys_survive_the_cache(store: str, tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("openapi: 3.0.3\na: 1\na: 2\n")
    cold = source.load_file(str(path))
    warm = source.load_file(str(path))
    assert cold.duplicate_keys == warm.duplicate_keys == [("a", 3, 1, 2, 1)]


def test_json_and_json_like_texts_are_not_cached(store: str, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"openapi": "3.0.3"}')
    (tmp_path / "b.yaml").write_text('  {"openapi": "3.0.3"}')
    (tmp_path / "c.yaml").write_text("[1, 2]")
    (tmp_path / "d.JSON").write_text('{"openapi": "3.0.3"}')
    for name in ("a.json", "b.yaml", "c.yaml", "d.JSON"):
        source.load_file(str(tmp_path / name))
    assert _entries(store) == []


def test_a_broken_yaml_is_not_cached(store: str, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("a: [1\n")
    with pytest.raises(source.LoadError):
        source.load_file(str(tmp_path / "bad.yaml"))
    assert _entries(store) == []


def test_a_hit_refreshes_its_time(store: str, tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(YAML)
    source.load_file(str(path))
    (entry,) = _entries(store)
    os.utime(entry, (1000, 1000))
    source.load_file(str(path))
    assert os.stat(entry).st_mtime > 1000


def _entry_with(store: cache.ParseCache, key: str, value: Any) -> None:
    with open(store._path(key), "wb") as fh:
        fh.write(marshal.dumps(value))


def test_malformed_entries_read_as_misses(tmp_path: Path) -> None:
    store = cache.ParseCache(str(tmp_path / "c"))
    data: dict[str, Any] = {"a": [1]}
    containers = [data, data["a"]]
    tables = [marshal.dumps({"a": (1, 1, 1, 4, 1, 7)}), None]
    good: tuple[Any, ...] = (cache.FORMAT, data, containers, tables, [])
    _entry_with(store, "good", good)
    hit = store.get("good")
    assert hit is not None and hit.data == {"a": [1]} and hit.duplicate_keys == []
    assert hit.positions.get(id(hit.data)) == {"a": (1, 1, 1, 4, 1, 7)}
    assert id(hit.data["a"]) not in hit.positions  # a None table is left out
    for name, value in {
        "format": (cache.FORMAT + 1, data, containers, tables, []),
        "containers": (cache.FORMAT, data, tuple(containers), tables, []),
        "tables": (cache.FORMAT, data, containers, tuple(tables), []),
        "dups": (cache.FORMAT, data, containers, tables, ()),
        "lengths": (cache.FORMAT, data, containers, tables[:1], []),
        "empty-list": (cache.FORMAT, data, [], [], []),
        "short": (cache.FORMAT, data, containers, tables),
    }.items():
        _entry_with(store, name, value)
        assert store.get(name) is None, name
    # a scalar document has no containers
    _entry_with(store, "scalar", (cache.FORMAT, "text", [], [], []))
    hit = store.get("scalar")
    assert hit is not None and hit.data == "text" and dict(hit.positions) == {}
    with open(store._path("garbage"), "wb") as fh:
        fh.write(b"\x00\x01")
    assert store.get("garbage") is None
    assert store.get("missing") is None


def test_tables_of_a_hit_are_read_once(tmp_path: Path) -> None:
    store = cache.ParseCache(str(tmp_path / "c"))
    data: dict[str, Any] = {"a": [1], "b": {}}
    containers = [data, data["b"], data["a"]]
    tables = [marshal.dumps({"a": 1}), marshal.dumps([]), b"\xff"]
    _entry_with(store, "k", (cache.FORMAT, data, containers, tables, []))
    hit = store.get("k")
    assert hit is not None
    positions = hit.positions
    root = id(hit.data)
    assert positions[root] == {"a": 1}
    assert dict.get(positions, root) == {"a": 1}  # unmarshalled in place
    assert positions[id(hit.data["b"])] == []  # an empty table is a table
    assert positions.get(id(hit.data["a"]), "dflt") is None
    assert positions.get(12345, "dflt") == "dflt"
    with pytest.raises(KeyError):
        positions[id(hit.data["a"])]


def test_put_writes_atomically_and_skips_what_marshal_cannot(tmp_path: Path) -> None:
    store = cache.ParseCache(str(tmp_path / "c"))
    store.put("obj", cache.CachedParse({"a": object()}, {}, []))
    assert os.listdir(store.directory) == []
    store.put("ok", cache.CachedParse({"a": [1]}, {}, [("a", 1, 1, 1, 1)]))
    assert os.listdir(store.directory) == ["ok.parse"]
    hit = store.get("ok")
    assert hit is not None and hit.duplicate_keys == [("a", 1, 1, 1, 1)]


def test_put_writes_its_temporary_file_in_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = cache.ParseCache(str(tmp_path / "c"))
    real_replace = os.replace
    moved: list[tuple[str, str]] = []

    def recording(src: str, dst: str) -> None:
        moved.append((src, dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", recording)
    store.put("k", cache.CachedParse({"a": 1}, {}, []))
    ((src, dst),) = moved
    assert os.path.dirname(src) == store.directory and src.endswith(".tmp")
    assert dst == store._path("k")


def test_put_leaves_no_temporary_file_when_the_move_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = cache.ParseCache(str(tmp_path / "c"))

    def fails(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fails)
    store.put("k", cache.CachedParse({"a": 1}, {}, []))  # no exception: the cache is left out
    assert os.listdir(store.directory) == []


def test_the_size_bound_trims_the_oldest_to_three_quarters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = cache.ParseCache(str(tmp_path / "c"))
    for i in range(8):
        with open(store._path(f"e{i}"), "wb") as fh:
            fh.write(b"x" * 100)
        os.utime(store._path(f"e{i}"), (1000 + i, 1000 + i))
    with open(os.path.join(store.directory, "other.tmp"), "wb") as fh:
        fh.write(b"y" * 5000)  # not an entry: neither counted nor removed
    monkeypatch.setattr(cache, "MAX_BYTES", 800)
    store._trim()  # exactly at the bound: nothing removed
    assert len(os.listdir(store.directory)) == 9
    monkeypatch.setattr(cache, "MAX_BYTES", 799)
    store._trim()  # past it: the oldest go until at most 3/4 (599) remain
    assert sorted(os.listdir(store.directory)) == ["e3.parse", "e4.parse", "e5.parse", "e6.parse",
                                                   "e7.parse", "other.tmp"]  # fmt: skip
    monkeypatch.setattr(cache, "MAX_BYTES", 400)
    store._trim()  # 500 > 400: down to 300
    assert sorted(os.listdir(store.directory)) == ["e5.parse", "e6.parse", "e7.parse", "other.tmp"]


def test_trim_of_a_missing_folder_is_quiet(tmp_path: Path) -> None:
    store = cache.ParseCache(str(tmp_path / "c"))
    os.rmdir(store.directory)
    store._trim()
    store.put("k", cache.CachedParse({"a": 1}, {}, []))  # the write fails: left out
    assert not os.path.exists(store.directory)


def test_default_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OASLINT_CACHE_DIR", "rel/dir")
    monkeypatch.chdir(tmp_path)
    assert cache.default_directory() == str(tmp_path / "rel" / "dir")
    monkeypatch.setenv("OASLINT_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", "xdg")
    assert cache.default_directory() == str(tmp_path / "xdg" / "oaslint")
    monkeypatch.delenv("OASLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.default_directory() == str(tmp_path / "home" / ".cache" / "oaslint")


def test_configure_and_active(tmp_path: Path) -> None:
    try:
        cache.configure(str(tmp_path / "c"))
        active = cache.active()
        assert active is not None and active.directory.startswith(str(tmp_path / "c"))
        cache.configure("")
        assert cache.active() is None
    finally:
        cache.configure(None)
    assert cache.active() is None


def test_containers_are_listed_once_depth_first() -> None:
    shared: list[Any] = [1]
    data = {"a": shared, "b": {"c": shared, "d": [{}]}, "e": "x"}
    found = cache._containers(data)
    assert found[0] is data
    assert len(found) == 5 and sum(1 for c in found if c is shared) == 1
    assert cache._containers("x") == [] and cache._containers(None) == []
    assert cache._containers([]) == [[]]


def test_a_cached_sequence_table_shorter_than_its_list(store: str, tmp_path: Path) -> None:
    """A damaged entry whose item table misses items: such an item is located at its
    parent (the nearest known place), never a crash."""
    text = "a: [1, 2]\n"
    path = tmp_path / "short.yaml"
    path.write_text(text)
    parsed = source.load_file(str(path))
    assert parsed.span("/a/1") == Span(1, 8, 1, 9)
    active = cache.active()
    assert active is not None
    data: dict[str, Any] = {"a": [1, 2]}
    tables = [marshal.dumps({"a": (1, 1, 1, 4, 1, 10)}), marshal.dumps([(1, 5, 1, 6)])]
    _entry_with(
        active, active.key(text, False), (cache.FORMAT, data, [data, data["a"]], tables, [])
    )
    warm = source.load_file(str(path))
    assert warm.span("/a/0") == Span(1, 5, 1, 6)
    assert warm.span("/a/1") == Span(1, 1, 1, 2)
