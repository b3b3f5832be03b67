"""What a fuzz or smoke run is asked to do: treaty-owned, frozen, schemathesis-free."""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from treaty.errors import ErrorKind, TreatyError
from treaty.fuzz.guard import DEFAULT_MAX_RESPONSE_SIZE
from treaty.fuzz.targets import Selection

#: Every phase, in the order schemathesis runs them.
PHASES = ("examples", "coverage", "fuzzing", "stateful")


@dataclass(frozen=True, slots=True, repr=False)
class Auth:
    """Credentials for the target. ``repr`` is hidden so a secret never lands in a traceback."""

    headers: tuple[tuple[str, str], ...] = ()
    basic: tuple[str, str] | None = None
    bearer: str | None = None

    def secrets(self) -> tuple[str, ...]:
        """Every credential value, for value-based redaction."""
        values = [value for _, value in self.headers]
        if self.basic is not None:
            values.append(self.basic[1])
            values.append(f"{self.basic[0]}:{self.basic[1]}")
        if self.bearer is not None:
            values.append(self.bearer)
        return tuple(values)

    def all_headers(self) -> dict[str, str]:
        """``-H`` headers plus the bearer token as ``Authorization``."""
        headers = dict(self.headers)
        if self.bearer is not None:
            headers["Authorization"] = f"Bearer {self.bearer}"
        return headers

    def credential_headers(self) -> dict[str, str]:
        """The headers the credentials travel in: ``all_headers`` plus basic auth, if any.

        A bearer token wins over basic auth for ``Authorization``, as it does on the wire.
        """
        headers = self.all_headers()
        if self.basic is not None:
            token = base64.b64encode(f"{self.basic[0]}:{self.basic[1]}".encode()).decode()
            headers.setdefault("Authorization", f"Basic {token}")
        return headers

    def __repr__(self) -> str:
        return "Auth([redacted])"


@dataclass(frozen=True, slots=True)
class FuzzOptions:
    """A run's settings. Exactly one of ``base_url`` or ``app`` names the target (``app`` may
    come with a ``base_url`` used only for display and curl commands)."""

    base_url: str | None = None
    app: str | None = None  # "module:attr", ASGI or WSGI
    auth: Auth = field(default_factory=Auth)
    selection: Selection = field(default_factory=Selection)
    checks: tuple[str, ...] = ()  # empty: every check
    exclude_checks: tuple[str, ...] = ()
    max_response_time: float | None = None  # seconds
    phases: tuple[str, ...] = PHASES
    seed: int | None = None
    max_examples: int = 50
    max_steps: int | None = None  # stateful sequence length
    volume: int = 30  # resources the volume step creates per collection (0: skip the step)
    rate_limit: str | None = None  # "N/s"
    max_requests: int | None = None  # exact upper bound on HTTP requests sent
    max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE  # bytes; larger bodies are not read
    max_time: float | None = None  # seconds
    timeout: float = 10.0
    tls_verify: bool = True
    workers: int = 1
    deterministic: bool = False
    fill_missing: bool = False  # examples phase: generate what the examples leave out
    #: "positive" (only requests the spec allows: what existing clients send, ``treaty
    #: confirm``), "negative" or None (schemathesis's default, both)
    generation_mode: str | None = None
    spec: str = ""  # where the document came from, for the report
    #: operations that answer only 401/403 are expected (``--accept-denied``): still listed,
    #: no longer a non-zero exit
    accept_denied: bool = False


def new_seed() -> int:
    """A fresh seed for a run given none: every run has one, to print and to store."""
    import secrets

    return secrets.randbelow(2**31)


def seeded(options: FuzzOptions) -> FuzzOptions:
    """``options`` with a seed: its own, or a fresh one."""
    from dataclasses import replace

    return options if options.seed is not None else replace(options, seed=new_seed())


def parse_base_url(text: str) -> str:
    """A ``--url`` value checked before any request: http(s), a host, a valid port.

    A malformed IPv6 host (``http://[::1/``), a port that is not a number or a missing host
    is one usage error naming the problem. A URL that does not even parse is not echoed (its
    credentials could not be told apart); the others are, redacted.
    """
    import ipaddress
    from urllib.parse import urlsplit

    from treaty.redact import Redactor

    def refuse(problem: str, shown: str | None = None) -> TreatyError:
        return TreatyError(f"invalid --url: {problem}", where=shown, kind=ErrorKind.USAGE)

    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError as exc:
        raise refuse("malformed IPv6 host" if "[" in text else "invalid port") from exc
    shown = Redactor.for_secrets(()).url(text)
    if parts.scheme not in {"http", "https"}:
        raise refuse("expected an http:// or https:// URL", shown)
    host = parts.hostname or ""
    if not host:
        raise refuse("no host", shown)
    if ":" in host:  # urlsplit checks the brackets, not what is inside them
        try:
            ipaddress.IPv6Address(host.partition("%")[0])
        except ValueError as exc:
            raise refuse("malformed IPv6 host", shown) from exc
    return text.rstrip("/")


def positive_seconds(name: str, value: float | None) -> float | None:
    """A duration option: a finite number of seconds above 0 (``nan``, ``inf``, ``-1`` refused)."""
    import math

    if value is not None and not (math.isfinite(value) and value > 0):
        raise TreatyError(
            f"invalid {name} {value:g}: expected a number of seconds above 0",
            kind=ErrorKind.USAGE,
        )
    return value


# a header name (RFC 9110 token)
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def parse_header(text: str) -> tuple[str, str]:
    """``'Name: value'`` -> ``("Name", "value")``."""
    name, sep, value = text.partition(":")
    name, value = name.strip(), value.strip()
    if not sep or not _TOKEN.fullmatch(name):
        raise TreatyError("invalid header: expected 'Name: value'", kind=ErrorKind.USAGE)
    if not _header_safe(value):  # the value is never shown
        raise TreatyError(
            f"invalid header {name}: its value must be printable ASCII (no line breaks or "
            "control characters)",
            kind=ErrorKind.USAGE,
        )
    return name, value


def parse_basic(text: str) -> tuple[str, str]:
    """``user:pass`` -> ``("user", "pass")``."""
    user, sep, password = text.partition(":")
    if not sep or not user:
        raise TreatyError("invalid --auth: expected user:pass", kind=ErrorKind.USAGE)
    return user, password


def parse_rate_limit(text: str) -> str:
    """``N/s``, ``N/m``, ``N/h`` or a bare ``N`` (per second), normalised for schemathesis."""
    count, sep, unit = text.partition("/")
    if not count.isdigit() or int(count) < 1 or (sep and unit not in {"s", "m", "h"}):
        raise TreatyError(f"invalid rate limit {text!r}: expected N/s", kind=ErrorKind.USAGE)
    return f"{int(count)}/{unit or 's'}"


def bearer_from_env(variable: str, environ: Mapping[str, str]) -> str:
    """The token in ``variable``; an unset or empty variable is a usage error."""
    token = environ.get(variable, "")
    if not token:
        raise TreatyError(f"environment variable {variable} is not set", kind=ErrorKind.USAGE)
    if not _header_safe(token):  # the token is never shown
        raise TreatyError(
            f"environment variable {variable} must hold printable ASCII (no line breaks or "
            "control characters)",
            kind=ErrorKind.USAGE,
        )
    return token


def _header_safe(value: str) -> bool:
    """Whether ``value`` can travel in an HTTP header as it is (visible ASCII, space, tab)."""
    return all(" " <= c <= "~" or c == "\t" for c in value)
