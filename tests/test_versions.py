"""Every rule on every OpenAPI version where its construct exists.

A rule states the versions it applies to (``RuleMeta.versions``, default all four); each
of them needs a bad and a good fixture in ``tests/rules/<rule-id>/`` (the version is read
from the fixture's root document, not from its name: ``bad.yaml`` is usually 3.0,
``bad-swagger.yaml`` 2.0, ``bad-31.yaml`` 3.1, ``bad-32.yaml`` 3.2). Versions are compared
as versions (3.2 is a superset of 3.1): every 3.1 fixture re-run as 3.2 gives the same
findings.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from oaslint.index import version_info
from oaslint.loader.document import detect_version
from oaslint.registry import all_rules
from oaslint.rules.base import ALL_VERSIONS
from tests.harness import fixture_root, run
from tests.test_rule_fixtures import RULES_DIR, _cases, _config

# Clean documents (tests/data/clean/): silent for every rule at once, each a good fixture
# for every rule on its version where the rule has no own good fixture for it (Swagger
# 2.0: most rules were written against 3.x first). A rule's own good fixture, the fixed
# twin of its bad one, is better; this is the floor.
CLEAN_DIR = os.path.join(os.path.dirname(__file__), "data", "clean")
CLEAN = sorted(os.path.join(CLEAN_DIR, n) for n in os.listdir(CLEAN_DIR))

# A file that does not parse has no version: parse-error's bad fixtures are version-free.
VERSION_FREE_BAD = {"parse-error"}

# (rule, kind, version) not yet covered, each with why; the test fails when one gets
# covered, so this list only shrinks.
KNOWN_GAPS: dict[tuple[str, str, str], str] = {}


def _version(path: str) -> str | None:
    try:
        with open(fixture_root(path), encoding="utf-8") as fh:
            data = YAML(typ="safe").load(fh)
    except Exception:  # a parse-error fixture
        return None
    return detect_version(data)


def _coverage() -> dict[tuple[str, str], set[str | None]]:
    out: dict[tuple[str, str], set[str | None]] = defaultdict(set)
    for kind in ("bad", "good"):
        for rule_id, path in _cases(kind):
            out[(rule_id, kind)].add(_version(path))
    for path in CLEAN:
        for rule in all_rules():
            out[(rule.meta.id, "good")].add(_version(path))
    return out


@pytest.mark.parametrize("path", CLEAN, ids=os.path.basename)
def test_clean_document_is_silent_for_every_rule(path: str) -> None:
    result = run(path, [r.meta.id for r in all_rules()])
    assert result.files == 1 and not result.errors
    assert _version(path) in ALL_VERSIONS
    assert not result.findings, [(f.rule, f.line, f.message) for f in result.findings]


def test_every_rule_has_bad_and_good_fixtures_for_each_of_its_versions() -> None:
    have = _coverage()
    missing, closed, stray = [], [], []
    for rule in all_rules():
        if rule.origin != "oaslint":
            continue
        meta = rule.meta
        assert meta.versions and meta.versions <= ALL_VERSIONS, meta.id
        for kind in ("bad", "good"):
            if kind == "bad" and meta.id in VERSION_FREE_BAD:
                continue
            for version in sorted(meta.versions):
                covered = version in have[(meta.id, kind)]
                gap = (meta.id, kind, version) in KNOWN_GAPS
                if not covered and not gap:
                    missing.append(f"{meta.id}: {kind} {version}")
                if covered and gap:
                    closed.append(f"{meta.id}: {kind} {version}")
        # a bad fixture on a version the rule says it does not apply to contradicts it
        stray += [
            f"{meta.id}: bad {v}"
            for v in have[(meta.id, "bad")] - set(meta.versions)
            if v in ALL_VERSIONS  # not an unsupported version (valid-openapi reports those)
        ]
    assert not missing, "fixtures missing (rule: kind version):\n" + "\n".join(missing)
    assert not closed, "covered now, remove from KNOWN_GAPS:\n" + "\n".join(closed)
    assert not stray, "bad fixtures outside RuleMeta.versions:\n" + "\n".join(stray)


def test_at_least_takes_major_minor_only(tmp_path: Path) -> None:
    from oaslint.index import SpecIndex
    from oaslint.loader.document import Document

    path = tmp_path / "api.yaml"
    path.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    index = SpecIndex(Document.load(str(path)))
    assert index.at_least("3.0") and index.at_least("3.1") and not index.at_least("3.2")
    with pytest.raises(ValueError, match=r"major\.minor"):
        index.at_least("3.1.0")


def test_version_info_orders_versions() -> None:
    assert version_info("2.0") < version_info("3.0") < version_info("3.1") < version_info("3.2")
    assert version_info("3.x", {"openapi": "3.3.0"}) == (3, 3)
    assert version_info("3.x", {"openapi": "3"}) == (3, 0)
    assert version_info("unknown") == (0, 0)
    assert version_info("unknown", {"openapi": "3.7"}) == (0, 0)  # only "3.x" reads the root
    assert version_info("3.x", {"swagger": "2.0"}) == (3, 0)
    assert version_info("3.10") > version_info("3.2")  # not string order


_OPENAPI = re.compile(r'^(\s*"?openapi"?\s*:\s*)("?)3\.1(\.\d+)?("?)', re.M)


# valid-openapi validates against each version's own official schema, and 3.2 relaxed
# some of 3.1 (a response's `description` is optional): its 3.2 fixtures are its own.
NOT_RERUN = {"valid-openapi"}


def _cases_31() -> list[tuple[str, str]]:
    return [
        (rule_id, path)
        for kind in ("bad", "good")
        for rule_id, path in _cases(kind)
        if _version(path) == "3.1" and rule_id not in NOT_RERUN
    ]


def _findings(path: str, rule_id: str, base: str) -> list[tuple[str, str, int, int, str]]:
    result = run(fixture_root(path), [rule_id], _config(path))
    where = os.path.abspath(base) + os.sep  # messages may name a missing file
    return sorted(
        (f.rule, os.path.relpath(f.file, base), f.line, f.column, f.message.replace(where, ""))
        for f in result.findings
        if f.rule == rule_id  # health rules (valid-openapi, resolvable-refs) always run
    )


@pytest.mark.parametrize(
    ("rule_id", "path"),
    _cases_31(),
    ids=lambda v: os.path.relpath(v, RULES_DIR) if os.sep in v else v,
)
def test_31_fixture_as_32_gives_identical_findings(rule_id: str, path: str, tmp_path: Path) -> None:
    """The same document under ``openapi: 3.2.0`` (rewritten in a copy, same lines)."""
    folder = os.path.dirname(path.rstrip("/"))
    copy = tmp_path / os.path.basename(path.rstrip("/"))
    if os.path.isdir(path):
        shutil.copytree(path, copy)
    else:
        shutil.copy(path, copy)
    cfg = os.path.join(folder, "config.yaml")
    if os.path.exists(cfg):
        shutil.copy(cfg, tmp_path / "config.yaml")
    root = Path(fixture_root(str(copy)))
    text, n = _OPENAPI.subn(r"\g<1>\g<2>3.2.0\g<4>", root.read_text(encoding="utf-8"), count=1)
    assert n == 1, f"{root}: no `openapi: 3.1.x` line"
    root.write_text(text, encoding="utf-8")
    as_31 = _findings(path, rule_id, folder)
    as_32 = _findings(str(copy), rule_id, str(tmp_path))
    assert as_32 == as_31
