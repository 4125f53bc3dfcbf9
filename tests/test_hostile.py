"""Hostile and broken input: a finding or a one-line error, never a traceback.

Each case runs the real command in a subprocess capped at 1 GiB of address
space and 30 s, together with a good file that must still be linted.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest

GOOD = (
    "openapi: 3.0.3\ninfo: {title: Good, version: '1'}\n"
    "servers: [{url: 'http://x.example'}]\npaths: {}\n"
)


def _bomb() -> str:
    text = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n"
    text += "x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    prev = "a"
    for i in range(1, 10):
        name = chr(ord("a") + i)
        text += f"x-{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
        prev = name
    return text


CASES: dict[str, tuple[str | bytes, str, str]] = {
    # name: (content, expected kind "finding"/"error", text in the message)
    "bomb.yaml": (_bomb(), "finding", "alias bomb"),
    "deep.yaml": (
        "openapi: 3.0.3\nx: " + "[" * 20000 + "]" * 20000 + "\n",
        "finding",
        "nests deeper",
    ),
    "deep.json": (
        '{"openapi": "3.0.3", "x": ' + "[" * 20000 + "]" * 20000 + "}",
        "finding",
        "nest",
    ),
    "deepmap.yaml": (
        "openapi: 3.0.3\n" + "".join("  " * i + "a:\n" for i in range(3000)),
        "finding",
        "nests deeper",
    ),
    "garbage.yaml": (bytes(range(256)) * 40, "finding", "NUL"),
    "latin.yaml": (
        b"openapi: 3.0.3\n" + b"x: \xff\xfe garbage \x80\n: : :\n",
        "finding",
        "invalid YAML",
    ),
    "empty.yaml": ("", "error", "not an OpenAPI document"),
    "scalar.yaml": ("just a string\n", "error", "not an OpenAPI document"),
    "list.json": ("[1, 2, 3]", "error", "not an OpenAPI document"),
    "invalid.yaml": ("openapi: 3.0.3\ninfo: {title: x\n", "finding", "invalid YAML"),
    "invalid.json": ('{"openapi": "3.0.3",,}', "finding", "invalid JSON"),
    "duplicate.yaml": (
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\npaths: {}\n",
        "finding",
        "duplicate key",
    ),
    "python-tag.yaml": (
        "openapi: !!python/object/apply:os.system ['echo pwned > pwned.txt']\n"
        "info: {title: x, version: '1'}\npaths: {}\n",
        "finding",
        "unsupported OpenAPI version",  # the tag is not honoured: a plain sequence
    ),
    "two-docs.yaml": ("openapi: 3.0.3\n---\nopenapi: 3.0.3\n", "finding", "invalid YAML"),
    "circular.yaml": (
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n"
        "  /a: {$ref: '#/paths/~1a'}\n"
        "components:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n",
        "clean",
        "",
    ),
}


def _limits() -> None:
    gib = 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (gib, gib))


def _run(args: list[str], cwd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oaslint", "--format", "json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limits,
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_is_contained(tmp_path: os.PathLike[str], name: str) -> None:
    content, kind, needle = CASES[name]
    folder = str(tmp_path)
    mode = "wb" if isinstance(content, bytes) else "w"
    with open(os.path.join(folder, name), mode) as fh:
        fh.write(content)
    with open(os.path.join(folder, "good.yaml"), "w") as fh:
        fh.write(GOOD)
    proc = _run([name, "good.yaml"], folder)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    report = json.loads(proc.stdout)
    # the other file of the run is still linted
    assert any(
        f["file"] == "good.yaml" and f["rule"] == "https-servers" for f in report["findings"]
    )
    mine = [f for f in report["findings"] if f["file"] == name]
    errors = [e for e in report["errors"] if e["file"] == name]
    if kind == "finding":
        assert mine and not errors, proc.stdout
        assert any(needle in f["message"] for f in mine), mine
        assert all(f["rule"] in ("parse-error", "valid-openapi", "resolvable-refs") for f in mine)
        assert proc.returncode == 1
    elif kind == "error":
        assert errors and needle in errors[0]["message"]
        assert "\n" not in errors[0]["message"]
        assert proc.returncode == 2
    else:
        assert not errors
        assert not [f for f in mine if f["rule"] == "internal-error"]
    assert not os.path.exists(os.path.join(folder, "pwned.txt"))


def test_missing_and_unreadable_files_are_errors(tmp_path: os.PathLike[str]) -> None:
    folder = str(tmp_path)
    with open(os.path.join(folder, "good.yaml"), "w") as fh:
        fh.write(GOOD)
    os.mkdir(os.path.join(folder, "adir.yaml"))
    proc = _run(["missing.yaml", "good.yaml"], folder)
    report = json.loads(proc.stdout)
    assert proc.returncode == 2
    assert report["errors"] == [{"file": "missing.yaml", "message": "no such file or directory"}]
    assert report["summary"]["files"] == 1
