"""Scaffold a new rule: module, fixtures, registration (ruff's add_rule.py, our way).

    python scripts/new_rule.py no-foo-bar --family transport --severity warning \
        --refs API-11,B.12.3 --title "A server does foo"

Creates ``oaslint/rules/<family>/no_foo_bar.py`` (META + check over ``ctx.index``),
``tests/rules/no-foo-bar/bad.yaml`` and ``good.yaml``, and registers the module
in the family's ``RULES`` (``oaslint/rules/<family>/__init__.py``) and in the
``oaslint.rules`` entry points of ``pyproject.toml``. Then: write the check,
mark the offending fixture lines with ``# expect: no-foo-bar``, add the rule to
the README's rule families, and run ``python -m oaslint.docs`` and
``OASLINT_UPDATE_SNAPSHOTS=1 python -m pytest``. The meta-tests fail until
every piece is there (docs, fixtures, examples, README).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MODULE = '''"""{rule_id}: {title}."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.rules.base import RuleContext, RuleMeta

META = RuleMeta(
    id="{rule_id}",
    applies_to="operations",  # what it examines, plural: compliance reasons ("no operations")
    title="{title}",
    severity=Severity.{severity},
    references=({refs},),
    description=(
        "What exactly the rule flags, on Swagger 2.0, OpenAPI 3.0 and 3.1, and where the "
        "finding points."
    ),
    rationale="Why it matters, citing the requirement.",
    bad_example=(
        "openapi: 3.0.3\\n"
        "info: {{title: Example, version: '1'}}\\n"
        "paths: {{}}\\n"
    ),
    good_example=(
        "openapi: 3.0.3\\n"
        "info: {{title: Example, version: '1'}}\\n"
        "paths: {{}}\\n"
    ),
)


def check(ctx: RuleContext) -> None:
    """Read ``ctx.index``; report the most specific node that is wrong."""
    for op in ctx.index.operations:
        ctx.examine(op.loc)  # one place checked: "passed" needs something examined
        if "x-replace-me" in op.node:  # the real condition goes here
            ctx.report(
                op.loc.child("x-replace-me"),
                f"{{op.key}}: what is wrong, why it matters, what to do ({refs_text})",
                prefer_key=True,
            )
'''

FIXTURE = "openapi: 3.0.3\ninfo: {title: %s, version: '1'}\npaths: {}\n"


def _families() -> list[str]:
    """FAMILIES, read from the registry's source (the script does not import oaslint)."""
    with open(os.path.join(ROOT, "oaslint", "rules", "__init__.py"), encoding="utf-8") as fh:
        text = fh.read()
    block = text.split("FAMILIES: tuple[str, ...] = (", 1)[1].split(")", 1)[0]
    return re.findall(r'"([a-z_]+)"', block)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rule_id")
    parser.add_argument(
        "--family",
        required=True,
        choices=_families(),
        help="the package under oaslint/rules (see FAMILIES in oaslint/rules/__init__.py)",
    )
    parser.add_argument("--title", required=True)
    parser.add_argument("--severity", choices=["error", "warning", "info"], default="warning")
    parser.add_argument("--refs", required=True, help="comma-separated requirement ids")
    args = parser.parse_args()
    rule_id = args.rule_id
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule_id):
        parser.error("a rule id is a lower-case slug, e.g. no-foo-bar")
    module = rule_id.replace("-", "_")
    path = os.path.join(ROOT, "oaslint", "rules", args.family, f"{module}.py")
    fixtures = os.path.join(ROOT, "tests", "rules", rule_id)
    if os.path.exists(path) or os.path.exists(fixtures):
        print(f"{rule_id} exists already", file=sys.stderr)
        return 2
    refs = ", ".join(f'"{r.strip()}"' for r in args.refs.split(",") if r.strip())
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(
            MODULE.format(
                rule_id=rule_id,
                title=args.title.rstrip("."),
                severity=args.severity.upper(),
                refs=refs,
                refs_text=", ".join(r.strip() for r in args.refs.split(",") if r.strip()),
            )
        )
    os.makedirs(fixtures)
    for name in ("bad.yaml", "good.yaml"):
        with open(os.path.join(fixtures, name), "w", encoding="utf-8") as fh:
            fh.write(FIXTURE % name.split(".")[0].capitalize())

    registry = os.path.join(ROOT, "oaslint", "rules", args.family, "__init__.py")
    with open(registry, encoding="utf-8") as fh:
        text = fh.read()
    text = text.replace("\n)\n", f'\n    "{module}",\n)\n', 1)
    with open(registry, "w", encoding="utf-8") as fh:
        fh.write(text)

    pyproject = os.path.join(ROOT, "pyproject.toml")
    with open(pyproject, encoding="utf-8") as fh:
        text = fh.read()
    marker = '[project.entry-points."oaslint.rules"]\n'
    text = text.replace(marker, f'{marker}{rule_id} = "oaslint.rules.{args.family}.{module}"\n', 1)
    with open(pyproject, "w", encoding="utf-8") as fh:
        fh.write(text)
    # keep the new module in the project's format (ruff is in the test extra)
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", path], check=False)
    print(f"created {os.path.relpath(path, ROOT)} and tests/rules/{rule_id}/; registered it")
    print("next: write check(), mark bad.yaml lines with '# expect: " + rule_id + "', add it to")
    print("the README's rule families, run `python -m oaslint.docs` and the tests")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
