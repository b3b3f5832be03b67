"""What every output shows safely: credentials redacted, control characters escaped.

Redaction is by *value* (every credential the run was given is replaced wherever it appears,
including percent-encoded and base64 forms) and by *name* (headers and query parameters that
conventionally carry secrets). Both apply to everything written or printed. URLs lose their
userinfo (``user:pass@``) and the values of secret-looking query and fragment parameters
wherever they are shown: :func:`redact_url` for a URL, :func:`redact_urls` for free text.

:func:`printable` escapes what could control a terminal or a CI log (ANSI/OSC escapes, CR/LF
that would start a new ``::error`` workflow-command line, bidi overrides) in text that came
from a document; every renderer but the JSON ones (whose encoder escapes them) applies it.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, quote_plus, unquote_plus

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
# words of a name (split at ``-``, ``_``, ``.``, spaces and camelCase humps) that mark a
# credential: ``api_key``, ``X-Auth-Token``, ``accessToken``, ``X-Amz-Signature``; ``author``
# is not the name of a secret
_SENSITIVE_WORDS = frozenset(
    {
        "token",
        "secret",
        "password",
        "passwd",
        "pwd",
        "apikey",
        "auth",
        "authorization",
        "credential",
        "credentials",
        "signature",
        "jwt",
        "bearer",
        "session",
        "cookie",
    }
)
# in a URL's query or fragment also these: ``key`` (Google's API keys), ``sig`` (Azure SAS),
# ``sid``, ``pass``; as header names they are too common to mask (``Idempotency-Key``)
_URL_WORDS = _SENSITIVE_WORDS | {"key", "sig", "sid", "pass"}
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# parts distinctive enough to match inside a longer word (``xapikey``, ``refreshtoken``)
_SENSITIVE_PARTS = ("token", "secret", "passw", "apikey", "api_key", "credential", "signature")


def is_sensitive_name(name: str, words: frozenset[str] = _SENSITIVE_WORDS) -> bool:
    """Whether a header or query parameter name conventionally carries a credential."""
    lowered = name.lower()
    if lowered in SENSITIVE_HEADERS or any(part in lowered for part in _SENSITIVE_PARTS):
        return True
    return any(word.lower() in words for word in _WORD.findall(name))


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
        return self.text(redact_url(url))


_CURL_HEADER = re.compile(r"""(-H\s+['"])([A-Za-z0-9-]+)(:\s*)([^'"]*)(['"])""")
# a URL inside free text: a scheme, ``//``, then up to a space, a quote, a backtick or an angle
# bracket; trailing punctuation of the sentence is left out
_URL_IN_TEXT = re.compile(r"""[A-Za-z][A-Za-z0-9+.-]*://[^\s'"`<>]*[^\s'"`<>.,:;)]""")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
_PARAMETER = re.compile(r"(^|[&;])([^=&;#]*)=([^&;#]*)")


def _redact_curl_headers(text: str) -> str:
    def header(match: re.Match[str]) -> str:
        name = match.group(2)
        if not is_sensitive_name(name):
            return match.group(0)
        return f"{match.group(1)}{name}{match.group(3)}{REDACTED}{match.group(5)}"

    return redact_urls(_CURL_HEADER.sub(header, text))


def redact_urls(text: str) -> str:
    """``text`` with every URL in it redacted as :func:`redact_url` does."""
    if "://" not in text:
        return text
    return _URL_IN_TEXT.sub(lambda match: redact_url(match.group(0)), text)


def redact_url(url: str) -> str:
    """``url`` without its userinfo and the values of secret-looking query or fragment parameters.

    Only what is redacted changes (the rest is kept byte for byte, so it stays recognisable
    and redacting twice changes nothing); a string without a scheme (a file path) is returned
    as it is.
    """
    if not _SCHEME.match(url):
        return url
    head, hash_mark, fragment = url.partition("#")
    head, question_mark, query = head.partition("?")
    scheme, slashes, rest = head.partition("//")
    if slashes:
        authority, slash, path = rest.partition("/")
        if "@" in authority:
            authority = f"{REDACTED}@{authority.rpartition('@')[2]}"
        head = f"{scheme}//{authority}{slash}{path}"
    elif "@" in head and scheme.lower().startswith(("http:", "https:")):
        # ``http:/user:pass@host``, a mistyped URL: its userinfo is no less secret (a git
        # SOURCE such as ``main:specs/@scope/api.yaml`` is left alone)
        prefix = scheme.partition(":")[0]
        head = f"{prefix}:{REDACTED}@{head.rpartition('@')[2]}"
    query, fragment = _redact_parameters(query), _redact_parameters(fragment)
    return f"{head}{question_mark}{query}{hash_mark}{fragment}"


def _redact_parameters(text: str) -> str:
    def parameter(match: re.Match[str]) -> str:
        separator, name, value = match.groups()
        if not value or value == REDACTED or not is_sensitive_name(unquote_plus(name), _URL_WORDS):
            return match.group(0)
        return f"{separator}{name}={REDACTED}"

    return _PARAMETER.sub(parameter, text) if "=" in text else text


def printable(text: str) -> str:
    """``text`` with every character that is not printable escaped as Python writes it.

    CR, LF and the other C0/C1 controls (ESC starts ANSI and OSC sequences), DEL, the line
    and paragraph separators, bidi overrides and other invisible format characters become
    ``\\n``, ``\\x1b``, ``\\u202e``…: a name from a document can neither start a new line
    (a GitHub ``::error`` workflow command) nor move the cursor, retitle the terminal or
    reorder what the reader sees.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


_NOT_PLAIN_ASCII = re.compile(r"[^\x20-\x7e\n]+")


def printable_json(text: str) -> str:
    """JSON text (as ``json.dumps`` writes it) with every character that is not printable
    written as a ``\\uXXXX`` escape: the same data for a parser, inert bytes for a terminal.

    ``json.dumps(..., ensure_ascii=False)`` already escapes C0 controls; this also covers the
    C1 controls, line separators and bidi overrides it leaves raw.
    """

    def escaped(match: re.Match[str]) -> str:
        run = match.group(0)
        if run.isprintable():
            return run
        return "".join(c if c.isprintable() else json.dumps(c)[1:-1] for c in run)

    return _NOT_PLAIN_ASCII.sub(escaped, text)


def printable_line(line: str) -> str:
    """One whole output line, :func:`printable`, that a CI log cannot read as a command.

    GitHub Actions runs a line as a workflow command when it starts with ``::`` after its
    leading spaces; a line that comes out that way (a server's body, a message quoting one)
    has its first colon written as ``\\x3a``.
    """
    line = printable(line)
    stripped = line.lstrip()
    if stripped.startswith("::"):
        return f"{line[: len(line) - len(stripped)]}\\x3a{stripped[1:]}"
    return line
