"""Remote ``$ref``s end to end, in-process: ``oaslint --allow-remote`` against a local TLS
server, through the real fetcher (DNS answer checked, pinned TLS connection, redirects).

Only the name service and the TCP connect are replaced: ``socket.getaddrinfo`` answers
with the addresses a test chooses (a public one, or a private one to be refused), and
``socket.create_connection`` to that public address reaches the local server instead.
TLS is real (a throw-away certificate for ``api.example.test``), so the host name is
checked, and everything between the command line and the socket is the shipped code.
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oaslint.cli import main
from oaslint.loader.remote import Fetcher, RemoteError
from tests.conftest import skip_or_fail

PUBLIC = "93.184.215.14"  # any global address: the local server stands in for it
HITS: list[str] = []

ROOT_DOC = """\
openapi: 3.0.3
info: {{title: Remote, version: '1'}}
servers:
  - url: https://api.example.com
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '{base}/common.yaml#/Pet'}}
        '201':
          description: same file again (fetched once)
          content:
            application/json:
              schema: {{$ref: '{base}/common.yaml#/Pets'}}
        '404': {{$ref: '{base}/missing.yaml#/NotFound'}}
        '409': {{$ref: '{base}/common.yaml#/Nope'}}
        '410': {{$ref: '{base}/latin1.yaml#/Gone'}}
        '422': {{$ref: '{base}/broken.yaml#/Bad'}}
        '429': {{$ref: '{base}/away.yaml#/Elsewhere'}}
        '500': {{$ref: 'https://rebind.example.test:{port}/x.yaml#/E'}}
"""

COMMON = b"""\
Pet:
  type: object
  properties:
    name: {type: string}
    owner: {$ref: './more.yaml#/Owner'}
Pets:
  type: array
  items: {$ref: '#/Pet'}
"""
MORE = b"Owner: {type: object, properties: {id: {type: string}}}\n"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        HITS.append(self.path)
        bodies = {
            "/common.yaml": COMMON,
            "/more.yaml": MORE,
            "/latin1.yaml": b"Gone: {description: caf\xe9}\n",
            "/broken.yaml": b"Bad: [unclosed\n",
        }
        if self.path in bodies:
            body = bodies[self.path]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/away.yaml":
            self.send_response(302)
            self.send_header("Location", "https://elsewhere.example.test/away.yaml")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    if shutil.which("openssl") is None:
        skip_or_fail("needs the openssl command to make a throw-away certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=api.example.test", "-addext", "subjectAltName=DNS:api.example.test",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    port = int(httpd.server_address[1])
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    answers = {"api.example.test": [PUBLIC], "rebind.example.test": [PUBLIC, "10.0.0.5"]}
    real_connect = socket.create_connection
    real_getaddrinfo = socket.getaddrinfo
    real_context = ssl.create_default_context

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host == "127.0.0.1":  # the stand-in connection below
            return real_getaddrinfo(host, port, *args, **kwargs)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        assert address[0] == PUBLIC, address  # only ever the checked address
        return real_connect(("127.0.0.1", address[1]), *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(ssl, "create_default_context", lambda: real_context(cafile=str(cert)))
    HITS.clear()
    try:
        yield port
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_remote_refs_are_fetched_checked_and_reported(
    server: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    base = f"https://api.example.test:{server}"
    (tmp_path / "api.yaml").write_text(ROOT_DOC.format(base=base, port=server))
    code = main(["api.yaml", "--allow-remote", "--select", "resolvable-refs", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1
    found = [
        (f["file"], f["line"], f["message"])
        for f in json.loads(out)["findings"]
        if f["rule"] == "resolvable-refs"
    ]
    assert found == [
        ("api.yaml", 19, f"cannot resolve $ref '{base}/missing.yaml#/NotFound': "
         f"HTTP status 404 from {base}/missing.yaml"),
        ("api.yaml", 20, f"cannot resolve $ref '{base}/common.yaml#/Nope': "
         f"pointer '/Nope' not found in {base}/common.yaml"),
        ("api.yaml", 21, f"cannot resolve $ref '{base}/latin1.yaml#/Gone': "
         f"cannot read {base}/latin1.yaml: UnicodeDecodeError"),
        ("api.yaml", 22, f"cannot resolve $ref '{base}/broken.yaml#/Bad': "
         f"cannot load {base}/broken.yaml: invalid YAML: did not find expected ',' or ']'"),
        ("api.yaml", 23, f"cannot resolve $ref '{base}/away.yaml#/Elsewhere': redirect "
         "from api.example.test to another host (elsewhere.example.test) refused"),
        ("api.yaml", 24, f"cannot resolve $ref 'https://rebind.example.test:{server}/x.yaml#/E': "
         "not fetched: rebind.example.test resolves to a private address (10.0.0.5)"),
    ]  # fmt: skip
    # each URL fetched once (common.yaml has three $refs into it), the relative $ref inside
    # a remote file resolved against its URL; the refused host never connected to
    assert sorted(HITS) == [
        "/away.yaml", "/broken.yaml", "/common.yaml", "/latin1.yaml", "/missing.yaml", "/more.yaml"
    ]  # fmt: skip


class _Redirect:
    """A response without a body: a redirect with or without its Location."""

    def __init__(self, status: int, location: str | None) -> None:
        self.status = status
        self.location = location

    def getheader(self, name: str) -> str | None:
        return self.location if name == "Location" else None

    def read1(self, n: int = -1) -> bytes:
        return b""

    def close(self) -> None:
        pass


def _never_opened(*args: object) -> _Redirect:
    raise AssertionError("a refused URL must not be connected to")


@pytest.mark.parametrize(
    ("url", "answer", "message"),
    [
        ("https:///a.yaml", [PUBLIC], "not fetched: no host in the URL"),
        ("https://api.example.test:99999/a.yaml", [PUBLIC], "not fetched: invalid port in the URL"),
        ("https://api.example.test/a.yaml", [], "cannot resolve api.example.test"),
        ("https://api.example.test/a.yaml", ["not-an-ip"], "resolves to an unparsable address"),
        ("https://api.example.test/a.yaml", ["4000::1"], "resolves to a reserved address"),
        ("https://api.example.test/a.yaml", ["0.0.0.0"], "resolves to a private address"),
        ("https://api.example.test/a.yaml", ["100.64.0.1"], "resolves to a non-public address"),
        ("https://api.example.test/a.yaml", OSError("down"),
         "cannot resolve api.example.test: OSError"),
    ],
)  # fmt: skip
def test_refused_before_any_connection(url: str, answer: Any, message: str) -> None:
    def resolve(host: str, port: int) -> list[str]:
        if isinstance(answer, Exception):
            raise answer
        return list(answer)

    fetcher = Fetcher(resolve=resolve, opener=_never_opened)
    with pytest.raises(RemoteError) as caught:
        fetcher.fetch(url)
    assert message in str(caught.value)


def test_a_redirect_without_location_and_a_redirect_loop() -> None:
    no_location = Fetcher(
        resolve=lambda host, port: [PUBLIC],
        opener=lambda *args: _Redirect(302, None),
    )
    with pytest.raises(RemoteError, match=r"^redirect without a Location from https://a\.test/x$"):
        no_location.fetch("https://a.test/x")
    loop = Fetcher(
        resolve=lambda host, port: [PUBLIC],
        opener=lambda *args: _Redirect(301, "/x"),
    )
    with pytest.raises(RemoteError, match=r"^more than 5 redirects from https://a\.test/x$"):
        loop.fetch("https://a.test/x")
