"""The one place that drives schemathesis's engine (not part of its documented Python API).

:func:`execute` runs every enabled phase of a loaded schemathesis schema and folds the event
stream into a treaty-owned :class:`Outcome`. tests/fuzz/test_engine.py runs it against the real
library so an incompatible schemathesis release fails loudly there.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from treaty.fuzz import convert
from treaty.fuzz.guard import Guard
from treaty.fuzz.progress import Tracker
from treaty.fuzz.results import TIMEOUT_CHECK, FuzzFailure
from treaty.redact import Redactor

if TYPE_CHECKING:
    from schemathesis.core.transport import Response
    from schemathesis.engine.events import NonFatalError
    from schemathesis.engine.recorder import ScenarioRecorder
    from schemathesis.generation.case import Case
    from schemathesis.schemas import BaseSchema

#: Answers that say "not with these credentials": an operation that got nothing else is unverified.
DENIED_STATUSES = frozenset({401, 403})
#: Called after each finished scenario: (operation label, requests so far, distinct failures).
Progress = Callable[[str, int, int], None]
#: Called with every answered exchange (case, response) of a finished scenario, in order.
Observer = Callable[["Case[Any]", "Response"], None]


@dataclass(slots=True)
class Unanswered:
    """The stateful steps that got no usable answer, so that each becomes a failure.

    schemathesis ends a stateful suite on such a step with one error about "Stateful tests"
    (or none, when hypothesis reports several distinct problems together, or a stored
    connection error replaces them): the steps and their errors are gathered here instead.
    """

    #: The error of each step, by case id (from the ``after_network_error`` hook)
    errors: dict[str, Exception] = field(default_factory=dict)
    #: (method, path with its parameters) -> (the sequence's recorder, the step's case id);
    #: a later scenario (hypothesis replays the smallest failing one last) replaces an earlier
    steps: dict[tuple[str, str], tuple[ScenarioRecorder, str]] = field(default_factory=dict)
    #: case ids already reported as failures
    reported: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Outcome:
    """What the engine saw: distinct failures, request counts, errors and how it stopped."""

    failures: dict[tuple[str, str, str], FuzzFailure] = field(default_factory=dict)
    #: The first request of each operation that got no answer within the timeout, by operation
    timeouts: dict[str, FuzzFailure] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)  # (operation, status)
    #: Answers to requests with the operation's own method (not an unsupported-method probe),
    #: per operation: 401/403 ones, and all the others
    denied: Counter[str] = field(default_factory=Counter)
    admitted: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    #: What the run could not do that is nobody's error (no links for the stateful phase)
    notes: list[str] = field(default_factory=list)
    #: (operation, reason) of what could not be tested, each once, in the order seen
    untested: dict[tuple[str, str], None] = field(default_factory=dict)
    interrupted: bool = False
    stop_reason: str = "completed"
    duration: float = 0.0

    def interrupt(self) -> None:
        """Ctrl-C: what ran so far is the result."""
        self.interrupted = True
        self.stop_reason = "interrupted"

    def add(self, failure: FuzzFailure) -> None:
        """Keep one failure per (operation, check, cause): the smallest reproduction wins.

        Timeouts are kept apart, once per operation (the first one): whether they are
        failures depends on the run's response-time budget.
        """
        if failure.check == TIMEOUT_CHECK:
            first = self.timeouts.get(failure.operation)
            self.timeouts[failure.operation] = (
                failure if first is None else _with_occurrences(first, first.occurrences + 1)
            )
            return
        known = self.failures.get(failure.key)
        if known is None:
            self.failures[failure.key] = failure
            return
        smallest = failure if len(failure.curl) < len(known.curl) else known
        self.failures[failure.key] = _with_occurrences(smallest, known.occurrences + 1)


def execute(
    schema: BaseSchema,
    redactor: Redactor,
    *,
    guard: Guard | None = None,
    progress: Progress | None = None,
    observe: Observer | None = None,
    tracker: Tracker | None = None,
) -> Outcome:
    """Run the schema's configured phases; stop cleanly once ``guard`` stops.

    ``tracker`` follows the phases and finished operations (``treaty.fuzz.progress``).

    ``guard`` must be :func:`~treaty.fuzz.guard.installed` by the caller, with
    :func:`refusal` as its refusal. It stops on Ctrl-C (see :func:`~treaty.fuzz.guard.interrupts`)
    and when its request budget is spent.
    """
    from schemathesis.engine import events, from_schema

    outcome = Outcome()
    started = time.monotonic()
    unanswered = Unanswered()
    noted = _note_broken_steps(schema, unanswered.errors)
    stream = from_schema(schema).execute()
    running: set[object] = set()  # scenarios started and not yet finished
    stopping = False
    try:
        for event in stream:
            if isinstance(event, events.ScenarioStarted):
                running.add(event.id)
            elif isinstance(event, events.ScenarioFinished):
                running.discard(event.id)
                _on_scenario(event, outcome, redactor, progress, observe, unanswered)
                if tracker is not None and event.label:
                    tracker.finished(event.label, len(outcome.failures))
            elif isinstance(event, events.PhaseStarted) and tracker and event.phase.is_enabled:
                tracker.enter(event.phase.name.value)
            elif isinstance(event, events.NonFatalError):
                _on_error(event, outcome, redactor, unanswered)
            elif isinstance(event, events.FatalError):
                reason = convert.one_line(str(event.exception))
                outcome.errors.append(redactor.text(f"fatal: {reason}"))
            elif isinstance(event, events.Interrupted) and (guard is None or not guard.stopped):
                outcome.interrupt()
            elif isinstance(event, events.EngineFinished) and outcome.stop_reason == "completed":
                outcome.stop_reason = event.stop_reason.value
            # Stop the engine only once no scenario is in flight: it drops the events of the
            # scenarios still running when it stops, and with them their failures.
            if guard is not None and guard.stopped and not running and not stopping:
                stopping = True
                stream.stop()
    except KeyboardInterrupt:  # a second Ctrl-C, or a refusal in this thread (probing phase)
        stream.stop()
        outcome.interrupt()
    finally:
        schema.hooks.unregister(noted)
    if guard is not None and guard.stop_reason is not None:
        outcome.interrupted = guard.stop_reason == "interrupted"
        outcome.stop_reason = guard.stop_reason
    outcome.duration = time.monotonic() - started
    return outcome


def refusal() -> BaseException:
    """What a refused request raises inside the engine: its own "budget ran out" interrupt.

    Its executors end the scenario in progress cleanly on it and keep what it recorded, where a
    plain ``KeyboardInterrupt`` would drop that scenario.
    """
    from schemathesis.engine.run.unit._case import BudgetExpired

    return BudgetExpired()


def recheck(steps: list[tuple[Case[Any], Response, int | None]], check: str) -> str | None:
    """Re-run ``check`` on the last step's response, with the earlier steps as its history.

    ``steps`` are (case, response, index of the parent step). Stateful checks such as
    ``use_after_free`` look up related requests in a schemathesis ``ScenarioRecorder``, so
    the replayed sequence is recorded into one. Returns the failure's title, or None.
    """
    from schemathesis.checks import CHECKS
    from schemathesis.core.failures import Failure, FailureGroup
    from schemathesis.engine.recorder import ScenarioRecorder

    checks: Any = CHECKS.get_by_names([check])
    recorder = ScenarioRecorder(label="replay")
    for case, response, parent in steps:
        parent_id = steps[parent][0].id if parent is not None else None
        recorder.record_case(case=case, parent_id=parent_id)
        recorder.record_response(case_id=case.id, response=response)
    case, response, _ = steps[-1]
    try:
        case.validate_response(response, checks=checks, recorder=recorder)
    except FailureGroup as exc:
        return str(exc.exceptions[0].title)
    except Failure as exc:
        return str(exc.title)
    return None


def _on_scenario(
    event: object,
    outcome: Outcome,
    redactor: Redactor,
    progress: Progress | None,
    observe: Observer | None = None,
    unanswered: Unanswered | None = None,
) -> None:
    from schemathesis.engine import events

    assert isinstance(event, events.ScenarioFinished)
    recorder = event.recorder
    label = event.label or ""
    for case_id, interaction in recorder.interactions.items():
        node = recorder.cases.get(case_id)
        operation = node.value.operation.label if node is not None else label
        if interaction.request is not None:
            outcome.requests[operation] += 1
        if interaction.response is not None:
            status = interaction.response.status_code
            outcome.statuses[operation, status] += 1
            if (
                node is not None
                and node.value.method.upper() == node.value.operation.method.upper()
            ):
                tally = outcome.denied if status in DENIED_STATUSES else outcome.admitted
                tally[operation] += 1
            if observe is not None and node is not None:
                observe(node.value, interaction.response)
    if unanswered is not None and event.phase.value == "stateful":
        _unanswered_steps(recorder, unanswered, outcome, redactor)
    for case_id, checks in recorder.checks.items():
        for check in checks:
            if check.failure_info is not None:
                outcome.add(
                    convert.failure(
                        recorder,
                        case_id,
                        check.name,
                        check.failure_info,
                        event.phase.value,
                        redactor,
                    )
                )
    if progress is not None and label:
        progress(
            label, outcome.requests[label], sum(1 for key in outcome.failures if key[0] == label)
        )


def _on_error(
    event: object, outcome: Outcome, redactor: Redactor, unanswered: Unanswered | None = None
) -> None:
    """A request that got no usable answer is a failure of its operation; the rest are errors."""
    from schemathesis.engine import events

    assert isinstance(event, events.NonFatalError)
    if getattr(event.value, "not_sent", False):  # the guard skipped an operation that timed out
        return
    if not event.related_to_operation and _stateful_failures(event, outcome, redactor, unanswered):
        return
    found = None
    if event.related_to_operation:
        phase = event.phase.value if event.phase is not None else "unknown"
        found = convert.transport_failure(
            event.label, event.value, event.info.code_sample, phase, redactor
        )
    if found is not None:
        outcome.add(found)
        return
    from schemathesis.errors import NoLinksFound

    reason = redactor.text(convert.one_line(event.info.message))
    if isinstance(event.value, NoLinksFound):
        outcome.notes.append(f"stateful phase skipped: {reason}")
        return
    if event.related_to_operation:
        outcome.untested[event.label, reason] = None
        return
    outcome.errors.append(f"{event.label}: {reason}")


def _unanswered_steps(
    recorder: ScenarioRecorder, unanswered: Unanswered, outcome: Outcome, redactor: Redactor
) -> None:
    """Each step of a finished stateful scenario that got no usable answer: a failure of its
    operation now when the hook kept its error, else kept for the suite's error to name."""
    for case_id, node in recorder.cases.items():
        answered = recorder.interactions.get(case_id)
        if answered is not None and answered.response is not None:
            continue
        case = node.value
        unanswered.steps[case.method.upper(), case.formatted_path] = (recorder, case_id)
        error = unanswered.errors.pop(case_id, None)
        if error is None:
            continue
        found = convert.sequence_transport_failure(recorder, case_id, error, "stateful", redactor)
        if found is not None:
            outcome.add(found)
            unanswered.reported.add(case_id)


def _note_broken_steps(schema: BaseSchema, broken: dict[str, Exception]) -> Callable[..., None]:
    """Register (for the run) a hook keeping the error of every stateful step that got no usable
    answer (a timeout aside: :mod:`treaty.fuzz.timeouts` has those), by case id.

    schemathesis reports one such error per suite, or none when several distinct problems end
    it together; the scenario that holds the step turns each into a failure of its operation.
    """
    import requests

    def after_network_error(context: object, case: Case[Any], request: object) -> None:
        error = sys.exc_info()[1]  # the hook runs while the request's exception is handled
        if (
            isinstance(error, requests.RequestException)
            and not isinstance(error, requests.Timeout)
            and case.meta is not None
            and case.meta.phase.name.value == "stateful"
        ):
            broken[case.id] = error

    return schema.hook("after_network_error")(after_network_error)  # type: ignore[no-any-return]


def _stateful_failures(
    event: NonFatalError,
    outcome: Outcome,
    redactor: Redactor,
    unanswered: Unanswered | None,
) -> bool:
    """Turn the error that ended a stateful suite into the failures it stands for.

    schemathesis ends a suite whose step lost its connection (or whose scenarios found several
    distinct problems: hypothesis then raises them together, as an exception group) with one
    error about "Stateful tests", not about an operation: every step that got no usable answer
    becomes a failure of its own operation, with the steps before it and a curl per step. The
    check failures of such a group are already recorded by their scenarios. True when the
    error was only that; anything else in it stays an error, one line per distinct problem.
    """
    from schemathesis.core.failures import Failure

    phase = event.phase.value if event.phase is not None else "unknown"
    rest: list[BaseException] = []
    for error in _leaves(event.value):
        if isinstance(error, Failure):
            continue  # a check failure: its scenario's recorder already holds it
        step = _unanswered_step(error, unanswered or Unanswered())
        found = None
        if step is not None and isinstance(error, Exception):
            recorder, case_id = step
            if case_id in (unanswered or Unanswered()).reported:
                continue  # the hook's error of the same step is a failure already
            found = convert.sequence_transport_failure(recorder, case_id, error, phase, redactor)
        if found is None:
            rest.append(error)
        else:
            outcome.add(found)
    if len(rest) == 1 and rest[0] is event.value:
        return False  # not a group and not a failure: the caller's ordinary error
    for error in rest:
        reason = convert.one_line(str(error)) or type(error).__name__
        outcome.errors.append(redactor.text(f"{event.label}: {reason}"))
    return True


def _leaves(error: BaseException) -> list[BaseException]:
    """The exceptions of a (nested) exception group, or the exception itself."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    return [error]


def _unanswered_step(
    error: BaseException, unanswered: Unanswered
) -> tuple[ScenarioRecorder, str] | None:
    from urllib.parse import unquote, urlsplit

    import requests

    sent = convert.sent_request(error)
    if not isinstance(sent, requests.PreparedRequest):
        return None
    path = unquote(urlsplit(str(sent.url)).path)
    method = str(sent.method).upper()
    found = [
        step
        for (verb, formatted), step in unanswered.steps.items()
        if verb == method and path.endswith(unquote(formatted))
    ]
    return found[-1] if found else None


def _with_occurrences(failure: FuzzFailure, occurrences: int) -> FuzzFailure:
    from dataclasses import replace

    return replace(failure, occurrences=occurrences)
