"""oaslint.distributions finds what importlib.metadata finds, or says it cannot (issue 14)."""

from __future__ import annotations

import os
import sys
import zipfile
from importlib import metadata
from importlib.machinery import PathFinder
from typing import Any

import pytest

from oaslint import distributions, plugins, project

FINDERS = [PathFinder]


def _key(groups: Any) -> dict[str, list[tuple[str, str, str, str | None]]]:
    return {
        g: [(r.name, r.value, r.group, r.distribution) for r in refs] for g, refs in groups.items()
    }


def test_installed_environment_scans_alike() -> None:
    fast = plugins._fast_scan(sys.path, sys.meta_path)
    assert fast is not None  # this environment is one the fast scan mirrors
    assert _key(fast) == _key(plugins._metadata_scan())
    assert any(r.distribution == "oaslint" for r in fast[plugins.RULES_GROUP])


def test_project_urls_as_importlib_metadata_reads_them() -> None:
    try:
        expected = [str(e) for e in metadata.metadata("oaslint").get_all("Project-URL") or []]
    except metadata.PackageNotFoundError:  # pragma: no cover - tests run installed
        pytest.skip("oaslint is not installed")
    assert project._project_urls() == expected
    assert project.rules_url() is not None and project.rules_url() == project.project_url("rules")


def _dist(root: str, folder: str, entry_points: str | None, name: str | None = None) -> None:
    path = os.path.join(root, folder)
    os.makedirs(path)
    shown = name or folder.partition("-")[0]
    with open(os.path.join(path, "METADATA"), "w", encoding="utf-8") as fh:
        fh.write(
            f"Metadata-Version: 2.1\nName: {shown}\nVersion: 1.0\n"
            "Project-URL: Home, https://example.org\nProject-URL:Rules,https://example.org/r\n"
            "\nProject-URL: Not, a header (the body)\n"
        )
    if entry_points is not None:
        with open(os.path.join(path, "entry_points.txt"), "w", encoding="utf-8") as fh:
            fh.write(entry_points)


def _made_up(tmp_path: Any) -> list[str]:
    one, two = os.path.join(str(tmp_path), "one"), os.path.join(str(tmp_path), "two")
    os.makedirs(one)
    os.makedirs(two)
    rules = "[oaslint.rules]\nfirst-rule = first_plugin.rule\n"
    _dist(one, "first_plugin-1.0.dist-info", "# comment\n" + rules + "\n[console_scripts]\nx=y:z\n")
    _dist(
        one,
        "Other.Plugin-2.0.dist-info",
        "stray = line\n[oaslint.formatters]\n csv =  p.f:render \n",
    )
    _dist(one, "no_entry_points-1.0.dist-info", None)
    _dist(one, "legacy-0.1.egg-info", "[oaslint.rules]\nlegacy-rule = legacy.rule\n")
    os.makedirs(os.path.join(one, "not-a-distribution"))
    # a second copy of first-plugin (another spelling) later on the path: shadowed
    _dist(two, "First.Plugin-9.0.dist-info", "[oaslint.rules]\nshadowed = nowhere\n")
    _dist(two, "third-3.0.dist-info", "[oaslint.rules]\nthird-rule = third.rule\n")
    return [one, os.path.join(str(tmp_path), "missing"), two]


def _importlib_view(paths: list[str]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    seen: set[str] = set()
    out = []
    for dist in metadata.distributions(path=paths):
        name = dist._normalized_name  # type: ignore[attr-defined]
        if name in seen:
            continue
        seen.add(name)
        eps = [(ep.group, ep.name, ep.value) for ep in dist.entry_points]
        out.append((name, eps))
    return out


def test_made_up_folders_scan_alike(tmp_path: Any) -> None:
    paths = _made_up(tmp_path)
    fast = [
        (name, distributions.entry_points(folder))
        for name, folder in distributions.distributions(paths, FINDERS)
    ]
    assert fast == _importlib_view(paths)
    names = sorted(n for n, _ in fast)  # listing order is the file system's
    assert names == ["first_plugin", "legacy", "no_entry_points", "other_plugin", "third"]
    folder = distributions.find("FIRST-plugin", paths)
    assert folder is not None and folder.endswith("first_plugin-1.0.dist-info")
    assert distributions.find("absent", paths) is None
    expected = metadata.PathDistribution.at(folder).metadata.get_all("Project-URL")
    assert distributions.header_values(folder, "project-url") == expected
    assert len(expected) == 2


def test_plugins_named_from_their_metadata(tmp_path: Any) -> None:
    paths = _made_up(tmp_path)
    fast = plugins._fast_scan(paths, FINDERS)
    assert fast is not None
    rules = sorted((r.name, r.distribution) for r in fast[plugins.RULES_GROUP])
    assert rules == [
        ("first-rule", "first_plugin"),
        ("legacy-rule", "legacy"),
        ("third-rule", "third"),
    ]
    assert [(r.name, r.value, r.distribution) for r in fast[plugins.FORMATTERS_GROUP]] == [
        ("csv", "p.f:render", "Other.Plugin")
    ]


class _Importer:
    """A meta-path finder that lists distributions of its own."""

    @staticmethod
    def find_distributions(context: Any = None) -> list[Any]:
        return []


def test_gives_up_where_it_could_differ(tmp_path: Any) -> None:
    paths = _made_up(tmp_path)
    assert plugins._fast_scan(paths, [PathFinder, _Importer]) is None
    archive = os.path.join(str(tmp_path), "bundle.zip")
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("zipped-1.0.dist-info/entry_points.txt", "[oaslint.rules]\nz = z\n")
    assert plugins._fast_scan([*paths, archive], FINDERS) is None
    egg = os.path.join(str(tmp_path), "old-1.0.egg")
    os.makedirs(egg)
    assert plugins._fast_scan([egg], FINDERS) is None
    odd = os.path.join(str(tmp_path), "odd")
    os.makedirs(odd)
    _dist(odd, "Upper-1.0.DIST-INFO", "")  # importlib.metadata names it from METADATA
    assert plugins._fast_scan([odd], FINDERS) is None
    bad = os.path.join(str(tmp_path), "bad")
    os.makedirs(bad)
    _dist(bad, "broken-1.0.dist-info", "[oaslint.rules]\nno equals sign\n")
    assert plugins._fast_scan([bad], FINDERS) is None
    with pytest.raises((TypeError, ValueError)):  # importlib.metadata fails on it too
        _importlib_view([bad])
    folded = os.path.join(bad, "broken-1.0.dist-info", "METADATA")
    with open(folded, "w", encoding="utf-8") as fh:
        fh.write("Name: broken\nProject-URL: Home,\n https://example.org\n\n")
    with pytest.raises(distributions.CannotMirror):
        distributions.header_values(os.path.dirname(folded), "Project-URL")
