"""Treaty-owned results of a fuzz or smoke run.

Everything that leaves ``treaty.fuzz`` is one of these frozen dataclasses: renderers, the CLI
and replay never see a schemathesis type. All text in them is already redacted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from treaty.errors import ExitCode

#: Version of the JSON report layout (``render/json.py``); bump on any incompatible change.
#: 2 added ``sequence``/``parent``/``bindings`` to failures and ``replays`` to the report;
#: 3 grouped failures by root cause (``variants``).
SCHEMA_VERSION = 3

#: treaty's own checks, for failures below the contract: the request never got a usable answer.
TRANSPORT_CHECKS = ("request_timeout", "network_error", "response_too_large", "response_too_deep")
#: A request with no answer within ``--timeout``: a failure only under ``--max-response-time``.
TIMEOUT_CHECK = "request_timeout"


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """A request as sent, redacted. ``body`` is text (UTF-8, lossy) or None."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None


@dataclass(frozen=True, slots=True)
class RecordedResponse:
    """A response as received, redacted; ``body`` is an excerpt."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""


@dataclass(frozen=True, slots=True)
class ReplayCase:
    """What replay needs to rebuild the failing request: the generated parameter values."""

    path_parameters: str = "{}"  # JSON texts, so the dataclass stays hashable and frozen
    query: str = "{}"
    headers: str = "{}"
    body: str | None = None  # JSON text of the body, None when there was none
    media_type: str | None = None
    #: The operation the request was built for, when it is not the failure's own operation
    #: (a use-after-free is reported on the DELETE but found with a GET).
    operation: str | None = None


@dataclass(frozen=True, slots=True)
class Binding:
    """A request value that came from an earlier step's exchange (an OpenAPI link parameter).

    ``location`` is ``path_parameters``, ``query``, ``headers``, ``cookies`` or ``body`` (then
    ``name`` is None); ``expression`` is the link's runtime expression, e.g.
    ``$response.body#/id``, evaluated against the step's ``parent``.
    """

    location: str
    name: str | None
    expression: str


@dataclass(frozen=True, slots=True)
class SequenceStep:
    """One request sent before the failing one, as recorded (redacted) and as replay needs it."""

    operation: str  # "METHOD /path"
    request: RecordedRequest
    response: RecordedResponse | None
    replay: ReplayCase
    parent: int | None = None  # index of the step whose exchange this one followed
    bindings: tuple[Binding, ...] = ()


@dataclass(frozen=True, slots=True)
class Variant:
    """One answer a grouped failure covers (a status code, a media type) and how often."""

    value: str
    occurrences: int = 1


@dataclass(frozen=True, slots=True)
class FuzzFailure:
    """One distinct contract break: deduplicated by operation + check + cause.

    A break whose instances differ only in what the server answered (19 undocumented status
    codes of one operation) is one failure listing those answers (``variants``), see
    :mod:`treaty.fuzz.grouping`.
    """

    operation: str  # "METHOD /path"
    check: str  # schemathesis check name, e.g. "not_a_server_error"
    title: str
    message: str
    cause: str  # the dedup key beyond operation and check
    phase: str
    request: RecordedRequest
    response: RecordedResponse | None
    curl: str
    replay: ReplayCase = field(default_factory=ReplayCase)
    occurrences: int = 1
    #: The requests this failure needs before ``request`` (stateful sequences), oldest first.
    sequence: tuple[SequenceStep, ...] = ()
    #: Index into ``sequence`` of the step ``request`` followed, and the values it took from it.
    parent: int | None = None
    bindings: tuple[Binding, ...] = ()
    #: The answers this failure groups, each with its count; empty for an ungrouped failure
    variants: tuple[Variant, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.operation, self.check, self.cause)

    @property
    def answers(self) -> str:
        """The grouped answers as one phrase, e.g. ``418 (2x), 451, 599 (3x)``; "" if none."""
        return ", ".join(
            v.value if v.occurrences == 1 else f"{v.value} ({v.occurrences}x)"
            for v in self.variants
        )


@dataclass(frozen=True, slots=True)
class OperationStat:
    """Per-operation totals."""

    operation: str
    requests: int = 0
    failures: int = 0
    #: (status code, responses) pairs, ascending: what the deployment answered
    statuses: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Untested:
    """An operation (or part of one) that could not be tested, and why, in one line."""

    operation: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """Whether one failure of a replayed report still reproduces."""

    operation: str
    check: str
    cause: str
    reproduced: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class FuzzReport:
    """The outcome of one run."""

    mode: str  # "fuzz" | "smoke" | "replay"
    target: str  # base URL or "app:module:attr"; redacted
    seed: int | None
    operations: tuple[OperationStat, ...]
    failures: tuple[FuzzFailure, ...]
    requests: int
    duration: float
    errors: tuple[str, ...] = ()
    interrupted: bool = False
    stop_reason: str = "completed"
    spec: str = ""
    replays: tuple[ReplayResult, ...] = ()  # replay mode: one per failure of the replayed report
    #: Requests that got no answer within ``--timeout`` and so could not be judged (no
    #: ``--max-response-time``): the first of each operation, with its request and curl.
    unjudged: tuple[FuzzFailure, ...] = ()
    #: What could not be tested (a schema nothing satisfies, a media type with no serializer)
    untested: tuple[Untested, ...] = ()
    #: Operations that answered only 401/403: the run proved nothing about them
    denied: tuple[str, ...] = ()
    #: ``--accept-denied``: those operations are expected to refuse these credentials
    accept_denied: bool = False
    #: What the run skipped that is nobody's error, e.g. the stateful phase without links
    notes: tuple[str, ...] = ()

    @property
    def failures_per_check(self) -> dict[str, int]:
        return dict(sorted(Counter(failure.check for failure in self.failures).items()))

    @property
    def extra_requests(self) -> int:
        """Requests beyond the operations' own: treaty's reachability probe, schemathesis's
        probes, the checks' re-sends (``ignored_auth``, ``unsupported_method``…), redirect hops,
        the use-after-free probe."""
        return max(0, self.requests - sum(stat.requests for stat in self.operations))

    @property
    def unverified(self) -> tuple[str, ...]:
        """The denied operations that make the run fail: all of them, unless accepted."""
        return () if self.accept_denied else self.denied

    @property
    def exit_code(self) -> int:
        """1 when the API broke its contract; else 3 when treaty could not finish the run;
        else 2 when an operation answered only 401/403 (credentials missing or wrong) and that
        was not accepted; else 0 (130 for an interrupted clean run)."""
        if self.failures:
            return int(ExitCode.FINDINGS)
        if self.stop_reason == "internal_error":  # treaty could not finish: never green
            return int(ExitCode.INTERNAL)
        if self.unverified:
            return int(ExitCode.BAD_INPUT)
        return 130 if self.interrupted else int(ExitCode.OK)
