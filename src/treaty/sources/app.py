"""Asking a Python ASGI/WSGI app for its document, in-process, without a server.

``module.path:attr`` is imported with the cwd on ``sys.path``; anything the app prints while
importing or answering goes to stderr so treaty's stdout stays clean. FastAPI/Starlette-style
apps with an ``.openapi()`` method are asked directly; other apps get a GET for the document
path through httpx's ASGI or WSGI transport. Every step runs in a worker thread with a bounded
wait, so an app that never answers becomes an error instead of a hang. Python cannot stop a
thread, so a hung worker is left behind as a *daemon* thread: it never keeps the process alive
(the CLI exits as soon as it has printed the error), but a long-lived library caller keeps it.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from treaty.errors import ErrorKind, SourceError
from treaty.sources.location import AppSource


def _error(message: str, target: str) -> SourceError:
    return SourceError(message, where=target, kind=ErrorKind.APP)


def _bounded(call: Callable[[], object], target: str, timeout: float, what: str) -> object:
    """Run ``call`` in a daemon thread with stdout sent to stderr; wait at most ``timeout``."""
    outcome: list[object] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # reported below, in the caller's thread
            failure.append(exc)

    with contextlib.redirect_stdout(sys.stderr):
        worker = threading.Thread(target=run, name=f"treaty-app-{target}", daemon=True)
        worker.start()
        worker.join(timeout)
    if worker.is_alive():
        raise _error(f"{what} did not finish within {timeout:g}s", target)
    if failure:
        exc = failure[0]
        if isinstance(exc, SourceError):
            exc.where = exc.where or target
            raise exc
        detail = " ".join(str(exc).split())
        raise _error(f"{what} failed: {type(exc).__name__}: {detail}".rstrip(": "), target) from exc
    return outcome[0]


def import_app(target: str, timeout: float) -> object:
    """Import ``module.path:attr`` (cwd first on ``sys.path``) and return the attribute."""
    module_name, colon, attribute = target.partition(":")
    if not colon or not module_name or not attribute:
        raise _error("expected `module.path:attribute`", target)
    cwd = str(Path.cwd())
    if cwd not in sys.path:
        sys.path.insert(0, cwd)

    def do_import() -> object:
        obj: object = importlib.import_module(module_name)
        for part in attribute.split("."):
            if not hasattr(obj, part):
                raise _error(f"module {module_name!r} has no attribute {attribute!r}", target)
            obj = getattr(obj, part)
        return obj

    return _bounded(do_import, target, timeout, f"importing {module_name!r}")


def _is_asgi(app: Callable[..., object]) -> bool:
    call = app if inspect.isfunction(app) or inspect.ismethod(app) else type(app).__call__
    if inspect.iscoroutinefunction(call):
        return True
    try:
        params = inspect.signature(app).parameters
    except (TypeError, ValueError):  # builtins without a signature: assume WSGI
        return False
    return len(params) == 3  # (scope, receive, send); WSGI apps take (environ, start_response)


def _request(app: Callable[..., object], path: str, timeout: float) -> bytes:
    import httpx

    url = "http://treaty.invalid" + path
    if _is_asgi(app):
        import asyncio

        async def get() -> httpx.Response:
            transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
            async with httpx.AsyncClient(transport=transport, timeout=timeout) as client:
                return await client.get(url)

        response = asyncio.run(get())
    else:
        wsgi = httpx.WSGITransport(app=app)  # type: ignore[arg-type]
        with httpx.Client(transport=wsgi, timeout=timeout) as client:
            response = client.get(url)
    if not response.is_success:
        raise SourceError(f"GET {path} answered HTTP {response.status_code}", kind=ErrorKind.APP)
    return response.content


def fetch_document(source: AppSource, timeout: float) -> bytes:
    """The app's OpenAPI document as JSON bytes."""
    target = source.target
    app = import_app(target, timeout)
    openapi = getattr(app, "openapi", None)
    if callable(openapi):
        value = _bounded(openapi, target, timeout, "app.openapi()")
        try:
            return json.dumps(value).encode("utf-8")
        except (TypeError, ValueError, RecursionError) as exc:  # objects, cycles, deep nesting
            raise _error(f"app.openapi() did not return JSON: {exc}", target) from exc
    if not callable(app):
        raise _error(f"{type(app).__name__} object is not an ASGI or WSGI app", target)
    path = source.openapi_path
    body = _bounded(lambda: _request(app, path, timeout), target, timeout, f"GET {path}")
    assert isinstance(body, bytes)
    return body
