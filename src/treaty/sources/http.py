"""Fetching documents over http(s) with httpx (imported lazily: only URL sources pay for it).

Two bounds hold whatever the server does: ``limit`` caps the *decoded* body (content codings
are undone here, as the bytes arrive, by :mod:`treaty.sources.inflate`, so a gzip bomb is
refused while it inflates), and ``timeout`` bounds the whole download, not each read, so a
server that trickles a byte at a time (headers included) cannot hold treaty for longer than
that. Every message names the URL without its credentials.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from treaty.redact import redact_url, redact_urls
from treaty.sources import inflate
from treaty.sources.files import too_large
from treaty.sources.inflate import http_error


def fetch(url: str, *, timeout: float, limit: int) -> bytes:
    """GET ``url`` and return the body; non-2xx, network errors and oversize are one line.

    The exchange runs in a daemon thread the caller waits for until the deadline, so no
    phase can hold it longer: name resolution (which no socket timeout covers), a status
    line or headers sent a byte at a time, or a body that keeps trickling. A worker still
    blocked then ends by itself within one read timeout and never keeps the process alive.
    """
    where = redact_url(url)
    deadline = time.monotonic() + timeout
    done: list[bytes] = []
    failed: list[BaseException] = []

    def work() -> None:
        try:
            done.append(_exchange(url, where, deadline, timeout, limit))
        except BaseException as exc:  # re-raised below, in the caller's thread
            failed.append(exc)

    worker = threading.Thread(target=work, name="treaty-fetch", daemon=True)
    worker.start()
    worker.join(max(deadline - time.monotonic(), 0.0))
    if failed:
        raise failed[0]
    if not done:
        raise http_error(_timed_out(timeout), where)
    return done[0]


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g}s (LoadOptions.timeout bounds the whole download)"


def _exchange(url: str, where: str, deadline: float, timeout: float, limit: int) -> bytes:
    import httpx

    headers = {"Accept": "application/json, */*;q=0.8", "Accept-Encoding": inflate.ACCEPTED}
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True) as client,
            client.stream("GET", url, headers=headers) as resp,
        ):
            if not resp.is_success:
                raise http_error(f"HTTP {resp.status_code} {resp.reason_phrase}".strip(), where)
            layers = inflate.codings(resp.headers.get("content-encoding", ""), where)
            declared = resp.headers.get("content-length", "")
            if not layers and declared.isdigit() and int(declared) > limit:
                raise too_large(where, limit)
            body = bytearray()
            for chunk in inflate.decoded(_until(resp.iter_raw(), deadline), layers, limit, where):
                body += chunk
                if len(body) > limit:
                    raise too_large(where, limit)
            return bytes(body)
    except httpx.TimeoutException as exc:
        raise http_error(_timed_out(timeout), where) from exc
    except httpx.ConnectError as exc:
        raise http_error(f"cannot connect: {_reason(exc)}", where) from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise http_error(f"request failed: {_reason(exc)}", where) from exc


def _until(chunks: Iterator[bytes], deadline: float) -> Iterator[bytes]:
    """``chunks`` until ``deadline`` (a ``time.monotonic()`` value), then a timeout."""
    import httpx

    for chunk in chunks:
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the download took longer than its deadline")
        yield chunk


def _reason(exc: Exception) -> str:
    return redact_urls(str(exc)) or type(exc).__name__
