"""Fetching remote ``$ref``s, only when ``--allow-remote`` is given on the command line.

A spec in a pull request chooses the URLs, so the fetcher is built to be
pointed at hostile servers:

- ``https://`` only (plain ``http://`` is refused: its content can be changed
  by anyone on the path);
- the host name is resolved once and every address checked: loopback,
  private, link-local (cloud metadata at 169.254.169.254), multicast,
  reserved and unspecified addresses are refused; the connection goes to the
  checked address (no second lookup that a DNS rebinding could answer
  differently), with the host name for TLS and ``Host``;
- redirects are followed (at most 5) only to the same scheme and host;
- each request has a timeout (``TIMEOUT`` s per socket operation) and the
  whole document, all its remote files together, a deadline (``DEADLINE`` s):
  a server that trickles a byte every few seconds is cut off;
- at most ``MAX_DOCUMENTS`` remote files and ``MAX_TOTAL_BYTES`` bytes per
  root document, each file at most ``MAX_BYTES``.

Every refusal is a :class:`RemoteError` whose one-line message becomes a
``resolvable-refs`` finding; content is never quoted.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from oaslint.text import excerpt

TIMEOUT = 10.0
DEADLINE = 60.0
MAX_DOCUMENTS = 50
MAX_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


def _q(text: str | None) -> str:
    """A URL or host from the document, as a short escaped excerpt."""
    return excerpt(text or "?", 60, quote=False)


class RemoteError(Exception):
    """A remote reference was refused or could not be fetched (one line)."""


class Response(Protocol):
    status: int

    def getheader(self, name: str) -> str | None: ...

    def read1(self, n: int = -1) -> bytes: ...

    def close(self) -> None: ...


Resolver = Callable[[str, int], list[str]]
Opener = Callable[[str, str, int, str, float], Response]


def refused_address(address: str) -> str | None:
    """Why ``address`` may not be fetched from, or None when it is public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "an unparsable address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attr, name in (
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_private", "a private"),
        ("is_multicast", "a multicast"),
        ("is_reserved", "a reserved"),
        ("is_unspecified", "an unspecified"),
    ):
        if getattr(ip, attr):
            return f"{name} address"
    if not ip.is_global:
        return "a non-public address"
    return None


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a fixed, already checked address; TLS and Host name the host."""

    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _open(host: str, address: str, port: int, target: str, timeout: float) -> Response:
    conn = _PinnedHTTPS(host, address, port, timeout)
    conn.request("GET", target, headers={"User-Agent": "oaslint", "Accept-Encoding": "identity"})
    resp: Response = conn.getresponse()
    return resp


@dataclass
class Fetcher:
    """One per root document: its caps and deadline are shared by all its remote files."""

    resolve: Resolver = _resolve
    opener: Opener = _open
    deadline: float = DEADLINE
    max_documents: int = MAX_DOCUMENTS
    max_bytes: int = MAX_BYTES
    max_total_bytes: int = MAX_TOTAL_BYTES
    documents: int = 0
    total_bytes: int = 0
    _start: float | None = field(default=None, repr=False)

    def _remaining(self) -> float:
        if self._start is None:
            self._start = time.monotonic()
        left = self.deadline - (time.monotonic() - self._start)
        if left <= 0:
            raise RemoteError(
                f"not fetched: the {self.deadline:g} s deadline for remote references passed"
            )
        return left

    def fetch(self, url: str) -> bytes:
        """The body of ``url`` (https, public, capped), following safe redirects."""
        self._remaining()
        if self.documents >= self.max_documents:
            raise RemoteError(f"not fetched: more than {self.max_documents} remote documents")
        self.documents += 1
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            status, location, body = self._get(current)
            if status in (301, 302, 303, 307, 308):
                if not location:
                    raise RemoteError(f"redirect without a Location from {_q(current)}")
                target = urllib.parse.urljoin(current, location)
                check_redirect(current, target)
                current = target
                continue
            if status != 200:
                raise RemoteError(f"HTTP status {status} from {_q(current)}")
            return body
        raise RemoteError(f"more than {MAX_REDIRECTS} redirects from {_q(url)}")

    def _get(self, url: str) -> tuple[int, str | None, bytes]:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "https":
            raise RemoteError(
                f"not fetched: only https:// references are fetched, not {parts.scheme}://"
            )
        host = parts.hostname
        if not host:
            raise RemoteError("not fetched: no host in the URL")
        try:
            port = parts.port or 443
        except ValueError:
            raise RemoteError("not fetched: invalid port in the URL") from None
        try:
            addresses = self.resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise RemoteError(f"cannot resolve {_q(host)}: {type(exc).__name__}") from None
        if not addresses:
            raise RemoteError(f"cannot resolve {_q(host)}")
        for address in addresses:
            why = refused_address(address)
            if why is not None:
                raise RemoteError(f"not fetched: {_q(host)} resolves to {why} ({_q(address)})")
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        try:
            resp = self.opener(host, addresses[0], port, target, min(TIMEOUT, self._remaining()))
            try:
                if resp.status in (301, 302, 303, 307, 308):
                    return resp.status, resp.getheader("Location"), b""
                if resp.status != 200:
                    return resp.status, None, b""
                return 200, None, self._read(resp, url)
            finally:
                resp.close()
        except RemoteError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise RemoteError(f"cannot fetch {_q(url)}: {type(exc).__name__}") from None

    def _read(self, resp: Response, url: str) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            self._remaining()
            chunk = resp.read1(_CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            self.total_bytes += len(chunk)
            if size > self.max_bytes:
                raise RemoteError(f"{_q(url)} is larger than {self.max_bytes} bytes")
            if self.total_bytes > self.max_total_bytes:
                raise RemoteError(
                    f"not fetched: remote references exceed {self.max_total_bytes} bytes in total"
                )
            chunks.append(chunk)


def check_redirect(source: str, target: str) -> None:
    """Refuse a redirect to another scheme or host (or port)."""
    a = urllib.parse.urlsplit(source)
    b = urllib.parse.urlsplit(target)
    if b.scheme != a.scheme:
        raise RemoteError(f"redirect from {a.scheme}:// to {b.scheme or '?'}:// refused")
    if (b.hostname or "").lower() != (a.hostname or "").lower() or b.port != a.port:
        raise RemoteError(
            f"redirect from {_q(a.hostname)} to another host ({_q(b.hostname)}) refused"
        )
