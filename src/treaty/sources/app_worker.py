"""The child process of ``--app``: import the user's app and hand its document back over a pipe.

Its text runs as ``python -c <this file> TARGET PATH BYTES MEMORY SYS_PATH`` (an empty PATH:
import only; SYS_PATH: the parent's ``sys.path`` as JSON) (see
:mod:`treaty.sources.app`), in the user's directory: nothing of treaty is imported (not even
the ``treaty`` package, whose ``sources`` would pull in the YAML parser), only the standard
library, so the child costs an interpreter start and the app's own imports. It caps its own
address space first, so whatever the app allocates can only exhaust this process. The
original stdout becomes the result pipe and fd 1 is pointed at stderr, so nothing the app
prints (Python or C) can reach the result. Each step is announced before it runs
(``S<words>\n``), so the parent can say which one hung; the result is one ``E<message>\n``
or ``D<length>\n<document>`` frame, after which the process ends at once (``os._exit``):
threads the app left behind cannot keep it alive, and a document is never taken from a
process that had not finished giving it.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote


class Failure(Exception):
    """A problem with the app, told to the user in one line."""


def _send(out: BinaryIO, tag: bytes, payload: bytes) -> None:
    if tag != b"S":
        _flush()  # what the app printed reaches the pipe before the last frame
    out.write(tag + payload)
    out.flush()


class _Steps:
    """Announces each step to the parent and remembers the last, for a failure's message."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.current = out, "starting"

    def start(self, step: str) -> None:
        self.current = step
        _send(self.out, b"S", step.encode("utf-8", "replace") + b"\n")


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX: only the time limit applies
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):  # pragma: no cover - macOS refuses RLIMIT_AS
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _import(target: str) -> object:
    module_name, colon, attribute = target.partition(":")
    if not colon or not module_name or not attribute:
        raise Failure("expected `module.path:attribute`")
    obj: object = importlib.import_module(module_name)
    for part in attribute.split("."):
        if not hasattr(obj, part):
            raise Failure(f"module {module_name!r} has no attribute {attribute!r}")
        obj = getattr(obj, part)
    return obj


def _is_asgi(app: Callable[..., object]) -> bool:
    call = app if inspect.isfunction(app) or inspect.ismethod(app) else type(app).__call__
    if inspect.iscoroutinefunction(call):
        return True
    try:
        params = inspect.signature(app).parameters
    except (TypeError, ValueError):  # builtins without a signature: assume WSGI
        return False
    return len(params) == 3  # (scope, receive, send); WSGI apps take (environ, start_response)


class _Body:
    """The response body as it arrives, refused as soon as it passes ``limit`` bytes."""

    def __init__(self, path: str, limit: int) -> None:
        self.path, self.limit = path, limit
        self.data = bytearray()
        self.too_large = False

    def add(self, chunk: bytes) -> None:
        if not self.too_large:
            self.data += chunk
            self.too_large = len(self.data) > self.limit
        if self.too_large:  # every time: an app may catch the first and try a 500 page
            raise self.failure()

    def failure(self) -> Failure:
        return Failure(f"GET {self.path} answered more than {self.limit} bytes")


async def _asgi_get(app: Any, path: str, body: _Body) -> int:
    import asyncio

    route, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(route),
        "raw_path": route.encode("latin-1", "replace"),
        "query_string": query.encode("latin-1", "replace"),
        "root_path": "",
        "headers": [(b"host", b"treaty.invalid"), (b"accept", b"application/json")],
        "server": ("treaty.invalid", 80),
        "client": ("127.0.0.1", 0),
        "state": {},
    }
    status = 0
    requested = False
    finished = asyncio.Event()

    async def receive() -> dict[str, object]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
        elif message["type"] == "http.response.body":
            body.add(bytes(message.get("body", b"")))
            if not message.get("more_body", False):
                finished.set()

    await app(scope, receive, send)
    return status


def _wsgi_get(app: Callable[..., Iterable[bytes]], path: str, body: _Body) -> int:
    route, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote(route, encoding="latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": "treaty.invalid",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "treaty.invalid",
        "HTTP_ACCEPT": "application/json",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": True,
    }
    status: list[str] = []

    def start_response(line: str, headers: object, exc_info: object = None) -> Callable[..., None]:
        status[:] = [line]
        return body.add

    result = app(environ, start_response)
    try:
        for chunk in result:
            body.add(bytes(chunk))
    finally:
        close = getattr(result, "close", None)
        if callable(close):
            close()
    return int(status[0].split(None, 1)[0]) if status else 0


def _document(steps: _Steps, target: str, path: str, limit: int) -> bytes:
    steps.start(f"importing {target.partition(':')[0]!r}")
    app = _import(target)
    if not path:  # import only: the caller runs the app in its own process
        if not callable(app):
            raise Failure(f"{type(app).__name__} object is not an ASGI or WSGI app")
        return b""
    openapi = getattr(app, "openapi", None)
    if callable(openapi):
        steps.start("app.openapi()")
        value = openapi()
        try:  # no NaN or Infinity: they are not JSON, and would be refused with no place
            return json.dumps(value, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError, RecursionError) as exc:  # objects, cycles, deep nesting
            raise Failure(f"app.openapi() did not return JSON: {exc}") from exc
    if not callable(app):
        raise Failure(f"{type(app).__name__} object is not an ASGI or WSGI app")
    steps.start(f"GET {path}")
    body = _Body(path, limit)
    try:
        if _is_asgi(app):
            import asyncio

            status = asyncio.run(_asgi_get(app, path, body))
        else:
            status = _wsgi_get(app, path, body)
    except BaseException:
        if body.too_large:  # whatever the app (or its task group) made of the refusal
            raise body.failure() from None
        raise
    if body.too_large:  # the app swallowed the refusal
        raise body.failure()
    if not 200 <= status < 300:
        raise Failure(f"GET {path} answered HTTP {status}")
    return bytes(body.data)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def main() -> None:  # pragma: no cover - runs in the child; tests/hostile/test_apps.py drives it
    """Give the document of the app named in ``sys.argv`` (see the module documentation)."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # what the app prints goes to stderr, even from C
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # a TextIOWrapper
    target, path, limit, memory = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    # the user's modules, as uvicorn finds them (the cwd first, which `python -P` or
    # PYTHONSAFEPATH would leave out), then what treaty's own process can import
    inherited = [str(Path.cwd()), *json.loads(sys.argv[5])]
    sys.path[:] = [*dict.fromkeys([*inherited, *sys.path])]
    _limit_memory(memory)
    steps = _Steps(out)
    try:
        document = _document(steps, target, path, limit)
    except Failure as exc:
        _send(out, b"E", _one_line(str(exc)).encode("utf-8", "replace") + b"\n")
    except MemoryError:
        message = f"{steps.current} ran out of memory (the limit is {memory // 2**20} MB)"
        _send(out, b"E", message.encode("utf-8", "replace") + b"\n")
    except BaseException as exc:  # the app's own failure, SystemExit included
        detail = f"{type(exc).__name__}: {_one_line(str(exc))}".rstrip(": ")
        _send(out, b"E", f"{steps.current} failed: {detail}\n".encode("utf-8", "replace"))
    else:
        _send(out, b"D", f"{len(document)}\n".encode() + document)
    os._exit(0)


def _flush() -> None:
    """Empty Python's buffers of stdout and stderr (``os._exit`` would drop them)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # the app closed or broke its streams
            stream.flush()


if __name__ == "__main__":  # pragma: no cover - the child process
    main()
