"""Hostile servers behind a URL SOURCE: a gzip bomb and a body that trickles forever.

Each is a real uvicorn server on loopback; the real CLI runs in a child process under the
runner's memory cap (1 GB) and deadline, so a bomb decoded before the size cap looks at it,
or a download bounded per read only, fails the test by exhausting one or the other.
"""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from hostile.runner import assert_one_line_error, run_treaty

_MB = 1 << 20


def _gzip_bomb(megabytes: int) -> bytes:
    """``gzip(gzip(zeros))`` of ``megabytes`` MB decoded, built in milliseconds.

    Each megabyte of zeros compressed after a full flush is the same ~1 KB block, so the inner
    layer is that block repeated (its trailer is never reached: decoding stops at the cap);
    the outer layer squeezes the repetitive inner layer to a few KB.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(_MB)
    head = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    inner = head + block * (megabytes - 1) + compressor.flush()
    return gzip.compress(inner, 9)


BOMB = _gzip_bomb(2048)  # about 5 KB on the wire, 2 GB decoded


async def _bomb(request: Request) -> Response:
    return Response(BOMB, headers={"content-encoding": "gzip, gzip"}, media_type="text/yaml")


async def _trickle(request: Request) -> StreamingResponse:
    async def body() -> AsyncIterator[bytes]:
        yield b"openapi: 3.0.3\n"
        while True:  # one byte every 0.3 s, forever: every single read is quick
            await asyncio.sleep(0.3)
            yield b" "

    return StreamingResponse(body(), media_type="text/yaml")


APP = Starlette(routes=[Route("/bomb.yaml", _bomb), Route("/trickle.yaml", _trickle)])


@pytest.fixture
def base_url(serve: Callable[[object], str]) -> str:
    return serve(APP)


def test_the_bomb_is_small_on_the_wire() -> None:
    assert len(BOMB) < 8 * 1024


def test_a_gzip_bomb_is_refused_while_it_inflates(base_url: str, tmp_path: Path) -> None:
    url = f"{base_url}/bomb.yaml"
    run = run_treaty("validate", url, cwd=tmp_path)
    assert_one_line_error(run, url, "larger than the 100 MB limit")


def test_a_trickling_download_is_bounded_as_a_whole(base_url: str, tmp_path: Path) -> None:
    url = f"{base_url}/trickle.yaml"
    run = run_treaty("validate", url, cwd=tmp_path, short_app_timeout=True)  # a 2 s bound
    assert_one_line_error(run, url, "timed out after 2s")
    assert run.seconds < 20  # per read it would never end: each byte comes within 0.3 s
