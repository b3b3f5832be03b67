"""Fetching documents over http(s) with httpx (imported lazily: only URL sources pay for it)."""

from __future__ import annotations

from treaty.errors import ErrorKind, SourceError
from treaty.sources.files import too_large


def fetch(url: str, *, timeout: float, limit: int) -> bytes:
    """GET ``url`` and return the body; non-2xx, network errors and oversize are one line."""
    import httpx

    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True) as client,
            client.stream("GET", url, headers={"Accept": "application/json, */*;q=0.8"}) as resp,
        ):
            if not resp.is_success:
                raise SourceError(
                    f"HTTP {resp.status_code} {resp.reason_phrase}".strip(),
                    where=url,
                    kind=ErrorKind.HTTP,
                )
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise too_large(url, limit)
            body = bytearray()
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise too_large(url, limit)
            return bytes(body)
    except httpx.TimeoutException as exc:
        raise SourceError(f"timed out after {timeout:g}s", where=url, kind=ErrorKind.HTTP) from exc
    except httpx.ConnectError as exc:
        raise SourceError(
            f"cannot connect: {_reason(exc)}", where=url, kind=ErrorKind.HTTP
        ) from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise SourceError(
            f"request failed: {_reason(exc)}", where=url, kind=ErrorKind.HTTP
        ) from exc


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__
