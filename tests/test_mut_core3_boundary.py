"""Mutation survivors of ``oaslint.loader.boundary`` (session 10): the reference
boundary, in-process. The subprocess tests of ``test_untrusted.py`` prove the same
end to end, but mutmut's trampolines live in the test process, so they kill nothing
there; these call the boundary's functions and ``Document.load`` directly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oaslint.loader import boundary
from oaslint.loader.document import Document


def _no_git_above(path: Path) -> None:
    for folder in (path, *path.parents):
        assert not os.path.lexists(folder / ".git"), (
            f"{folder} has a .git: test needs a tree without"
        )


def test_inside_compares_whole_path_components() -> None:
    assert boundary.inside("/a", "/a")
    assert boundary.inside("/a/b", "/a")
    assert boundary.inside("/a/b/c.yaml", "/a")
    assert not boundary.inside("/ab", "/a")  # a sibling sharing the prefix is outside
    assert not boundary.inside("/ab/c.yaml", "/a")
    assert not boundary.inside("/a", "/a/b")
    assert not boundary.inside("/b", "/a")
    # a root that already ends with the separator (the file system root)
    assert boundary.inside("/etc/passwd", "/")
    assert boundary.inside("/", "/")
    assert boundary.inside("/a/b", "/a/")
    assert not boundary.inside("/ab", "/a/")


def test_within_any_root() -> None:
    assert boundary.within("/b/x", ("/a", "/b"))
    assert boundary.within("/a/x", ("/a", "/b"))
    assert not boundary.within("/c/x", ("/a", "/b"))
    assert not boundary.within("/a/x", ())


def test_realdir_is_realpath(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "link")
    assert boundary.realdir(str(tmp_path / "link")) == os.path.realpath(tmp_path / "real")


def test_git_top_finds_the_nearest_git_entry(tmp_path: Path) -> None:
    tmp = Path(os.path.realpath(tmp_path))
    _no_git_above(tmp)
    deep = tmp / "repo" / "a" / "b"
    deep.mkdir(parents=True)
    assert boundary.git_top(str(deep)) is None  # walks up to the file system root
    (tmp / "repo" / ".git").mkdir()
    assert boundary.git_top(str(deep)) == str(tmp / "repo")
    assert boundary.git_top(str(tmp / "repo")) == str(tmp / "repo")  # at the start itself
    # a nested work tree wins (the nearest), and a `.git` file (a worktree) counts
    (tmp / "repo" / "a" / ".git").write_text("gitdir: elsewhere\n")
    assert boundary.git_top(str(deep)) == str(tmp / "repo" / "a")
    # a dangling `.git` symlink is an entry too (lexists, not exists)
    (tmp / "other" / "x").mkdir(parents=True)
    os.symlink(tmp / "nowhere", tmp / "other" / ".git")
    assert boundary.git_top(str(tmp / "other" / "x")) == str(tmp / "other")


def test_default_root_is_the_git_top_else_the_cwd_else_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = Path(os.path.realpath(tmp_path))
    _no_git_above(tmp)
    (tmp / "proj" / "specs").mkdir(parents=True)
    (tmp / "elsewhere").mkdir()
    doc = str(tmp / "proj" / "specs" / "api.yaml")
    # 3. neither git nor inside the cwd: the document's own folder
    monkeypatch.chdir(tmp / "elsewhere")
    assert boundary.default_root(doc) == str(tmp / "proj" / "specs")
    assert boundary.default_root_of_folder(str(tmp / "proj" / "specs")) == str(
        tmp / "proj" / "specs"
    )
    # 2. inside the working directory: the working directory
    monkeypatch.chdir(tmp / "proj")
    assert boundary.default_root(doc) == str(tmp / "proj")
    assert boundary.default_root_of_folder(str(tmp / "proj")) == str(tmp / "proj")
    # a working directory at the file system root is never a boundary
    monkeypatch.chdir("/")
    assert boundary.default_root(doc) == str(tmp / "proj" / "specs")
    # 1. the git work tree, wherever the cwd is
    (tmp / "proj" / ".git").mkdir()
    assert boundary.default_root(doc) == str(tmp / "proj")
    monkeypatch.chdir(tmp / "proj" / "specs")
    assert boundary.default_root(doc) == str(tmp / "proj")


def test_default_root_follows_symlinks_of_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = Path(os.path.realpath(tmp_path))
    _no_git_above(tmp)
    (tmp / "real").mkdir()
    (tmp / "real" / "api.yaml").write_text("x: 1\n")
    (tmp / "cwd").mkdir()
    os.symlink(tmp / "real" / "api.yaml", tmp / "cwd" / "api.yaml")
    monkeypatch.chdir(tmp / "cwd")
    # the link lies in the cwd, the file it leads to does not: judged by the file
    assert boundary.default_root("api.yaml") == str(tmp / "real")


def test_boundary_for_adds_real_extra_roots_once_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = Path(os.path.realpath(tmp_path))
    _no_git_above(tmp)
    for name in ("a", "b", "c"):
        (tmp / name).mkdir()
    os.symlink(tmp / "c", tmp / "c-link")
    monkeypatch.chdir(tmp / "b")
    doc = str(tmp / "a" / "api.yaml")
    assert boundary.boundary_for(doc) == (str(tmp / "a"),)
    got = boundary.boundary_for(doc, [str(tmp / "c-link"), str(tmp / "a"), str(tmp / "b")])
    assert got == (str(tmp / "a"), str(tmp / "c"), str(tmp / "b"))
    # relative extra roots are taken from the working directory
    assert boundary.boundary_for(doc, ["."]) == (str(tmp / "a"), str(tmp / "b"))


def test_scan_allowed_judges_a_symlink_by_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = Path(os.path.realpath(tmp_path))
    _no_git_above(tmp)
    (tmp / "secret.yaml").write_text("x: 1\n")
    (tmp / "common").mkdir()
    (tmp / "common" / "shared.yaml").write_text("x: 1\n")
    repo = tmp / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "specs").mkdir()
    (repo / "specs" / "api.yaml").write_text("x: 1\n")
    os.symlink("../../secret.yaml", repo / "specs" / "evil.yaml")
    os.symlink("api.yaml", repo / "specs" / "alias.yaml")
    os.symlink("../../common/shared.yaml", repo / "specs" / "shared.yaml")
    monkeypatch.chdir(tmp)  # the cwd holds everything, but the git work tree is the boundary
    assert boundary.scan_allowed(str(repo / "specs" / "api.yaml"))
    assert boundary.scan_allowed(str(repo / "specs" / "alias.yaml"))
    assert not boundary.scan_allowed(str(repo / "specs" / "evil.yaml"))
    assert not boundary.scan_allowed(str(repo / "specs" / "shared.yaml"))
    assert boundary.scan_allowed(str(repo / "specs" / "shared.yaml"), [str(tmp / "common")])
    assert not boundary.scan_allowed(str(repo / "specs" / "evil.yaml"), [str(tmp / "common")])
    # a relative path, judged from the working directory
    monkeypatch.chdir(repo)
    assert boundary.scan_allowed(os.path.join("specs", "api.yaml"))
    assert not boundary.scan_allowed(os.path.join("specs", "evil.yaml"))


def test_document_load_refuses_refs_outside_its_boundary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = Path(os.path.realpath(tmp_path))
    _no_git_above(tmp)
    (tmp / "secret.yaml").write_text("Secret: {description: TOPSECRET}\n")
    (tmp / "common").mkdir()
    (tmp / "common" / "errors.yaml").write_text("Err: {description: error}\n")
    repo = tmp / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "specs").mkdir()
    (repo / "shared.yaml").write_text("Ok: {description: fine}\n")
    (repo / "specs" / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n"
        "        '200': {$ref: '../shared.yaml#/Ok'}\n"
        "        '401': {$ref: '../../secret.yaml#/Secret'}\n"
        "        '500': {$ref: '../../common/errors.yaml#/Err'}\n"
    )
    monkeypatch.chdir(tmp)
    doc = Document.load(str(repo / "specs" / "api.yaml"))
    reasons = {p.ref: p.reason for p in doc.ref_problems}
    assert set(reasons) == {"../../secret.yaml#/Secret", "../../common/errors.yaml#/Err"}
    assert all("outside the reference boundary" in r for r in reasons.values()), reasons
    assert not any("TOPSECRET" in str(f.data) for f in doc.files.values())
    wider = Document.load(str(repo / "specs" / "api.yaml"), ref_roots=(str(tmp / "common"),))
    assert [p.ref for p in wider.ref_problems] == ["../../secret.yaml#/Secret"]
