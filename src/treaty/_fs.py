"""File writes that never leave a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from treaty.errors import ErrorKind, TreatyError


def atomic_write(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so readers see either the old file or the new one.

    The bytes go to a temporary file in the same directory (``.NAME.*.tmp``), are flushed and
    (when ``durable``) fsynced, then renamed over the target (``os.replace`` is atomic on POSIX
    and Windows). A crash or kill at any moment leaves the previous file untouched. Without
    ``durable`` a power loss may lose the new content, never mix it: for caches, where an fsync
    costs more than recomputing.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
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
