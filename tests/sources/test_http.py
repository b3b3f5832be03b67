"""URL sources against a real uvicorn server on loopback."""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from treaty.errors import ErrorKind, SourceError, SpecError
from treaty.sources import LoadOptions, UrlSource, load

SPECS = Path(__file__).resolve().parents[2] / "fixtures" / "specs"


async def _document(request: Request) -> Response:
    return Response((SPECS / "petstore-3.0.yaml").read_bytes(), media_type="application/yaml")


async def _html(request: Request) -> Response:
    return Response("<html><body>hello</body></html>", media_type="text/html")


async def _redirect(request: Request) -> Response:
    return Response(status_code=302, headers={"location": "/openapi.yaml"})


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


_DOCUMENT = (SPECS / "petstore-3.0.yaml").read_bytes()
_ENCODED = {  # Content-Encoding -> the document so encoded
    "gzip": gzip.compress(_DOCUMENT),
    "x-gzip": gzip.compress(_DOCUMENT),
    "deflate": zlib.compress(_DOCUMENT),
    "gzip, gzip": gzip.compress(gzip.compress(_DOCUMENT)),
    "identity, deflate": _raw_deflate(_DOCUMENT),  # raw deflate, as some servers send it
    "GZIP": gzip.compress(_DOCUMENT[:500]) + gzip.compress(_DOCUMENT[500:]),  # two members
    "br": b"not brotli",
    "gzip, deflate": b"not deflate at all",
    "gzip, identity": b"not gzip at all",
}


async def _chunked(request: Request) -> StreamingResponse:
    async def body() -> AsyncIterator[bytes]:
        for start in range(0, len(_DOCUMENT), 64):
            yield _DOCUMENT[start : start + 64]
            await asyncio.sleep(float(request.query_params.get("pause", "0")))

    return StreamingResponse(body(), media_type="application/yaml")  # no Content-Length


async def _encoded(request: Request) -> Response:
    coding = request.query_params["coding"]
    return Response(_ENCODED[coding], headers={"content-encoding": coding})


APP = Starlette(
    routes=[
        Route("/encoded.yaml", _encoded),
        Route("/chunked.yaml", _chunked),
        Route("/openapi.yaml", _document),
        Route("/page", _html),
        Route("/old", _redirect),
        Route("/split/openapi.yaml", _document),
    ]
)


@pytest.fixture
def base_url(serve: Callable[[object], str]) -> str:
    return serve(APP)


def test_document_is_fetched_over_http(base_url: str) -> None:
    document = load(f"{base_url}/openapi.yaml")
    assert document.version == "3.0.3"
    assert document.name == f"{base_url}/openapi.yaml"
    assert load(UrlSource(f"{base_url}/old")).version == "3.0.3"  # redirects are followed


def test_non_2xx_is_one_line(base_url: str) -> None:
    with pytest.raises(SourceError, match="HTTP 404 Not Found") as caught:
        load(f"{base_url}/missing")
    assert caught.value.kind is ErrorKind.HTTP


def test_non_openapi_content_is_refused(base_url: str) -> None:
    with pytest.raises((SourceError, SpecError)):
        load(f"{base_url}/page")


def test_size_cap_on_download(base_url: str) -> None:
    with pytest.raises(SourceError, match="byte limit"):
        load(f"{base_url}/openapi.yaml", LoadOptions(max_bytes=100))


def test_connection_refused_on_a_closed_port() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(SourceError, match="cannot connect"):
        load(f"http://127.0.0.1:{port}/openapi.yaml")


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(SourceError, match="timed out"):
            load(f"http://127.0.0.1:{port}/x", LoadOptions(timeout=0.3))


def test_invalid_url_is_one_line() -> None:
    with pytest.raises(SourceError, match="request failed"):
        load("http://[::1/openapi.yaml")


def test_remote_refs_are_fetched_only_when_allowed(base_url: str, tmp_path: Path) -> None:
    root = tmp_path / "openapi.yaml"
    ref = f"{base_url}/openapi.yaml#/components/schemas/Error"
    root.write_text(
        f"openapi: 3.0.3\npaths: {{}}\ncomponents: {{schemas: {{E: {{$ref: '{ref}'}}}}}}\n"
    )
    with pytest.raises(SourceError, match="it is remote"):
        load(str(root))
    bundled = load(str(root), LoadOptions(allow_remote_refs=True)).root
    assert bundled["components"]["schemas"]["Error"]["required"] == ["code", "message"]  # type: ignore[index,call-overload]


@pytest.mark.parametrize(
    "coding", ["gzip", "x-gzip", "deflate", "gzip, gzip", "identity, deflate", "GZIP"]
)
def test_content_codings_are_undone(base_url: str, coding: str) -> None:
    document = load(UrlSource(f"{base_url}/encoded.yaml?coding={coding}"))
    assert document.raw == _DOCUMENT


def test_the_size_cap_applies_to_decoded_bytes(base_url: str) -> None:
    compressed = len(_ENCODED["gzip, gzip"])
    with pytest.raises(SourceError, match="byte limit") as caught:
        load(f"{base_url}/encoded.yaml?coding=gzip,%20gzip", LoadOptions(max_bytes=compressed + 1))
    assert caught.value.kind is ErrorKind.TOO_LARGE


@pytest.mark.parametrize(
    ("coding", "problem"),
    [
        ("br", "unsupported Content-Encoding 'br'"),
        ("gzip, deflate", "not valid deflate"),
        ("gzip, identity", "not valid gzip"),
    ],
)
def test_an_undecodable_body_is_one_line(base_url: str, coding: str, problem: str) -> None:
    with pytest.raises(SourceError, match=problem) as caught:
        load(UrlSource(f"{base_url}/encoded.yaml?coding={coding}"))
    assert caught.value.kind is ErrorKind.HTTP
    assert str(caught.value).startswith(f"{base_url}/encoded.yaml")


def test_the_size_cap_holds_without_a_content_length(base_url: str) -> None:
    assert load(f"{base_url}/chunked.yaml").raw == _DOCUMENT
    with pytest.raises(SourceError, match="byte limit"):
        load(f"{base_url}/chunked.yaml", LoadOptions(max_bytes=200))


def test_the_timeout_bounds_the_whole_download_not_each_read(base_url: str) -> None:
    # every 64-byte piece comes within 0.05 s, well inside any per-read timeout
    with pytest.raises(SourceError, match=r"timed out after 0\.5s") as caught:
        load(f"{base_url}/chunked.yaml?pause=0.05", LoadOptions(timeout=0.5))
    assert caught.value.kind is ErrorKind.HTTP


@pytest.fixture
def trickling_headers() -> Iterator[str]:
    """A real server on loopback that sends its status line and headers a byte at a time."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                for byte in b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 10_000:
                    if stop.wait(0.05):
                        break
                    try:
                        connection.sendall(bytes([byte]))
                    except OSError:  # the client gave up
                        break

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/openapi.yaml"
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_the_timeout_bounds_headers_sent_a_byte_at_a_time(trickling_headers: str) -> None:
    with pytest.raises(SourceError, match=r"timed out after 0\.5s"):
        load(trickling_headers, LoadOptions(timeout=0.5))
