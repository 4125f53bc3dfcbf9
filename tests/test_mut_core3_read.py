"""Mutation survivors of ``oaslint.loader.source``'s reading (session 10): regular files
only, opened non-blocking, bounded reads whatever size a file claims, standard input
bounded like a file, and the encoding fallback, through the loader's public functions."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from oaslint.loader import source
from oaslint.loader.source import LoadError, UnreadableError

# a regular file whose stat size (0) says nothing about its length
PROC = "/proc/self/status"


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_read_bytes_at_and_past_the_limit(tmp_path: Path) -> None:
    five = _write(tmp_path / "five.yaml", b"abcde")
    assert source.read_bytes(five, 5) == b"abcde"
    assert source.read_bytes(five, 6) == b"abcde"
    with pytest.raises(LoadError, match=r"^file is 5 bytes, larger than the 4 byte limit$") as e:
        source.read_bytes(five, 4)
    assert not isinstance(e.value, UnreadableError)
    # head: the first bytes of a larger file instead of an error
    assert source.read_bytes(five, 3, head=True) == b"abc"
    assert source.read_bytes(five, 5, head=True) == b"abcde"
    assert source.read_bytes(five, 9, head=True) == b"abcde"
    assert source.read_bytes(five) == b"abcde"  # the default limit


def test_read_bytes_reads_large_files_in_chunks(tmp_path: Path) -> None:
    data = bytes(range(256)) * (5 * 4096 + 3)  # past 5 MiB: several reads
    path = _write(tmp_path / "big.yaml", data)
    assert source.read_bytes(path) == data
    assert source.read_bytes(path, len(data)) == data
    assert source.read_bytes(path, len(data) - 1, head=True) == data[:-1]
    with pytest.raises(LoadError, match="larger than the"):
        source.read_bytes(path, len(data) - 1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux's /proc")
def test_read_bytes_bounds_a_file_longer_than_its_size() -> None:
    assert os.stat(PROC).st_size == 0 and stat.S_ISREG(os.stat(PROC).st_mode)
    whole = source.read_bytes(PROC)
    assert len(whole) > 40 and whole.startswith(b"Name:")
    # the size check passes (0 bytes), the read itself stops one byte past the limit
    with pytest.raises(
        LoadError, match=r"^file grew past the 40 byte limit while being read$"
    ) as e:
        source.read_bytes(PROC, 40)
    assert not isinstance(e.value, UnreadableError)
    head = source.read_bytes(PROC, 40, head=True)
    assert len(head) == 40 and head == whole[:40]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: os.symlink("/", p), "is a directory"),
        (lambda p: os.mkfifo(p), "not a regular file (a device, FIFO or socket)"),
        (lambda p: os.symlink("/dev/zero", p), "not a regular file (a device, FIFO or socket)"),
        (lambda p: None, "no such file"),
        (lambda p: os.symlink("nowhere", p), "no such file"),
    ],
    ids=["dir", "dir-link", "fifo", "device", "missing", "dangling"],
)
def test_read_bytes_refuses_what_is_not_a_regular_file(
    tmp_path: Path, make: Any, message: str
) -> None:
    path = tmp_path / "x.yaml"
    make(path)
    with pytest.raises(UnreadableError) as e:
        source.read_bytes(str(path))
    assert e.value.message == message
    assert (e.value.line, e.value.column) == (0, 0)


def test_read_bytes_names_other_os_errors_and_nul_bytes(tmp_path: Path) -> None:
    with pytest.raises(UnreadableError) as e:
        source.read_bytes(str(tmp_path / ("x" * 5000)))
    assert e.value.message == "cannot read file: File name too long"
    with pytest.raises(UnreadableError) as e:
        source.read_bytes(str(tmp_path / "a\0b.yaml"))
    assert e.value.message == "invalid file name (contains a NUL byte)"


def test_read_bytes_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "a.yaml", b"x: 1\n")

    def denied(*args: Any, **kwargs: Any) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(UnreadableError) as e:
        source.read_bytes(path)
    assert e.value.message == "permission denied"


def test_read_bytes_opens_non_blocking_and_close_on_exec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "a.yaml", b"x: 1\n")
    real_open = os.open
    seen: list[int] = []

    def recording(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        seen.append(flags)
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", recording)
    assert source.read_bytes(path) == b"x: 1\n"
    assert seen == [os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC]


def test_read_bytes_checks_the_opened_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file swapped for a FIFO or device between the ``stat`` and the ``open``."""
    path = _write(tmp_path / "a.yaml", b"x: 1\n")
    real_fstat = os.fstat
    closed: list[int] = []
    real_close = os.close

    def swapped(fd: int) -> Any:
        st = real_fstat(fd)
        return os.stat_result((stat.S_IFIFO | 0o600, *tuple(st)[1:]))

    def closing(fd: int) -> None:
        closed.append(fd)
        real_close(fd)

    monkeypatch.setattr(os, "fstat", swapped)
    monkeypatch.setattr(os, "close", closing)
    with pytest.raises(UnreadableError) as e:
        source.read_bytes(path)
    assert e.value.message == "not a regular file (a device, FIFO or socket)"
    assert len(closed) == 1  # the descriptor is closed on the way out


def test_read_text_checked_nul_bytes_bom_and_cp1252(tmp_path: Path) -> None:
    nul = _write(tmp_path / "nul.yaml", b"a: 1\n\x00")
    with pytest.raises(LoadError) as e:
        source.read_text_checked(nul)
    assert (e.value.message, e.value.line, e.value.column) == (
        "not a text file (contains NUL bytes)",
        1,
        1,
    )
    # only the first 8 KiB are searched for NUL
    last = _write(tmp_path / "last.yaml", b"#" * 8191 + b"\x00")
    with pytest.raises(LoadError, match="NUL"):
        source.read_text_checked(last)
    late = _write(tmp_path / "late.yaml", b"#" * 8192 + b"\x00")
    assert source.read_text_checked(late) == ("#" * 8192 + "\x00", None)
    bom = _write(tmp_path / "bom.yaml", "\ufeffa: é\n".encode())
    assert source.read_text_checked(bom) == ("a: é\n", None)
    latin = _write(tmp_path / "latin.yaml", b"a: 1\nbb: caf\xe9 \x80\n")
    text, note = source.read_text_checked(latin)
    assert text == "a: 1\nbb: café €\n"
    assert note == (
        "file is not UTF-8 (byte 0xe9); read as Windows-1252, but YAML and JSON must be "
        "UTF-8: re-save the file as UTF-8",
        2,
        8,
    )
    first = _write(tmp_path / "first.yaml", b"\xff: 1\n")
    assert source.read_text_checked(first)[1] == (
        "file is not UTF-8 (byte 0xff); read as Windows-1252, but YAML and JSON must be "
        "UTF-8: re-save the file as UTF-8",
        1,
        1,
    )


class _Stdin:
    def __init__(self, data: bytes | None = None, error: OSError | None = None) -> None:
        self.data = data
        self.error = error
        self.asked: list[int] = []

    @property
    def buffer(self) -> Any:
        return self

    def read(self, n: int = -1) -> bytes:
        self.asked.append(n)
        if self.error is not None:
            raise self.error
        assert self.data is not None
        return self.data[:n] if n >= 0 else self.data


def test_stdin_is_bounded_like_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_BYTES", 10)
    stdin = _Stdin(b"0123456789")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert source.read_stdin_checked() == ("0123456789", None)
    assert stdin.asked == [11]  # never more than one byte past the limit
    monkeypatch.setattr(sys, "stdin", _Stdin(b"0123456789A"))
    with pytest.raises(LoadError) as e:
        source.read_stdin_checked()
    assert not isinstance(e.value, UnreadableError)
    assert e.value.message == "standard input is larger than the 10 byte limit"


def test_stdin_errors_nul_bytes_and_cp1252(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoBuffer:
        pass

    monkeypatch.setattr(sys, "stdin", NoBuffer())
    with pytest.raises(UnreadableError) as e:
        source.read_stdin_checked()
    assert e.value.message == "standard input is not available"
    monkeypatch.setattr(sys, "stdin", _Stdin(error=OSError(5, "Input/output error")))
    with pytest.raises(UnreadableError) as e:
        source.read_stdin_checked()
    assert e.value.message == "cannot read standard input: Input/output error"
    monkeypatch.setattr(sys, "stdin", _Stdin(error=OSError("odd")))
    with pytest.raises(UnreadableError) as e:
        source.read_stdin_checked()
    assert e.value.message == "cannot read standard input: odd"
    monkeypatch.setattr(sys, "stdin", _Stdin(b"a: 1\x00"))
    with pytest.raises(LoadError) as nul:
        source.read_stdin_checked()
    assert (nul.value.message, nul.value.line, nul.value.column) == (
        "not a text file (contains NUL bytes)",
        1,
        1,
    )
    monkeypatch.setattr(sys, "stdin", _Stdin(b"#" * 8192 + b"\x00"))
    assert source.read_stdin_checked()[0].endswith("\x00")
    monkeypatch.setattr(sys, "stdin", _Stdin("\ufeffa: é\n".encode()))
    assert source.read_stdin_checked() == ("a: é\n", None)
    monkeypatch.setattr(sys, "stdin", _Stdin(b"a: 1\nbb: caf\xe9\n"))
    assert source.read_stdin_checked() == (
        "a: 1\nbb: café\n",
        (
            "input is not UTF-8 (byte 0xe9); read as Windows-1252, but YAML and JSON must be UTF-8",
            2,
            8,
        ),
    )


def test_load_file_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b"openapi: 3.0.3\nx: caf\xe9\n"))
    src = source.load_file("-")
    assert (src.path, src.abspath) == ("<stdin>", "<stdin>")
    assert src.data == {"openapi": "3.0.3", "x": "café"}
    assert src.encoding_problem is not None and src.encoding_problem[1:] == (2, 7)


def test_load_file_names_and_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    _write(tmp_path / "d" / "a.yaml", b"x: caf\xe9\n")
    src = source.load_file("d/../d//a.yaml")
    assert src.path == os.path.join("d", "a.yaml")
    assert src.abspath == str(tmp_path / "d" / "a.yaml")
    assert src.encoding_problem is not None and src.encoding_problem[1:] == (1, 7)
    shown = source.load_file("d/a.yaml", "shown.yaml")
    assert shown.path == "shown.yaml" and shown.encoding_problem is not None
    assert source.load_file(str(tmp_path / "d" / "a.yaml"), "s").path == "s"


def test_display_path() -> None:
    assert source.display_path("-") == "<stdin>"
    assert source.display_path("a//b/../c.yaml") == os.path.join("a", "c.yaml")
    assert source.display_path("./a.yaml") == "a.yaml"
    assert source.display_path("a\nb.yaml") == "a\\nb.yaml"


def test_cp1252_fallback_positions_and_undefined_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the column counts from the last newline before the bad byte, also one at offset 0
    cases = [
        (b"a: 1\nb: 2\ncc: \xe9\n", "a: 1\nb: 2\ncc: é\n", 3, 5),
        (b"\nx\xe9", "\nxé", 2, 2),
        (b"a: \x81\x8d\n", "a: \ufffd\ufffd\n", 1, 4),  # bytes cp1252 leaves undefined
    ]
    for raw, text, line, col in cases:
        path = _write(tmp_path / "f.yaml", raw)
        got, note = source.read_text_checked(path)
        assert got == text and note is not None and note[1:] == (line, col), raw
        monkeypatch.setattr(sys, "stdin", _Stdin(raw))
        got, note = source.read_stdin_checked()
        assert got == text and note is not None and note[1:] == (line, col), raw


def _size_hidden(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    """``os.stat`` of ``path`` claims 0 bytes (a file that grows after the check)."""
    real_stat = os.stat

    def lying(name: Any, *args: Any, **kwargs: Any) -> Any:
        st = real_stat(name, *args, **kwargs)
        if name == path:
            return os.stat_result((*tuple(st)[:6], 0, *tuple(st)[7:]))
        return st

    monkeypatch.setattr(os, "stat", lying)


def test_reads_stop_one_byte_past_the_limit_in_bounded_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "grown.yaml", b"g" * (2 << 20))
    _size_hidden(monkeypatch, path)
    real_read = os.read
    asked: list[int] = []

    def recording(fd: int, n: int) -> bytes:
        asked.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", recording)
    limit = (1 << 20) + 10
    with pytest.raises(
        LoadError, match=r"^file grew past the 1048586 byte limit while being read$"
    ):
        source.read_bytes(path, limit)
    assert asked == [1 << 20, 11]  # never more than limit + 1 bytes, at most 1 MiB a read
    asked.clear()
    # exactly one chunk's worth: the next read of one byte finds the growth
    with pytest.raises(LoadError, match="grew past the 1048576 byte limit"):
        source.read_bytes(path, 1 << 20)
    assert asked == [1 << 20, 1]
    asked.clear()
    assert source.read_bytes(path, 1 << 20, head=True) == b"g" * (1 << 20)
    assert asked == [1 << 20, 1]


def test_open_errors_after_the_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "a.yaml", b"x: 1\n")
    for error, message in [
        (IsADirectoryError(21, "Is a directory"), "is a directory"),
        (FileNotFoundError(2, "gone"), "no such file"),
        (OSError(), "cannot read file: OSError"),
        (OSError(5, "Input/output error"), "cannot read file: Input/output error"),
    ]:

        def failing(*args: Any, error: OSError = error, **kwargs: Any) -> int:
            raise error

        monkeypatch.setattr(os, "open", failing)
        with pytest.raises(UnreadableError) as e:
            source.read_bytes(path)
        assert e.value.message == message
