"""Issue 9: a pull request's spec attacks the CI runner; oaslint holds.

Each case runs the real command in a subprocess capped at 1 GiB of address
space and 20 s, together with a good file whose findings must all be there.
"Nothing outside the boundary is read" is asserted on the files the process
opened (an audit hook on ``open``), not only on the output.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from oaslint.loader.document import Document
from oaslint.loader.remote import Fetcher, RemoteError, check_redirect, refused_address
from oaslint.text import excerpt, neutral

SECRET = "TOPSECRET-7f3a9c"
GOOD = (
    "openapi: 3.0.3\ninfo: {title: Good, version: '1'}\n"
    "servers: [{url: 'http://x.example'}]\npaths: {}\n"
)
FORMATS = ("text", "json", "sarif", "github", "junit", "compliance")

# Runs oaslint with an audit hook that records every path the process opens.
PROBE = textwrap.dedent(
    """
    import os, sys
    log = open(sys.argv[1], "w")
    def hook(event, args):
        if event == "open" and isinstance(args[0], (str, bytes)):
            path = os.fsdecode(args[0])
            log.write(os.path.realpath(path) if "\\0" not in path else path)
            log.write("\\n")
            log.flush()
    sys.addaudithook(hook)
    from oaslint.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


def _limits() -> None:
    gib = 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (gib, gib))


def _run(args: list[str], cwd: Path, probe: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", PROBE, str(probe)] if probe else [sys.executable, "-m", "oaslint"]
    return subprocess.run(
        [*cmd, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=20,
        preexec_fn=_limits,
        env={**os.environ, "GITHUB_ACTIONS": "", "NO_COLOR": "1"},
    )


def _report(args: list[str], cwd: Path) -> dict:  # type: ignore[type-arg]
    proc = _run(["--format", "json", *args], cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def _doc(*schemes: str) -> str:
    body = "".join(f"    s{i}: {{type: {{$ref: {ref}}}}}\n" for i, ref in enumerate(schemes))
    return (
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n"
        "components:\n  securitySchemes:\n" + body
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """tmp/secret.yaml outside, tmp/repo/ a git work tree with a symlink out."""
    _write(tmp_path / "secret.yaml", f"{SECRET}: the runner's credentials\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    os.symlink("../secret.yaml", tmp_path / "repo" / "link.yaml")
    _write(tmp_path / "repo" / "good.yaml", GOOD)
    return tmp_path / "repo"


def _good_is_complete(report: dict, name: str = "good.yaml") -> None:  # type: ignore[type-arg]
    assert any(f["file"] == name and f["rule"] == "https-servers" for f in report["findings"])


# -- 1. file disclosure ------------------------------------------------------


def test_refs_outside_the_boundary_are_never_opened(repo: Path, tmp_path: Path) -> None:
    secret = str(tmp_path / "secret.yaml")
    _write(
        repo / "api.yaml",
        _doc(
            "'../secret.yaml'",
            f"'{secret}'",
            "'link.yaml'",
            "'/etc/passwd'",
            "'../../../../../../etc/passwd'",
            "'sub/../../secret.yaml#/x'",
        ),
    )
    probe = tmp_path / "opened.txt"
    for fmt in FORMATS:
        proc = _run(["--format", fmt, "api.yaml", "good.yaml"], repo, probe)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert SECRET not in proc.stdout + proc.stderr, fmt
        assert "root:" not in proc.stdout, fmt
        opened = probe.read_text().splitlines()
        assert os.path.realpath(secret) not in opened, fmt
        assert "/etc/passwd" not in opened, fmt
        assert os.path.realpath(repo / "api.yaml") in opened  # the probe works
    report = _report(["api.yaml", "good.yaml"], repo)
    refused = [
        f
        for f in report["findings"]
        if f["rule"] == "resolvable-refs" and "outside the reference boundary" in f["message"]
    ]
    assert len(refused) == 6, report["findings"]
    assert any("'link.yaml'" in f["message"] for f in refused)
    _good_is_complete(report)


def test_ref_root_widens_the_boundary(repo: Path, tmp_path: Path) -> None:
    _write(tmp_path / "common" / "errors.yaml", "Err: {description: error}\n")
    _write(
        repo / "api.yaml",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '500': {$ref: '../common/errors.yaml#/Err'}\n",
    )
    refused = _report(["api.yaml"], repo)
    assert any(f["rule"] == "resolvable-refs" for f in refused["findings"])
    allowed = _report(["--ref-root", str(tmp_path / "common"), "api.yaml"], repo)
    assert not [f for f in allowed["findings"] if f["rule"] == "resolvable-refs"]


def test_default_boundary_is_the_git_work_tree(repo: Path) -> None:
    # specs/v1/api.yaml refers to ../../common/: inside the repository, fine from anywhere
    _write(repo / "common" / "errors.yaml", "Err: {description: error}\n")
    _write(
        repo / "specs" / "v1" / "api.yaml",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '500': {$ref: '../../common/errors.yaml#/Err'}\n",
    )
    report = _report([str(repo / "specs" / "v1" / "api.yaml")], Path("/"))
    assert not [f for f in report["findings"] if f["rule"] == "resolvable-refs"], report


def test_scanned_symlink_out_of_the_project_is_not_read(repo: Path, tmp_path: Path) -> None:
    os.symlink("../secret.yaml", repo / "evil.yaml")
    probe = tmp_path / "opened.txt"
    proc = _run(["--format", "json", "."], repo, probe)
    assert SECRET not in proc.stdout
    assert str(tmp_path / "secret.yaml") not in probe.read_text().splitlines()
    report = json.loads(proc.stdout)
    assert any("outside the reference boundary" in e["message"] for e in report["errors"])
    _good_is_complete(report)


def test_messages_quote_only_short_excerpts(repo: Path) -> None:
    # even inside the boundary, a referenced file is never dumped into a message
    _write(repo / "big.yaml", "x" * 5000 + "\n")
    _write(repo / "api.yaml", _doc("'big.yaml'"))
    report = _report(["--select", "valid-openapi", "api.yaml"], repo)
    assert report["findings"]
    for f in report["findings"]:
        assert "x" * 100 not in f["message"], f["message"]


# -- 2. devices and FIFOs ----------------------------------------------------


def test_devices_and_fifos_are_refused(repo: Path) -> None:
    os.mkfifo(repo / "pipe.yaml")
    _write(repo / "api.yaml", _doc("'pipe.yaml'", "'/dev/zero'", "'/dev/urandom'"))
    report = _report(["--ref-root", "/dev", "api.yaml", "good.yaml"], repo)
    refs = [f for f in report["findings"] if f["rule"] == "resolvable-refs"]
    assert len(refs) == 3 and all("not a regular file" in f["message"] for f in refs), refs
    _good_is_complete(report)
    # a FIFO found by a directory scan must not hang the pre-check either
    scan = _report(["."], repo)
    _good_is_complete(scan)


# -- 5, 6. inputs that used to abort the whole run ----------------------------

ABORTS: dict[str, tuple[dict[str, str | bytes], str]] = {
    # name: (files, expected rule of a finding in the hostile file)
    "empty-ref": (
        {"api.yaml": "openapi: 3.0.3\ninfo: {$ref: empty.yaml}\npaths: {}\n", "empty.yaml": ""},
        "valid-openapi",
    ),
    "dev-null-ref": (
        {"api.yaml": "openapi: 3.0.3\ninfo: {$ref: /dev/null}\npaths: {}\n"},
        "resolvable-refs",
    ),
    "scalar-ref": (
        {
            "api.yaml": "openapi: 3.0.3\ninfo: {$ref: 'scalar.yaml'}\npaths: {}\n",
            "scalar.yaml": "just text\n",
        },
        "valid-openapi",
    ),
    "nul-ref": (
        {"api.yaml": 'openapi: 3.0.3\ninfo: {$ref: "\\0"}\npaths: {}\n'},
        "resolvable-refs",
    ),
    "huge-int": (
        {"api.yaml": "openapi: 3.0.3\ninfo: {title: x, version: " + "9" * 5000 + "}\npaths: {}\n"},
        "valid-openapi",
    ),
    "lone-surrogate": (
        {"api.json": '{"openapi":"3.0.3","paths":{"/\\ud800":{"get":{}}}}'},
        "valid-openapi",
    ),
    "format-list": (
        {
            "api.yaml": "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n"
            "    get:\n      parameters:\n        - {name: q, in: query, "
            "schema: {type: string, format: []}}\n      responses: {'200': {description: ok}}\n"
        },
        "valid-openapi",
    ),
    # found by scripts/fuzz.py on the base commit (seed 5, mutant 2088)
    "format-map": (
        {
            "api.yaml": "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n"
            "    post:\n      requestBody:\n        content:\n          application/json:\n"
            "            schema: {type: string, format: {x: 1}}\n"
            "      responses: {'200': {description: ok}}\n"
        },
        "valid-openapi",
    ),
}


@pytest.mark.parametrize("name", sorted(ABORTS))
def test_one_bad_file_never_costs_the_run(repo: Path, name: str) -> None:
    files, rule = ABORTS[name]
    for fname, content in files.items():
        _write(repo / fname, content)
    hostile = "api.json" if "api.json" in files else "api.yaml"
    args = ["--ref-root", "/dev", hostile, "good.yaml"]
    report = _report(args, repo)
    _good_is_complete(report)
    mine = [f for f in report["findings"] if f["file"] == hostile]
    assert any(f["rule"] == rule for f in mine), mine
    assert not [f for f in report["findings"] if f["rule"] == "internal-error"]
    assert not report["errors"], report["errors"]
    for fmt in FORMATS:
        out = repo / f"report.{fmt}"
        proc = _run(["--format", fmt, "-o", str(out), *args], repo)
        assert proc.returncode == 1, (fmt, proc.stderr)
        shown = out.read_text()
        assert ("| Documents | 2 |" if fmt == "compliance" else "good.yaml") in shown, fmt


# -- 8. log forgery ----------------------------------------------------------

FORGED = "::error file=README.md,line=1::forged"


def test_text_output_cannot_forge_log_lines(repo: Path) -> None:
    key = f"/a\\n{FORGED}\\r\\u001b[2J\\u001b]8;;x\\u0007"
    _write(
        repo / "api.yaml",
        'openapi: 3.0.3\ninfo: {title: x, version: "1"}\nservers: [{url: "http://a"}]\n'
        f'paths:\n  "{key}":\n    trace: {{responses: {{"200": {{description: ok}}}}}}\n',
    )
    _write(repo / (FORGED.replace("/", "_") + ".yaml"), "openapi: 3.0.3\npaths: [\n")
    proc = _run(["--format", "text", "."], repo)
    assert proc.stdout.count("\n") == len(proc.stdout.splitlines())
    for line in proc.stdout.splitlines():
        assert not line.startswith("::"), line
        assert "\x1b" not in line and "\r" not in line and "\x07" not in line, line
    assert "forged" in proc.stdout  # shown, escaped
    report = _report(["."], repo)
    gh = _run(["--format", "github", "."], repo)
    commands = [line for line in gh.stdout.splitlines() if line.startswith("::")]
    assert len(commands) == len(report["findings"]) + len(report["errors"])
    assert not any(line.startswith("::error file=README.md") for line in gh.stdout.splitlines())


# -- 3, 4. aliases -----------------------------------------------------------

ALIASES = {
    "schema-loop": (
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    post:\n"
        "      requestBody:\n        content:\n          application/json:\n"
        "            schema: &a {type: array, items: *a}\n"
        "      responses: {'200': {description: ok}}\n",
        "recursive YAML alias",
    ),
    "list-loop": ("openapi: 3.0.3\nx: &a [*a]\n", "recursive YAML alias"),
    "merge-loop": ("openapi: 3.0.3\nx: &a {<<: *a}\n", "recursive YAML alias"),
    "string-bomb": (
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\nx-s: &s '"
        + "a" * 1_000_000
        + "'\npaths:\n  /a:\n    get:\n      parameters:\n"
        + "".join(f"        - {{name: p{i}, in: *s}}\n" for i in range(300))
        + "      responses: {'200': {description: ok}}\n",
        "aliases of long strings",
    ),
    "key-bomb": (
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\nx-k:\n  ? &k '"
        + "k" * 1_000_000
        + "'\n  : 1\npaths: {}\n"
        + "".join(f"x-{i}:\n  *k : 1\n" for i in range(300)),
        "aliases of long strings",
    ),
}


@pytest.mark.parametrize("name", sorted(ALIASES))
def test_alias_attacks_are_parse_errors(repo: Path, name: str) -> None:
    text, needle = ALIASES[name]
    _write(repo / "api.yaml", text)
    report = _report(["api.yaml", "good.yaml"], repo)
    _good_is_complete(report)
    mine = [f for f in report["findings"] if f["file"] == "api.yaml"]
    assert [f["rule"] for f in mine] == ["parse-error"], mine
    assert needle in mine[0]["message"]


# -- 9. one file under many spellings ----------------------------------------


def test_a_file_reached_through_several_spellings_is_loaded_once(
    repo: Path, tmp_path: Path
) -> None:
    _write(repo / "a" / "api.yaml", GOOD)
    os.symlink("a", repo / "b")
    os.symlink("a", repo / "c")
    probe = tmp_path / "opened.txt"
    proc = _run(["--format", "json", "a", "b", "c", "./a/../a/api.yaml"], repo, probe)
    report = json.loads(proc.stdout)
    assert report["summary"]["files"] == 1
    opened = probe.read_text().splitlines()
    assert opened.count(os.path.realpath(repo / "a" / "api.yaml")) <= 2  # head check + load
    # and inside one document: one file, however it is referenced
    _write(repo / "x.yaml", "Ok: {description: ok}\n")
    os.symlink("x.yaml", repo / "y.yaml")
    _write(
        repo / "multi.yaml",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '200': {$ref: 'x.yaml#/Ok'}\n"
        "        '201': {$ref: './a/../x.yaml#/Ok'}\n        '202': {$ref: 'y.yaml#/Ok'}\n",
    )
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        doc = Document.load("multi.yaml")
    finally:
        os.chdir(cwd)
    assert len(doc.files) == 2  # multi.yaml and one spelling of x.yaml
    assert not doc.ref_problems


# -- 7. remote references ----------------------------------------------------


def test_allow_remote_is_refused_in_a_configuration_file(repo: Path) -> None:
    _write(repo / ".oaslint.yaml", "allow-remote: true\n")
    proc = _run(["good.yaml"], repo)
    assert proc.returncode == 2
    assert "only be allowed on the command line" in proc.stderr


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("http://example.com/a.yaml", "only https"),
        ("ftp://example.com/a.yaml", "unsupported reference scheme"),
        ("https://127.0.0.1/a.yaml", "loopback"),
        ("https://localhost/a.yaml", "loopback"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://10.1.2.3/a.yaml", "private"),
        ("https://[::1]/a.yaml", "loopback"),
        ("https://[::ffff:127.0.0.1]/a.yaml", "loopback"),
        ("https://224.0.0.1/a.yaml", "multicast"),
    ],
)
def test_remote_refusals_are_findings(repo: Path, url: str, needle: str) -> None:
    _write(
        repo / "api.yaml",
        f"openapi: 3.0.3\ninfo: {{title: x, version: '1'}}\npaths:\n  /a: {{$ref: '{url}#/A'}}\n",
    )
    report = _report(["--allow-remote", "api.yaml", "good.yaml"], repo)
    refs = [f for f in report["findings"] if f["rule"] == "resolvable-refs"]
    assert len(refs) == 1 and needle in refs[0]["message"], refs
    _good_is_complete(report)


class _Resp:
    def __init__(self, status: int, body: bytes = b"", location: str | None = None, delay=0.0):  # type: ignore[no-untyped-def]
        self.status = status
        self._body = body
        self._location = location
        self._delay = delay

    def getheader(self, name: str) -> str | None:
        return self._location if name == "Location" else None

    def read1(self, n: int = -1) -> bytes:
        import time

        time.sleep(self._delay)
        chunk, self._body = self._body[:1], self._body[1:]
        return chunk

    def close(self) -> None:
        pass


def _fetcher(responses: dict[str, _Resp], **caps: float) -> Fetcher:
    def opener(host: str, address: str, port: int, target: str, timeout: float) -> _Resp:
        return responses[f"https://{host}{target}"]

    return Fetcher(resolve=lambda host, port: ["93.184.215.14"], opener=opener, **caps)  # type: ignore[arg-type]


def test_remote_redirects_stay_on_host_and_scheme() -> None:
    ok = _fetcher(
        {"https://a.example/x": _Resp(302, location="/y"), "https://a.example/y": _Resp(200, b"ok")}
    )
    assert ok.fetch("https://a.example/x") == b"ok"
    for target in ("https://b.example/y", "ftp://a.example/y", "http://a.example/y"):
        f = _fetcher({"https://a.example/x": _Resp(302, location=target)})
        with pytest.raises(RemoteError, match="refused"):
            f.fetch("https://a.example/x")
    with pytest.raises(RemoteError):
        check_redirect("https://a.example/", "https://a.example:8443/")


def test_remote_deadline_and_caps() -> None:
    slow = _fetcher({"https://a.example/x": _Resp(200, b"abcdefgh", delay=0.1)}, deadline=0.3)
    with pytest.raises(RemoteError, match="deadline"):
        slow.fetch("https://a.example/x")
    big = _fetcher({"https://a.example/x": _Resp(200, b"x" * 50)}, max_bytes=10)
    with pytest.raises(RemoteError, match="larger than"):
        big.fetch("https://a.example/x")
    docs = {f"https://a.example/{i}": _Resp(200, b"x" * 6) for i in range(5)}
    total = _fetcher(docs, max_total_bytes=20)
    with pytest.raises(RemoteError, match="in total"):
        for i in range(5):
            total.fetch(f"https://a.example/{i}")
    count = _fetcher(
        {f"https://a.example/{i}": _Resp(200, b"x") for i in range(5)}, max_documents=3
    )
    with pytest.raises(RemoteError, match="more than 3"):
        for i in range(5):
            count.fetch(f"https://a.example/{i}")


def test_address_policy() -> None:
    assert refused_address("93.184.215.14") is None
    assert refused_address("2606:2800:21f:cb07:6820:80da:af6b:8b2c") is None
    for address in (
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fc00::1",
        "0.0.0.0",
        "100.64.0.1",
        "::ffff:10.0.0.1",
    ):
        assert refused_address(address) is not None, address


# -- excerpts ----------------------------------------------------------------


def test_excerpt_escapes_and_cuts() -> None:
    assert excerpt("abc") == "'abc'"
    assert excerpt("a\nb\x1b[31m\ud800") == "'a\\nb\\x1b[31m\\ud800'"
    long = excerpt("x" * 1000)
    assert len(long) < 100 and long.endswith("...")
    assert len(excerpt({"k": ["v" * 1000] * 1000})) < 200
    assert "digits" in excerpt(10**5000)
    assert neutral("a\u2028b\x85") == "a\\u2028b\\x85"


def test_an_unexpected_failure_costs_one_file_only(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever goes wrong inside one file (a bug), the others are fully reported."""
    from oaslint.config import Config
    from oaslint.engine import Linter
    from oaslint.registry import all_rules

    _write(repo / "bad.yaml", GOOD)
    real_load = Document.load

    def load(path: str, *args: object, **kwargs: object) -> Document:
        if path.endswith("bad.yaml"):
            raise KeyError("boom")
        return real_load(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("oaslint.engine.Document.load", load)
    monkeypatch.chdir(repo)
    result = Linter(all_rules(), Config()).lint_paths(["bad.yaml", "good.yaml"])
    assert [e.file for e in result.errors] == ["bad.yaml"]
    assert result.errors[0].message.startswith("internal error: KeyError")
    assert any(f.file == "good.yaml" and f.rule == "https-servers" for f in result.findings)


def test_configuration_and_baseline_paths_are_bounded_reads(repo: Path) -> None:
    """A PR's .oaslint.yaml may be a symlink to a device, or name one as its baseline."""
    os.symlink("/dev/zero", repo / ".oaslint.yaml")
    proc = _run(["good.yaml"], repo)  # not a file: not found as a configuration
    assert proc.returncode == 1 and "https-servers" in proc.stdout, proc.stderr
    proc = _run(["--config", ".oaslint.yaml", "good.yaml"], repo)
    assert proc.returncode == 2, proc.stderr
    (repo / ".oaslint.yaml").unlink()
    os.mkfifo(repo / "fifo.json")  # inside the project (one outside is not even looked at)
    _write(repo / ".oaslint.yaml", "baseline: fifo.json\n")
    proc = _run(["good.yaml"], repo)
    assert proc.returncode == 2 and "not a regular file" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_ref_root_must_be_a_directory(repo: Path) -> None:
    proc = _run(["--ref-root", "no-such-dir", "good.yaml"], repo)
    assert proc.returncode == 2
    assert "--ref-root: no-such-dir: no such directory" in proc.stderr
