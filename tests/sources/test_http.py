"""URL sources against a real uvicorn server on loopback."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
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


APP = Starlette(
    routes=[
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
