"""The remote fetcher against a real local TLS server (no network needed).

The address policy refuses loopback, so these tests allow it explicitly and
make the fetcher trust a throw-away certificate: what they check is the pinned
connection (TLS to the checked address, SNI and Host the host name), the
redirect policy on real responses, the body cap and the deadline against a
server that trickles.
"""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from oaslint.loader import remote
from oaslint.loader.remote import Fetcher, RemoteError

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        host = self.headers.get("Host", "")
        if self.path == "/spec.yaml":
            body = f"host: {host}\n".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", self.path.split("?to=", 1)[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 100_000)
        elif self.path == "/trickle":
            self.send_response(200)
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
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
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    real_context = ssl.create_default_context
    monkeypatch.setattr(
        remote.ssl, "create_default_context", lambda: real_context(cafile=str(cert))
    )
    monkeypatch.setattr(remote, "refused_address", lambda address: None)
    try:
        yield int(httpd.server_address[1])
    finally:
        httpd.shutdown()
        httpd.server_close()


def _fetcher(**caps: float) -> Fetcher:
    return Fetcher(resolve=lambda host, port: ["127.0.0.1"], **caps)  # type: ignore[arg-type]


def test_pinned_tls_fetch_sends_the_host_name(server: int) -> None:
    body = _fetcher().fetch(f"https://api.example.test:{server}/spec.yaml")
    assert body == f"host: api.example.test:{server}\n".encode()


def test_real_redirects(server: int) -> None:
    base = f"https://api.example.test:{server}"
    assert _fetcher().fetch(f"{base}/redirect?to=/spec.yaml").startswith(b"host:")
    with pytest.raises(RemoteError, match="another host"):
        _fetcher().fetch(f"{base}/redirect?to=https://other.example.test:{server}/spec.yaml")
    with pytest.raises(RemoteError, match="refused"):
        _fetcher().fetch(f"{base}/redirect?to=ftp://api.example.test/x")


def test_real_caps_and_deadline(server: int) -> None:
    base = f"https://api.example.test:{server}"
    with pytest.raises(RemoteError, match="larger than"):
        _fetcher(max_bytes=10_000).fetch(f"{base}/big")
    start = time.monotonic()
    with pytest.raises(RemoteError, match="deadline"):
        _fetcher(deadline=1.0).fetch(f"{base}/trickle")
    assert time.monotonic() - start < 3


def test_wrong_certificate_is_refused(server: int) -> None:
    with pytest.raises(RemoteError, match="cannot fetch"):
        _fetcher().fetch(f"https://wrong.example.test:{server}/spec.yaml")
