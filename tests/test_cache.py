"""The parse cache: a warm run reports exactly what a cold one does (issue 14)."""

from __future__ import annotations

import glob
import os
import shutil
from collections.abc import Iterator

import pytest

from oaslint import cli
from oaslint.engine import Linter
from oaslint.formatters import FormatContext, json_format
from oaslint.loader import cache, source
from oaslint.registry import all_rules
from tests.conftest import CORPUS

HERE = os.path.dirname(os.path.abspath(__file__))
RULE_FIXTURES = os.path.join(HERE, "rules")


@pytest.fixture
def store(tmp_path: os.PathLike[str]) -> Iterator[str]:
    folder = os.path.join(str(tmp_path), "cache")
    cache.configure(folder)
    yield folder
    cache.configure(None)


def _report(paths: list[str]) -> str:
    rules = all_rules()
    result = Linter(rules).lint_paths(paths, jobs=1)
    return json_format.render(result, FormatContext(rules, "0"))


def _entries(folder: str) -> list[str]:
    return sorted(glob.glob(os.path.join(folder, "*", "*.parse")))


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = source.parse_text

    def counting(text: str, shown: str, abspath: str) -> source.SourceFile:
        calls.append(shown)
        return real(text, shown, abspath)

    monkeypatch.setattr(source, "parse_text", counting)
    return calls


def _paths() -> list[str]:
    paths = [RULE_FIXTURES]
    if os.path.isdir(CORPUS):  # aliases, merge keys, duplicate keys, Latin-1, multi-file
        paths += [
            os.path.join(CORPUS, "nl-brp-personen-bevragen.oas31.yaml"),
            os.path.join(CORPUS, "stripe-spec2.swagger20.yaml"),
            os.path.join(CORPUS, "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2"),
        ]
    return paths


def test_warm_equals_cold(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.configure(None)
    cold = _report(_paths())
    cache.configure(store)
    first = _report(_paths())  # fills the cache
    entries = _entries(store)
    assert len(entries) > 50
    calls = _parses(monkeypatch)
    warm = _report(_paths())
    assert cold == first == warm
    # every YAML file came from the cache, except those that do not parse
    yaml_parses = [c for c in calls if not c.endswith(".json")]
    assert yaml_parses and all(os.sep + "parse-error" + os.sep in c for c in yaml_parses)


def test_corrupt_entries_are_ignored_and_rewritten(store: str) -> None:
    paths = [os.path.join(RULE_FIXTURES, "https-servers")]
    cold = _report(paths)
    entries = _entries(store)
    assert entries
    for i, path in enumerate(entries):
        with open(path, "wb") as fh:
            fh.write([b"", b"\x00garbage", b"\xe3" * 40][i % 3])
    assert _report(paths) == cold
    assert _report(paths) == cold
    for path in entries:
        assert os.path.getsize(path) > 40  # rewritten


def test_same_content_elsewhere_shares_the_entry(store: str, tmp_path: object) -> None:
    src = os.path.join(RULE_FIXTURES, "https-servers", "bad.yaml")
    one = os.path.join(str(tmp_path), "one.yaml")
    two = os.path.join(str(tmp_path), "two.yaml")
    shutil.copy(src, one)
    shutil.copy(src, two)
    a = _report([one])
    b = _report([two])
    assert len(_entries(store)) == 1
    assert a.replace("one.yaml", "two.yaml") == b


def test_folder_must_be_private(tmp_path: object) -> None:
    base = os.path.join(str(tmp_path), "open")
    os.makedirs(base)
    os.chmod(base, 0o755)
    assert not cache.ParseCache(base).usable
    real = os.path.join(str(tmp_path), "real")
    os.makedirs(real, mode=0o700)
    link = os.path.join(str(tmp_path), "link")
    os.symlink(real, link)
    assert not cache.ParseCache(link).usable
    fresh = cache.ParseCache(os.path.join(str(tmp_path), "new"))
    assert fresh.usable
    assert os.stat(fresh.directory).st_mode & 0o777 == 0o700


def test_size_is_bounded(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_BYTES", 4000)
    _report([os.path.join(RULE_FIXTURES, "bounded-strings"), RULE_FIXTURES])
    total = sum(os.path.getsize(p) for p in _entries(store))
    assert 0 < total <= 4000


def test_no_cache_option(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = os.path.join(str(tmp_path), "c")
    monkeypatch.setenv("OASLINT_CACHE_DIR", folder)
    sample = os.path.join(HERE, "..", "samples", "petstore-insecure.yaml")
    try:
        cli.main([sample, "--no-cache", "-o", os.devnull])
        assert not os.path.exists(folder)
        cli.main([sample, "-o", os.devnull])
        assert len(_entries(folder)) == 1
    finally:
        cache.configure(None)


def test_a_fifo_at_an_entry_is_a_miss_not_a_hang(store: str) -> None:
    paths = [os.path.join(RULE_FIXTURES, "https-servers", "bad.yaml")]
    cold = _report(paths)
    (entry,) = _entries(store)
    os.remove(entry)
    os.mkfifo(entry)  # an open() for reading would wait for a writer forever
    assert _report(paths) == cold
