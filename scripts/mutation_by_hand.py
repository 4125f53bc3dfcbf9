"""Run mutants against chosen test files only, in a copy of ``oaslint/`` (tests/README.md).

    python scripts/mutation_by_hand.py oaslint/index.py tests/test_mut_core3_index.py
    python scripts/mutation_by_hand.py --decorated oaslint/index.py tests/test_mut_core3_index.py
    python scripts/mutation_by_hand.py --only NAME,NAME --show oaslint/index.py tests/...

Without ``--decorated``: every mutant mutmut made of the module (``mutants/`` must exist:
run ``scripts/mutation.py`` first; the mutant text is read from there). With
``--decorated``: the functions mutmut does not mutate (``@property``,
``@cached_property``), mutated with mutmut's own operators. Each mutant is written into a
copy of the checkout's ``oaslint/`` in a temporary folder (the source is never touched)
and the test files run there with ``pytest -x``; a run past ``--timeout`` seconds counts as
killed (as mutmut's timeout does). Prints one line per mutant: killed or SURVIVED.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DECORATORS = ("@cached_property", "@property")


def mutmut_mutants(module: str) -> Iterator[tuple[str, str]]:
    """(mutant name, mutated module text) for every mutant mutmut made of ``module``."""
    import libcst as cst
    from mutmut.mutation.diff_apply import (
        find_top_level_function_or_method,
        read_functions_from_index,
    )
    from mutmut.utils.format_utils import orig_function_and_class_names_from_key

    with open(os.path.join(ROOT, "mutants", module + ".meta"), encoding="utf-8") as f:
        names = sorted(json.load(f)["exit_code_by_key"])
    with open(os.path.join(ROOT, module), encoding="utf-8") as f:
        original = cst.parse_module(f.read())
    for name in names:
        function = orig_function_and_class_names_from_key(name)[0].rpartition(".")[-1]
        found = read_functions_from_index(name, module)
        old = find_top_level_function_or_method(original, function)
        if found is None or old is None:
            raise SystemExit(f"cannot read mutant {name}")
        new = found[1].with_changes(name=cst.Name(function))
        changed = original.deep_replace(old, new)
        assert isinstance(changed, cst.Module)
        yield name, changed.code


def decorated_mutants(module: str) -> Iterator[tuple[str, str]]:
    """(``function_N``, mutated text) for the decorated functions mutmut leaves out."""
    import libcst as cst
    from mutmut.mutation.file_mutation import create_mutations

    with open(os.path.join(ROOT, module), encoding="utf-8") as f:
        source = f.read()
    stripped = source
    for deco in DECORATORS:
        stripped = stripped.replace(f"    {deco}\n", f"    # DECO{deco}\n")
    lines = source.splitlines()
    decorated = {
        lines[i + 1].strip().removeprefix("def ").split("(")[0]
        for i, line in enumerate(lines[:-1])
        if line.strip() in DECORATORS
    }
    tree, mutations, _, _ = create_mutations(module, stripped)
    counter: dict[str, int] = {}
    for m in mutations:
        fn = m.contained_by_top_level_function
        if not isinstance(fn, cst.FunctionDef) or fn.name.value not in decorated:
            continue
        counter[fn.name.value] = counter.get(fn.name.value, 0) + 1
        changed = tree.deep_replace(m.original_node, m.mutated_node)
        assert isinstance(changed, cst.Module)
        code = changed.code
        for deco in DECORATORS:
            code = code.replace(f"    # DECO{deco}\n", f"    {deco}\n")
        yield f"{fn.name.value}_{counter[fn.name.value]}", code


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("module", help="e.g. oaslint/index.py")
    ap.add_argument("tests", nargs="+", help="test files to run per mutant")
    ap.add_argument("--decorated", action="store_true", help="mutate decorated functions")
    ap.add_argument("--only", default="", help="comma-separated mutant names")
    ap.add_argument("--show", action="store_true", help="print each mutant's diff")
    ap.add_argument("--timeout", type=float, default=30.0)
    args = ap.parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, ROOT)
    only = set(filter(None, args.only.split(",")))
    with open(args.module, encoding="utf-8") as f:
        source = f.read()
    work = tempfile.mkdtemp(prefix="oaslint-mut-")
    try:
        shutil.copytree("oaslint", os.path.join(work, "oaslint"))
        shutil.copy("pyproject.toml", work)
        shutil.copytree("tests", os.path.join(work, "tests"))
        target = os.path.join(work, args.module)
        mutants = decorated_mutants if args.decorated else mutmut_mutants
        killed = total = 0
        for name, code in mutants(args.module):
            if only and name not in only:
                continue
            total += 1
            if args.show:
                diff = difflib.unified_diff(source.splitlines(), code.splitlines(), n=0)
                print("\n".join(d for d in diff if d[:1] in "+-" and d[:3] not in ("+++", "---")))
            with open(target, "w", encoding="utf-8") as f:
                f.write(code)
            cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]
            env = {**os.environ, "PYTHONPATH": work}
            try:
                proc = subprocess.run(
                    [*cmd, *args.tests],
                    cwd=work,
                    env=env,
                    capture_output=True,
                    timeout=args.timeout,
                    check=False,
                )
                status = "killed" if proc.returncode else "SURVIVED"
            except subprocess.TimeoutExpired:
                status = "killed (timeout)"
            killed += status != "SURVIVED"
            print(name, status, flush=True)
        print(f"{killed} of {total} killed")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
