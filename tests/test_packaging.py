"""What a user installing from an index gets: metadata, licence, ranges, SARIF links.

The sdist and the wheel themselves are built and tried outside the checkout by the
"package" job of ``.ci/run``; this file checks what can be checked from the source.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

import pytest

from oaslint.cli import main
from oaslint.formatters.sarif import FULL_DESCRIPTION_MAX, full_description
from oaslint.registry import all_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10
    import tomli as tomllib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _pyproject() -> dict[str, Any]:
    with open(os.path.join(REPO, "pyproject.toml"), "rb") as fh:
        return tomllib.load(fh)


def _floors() -> dict[str, str]:
    out = {}
    with open(os.path.join(REPO, ".ci", "floors.txt"), encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#")[0].strip()
            if line:
                name, _, version = line.partition("==")
                out[name.strip().lower()] = version.strip()
    return out


def _declared_floors(requirements: list[str]) -> dict[str, str]:
    out = {}
    for req in requirements:
        mo = re.match(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9.]+)", req)
        if mo:
            out[mo.group(1).lower()] = mo.group(2)
    return out


def _is_first_release_of(pinned: str, floor: str) -> bool:
    """``pinned`` is ``floor`` itself or its first release (``77.0.1`` for ``>=77``)."""

    def parts(v: str) -> tuple[int, ...]:
        nums = [int(p) for p in v.split(".")]
        while nums and nums[-1] == 0:
            nums.pop()
        return tuple(nums)

    return parts(pinned)[: len(parts(floor))] == parts(floor)


def test_floors_file_installs_exactly_the_declared_floors() -> None:
    """.ci/floors.txt (the lowest-version CI job) pins what pyproject.toml allows at least."""
    project = _pyproject()["project"]
    declared = _declared_floors(project["dependencies"])
    declared.update(_declared_floors(project["optional-dependencies"]["test"]))
    declared.update(_declared_floors(_pyproject()["build-system"]["requires"]))
    floors = _floors()
    for name in ("click", "ruamel.yaml", "openapi-spec-validator", "jsonschema-rs", "jsonpath-ng"):
        assert name in floors, f".ci/floors.txt does not pin {name}"
    for name, version in floors.items():
        assert name in declared, f".ci/floors.txt pins {name}, which pyproject.toml does not floor"
        assert _is_first_release_of(version, declared[name]), (
            f"{name}: pyproject.toml says >={declared[name]}, .ci/floors.txt tests {version}"
        )


def test_ranges_are_honest() -> None:
    project = _pyproject()
    deps = project["project"]["dependencies"]
    assert not [d for d in deps if d.lower().startswith("prance")], "prance is never imported"
    assert any(re.match(r"jsonpath-ng>=[0-9.]+,<2\b", d) for d in deps), deps
    assert project["build-system"]["requires"] == ["setuptools>=77"]
    test = project["project"]["optional-dependencies"]["test"]
    for tool in ("ruff", "mypy"):
        pins = [t for t in test if t.startswith(tool)]
        assert len(pins) == 1 and "==" in pins[0], f"{tool} must be pinned exactly: {pins}"


def test_licence_and_metadata() -> None:
    project = _pyproject()["project"]
    assert project["license"] == "EUPL-1.2"
    assert project["license-files"] == ["LICENSE"]
    with open(os.path.join(REPO, "LICENSE"), encoding="utf-8") as fh:
        text = fh.read()
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in text
    assert "Appendix" in text and len(text) > 10_000
    urls = project["urls"]
    assert urls["Rules"].startswith("https://")
    assert all(u.startswith("https://") for u in urls.values())
    versions = {
        c.rsplit(":: ", 1)[1]
        for c in project["classifiers"]
        if re.match(r"Programming Language :: Python :: 3\.\d+$", c)
    }
    assert versions == {"3.10", "3.11", "3.12", "3.13"}


def test_sdist_carries_what_its_tests_need() -> None:
    with open(os.path.join(REPO, "MANIFEST.in"), encoding="utf-8") as fh:
        manifest = fh.read()
    for folder in ("tests", "rules", "samples", "docs"):
        assert re.search(rf"^(graft|recursive-include) {folder}\b", manifest, re.M), folder


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("short.", "short."),
        ("A" * 1024, "A" * 1024),
    ],
)
def test_full_description_keeps_short_texts(text: str, expected: str) -> None:
    assert full_description(text) == expected


def test_full_description_cuts_at_a_sentence() -> None:
    text = ("One sentence here. " * 80).strip()
    cut = full_description(text)
    assert len(cut) <= FULL_DESCRIPTION_MAX
    assert cut.endswith("here. \u2026")
    words = "word " * 400
    assert len(full_description(words)) <= FULL_DESCRIPTION_MAX


def test_sarif_rules_fit_github_and_link_public_pages(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every rule's fullDescription within 1,024 characters; helpUri public or absent."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OASLINT_DOCS_URL", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n", encoding="utf-8"
    )
    long_description = "A custom rule with a long description. " * 60
    (tmp_path / ".oaslint.yaml").write_text(
        "custom-rules:\n"
        "  - id: long-custom\n"
        "    given: $.info\n"
        f"    description: '{long_description}'\n"
        "    then: {field: contact, function: defined}\n",
        encoding="utf-8",
    )
    main(["--format", "sarif", "api.yaml"])
    sarif = json.loads(capsys.readouterr().out)
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {r.meta.id for r in all_rules()} | {"long-custom"}
    for rule in rules:
        assert len(rule["fullDescription"]["text"]) <= FULL_DESCRIPTION_MAX, rule["id"]
        uri = rule.get("helpUri")
        assert uri is None or uri.startswith("https://"), (rule["id"], uri)
    assert "file://" not in json.dumps([r.get("helpUri") for r in rules])
