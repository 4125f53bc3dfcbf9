"""Parse cache format 2: positions re-attach through marshal's shared references."""

from __future__ import annotations

import glob
import marshal
import os
from typing import Any

import pytest

from oaslint.loader import cache, source

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "samples", "petstore-insecure.yaml")


def _entry(folder: str) -> str:
    (path,) = glob.glob(os.path.join(folder, "*", "*.parse"))
    return path


def test_a_hit_shares_the_stored_containers(tmp_path: Any) -> None:
    folder = str(tmp_path)
    cold = source.parse_text(*_read(SAMPLE))
    store = cache.ParseCache(folder)
    key = store.key(cold.text, False)
    store.put(key, cache.CachedParse(cold.data, cold.positions, cold.duplicate_keys))
    fmt, data, containers, _tables, _ = _load(_entry(folder))
    assert fmt == cache.FORMAT == 2 and containers[0] is data and len(containers) > 20
    assert all(any(c is x for x in cache._containers(data)) for c in containers)
    hit = store.get(key)
    assert hit is not None and hit.data == cold.data
    # every container's table, found by the new id(), is the table of the cold parse
    warm_tables = [hit.positions.get(id(c)) for c in cache._containers(hit.data)]
    cold_tables = [cold.positions.get(id(c)) for c in cache._containers(cold.data)]
    assert warm_tables == cold_tables and any(warm_tables)


def test_an_entry_whose_list_does_not_share_the_data_is_ignored(tmp_path: Any) -> None:
    folder = str(tmp_path)
    cold = source.parse_text(*_read(SAMPLE))
    store = cache.ParseCache(folder)
    key = store.key(cold.text, False)
    store.put(key, cache.CachedParse(cold.data, cold.positions, cold.duplicate_keys))
    path = _entry(folder)
    fmt, data, containers, tables, dups = _load(path)
    copies = marshal.loads(marshal.dumps(containers))  # equal, but other objects
    for forged in (
        (fmt, data, copies, tables, dups),
        (fmt, data, containers[1:], tables[1:], dups),
        (fmt, data, containers, tables[:-1], dups),
        (1, data, tables, dups),  # format 1
    ):
        with open(path, "wb") as fh:
            fh.write(marshal.dumps(forged))
        assert store.get(key) is None


def test_tables_are_read_when_first_asked_for(tmp_path: Any) -> None:
    folder = str(tmp_path)
    cold = source.parse_text(*_read(SAMPLE))
    store = cache.ParseCache(folder)
    key = store.key(cold.text, False)
    store.put(key, cache.CachedParse(cold.data, cold.positions, cold.duplicate_keys))
    fmt, data, containers, tables, dups = _load(_entry(folder))
    assert all(t is None or isinstance(t, bytes) for t in tables)
    tables[0] = b"\xff damaged"  # the root's table
    tables[1] = marshal.dumps("not a table")
    with open(_entry(folder), "wb") as fh:
        fh.write(marshal.dumps((fmt, data, containers, tables, dups)))
    hit = store.get(key)
    assert hit is not None
    assert dict.get(hit.positions, id(hit.data)) == tables[0]  # not read yet
    assert hit.positions.get(id(hit.data)) is None  # damaged: absent, never a crash
    assert id(hit.data) not in hit.positions
    ids = [id(c) for c in cache._containers(hit.data)]
    assert hit.positions.get(ids[1]) is None
    with pytest.raises(KeyError):
        hit.positions[ids[1]]
    good = cold.positions.get(id(cache._containers(cold.data)[2]))
    assert hit.positions[ids[2]] == good == hit.positions.get(ids[2])
    assert type(dict.get(hit.positions, ids[2])) is not bytes  # kept once read


def _read(path: str) -> tuple[str, str, str]:
    with open(path, encoding="utf-8") as fh:
        return fh.read(), "petstore-insecure.yaml", os.path.abspath(path)


def _load(path: str) -> Any:
    with open(path, "rb") as fh:
        return marshal.loads(fh.read())
