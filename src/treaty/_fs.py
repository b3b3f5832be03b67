"""File writes that never leave a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from treaty.errors import ErrorKind, TreatyError


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a directory" if stat.S_ISDIR(mode) else "a special file"


class NotRegularFile(OSError):
    """A path names a FIFO, socket, device or directory, which treaty never reads or replaces:
    reading a FIFO blocks until a writer comes, a device may never end."""

    def __init__(self, mode: int) -> None:
        super().__init__(f"is {_kind(mode)}, not a regular file")
        self.strerror = str(self)


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit + 1`` of them).

    The file is opened without blocking (a FIFO with no writer would wait forever on a plain
    ``open``) and checked with ``fstat`` on the open descriptor, so nothing can swap it in
    between. Anything but a regular file raises :class:`NotRegularFile`.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return handle.read() if limit is None else handle.read(limit + 1)


def atomic_write(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so readers see either the old file or the new one.

    The bytes go to a temporary file in the same directory (``.NAME.*.tmp``), are flushed and
    (when ``durable``) fsynced, then renamed over the target (``os.replace`` is atomic on POSIX
    and Windows). A crash or kill at any moment leaves the previous file untouched. Without
    ``durable`` a power loss may lose the new content, never mix it: for caches, where an fsync
    costs more than recomputing.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with contextlib.suppress(OSError):  # no file yet, or its folder is not one: reported below
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):  # never replace (or write into) a FIFO, device or socket
            raise TreatyError(f"cannot write: {NotRegularFile(mode)}", where=str(path))
    directory = path.parent if str(path.parent) else Path()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise TreatyError(f"cannot write: {exc.strerror or exc}", where=str(path)) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            # keep the mode of the file we replace, else the usual umask default
            tmp.chmod(path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        tmp.replace(path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise TreatyError(
                f"cannot write: {exc.strerror or exc}", where=str(path), kind=ErrorKind.UNREADABLE
            ) from exc
        raise
