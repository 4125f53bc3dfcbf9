"""Without ruamel.yaml.clib (PyPy, no wheel for the platform) the loader falls back to
ruamel.yaml's pure-Python composer, with the same resolver: identical output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# `import _ruamel_yaml` raises ImportError when its sys.modules entry is None:
# what ruamel.yaml.cyaml meets where the C extension is not installed.
RUN = """\
import sys
if sys.argv[1] == "pure":
    sys.modules["_ruamel_yaml"] = None
from oaslint.loader import source
assert (source.CParser is None) == (sys.argv[1] == "pure"), source.CParser
from oaslint.cli import main
raise SystemExit(main(["--format", "json", "--no-color", *sys.argv[2:]]))
"""

DUPLICATE_AND_ALIASES = """\
openapi: 3.0.3
info: {title: T, version: '1', title: again}
servers:
  - &s {url: 'http://a.example.com', description: x}
  - *s
paths:
  /a:
    get:
      responses:
        '200': {description: ok, x-n: 1, x-f: 1.5, x-b: yes, x-null: ~, x-str: !!str 12}
"""


def _lint(mode: str, cwd: str, *paths: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, mode, *paths],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": REPO, "NO_COLOR": "1"},
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout


@pytest.mark.parametrize(
    "case",
    ["samples/petstore-insecure.yaml", "tests/data/multi-spec/openapi.yaml", "inline"],
)
def test_pure_python_composer_gives_the_same_findings(case: str, tmp_path: Any) -> None:
    cwd = REPO
    if case == "inline":
        (tmp_path / "api.yaml").write_text(DUPLICATE_AND_ALIASES)
        (tmp_path / "broken.yaml").write_text("openapi: 3.0.3\ninfo: [\n")
        cwd, paths = str(tmp_path), ["api.yaml", "broken.yaml"]
    else:
        paths = [case]
    with_c = _lint("c", cwd, *paths)
    pure = _lint("pure", cwd, *paths)
    assert '"findings"' in with_c[1]
    assert pure[0] == with_c[0]
    assert _comparable(pure[1]) == _comparable(with_c[1])


def _comparable(output: str) -> Any:
    """The JSON report; a parse error's wording is the parser's own (C: "did not find
    expected node content", Python: "expected the node content, but found ..."), its
    place must be the same."""
    report = json.loads(output)
    for f in report["findings"]:
        if f["rule"] == "parse-error":
            f["message"] = f["message"].split(":")[0]
    return report
