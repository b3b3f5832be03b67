"""The one place that drives schemathesis's engine (not part of its documented Python API).

:func:`execute` runs every enabled phase of a loaded schemathesis schema and folds the event
stream into a treaty-owned :class:`Outcome`. tests/fuzz/test_engine.py runs it against the real
library so an incompatible schemathesis release fails loudly there.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from treaty.fuzz import convert
from treaty.fuzz.redact import Redactor
from treaty.fuzz.results import FuzzFailure

if TYPE_CHECKING:
    from schemathesis.schemas import BaseSchema

#: Called after each finished scenario: (operation label, requests so far, distinct failures).
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class Outcome:
    """What the engine saw: distinct failures, request counts, errors and how it stopped."""

    failures: dict[tuple[str, str, str], FuzzFailure] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    interrupted: bool = False
    stop_reason: str = "completed"
    duration: float = 0.0

    def add(self, failure: FuzzFailure) -> None:
        """Keep one failure per (operation, check, cause): the smallest reproduction wins."""
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
    max_requests: int | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Run the schema's configured phases; stop cleanly on Ctrl-C or after ``max_requests``."""
    from schemathesis.engine import events, from_schema

    outcome = Outcome()
    started = time.monotonic()
    stream = from_schema(schema).execute()
    try:
        for event in stream:
            if isinstance(event, events.ScenarioFinished):
                _on_scenario(event, outcome, redactor, progress)
                if max_requests is not None and outcome.requests.total() >= max_requests:
                    outcome.stop_reason = "max_requests"
                    stream.stop()
            elif isinstance(event, events.NonFatalError):
                outcome.errors.append(redactor.text(f"{event.label}: {event.info.message}"))
            elif isinstance(event, events.FatalError):
                outcome.errors.append(redactor.text(f"fatal: {event.exception}"))
            elif isinstance(event, events.Interrupted) and outcome.stop_reason != "max_requests":
                outcome.interrupted = True
                outcome.stop_reason = "interrupted"
            elif isinstance(event, events.EngineFinished) and outcome.stop_reason == "completed":
                outcome.stop_reason = event.stop_reason.value
    except KeyboardInterrupt:
        stream.stop()
        outcome.interrupted = True
        outcome.stop_reason = "interrupted"
    outcome.duration = time.monotonic() - started
    return outcome


def _on_scenario(
    event: object, outcome: Outcome, redactor: Redactor, progress: Progress | None
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


def _with_occurrences(failure: FuzzFailure, occurrences: int) -> FuzzFailure:
    from dataclasses import replace

    return replace(failure, occurrences=occurrences)
