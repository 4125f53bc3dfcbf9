"""Import discipline of the rule families (DESIGN 2.1).

A family (``oaslint/rules/<family>/``) imports only ``oaslint.rules.base``,
``oaslint.rules.shared``, its own ``_x`` helpers, ``oaslint.index`` and
``oaslint.model``, ``oaslint.text``: never another family, never the loader (a rule gets the
``Document`` from ``ctx.index.document``; an annotation-only import under
``TYPE_CHECKING`` is allowed). ``shared`` imports no family at all.
"""

from __future__ import annotations

import ast
import os

import pytest

from oaslint.rules import BUILTIN_MODULES, FAMILIES, builtin_rules

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES_DIR = os.path.join(ROOT, "oaslint", "rules")
COMMON = (
    "oaslint.rules.base",
    "oaslint.rules.shared",
    "oaslint.index",
    "oaslint.model",
    "oaslint.text",  # quoting untrusted values: a leaf module every layer may use
)


def _runtime_imports(path: str) -> list[tuple[int, str]]:
    """(line, module) of every oaslint import outside ``if TYPE_CHECKING:``."""
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: use absolute imports"
            found.append((node.lineno, node.module or ""))
    return [(line, m) for line, m in found if m == "oaslint" or m.startswith("oaslint.")]


def _allowed(module: str, allowed: tuple[str, ...]) -> bool:
    return any(module == a or module.startswith(a + ".") for a in allowed)


def _files(package: str) -> list[str]:
    folder = os.path.join(RULES_DIR, package)
    return sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".py"))


@pytest.mark.parametrize("family", FAMILIES)
def test_family_imports_only_base_shared_and_its_own_helpers(family: str) -> None:
    allowed = (*COMMON, f"oaslint.rules.{family}")
    for path in _files(family):
        for line, module in _runtime_imports(path):
            assert _allowed(module, allowed), f"{os.path.relpath(path, ROOT)}:{line}: {module}"


def test_shared_imports_no_family() -> None:
    for path in _files("shared"):
        for line, module in _runtime_imports(path):
            assert _allowed(module, COMMON), f"{os.path.relpath(path, ROOT)}:{line}: {module}"


def test_every_package_is_a_family_or_shared() -> None:
    packages = {
        n
        for n in os.listdir(RULES_DIR)
        if os.path.isfile(os.path.join(RULES_DIR, n, "__init__.py"))
    }
    assert packages == {*FAMILIES, "shared"}
    # no rule module left at the top level: only the registry and the base
    top = {n for n in os.listdir(RULES_DIR) if n.endswith(".py")}
    assert top == {"__init__.py", "base.py"}


def test_family_modules_are_rules_or_private_helpers() -> None:
    registered = set(BUILTIN_MODULES)
    for family in FAMILIES:
        for path in _files(family):
            name = os.path.basename(path)[:-3]
            if name == "__init__" or name.startswith("_"):
                continue
            assert f"{family}.{name}" in registered, f"{family}/{name}.py is not in RULES"


def test_builtin_rules_are_stamped_with_their_family() -> None:
    for rule in builtin_rules():
        assert rule.family in FAMILIES
        assert rule.check.__module__.startswith(f"oaslint.rules.{rule.family}.")


def test_the_checker_sees_a_cross_family_import(tmp_path: os.PathLike[str]) -> None:
    path = os.path.join(str(tmp_path), "x.py")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(
            "from typing import TYPE_CHECKING\n"
            "from oaslint.rules.auth._schemes import x\n"
            "if TYPE_CHECKING:\n"
            "    from oaslint.loader.document import Document\n"
        )
    imports = _runtime_imports(path)
    assert imports == [(2, "oaslint.rules.auth._schemes")]
    assert not _allowed(imports[0][1], (*COMMON, "oaslint.rules.uris"))


def test_readme_families_table_matches_the_packages() -> None:
    import re

    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    table = readme.split("The rule families", 1)[1].split("\n\n| family |", 1)[1]
    table = table.split("\n\n", 1)[0]
    listed: dict[str, set[str]] = {}
    for row in table.splitlines()[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        listed[cells[1].strip("`")] = set(re.findall(r"`([a-z0-9-]+)`", cells[2]))
    actual: dict[str, set[str]] = {}
    for rule in builtin_rules():
        actual.setdefault(rule.family, set()).add(rule.meta.id)
    assert listed == actual


def test_rules_json_names_each_rule_family(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from oaslint.cli import main

    assert main(["--list-rules", "--format", "json"]) == 0
    listed = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert listed["servers-declared"]["family"] == "transport"
    assert listed["jwt-best-practices"]["family"] == "auth"
    assert listed["jwt-best-practices"]["references"] == ["SC-R003", "B.12.3.3"]
    assert {r["family"] for r in listed.values()} == set(FAMILIES)


def test_rules_quote_document_content_only_through_excerpt() -> None:
    """``{x!r}`` and ``repr(x)`` echo a document value unbounded and unescaped (issue 9):
    a rule quotes document content through :func:`oaslint.text.excerpt` only."""
    allowed = {
        # replaces jsonschema's own wording of a key it names; not document output
        ("valid_openapi.py", "is not allowed"),
    }
    bad = []
    for dirpath, _, names in os.walk(os.path.join(ROOT, "oaslint", "rules")):
        for name in names:
            if not name.endswith(".py"):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if ("!r}" in line or "repr(" in line) and not any(
                        name == f and marker in line for f, marker in allowed
                    ):
                        bad.append(f"{name}:{n}: {line.strip()}")
    assert bad == [], "quote with excerpt():\n" + "\n".join(bad)
