"""Mutation survivors of ``oaslint.loader.remote`` (session 10): the fetcher's caps at
their exact limits, redirects, what is asked of the resolver and the connection, and
the refused addresses, with a stub resolver and connection (no network)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from oaslint.loader import remote
from oaslint.loader.remote import Fetcher, RemoteError, check_redirect, refused_address

PUBLIC = "93.184.215.14"


class _Resp:
    def __init__(self, status: int = 200, body: bytes = b"", location: str | None = None) -> None:
        self.status = status
        self.body = body
        self.location = location
        self.reads: list[int] = []
        self.closed = False
        self.asked: list[str] = []

    def getheader(self, name: str) -> str | None:
        self.asked.append(name)
        return self.location if name == "Location" else "other"

    def read1(self, n: int = -1) -> bytes:
        self.reads.append(n)
        chunk, self.body = self.body[:n], self.body[n:]
        return chunk

    def close(self) -> None:
        self.closed = True


class _Site:
    """Answers by URL path; records each connection's arguments."""

    def __init__(self, pages: dict[str, _Resp], addresses: list[str] | None = None) -> None:
        self.pages = pages
        self.addresses = addresses or [PUBLIC]
        self.resolved: list[tuple[str, int]] = []
        self.opened: list[tuple[str, str, int, str, float]] = []

    def resolve(self, host: str, port: int) -> list[str]:
        self.resolved.append((host, port))
        return list(self.addresses)

    def open(self, host: str, address: str, port: int, target: str, timeout: float) -> _Resp:
        self.opened.append((host, address, port, target, timeout))
        return self.pages[target]

    def fetcher(self, **caps: Any) -> Fetcher:
        return Fetcher(resolve=self.resolve, opener=self.open, **caps)


def test_a_fetch_asks_the_checked_first_address_with_path_and_query() -> None:
    page = _Resp(body=b"a: 1\n")
    site = _Site({"/x.yaml?v=1&w=2": page, "/": _Resp(body=b"root")}, [PUBLIC, "93.184.215.15"])
    fetcher = site.fetcher()
    assert fetcher.fetch("https://Api.Example.test/x.yaml?v=1&w=2#frag") == b"a: 1\n"
    assert site.resolved == [("api.example.test", 443)]
    (host, address, port, target, timeout) = site.opened[0]
    assert (host, address, port, target) == ("api.example.test", PUBLIC, 443, "/x.yaml?v=1&w=2")
    assert timeout == remote.TIMEOUT  # the deadline is further away than one timeout
    assert page.closed and page.reads == [remote._CHUNK, remote._CHUNK]
    assert fetcher.fetch("https://api.example.test:8443") == b"root"
    assert site.opened[1][2:4] == (8443, "/")
    assert site.resolved[1] == ("api.example.test", 8443)
    assert (fetcher.documents, fetcher.total_bytes) == (2, 9)


def test_the_timeout_is_the_time_left_when_less_than_one_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = iter([100.0, 100.0, 103.0, 103.0, 103.0, 103.0, 103.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    site = _Site({"/a": _Resp(body=b"x")})
    assert site.fetcher(deadline=3.5).fetch("https://h.test/a") == b"x"
    assert site.opened[0][4] == 0.5  # less than a second left: still fetched


def test_the_deadline_is_checked_at_its_exact_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "monotonic", lambda: 50.0)
    site = _Site({"/a": _Resp(body=b"x")})
    with pytest.raises(RemoteError) as e:
        site.fetcher(deadline=0).fetch("https://h.test/a")
    assert str(e.value) == "not fetched: the 0 s deadline for remote references passed"
    assert site.resolved == []
    fetcher = site.fetcher(deadline=2.5)
    fetcher._start = 47.5
    with pytest.raises(RemoteError, match=r"^not fetched: the 2\.5 s deadline for remote"):
        fetcher.fetch("https://h.test/a")


def test_the_document_cap_counts_every_fetch() -> None:
    site = _Site({"/a": _Resp(body=b"x"), "/b": _Resp(body=b"y"), "/c": _Resp(body=b"z")})
    fetcher = site.fetcher(max_documents=2)
    assert fetcher.fetch("https://h.test/a") == b"x"
    assert fetcher.fetch("https://h.test/b") == b"y"
    with pytest.raises(RemoteError) as e:
        fetcher.fetch("https://h.test/c")
    assert str(e.value) == "not fetched: more than 2 remote documents"
    assert len(site.opened) == 2


def test_the_size_caps_at_their_limits() -> None:
    site = _Site({"/four": _Resp(body=b"abcd"), "/five": _Resp(body=b"abcde")})
    assert site.fetcher(max_bytes=4).fetch("https://h.test/four") == b"abcd"
    with pytest.raises(RemoteError) as e:
        site.fetcher(max_bytes=4).fetch("https://h.test/five")
    assert str(e.value) == "https://h.test/five is larger than 4 bytes"
    # the total over all documents of one fetcher
    site = _Site({"/a": _Resp(body=b"abc"), "/b": _Resp(body=b"de"), "/c": _Resp(body=b"f")})
    fetcher = site.fetcher(max_total_bytes=5)
    assert fetcher.fetch("https://h.test/a") == b"abc"
    assert fetcher.fetch("https://h.test/b") == b"de"
    with pytest.raises(RemoteError) as e:
        fetcher.fetch("https://h.test/c")
    assert str(e.value) == "not fetched: remote references exceed 5 bytes in total"


def test_a_body_in_many_chunks() -> None:
    body = bytes(range(256)) * 1024  # 4 chunks of 64 KiB
    page = _Resp(body=body)
    assert _Site({"/big": page}).fetcher().fetch("https://h.test/big") == body
    assert page.reads == [remote._CHUNK] * 5


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_each_redirect_status_is_followed_on_the_same_host(status: int) -> None:
    first = _Resp(status, b"ignored", location="b.yaml?x=1")
    site = _Site({"/dir/a.yaml": first, "/dir/b.yaml?x=1": _Resp(body=b"ok")})
    fetcher = site.fetcher()
    assert fetcher.fetch("https://h.test/dir/a.yaml") == b"ok"
    assert first.asked == ["Location"] and first.closed and first.reads == []
    assert [o[3] for o in site.opened] == ["/dir/a.yaml", "/dir/b.yaml?x=1"]
    assert fetcher.documents == 1  # one document, however many hops


def test_five_redirects_are_followed_and_six_are_not() -> None:
    pages = {f"/{i}": _Resp(302, location=f"/{i + 1}") for i in range(6)}
    pages["/5"] = _Resp(body=b"five")
    assert _Site(pages).fetcher().fetch("https://h.test/0") == b"five"
    pages = {f"/{i}": _Resp(302, location=f"/{i + 1}") for i in range(7)}
    pages["/6"] = _Resp(body=b"six")
    with pytest.raises(RemoteError) as e:
        _Site(pages).fetcher().fetch("https://h.test/0")
    assert str(e.value) == "more than 5 redirects from https://h.test/0"


def test_a_redirect_elsewhere_and_other_statuses() -> None:
    site = _Site({"/a": _Resp(302, location="https://evil.test/a")})
    with pytest.raises(RemoteError) as e:
        site.fetcher().fetch("https://h.test/a")
    assert str(e.value) == "redirect from h.test to another host (evil.test) refused"
    site = _Site({"/a": _Resp(302, location="")})
    with pytest.raises(RemoteError) as e:
        site.fetcher().fetch("https://h.test/a")
    assert str(e.value) == "redirect without a Location from https://h.test/a"
    for status in (201, 204, 304, 404, 500):
        page = _Resp(status, b"body")
        with pytest.raises(RemoteError) as e:
            _Site({"/a": page}).fetcher().fetch("https://h.test/a")
        assert str(e.value) == f"HTTP status {status} from https://h.test/a"
        assert page.reads == [] and page.closed


def test_only_https_is_fetched() -> None:
    site = _Site({})
    with pytest.raises(RemoteError) as e:
        site.fetcher().fetch("http://h.test/a")
    assert str(e.value) == "not fetched: only https:// references are fetched, not http://"
    assert site.resolved == []


def test_resolver_and_connection_failures_are_one_line() -> None:
    def fails(host: str, port: int) -> list[str]:
        raise UnicodeError("label too long")

    with pytest.raises(RemoteError) as e:
        Fetcher(resolve=fails, opener=_Site({}).open).fetch("https://h.test/a")
    assert str(e.value) == "cannot resolve h.test: UnicodeError"

    def refuses(*args: Any) -> _Resp:
        raise ConnectionRefusedError(111, "refused")

    with pytest.raises(RemoteError) as e:
        Fetcher(resolve=_Site({}).resolve, opener=refuses).fetch("https://h.test/a")
    assert str(e.value) == "cannot fetch https://h.test/a: ConnectionRefusedError"

    class Broken(_Resp):
        def read1(self, n: int = -1) -> bytes:
            raise ValueError("bad chunk")

    page = Broken()
    with pytest.raises(RemoteError) as e:
        _Site({"/a": page}).fetcher().fetch("https://h.test/a")
    assert str(e.value) == "cannot fetch https://h.test/a: ValueError"
    assert page.closed


def test_every_resolved_address_is_checked() -> None:
    site = _Site({"/a": _Resp(body=b"x")}, [PUBLIC, "127.0.0.1"])
    with pytest.raises(RemoteError) as e:
        site.fetcher().fetch("https://h.test/a")
    assert str(e.value) == "not fetched: h.test resolves to a loopback address (127.0.0.1)"
    assert site.opened == []


def test_check_redirect() -> None:
    check_redirect("https://h.test/a", "https://H.TEST/b")  # host names ignore case
    check_redirect("https://h.test:8443/a", "https://h.test:8443/b")
    with pytest.raises(RemoteError) as e:
        check_redirect("https://h.test/a", "http://h.test/a")
    assert str(e.value) == "redirect from https:// to http:// refused"
    with pytest.raises(RemoteError) as e:
        check_redirect("https://h.test/a", "/relative")
    assert str(e.value) == "redirect from https:// to ?:// refused"
    with pytest.raises(RemoteError) as e:
        check_redirect("https://h.test/a", "https://h.test:8443/a")
    assert str(e.value) == "redirect from h.test to another host (h.test) refused"
    with pytest.raises(RemoteError) as e:
        check_redirect("https://h.test/a", "https://other.test/a")
    assert str(e.value) == "redirect from h.test to another host (other.test) refused"
    with pytest.raises(RemoteError) as e:
        check_redirect("https://h.test/a", "https:///a")
    assert str(e.value) == "redirect from h.test to another host (?) refused"


@pytest.mark.parametrize(
    ("address", "why"),
    [
        (PUBLIC, None),
        ("2606:2800:220:1:248:1893:25c8:1946", None),
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:10.1.2.3", "a private address"),
        ("::ffff:93.184.215.14", None),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1%eth0", "a link-local address"),
        ("127.0.0.1%eth0", "a loopback address"),  # a scope id is cut off, once
        ("10.0.0.1%a%b", "a private address"),
        ("10.1.2.3", "a private address"),
        ("192.168.0.1", "a private address"),
        ("fd00::1", "a private address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("4000::1", "a reserved address"),
        ("::", "a private address"),  # unspecified, but private first
        ("100.64.0.1", "a non-public address"),
        ("h.test", "an unparsable address"),
        ("", "an unparsable address"),
    ],
)
def test_refused_address(address: str, why: str | None) -> None:
    assert refused_address(address) == why


def test_long_urls_are_quoted_short() -> None:
    url = "https://h.test/" + "a" * 200
    with pytest.raises(RemoteError) as e:
        _Site({"/" + "a" * 200: _Resp(404)}).fetcher().fetch(url)
    assert str(e.value) == "HTTP status 404 from https://h.test/" + "a" * 45 + "..."


def test_resolve_asks_for_stream_addresses_of_the_port(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    asked: list[tuple[Any, ...]] = []

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        asked.append((host, port, args, kwargs))
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2606:2800::1", port, 0, 0)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    assert remote._resolve("h.test", 8443) == [PUBLIC, "2606:2800::1"]
    assert asked == [("h.test", 8443, (), {"type": socket.SOCK_STREAM})]


def test_the_pinned_connection_goes_to_the_checked_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket

    conn = remote._PinnedHTTPS("h.test", PUBLIC, 8443, 2.5)
    assert (conn.host, conn.port, conn.timeout, conn._address) == ("h.test", 8443, 2.5, PUBLIC)
    connected: list[tuple[Any, ...]] = []
    wrapped: list[tuple[Any, ...]] = []
    raw = object()

    def create_connection(address: Any, timeout: Any = None, *args: Any) -> Any:
        connected.append((address, timeout))
        return raw

    class Context:
        def wrap_socket(self, sock: Any, server_hostname: str) -> str:
            wrapped.append((sock, server_hostname))
            return "tls"

    monkeypatch.setattr(socket, "create_connection", create_connection)
    conn._context = Context()  # type: ignore[attr-defined]
    conn.connect()
    assert connected == [((PUBLIC, 8443), 2.5)]
    assert wrapped == [(raw, "h.test")] and conn.sock == "tls"


def test_open_sends_one_plain_get(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[Any, ...]] = []
    answer = _Resp(body=b"x")

    def request(self: Any, method: str, url: str, headers: Any = None) -> None:
        sent.append((self.host, self._address, self.port, self.timeout, method, url, headers))

    monkeypatch.setattr(remote._PinnedHTTPS, "request", request)
    monkeypatch.setattr(remote._PinnedHTTPS, "getresponse", lambda self: answer)
    assert remote._open("h.test", PUBLIC, 443, "/a?b=1", 3.0) is answer
    assert sent == [
        (
            "h.test",
            PUBLIC,
            443,
            3.0,
            "GET",
            "/a?b=1",
            {"User-Agent": "oaslint", "Accept-Encoding": "identity"},
        )
    ]


def test_the_size_cap_adds_up_the_chunks_of_one_document() -> None:
    body = b"x" * (2 * remote._CHUNK)  # two chunks, each under the cap
    with pytest.raises(RemoteError) as e:
        _Site({"/a": _Resp(body=body)}).fetcher(max_bytes=remote._CHUNK + 1).fetch(
            "https://h.test/a"
        )
    assert str(e.value) == f"https://h.test/a is larger than {remote._CHUNK + 1} bytes"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https:///a.yaml", "not fetched: no host in the URL"),
        ("https://h.test:99999/a.yaml", "not fetched: invalid port in the URL"),
    ],
)
def test_urls_refused_before_resolving(url: str, message: str) -> None:
    site = _Site({})
    with pytest.raises(RemoteError) as e:
        site.fetcher().fetch(url)
    assert str(e.value) == message and site.resolved == []
