"""Run-wide limits on what a fuzz run sends and receives: an exact request budget, a body cap.

schemathesis sends requests from many places (its probes, every phase, checks that re-send,
the stateful machine; treaty's volume step and replay), all through ``requests`` sessions:
network targets and in-process ASGI apps alike. The one choke point they share is
``requests.Session.get_adapter``, which every request and every redirect hop goes through. While
a :class:`Guard` is :func:`installed`, that method hands out adapters wrapped in
:class:`_GuardedAdapter`, which

- admits each request against the budget *before* it is sent, so ``--max-requests N`` is an
  exact upper bound; the request after the last one raises :class:`BudgetSpent`, a
  ``KeyboardInterrupt`` like schemathesis's own time-budget stop, so the engine winds down
  the way it does for its own budgets;
- caps each response body at ``max_response_size`` bytes while it streams in (and refuses a
  larger ``Content-Length`` before reading anything), raising :class:`ResponseTooLarge`: a
  hostile 10 GB body never reaches memory. schemathesis keeps failing responses' parsed
  bodies for the whole scenario, so without a cap memory grows with every large answer.

- ends each request at its ``timeout`` after it was sent, status line, headers and body
  included (:class:`_Deadline`: a read timeout alone lets an answer trickle in forever), and
  refuses to hand on a JSON body nested deeper than :data:`MAX_JSON_DEPTH`
  (:class:`ResponseTooDeep`). The headers are read inside urllib3's
  ``HTTPConnection.getresponse``, before the adapter sees a response: while a guard is
  installed that method first hands its connection's socket to the deadline of the request
  the thread is sending;

- answers a request for an operation that already timed out (:meth:`Guard.skip_slow`) with
  an immediate ``requests.ReadTimeout`` marked ``not_sent``, without sending it: schemathesis's
  stateful phase would otherwise re-send slow requests into the same timeout, for minutes.

Patching a library class is process-global state; it is confined to this module, lives only
for the ``with`` block, and tests assert it is restored. WSGI apps are not reached through
``requests``; :meth:`Guard.wrap_wsgi` counts their calls instead.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

#: Default ``--max-response-size``: schemathesis's own recorded-payload limit.
DEFAULT_MAX_RESPONSE_SIZE = 1024 * 1024
#: How much of an oversized body is kept, for the report's excerpt.
HEAD_BYTES = 4096


class BudgetSpent(KeyboardInterrupt):
    """A request was refused: the budget is spent or the run was interrupted. Nothing was sent."""


class ResponseTooLarge(Exception):
    """A response body is larger than ``--max-response-size``; it was not read to the end."""

    def __init__(self, limit: int, request: Any, response: Any, head: bytes) -> None:
        super().__init__(f"response body larger than {limit} bytes; not read further")
        self.limit = limit
        self.request = request  # the requests.PreparedRequest that was sent
        self.response = response  # the requests.Response (status and headers only)
        self.head = head  # the first bytes of the body


class ResponseTooDeep(Exception):
    """A JSON response body nests deeper than ``MAX_JSON_DEPTH``; it is not handed on to be
    parsed (a recursive parser, schemathesis's included, would crash on it)."""

    def __init__(self, depth: int, request: Any, response: Any, head: bytes) -> None:
        super().__init__(
            f"JSON body nested {depth} levels deep; not parsed beyond {MAX_JSON_DEPTH}"
        )
        self.depth = depth
        self.request = request
        self.response = response
        self.head = head


#: Deepest JSON nesting handed on to be parsed: far beyond any real API, far below the depth
#: where a recursive parser runs out of stack.
MAX_JSON_DEPTH = 256
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")


def json_depth(body: bytes) -> int:
    """How deep ``body``'s arrays and objects nest (brackets inside strings do not count)."""
    from itertools import accumulate

    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    steps = (1 if c in b"[{" else -1 for c in brackets)
    return max(accumulate(steps, initial=0))


class Guard:
    """The budget, body cap and stop switch of one run. Thread-safe: workers share it.

    Once stopped (the budget is spent, or :meth:`stop` was called on Ctrl-C) every further
    request is refused with ``refusal()``; by default :class:`BudgetSpent`, and inside the
    schemathesis engine an exception its executors treat as "the budget ran out": the
    scenario in progress finishes with what it already has, and its results are kept.
    """

    def __init__(
        self,
        *,
        max_requests: int | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        refusal: Callable[[], BaseException] = BudgetSpent,
    ) -> None:
        self.max_requests = max_requests
        self.max_response_size = max_response_size
        self.refusal = refusal
        self.sent = 0
        #: (METHOD, compiled URL path pattern) of the operations that timed out once
        self._slow: list[tuple[str, re.Pattern[str]]] = []
        #: None while requests may go out; "max_requests" or "interrupted" once stopped.
        self.stop_reason: str | None = None
        self._lock = threading.Lock()

    @property
    def stopped(self) -> bool:
        """Whether requests are refused from now on."""
        return self.stop_reason is not None

    def stop(self, reason: str = "interrupted") -> None:
        """Refuse every further request (the first reason given is kept)."""
        with self._lock:
            self.stop_reason = self.stop_reason or reason

    def admit(self) -> None:
        """Count one request about to be sent, or raise ``refusal()`` if it may not go out."""
        with self._lock:
            refused = self.stop_reason is not None
            if not refused:
                self.sent += 1
                if self.max_requests is not None and self.sent >= self.max_requests:
                    self.stop_reason = "max_requests"
        if refused:
            raise self.refusal()

    def skip_slow(self, method: str, path_pattern: re.Pattern[str]) -> None:
        """From now on, do not send ``method`` requests whose URL path fully matches."""
        with self._lock:
            self._slow.append((method.upper(), path_pattern))

    def is_slow(self, method: str, url: str) -> bool:
        """Whether a request goes to an operation :meth:`skip_slow` named."""
        path = urlsplit(url).path
        return any(
            method.upper() == slow and pattern.fullmatch(path) for slow, pattern in self._slow
        )

    def wrap_wsgi(self, app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        """A WSGI app that admits every call against the budget first."""

        def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            self.admit()
            return app(environ, start_response)

        return guarded


class _Deadline:
    """The end of one request's ``--timeout``, enforced while its answer streams in.

    A read timeout bounds each wait for a byte, not the whole answer: headers or a body that
    trickle in one byte a second under a 10 s timeout would take as long as the server likes.
    At the deadline (``seconds`` after the request was sent) the :class:`_Watchdog` shuts the
    connection's socket down (:meth:`attach` names it once the answer is being read), which
    ends a read blocked in the middle of a header or a chunk; the read then raises
    ``requests.ReadTimeout`` (worded as urllib3 words it, as schemathesis expects), which the
    run reports as a timeout of that request.
    """

    def __init__(self, seconds: float, started: float, request: Any) -> None:
        self.seconds = seconds
        self.when = started + seconds
        self.request = request
        self.expired = False
        self._done = False
        self._lock = threading.Lock()
        self._sock: Any = None

    def attach(self, sock: Any) -> None:
        """Watch ``sock``, the connection the answer arrives on (once; None: nothing to end)."""
        if sock is None or self._sock is not None or not hasattr(sock, "shutdown"):
            return
        with self._lock:
            if self._done:
                return
            self._sock = sock
        _WATCHDOG.add(self)

    def expire(self) -> None:
        import socket

        with self._lock:
            if self._done:
                return
            self.expired = True
        with suppress(OSError):  # already closed: nothing left to end
            self._sock.shutdown(socket.SHUT_RDWR)

    def finish(self) -> None:
        """The body is read (or abandoned): the socket may go back to the pool untouched."""
        with self._lock:
            self._done = True
        _WATCHDOG.remove(self)

    def error(self) -> Exception:
        import requests
        from urllib3.exceptions import ReadTimeoutError

        reason = f"No whole answer within {self.seconds:g}s. (read timeout={self.seconds:g})"
        cause = ReadTimeoutError(None, str(self.request.url), reason)  # type: ignore[arg-type]
        return requests.ReadTimeout(cause, request=self.request)


class _Watchdog:
    """One daemon thread for every pending :class:`_Deadline` of the process."""

    def __init__(self) -> None:
        self._pending: dict[int, _Deadline] = {}
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def add(self, deadline: _Deadline) -> None:
        with self._wake:
            self._pending[id(deadline)] = deadline
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._watch, name="treaty-deadlines", daemon=True
                )
                self._thread.start()
            self._wake.notify()

    def remove(self, deadline: _Deadline) -> None:
        with self._wake:
            self._pending.pop(id(deadline), None)

    def _watch(self) -> None:
        import time

        while True:
            with self._wake:
                now = time.monotonic()
                due = [d for d in self._pending.values() if d.when <= now]
                for deadline in due:
                    del self._pending[id(deadline)]
                if not due:
                    soonest = min((d.when for d in self._pending.values()), default=None)
                    self._wake.wait(None if soonest is None else soonest - now)
            for deadline in due:
                deadline.expire()


_WATCHDOG = _Watchdog()
#: The deadline of the request each thread is sending (read by :func:`_getresponse_of`).
_SENDING = threading.local()


def _getresponse_of(original: Callable[..., Any]) -> Callable[..., Any]:
    """urllib3's ``HTTPConnection.getresponse``, first handing the connection's socket to the
    deadline of the request this thread sends, so trickling headers are cut at it too."""

    def getresponse(connection: Any, *args: Any, **kwargs: Any) -> Any:
        deadline: _Deadline | None = getattr(_SENDING, "deadline", None)
        if deadline is not None:
            deadline.attach(getattr(connection, "sock", None))
        return original(connection, *args, **kwargs)

    return getresponse


def _seconds(timeout: object) -> float | None:
    """The read part of a ``requests`` timeout (a number or a (connect, read) pair)."""
    if isinstance(timeout, tuple) and len(timeout) == 2:
        timeout = timeout[1]
    if isinstance(timeout, int | float) and not isinstance(timeout, bool) and timeout > 0:
        return float(timeout)
    return None


class _CappedBody:
    """A response's raw stream that raises once more than ``limit`` bytes have arrived, or
    once its request's ``deadline`` passed."""

    def __init__(
        self,
        raw: Any,
        limit: int,
        on_overflow: Callable[[bytes], Exception],
        deadline: _Deadline | None = None,
        on_too_deep: Callable[[int, bytes], Exception] | None = None,
        request: Any = None,
    ) -> None:
        self._raw = raw
        self._request = request
        self._limit = limit
        self._seen = 0
        self._head = b""
        self._overflow = on_overflow
        self._deadline = deadline
        #: a JSON body's chunks, kept only while it may nest too deep (None: not JSON)
        self._json: list[bytes] | None = [] if on_too_deep is not None else None
        self._opened = 0  # "[" and "{" seen: the nesting can be no deeper
        self._too_deep = on_too_deep

    def _count(self, chunk: bytes) -> bytes:
        if self._deadline is not None and self._deadline.expired:
            self._raw.close()
            raise self._deadline.error()
        if len(self._head) < HEAD_BYTES:
            self._head += chunk[: HEAD_BYTES - len(self._head)]
        self._seen += len(chunk)
        if self._seen > self._limit:
            self._finish()
            self._raw.close()
            raise self._overflow(self._head)
        if self._json is not None:
            self._json.append(chunk)
            self._opened += chunk.count(b"[") + chunk.count(b"{")
            if not chunk and self._opened > MAX_JSON_DEPTH:
                self._check_depth()
        return chunk

    def _check_depth(self) -> None:
        assert self._json is not None and self._too_deep is not None
        body, self._json = b"".join(self._json), None
        depth = json_depth(body)
        if depth > MAX_JSON_DEPTH:
            raise self._too_deep(depth, self._head)

    def _finish(self) -> None:
        if self._deadline is not None:
            self._deadline.finish()

    def _guarded(self, read: Callable[[], bytes]) -> bytes:
        try:
            chunk = read()
        except Exception as exc:
            if self._deadline is not None and self._deadline.expired:
                raise self._deadline.error() from None
            self._finish()
            if getattr(exc, "request", None) is None:  # a body cut short: say which request
                with suppress(AttributeError):
                    exc.request = self._request  # type: ignore[attr-defined]
            raise
        chunk = self._count(chunk)  # the deadline may have cut the body short
        if not chunk:
            self._finish()
        return chunk

    def stream(self, amt: int = 2**16, decode_content: bool | None = None) -> Iterator[bytes]:
        chunks = self._raw.stream(amt, decode_content=decode_content)
        while chunk := self._guarded(lambda: next(chunks, b"")):
            yield chunk

    def read(self, *args: Any, **kwargs: Any) -> bytes:
        return self._guarded(lambda: self._raw.read(*args, **kwargs))

    def read1(self, *args: Any, **kwargs: Any) -> bytes:
        return self._guarded(lambda: self._raw.read1(*args, **kwargs))

    def close(self) -> None:
        self._finish()
        self._raw.close()

    def release_conn(self) -> None:
        self._finish()
        self._raw.release_conn()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class _GuardedAdapter:
    """A transport adapter that admits each request and caps each response body."""

    def __init__(self, inner: Any, guard: Guard) -> None:
        self._inner = inner
        self._guard = guard

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if self._guard.is_slow(str(request.method), str(request.url)):
            import requests
            from urllib3.exceptions import ReadTimeoutError

            # worded as urllib3 words it: schemathesis parses "(read timeout=N)" out of it
            cause = ReadTimeoutError(None, str(request.url), "Not sent again. (read timeout=0)")  # type: ignore[arg-type]
            error = requests.ReadTimeout(cause, request=request)
            error.not_sent = True  # type: ignore[attr-defined]  # read by treaty.fuzz.timeouts
            raise error
        self._guard.admit()
        import time

        started = time.monotonic()
        seconds = _seconds(kwargs.get("timeout"))
        deadline = _Deadline(seconds, started, request) if seconds else None
        _SENDING.deadline = deadline  # the headers are read within: see _getresponse_of
        try:
            response = self._inner.send(request, *args, **kwargs)
        except Exception as exc:
            if deadline is None:
                raise
            deadline.finish()
            if deadline.expired:  # the headers trickled past the deadline: cut, not broken
                raise deadline.error() from exc
            raise
        finally:
            _SENDING.deadline = None
        limit = self._guard.max_response_size

        def overflow(head: bytes) -> Exception:
            return ResponseTooLarge(limit, request, response, head)

        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit and response.raw is not None:
            head = response.raw.read(HEAD_BYTES, decode_content=True)  # for the report's excerpt
            response.raw.close()
            if deadline is not None:
                deadline.finish()
            raise overflow(head)
        if response.raw is not None:

            def too_deep(depth: int, head: bytes) -> Exception:
                return ResponseTooDeep(depth, request, response, head)

            is_json = "json" in response.headers.get("Content-Type", "").lower()
            response.raw = _CappedBody(
                response.raw, limit, overflow, deadline, too_deep if is_json else None, request
            )
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@contextmanager
def interrupts(guard: Guard) -> Iterator[Guard]:
    """Make the first Ctrl-C stop ``guard`` instead of raising; the second one raises.

    Workers then finish the scenario they are in with the requests already answered, so the
    report accounts for everything that ran. Only the main thread can own signal handlers; in
    any other thread Ctrl-C keeps its default behaviour.
    """
    if threading.current_thread() is not threading.main_thread():
        yield guard
        return
    previous = signal.getsignal(signal.SIGINT)

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        guard.stop("interrupted")
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield guard
    finally:
        signal.signal(signal.SIGINT, previous)


_ACTIVE: list[Guard] = []


@contextmanager
def installed(guard: Guard) -> Iterator[Guard]:
    """Route every ``requests`` request through ``guard`` for the duration of the block."""
    import requests
    from urllib3.connection import HTTPConnection

    if _ACTIVE:
        raise RuntimeError("a fuzz run is already in progress in this process")
    original = requests.Session.get_adapter
    reading = HTTPConnection.getresponse

    def get_adapter(session: requests.Session, url: str) -> Any:
        return _GuardedAdapter(original(session, url), guard)

    _ACTIVE.append(guard)
    requests.Session.get_adapter = get_adapter  # type: ignore[method-assign,assignment]  # see module docstring
    HTTPConnection.getresponse = _getresponse_of(reading)  # type: ignore[method-assign]
    try:
        yield guard
    finally:
        requests.Session.get_adapter = original  # type: ignore[method-assign]
        HTTPConnection.getresponse = reading  # type: ignore[method-assign]
        _ACTIVE.clear()
