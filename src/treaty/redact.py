"""Credential redaction for every output path: text, headers, URLs, curl commands.

Redaction is by *value* (every credential the run was given is replaced wherever it appears,
including percent-encoded and base64 forms) and by *name* (headers and query parameters that
conventionally carry secrets). Both apply to everything written or printed.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

REDACTED = "[redacted]"

SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "x-auth-token",
        "x-access-token",
        "x-csrf-token",
    }
)
_SENSITIVE_WORDS = ("token", "secret", "password", "passwd", "api_key", "apikey", "api-key", "auth")


def is_sensitive_name(name: str) -> bool:
    """Whether a header or query parameter name conventionally carries a credential."""
    lowered = name.lower()
    return lowered in SENSITIVE_HEADERS or any(word in lowered for word in _SENSITIVE_WORDS)


@dataclass(frozen=True, slots=True)
class Redactor:
    """Replaces known secret values, and values under sensitive names, with ``[redacted]``."""

    secrets: frozenset[str] = frozenset()

    @classmethod
    def for_secrets(cls, values: Iterable[str]) -> Redactor:
        """Build a redactor for these credentials, with their usual encoded forms."""
        forms: set[str] = set()
        for value in values:
            if len(value) < 3:  # too short to replace safely; names still cover it
                continue
            forms |= {value, quote(value, safe=""), quote_plus(value)}
            forms.add(base64.b64encode(value.encode()).decode())
        return cls(frozenset(forms))

    def text(self, value: str) -> str:
        """Redact every known secret inside free text (messages, bodies, curl commands)."""
        for secret in sorted(self.secrets, key=len, reverse=True):
            value = value.replace(secret, REDACTED)
        return _redact_curl_headers(value)

    def headers(self, headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        """Redact header values under sensitive names, and secrets anywhere."""
        return tuple(
            (name, REDACTED if is_sensitive_name(name) else self.text(value))
            for name, value in headers
        )

    def url(self, url: str) -> str:
        """Redact userinfo, sensitive query parameters and secrets inside a URL."""
        return self.text(url)


_CURL_HEADER = re.compile(r"""(-H\s+['"])([A-Za-z0-9-]+)(:\s*)([^'"]*)(['"])""")
_URL_IN_TEXT = re.compile(r"https?://[^\s'\"]+")


def _redact_curl_headers(text: str) -> str:
    def header(match: re.Match[str]) -> str:
        name = match.group(2)
        if not is_sensitive_name(name):
            return match.group(0)
        return f"{match.group(1)}{name}{match.group(3)}{REDACTED}{match.group(5)}"

    def url(match: re.Match[str]) -> str:
        return _redact_url(match.group(0))

    return _URL_IN_TEXT.sub(url, _CURL_HEADER.sub(header, text))


def _redact_url(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an already redacted "[redacted]@host" netloc
        return url
    if not parts.query and "@" not in parts.netloc:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
    pairs = [
        (name, REDACTED if is_sensitive_name(name) else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    query = urlencode(pairs, safe="[]") if pairs else parts.query
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
