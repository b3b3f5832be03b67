"""Asking a Python ASGI/WSGI app for its document, in a child process, without a server.

``module.path:attr`` is the user's code, so treaty never runs it in its own process: a child
interpreter (:mod:`treaty.sources.app_worker`, started with ``sys.executable``) imports it in
the current directory under a memory limit (``RLIMIT_AS``) and hands the document back over
a pipe, while treaty bounds the time and the bytes it reads. An app that hangs on import or
never answers is killed at the time limit; one that streams ``/openapi.json`` forever is
refused past the size cap; one that calls ``os._exit`` or ``sys.exit`` while importing, or
dies of a signal, is reported as such, never taken as an empty document; threads it leaves
behind end with the child. Everything the app prints goes to treaty's stderr (stdout stays
clean). FastAPI/Starlette-style apps with an ``.openapi()`` method are asked directly; other
apps get a GET for the document path, over ASGI or WSGI, in the child.

The child and all it started are one process group, killed when treaty has what it needs.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

from treaty.errors import ErrorKind, SourceError
from treaty.sources.location import AppSource, LoadOptions

#: How much address space the app's process may use (its imports, threads and the document).
MEMORY_LIMIT = LoadOptions().app_memory
# the worker's text, run with `python -c`: the child imports no part of treaty
_WORKER = Path(__file__).with_name("app_worker.py")
_FRAME_HEADER = 32  # the tag and length line before a document, at most


def _error(message: str, target: str) -> SourceError:
    return SourceError(message, where=target, kind=ErrorKind.APP)


class _Child:
    """What the child said so far: the step it announced last, its error or its document."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.step = "starting the app's process"
        self.error: str | None = None
        self.document: bytes | None = None

    def feed(self, data: bytes) -> None:
        self.buffer += data
        while self.buffer and self.error is None and self.document is None:
            tag = self.buffer[:1]
            newline = self.buffer.find(b"\n")
            if newline < 0:
                return
            line = bytes(self.buffer[1:newline]).decode("utf-8", "replace")
            if tag == b"D" and line.isdigit():
                end = newline + 1 + int(line)
                if len(self.buffer) < end:
                    return
                self.document = bytes(self.buffer[newline + 1 : end])
                return
            del self.buffer[: newline + 1]
            if tag == b"S":
                self.step = line
            elif tag == b"E":
                self.error = line
            else:  # only the app could have written this (to a descriptor it does not own)
                self.error = f"the app's process garbled its answer during {self.step}"

    @property
    def done(self) -> bool:
        return self.error is not None or self.document is not None


def _forward(data: bytes) -> None:
    """The app's own output, shown on stderr as it comes."""
    sys.stderr.write(data.decode("utf-8", "replace"))
    sys.stderr.flush()


def _exchange(proc: subprocess.Popen[bytes], child: _Child, deadline: float, limit: int) -> bool:
    """Read the child's frames and forward its stderr until it is done, gone or out of time;
    whether it ended (or finished) in time."""
    assert proc.stdout is not None and proc.stderr is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        selector.register(proc.stderr, selectors.EVENT_READ)
        while selector.get_map() and not child.done:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            events = selector.select(min(remaining, 0.25))
            if not events and proc.poll() is not None:
                break  # gone, though something it started may still hold a pipe open
            for key, _ in events:
                data = os.read(key.fd, 65536)
                if not data:
                    selector.unregister(key.fileobj)
                elif key.fileobj is proc.stderr:
                    _forward(data)
                else:
                    child.feed(data)
                    if len(child.buffer) > limit + _FRAME_HEADER:
                        child.error = f"{child.step} gave a document over {limit} bytes"
    # what the app printed before its last frame is already in the pipe: show it all, but
    # never wait for more (something the app started may hold the pipe open, silent)
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stderr, selectors.EVENT_READ)
        while selector.select(0):
            data = os.read(proc.stderr.fileno(), 65536)
            if not data:
                break
            _forward(data)
    return True


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End the child and everything it started (its own process group), and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def _ended(code: int | None, step: str) -> str:
    """Why the child ended without a document or an error (``os._exit``, a signal)."""
    if code is None:  # pragma: no cover - it closed both pipes and kept running
        return f"the app's process closed its pipes during {step}, before answering"
    if code < 0:
        name = signal.Signals(-code).name
        return f"the app's process was killed by {name} during {step}, before answering"
    return f"the app's process exited with status {code} during {step}, before answering"


def fetch_document(
    source: AppSource, timeout: float, limit: int, memory: int = MEMORY_LIMIT
) -> bytes:
    """The app's OpenAPI document as JSON bytes, from a child process (see above).

    ``timeout`` bounds the whole exchange (import included), ``limit`` the document's size
    and ``memory`` the child's address space.
    """
    return _ask(source.target, source.openapi_path, timeout, limit, memory)


def check_import(target: str, timeout: float, memory: int = MEMORY_LIMIT) -> None:
    """Import ``target`` in a child process, as :func:`fetch_document` does, and stop there.

    For the callers that must then run the app in their own process (``fuzz --app`` and
    ``confirm --app`` call it thousands of times): an app that exits, hangs, dies or is no
    app while importing is then one error line here, instead of ending treaty with status 0
    and no report.
    """
    _ask(target, "", timeout, 0, memory)


def _ask(target: str, path: str, timeout: float, limit: int, memory: int) -> bytes:
    """Run the worker for ``target`` (``path`` empty: import only) and take its answer."""
    try:
        worker = _WORKER.read_text(encoding="utf-8")
    except OSError as exc:  # pragma: no cover - an installation without its own files
        raise _error(f"cannot start the app's process: {exc}", target) from exc
    proc = subprocess.Popen(
        [sys.executable, "-c", worker, target, path, str(limit), str(memory), json.dumps(sys.path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # one group: the app's own children end with it
    )
    child = _Child()
    deadline = time.monotonic() + timeout
    code: int | None = None
    try:
        if not _exchange(proc, child, deadline, limit):
            raise _error(f"{child.step} did not finish within {timeout:g}s", target)
        if not child.done:  # both pipes closed: it is ending, say how
            try:
                code = proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                raise _error(f"{child.step} did not finish within {timeout:g}s", target) from None
    finally:
        _stop(proc)
    if child.error is not None:
        raise _error(child.error, target)
    if child.document is None:
        raise _error(_ended(code, child.step), target)
    return child.document
