"""Reading documents from disk and stdin, with a size cap and one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from treaty._fs import read_regular
from treaty.errors import ErrorKind, SourceError


def too_large(where: str, limit: int) -> SourceError:
    """The error for a document over the ``max_bytes`` cap."""
    size = f"{limit // 2**20} MB" if limit % 2**20 == 0 else f"{limit}-byte"
    return SourceError(
        f"larger than the {size} limit (LoadOptions.max_bytes)",
        where=where,
        kind=ErrorKind.TOO_LARGE,
    )


def read_capped(stream: BinaryIO, where: str, limit: int) -> bytes:
    """Read at most ``limit`` bytes from ``stream``; more than that is an error."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(where, limit)
    return data


def read_file(path: Path, limit: int, where: str | None = None) -> bytes:
    """The bytes of ``path``; missing files, directories and unreadable files are one line."""
    name = where or str(path)
    try:
        if path.is_dir():
            raise SourceError("is a directory, not a file", where=name, kind=ErrorKind.UNREADABLE)
        if path.stat().st_size > limit:  # refuse before reading a byte
            raise too_large(name, limit)
        data = read_regular(path, limit)
    except FileNotFoundError as exc:
        raise SourceError("no such file", where=name, kind=ErrorKind.NOT_FOUND) from exc
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", where=name) from exc
    if len(data) > limit:
        raise too_large(name, limit)
    return data


def read_stdin(limit: int) -> bytes:
    """The bytes on standard input."""
    return read_capped(sys.stdin.buffer, "<stdin>", limit)
