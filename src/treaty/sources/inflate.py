"""Undo ``Content-Encoding`` layers as the bytes stream in, each layer's output capped.

A few kilobytes of ``gzip, gzip`` can inflate to gigabytes: decoding a whole chunk at once (as
an HTTP client does by default) spends seconds and gigabytes before any size cap looks at the
result. Here every layer is a generator that asks zlib for at most :data:`_PIECE` bytes at a
time and counts what it produced, so a bomb is refused once ``limit`` decoded bytes are out,
in time and memory proportional to the limit, never to what the body would inflate to.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from treaty.errors import ErrorKind, SourceError
from treaty.sources.files import too_large

#: the codings treaty asks for (``Accept-Encoding``) and can undo
ACCEPTED = "gzip, deflate"
_PIECE = 64 * 1024
_IDENTITY = frozenset({"", "identity"})
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def http_error(message: str, where: str) -> SourceError:
    """A failure of the HTTP exchange with the document at ``where``."""
    return SourceError(message, where=where, kind=ErrorKind.HTTP)


def codings(header: str, where: str) -> list[str]:
    """The layers of a ``Content-Encoding`` header, in the order they were applied."""
    layers = [part.strip().lower() for part in header.split(",")]
    for layer in layers:
        if layer not in _WBITS and layer not in _IDENTITY:
            raise http_error(
                f"unsupported Content-Encoding {layer!r} (treaty accepts {ACCEPTED})", where
            )
    return [layer for layer in layers if layer not in _IDENTITY]


def decoded(chunks: Iterable[bytes], layers: list[str], limit: int, where: str) -> Iterator[bytes]:
    """``chunks`` with ``layers`` undone (last applied first), each layer capped at ``limit``."""
    stream: Iterable[bytes] = chunks
    for layer in reversed(layers):
        stream = _inflate(stream, layer, limit, where)
    return iter(stream)


def _inflate(chunks: Iterable[bytes], layer: str, limit: int, where: str) -> Iterator[bytes]:
    produced = 0
    for piece in _pieces(chunks, layer, where):
        produced += len(piece)
        if produced > limit:
            raise too_large(where, limit)
        yield piece


def _pieces(chunks: Iterable[bytes], layer: str, where: str) -> Iterator[bytes]:
    """The decoded bytes, at most :data:`_PIECE` at a time (empty pieces included)."""
    wbits = _WBITS[layer]
    decoder: Any = zlib.decompressobj(wbits)
    started = False
    try:
        for chunk in chunks:
            data = chunk
            while data:
                try:
                    yield decoder.decompress(data, _PIECE)
                except zlib.error:
                    if layer != "deflate" or started:
                        raise
                    # "deflate" is meant zlib-wrapped; some servers send raw deflate
                    wbits, decoder = -zlib.MAX_WBITS, zlib.decompressobj(-zlib.MAX_WBITS)
                    yield decoder.decompress(data, _PIECE)
                started = True
                data = decoder.unconsumed_tail
                if decoder.eof and decoder.unused_data:  # a gzip body of several members
                    data, decoder = decoder.unused_data, zlib.decompressobj(wbits)
        yield decoder.flush()
    except zlib.error as exc:
        message = f"the body is not valid {layer} (Content-Encoding): {exc}"
        raise http_error(message, where) from exc
