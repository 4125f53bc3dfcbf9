"""Several root documents in one run that share `$ref`-ed files."""

from __future__ import annotations

import os

import pytest

from oaslint.cli import main


@pytest.fixture
def roots(tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch) -> str:
    folder = str(tmp_path)
    monkeypatch.chdir(folder)
    os.makedirs("shared")
    with open(os.path.join("shared", "servers.yaml"), "w") as fh:
        fh.write(
            "Legacy:\n"
            "  url: http://legacy.example.com\n"
            "  x-oaslint-ignore:\n"
            "    https-servers: the legacy host is only reachable inside the VPN\n"
            "Plain:\n"
            "  url: http://plain.example.com\n"
        )
    for name, server in (("a.yaml", "Legacy"), ("b.yaml", "Plain"), ("c.yaml", "Plain")):
        with open(name, "w") as fh:
            fh.write(
                "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"
                f"servers:\n  - $ref: 'shared/servers.yaml#/{server}'\npaths: {{}}\n"
            )
    return folder


def test_shared_defect_reported_once(roots: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["a.yaml", "b.yaml", "c.yaml", "--select", "https-servers"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" [")[0] for line in lines[: lines.index("")]] == [
        f"{os.path.join('shared', 'servers.yaml')}:6:8: error"
    ]
    assert lines[-1].startswith("3 files linted: 1 finding")


def test_suppression_used_by_one_root_is_not_unused(
    roots: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["a.yaml", "b.yaml", "--select", "https-servers,unused-suppression"])
    out = capsys.readouterr().out
    assert "unused-suppression" not in out
    # linted alone, b.yaml never uses the suppression: then it is reported
    main(["b.yaml", "--select", "https-servers,unused-suppression"])
    out = capsys.readouterr().out
    assert out.count("[unused-suppression]") == 1
