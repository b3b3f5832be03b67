"""Replay the failures of a JSON report: resend each failure's whole sequence, re-check the end.

A failure carries the requests it needs, oldest first (``sequence``), then its own request.
Replay sends them in order; where a step took a value from an earlier step's exchange (an
OpenAPI link, recorded as a :class:`~treaty.fuzz.results.Binding`), the value is taken from
the *replayed* exchange instead (a new POST gives a new id). A value that cannot be evaluated
again is sent as recorded, and the result says so. The failure's check then runs on the last
response with the replayed steps as its history, so stateful checks (``use_after_free``) see
the DELETE they need.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from treaty.fuzz.convert import flatten_headers, transport_failure
from treaty.fuzz.engine import recheck
from treaty.fuzz.guard import installed, interrupts
from treaty.fuzz.links import UNRESOLVED, Exchange, evaluate
from treaty.fuzz.results import (
    TRANSPORT_CHECKS,
    FuzzFailure,
    FuzzReport,
    OperationStat,
    RecordedResponse,
    ReplayResult,
    SequenceStep,
)
from treaty.fuzz.run import build_schema, new_guard
from treaty.redact import REDACTED, Redactor

if TYPE_CHECKING:
    from schemathesis.schemas import BaseSchema

    from treaty.fuzz.options import FuzzOptions
    from treaty.sources import Document

#: Checks that judge a request by how it was generated (negative data, a header left out on
#: purpose, an undeclared method): that knowledge is not in a report, so replay judges them by
#: the answer: the failure reproduces when the server answers with the same status again.
STATUS_JUDGED_CHECKS = frozenset(
    {
        "negative_data_rejection",
        "positive_data_acceptance",
        "missing_required_header",
        "unsupported_method",
    }
)


def replay(document: Document, options: FuzzOptions, previous: FuzzReport) -> FuzzReport:
    """Replay every failure of ``previous``; the report says per failure whether it reproduced.

    Reproduced failures are the report's ``failures`` (so the exit code is 1 if any is);
    ``replays`` has one verdict per replayed failure, in the original order.
    """
    redactor = Redactor.for_secrets(options.auth.secrets())
    labels = {f.operation for f in previous.failures}
    labels |= {step.operation for f in previous.failures for step in f.sequence}
    labels |= {f.replay.operation for f in previous.failures if f.replay.operation}
    guard = new_guard(options)
    started = time.monotonic()
    results: list[ReplayResult] = []
    reproduced: list[FuzzFailure] = []
    with installed(guard), interrupts(guard):
        schema = build_schema(document, options, labels, guard, replaying=True)
        for failure in previous.failures:
            try:
                verdict = _Replayer(schema, options, redactor).run(failure)
            except KeyboardInterrupt:  # Ctrl-C or --max-requests: report what was replayed
                break
            results.append(verdict.result)
            if verdict.failure is not None:
                reproduced.append(verdict.failure)
    reported = sorted({f.operation for f in previous.failures})
    counts = {label: sum(1 for f in reproduced if f.operation == label) for label in reported}
    return FuzzReport(
        mode="replay",
        target=previous.target,
        seed=previous.seed,
        operations=tuple(OperationStat(label, 0, counts[label]) for label in reported),
        failures=tuple(reproduced),
        requests=guard.sent,
        duration=round(time.monotonic() - started, 3),
        interrupted=guard.stop_reason == "interrupted",
        stop_reason=guard.stop_reason or "completed",
        spec=redactor.url(options.spec),
        replays=tuple(results),
    )


@dataclass(frozen=True, slots=True)
class _Verdict:
    result: ReplayResult
    failure: FuzzFailure | None = None


class _Replayer:
    """Sends one failure's steps and judges the outcome."""

    def __init__(self, schema: BaseSchema, options: FuzzOptions, redactor: Redactor) -> None:
        self.schema = schema
        self.options = options
        self.redactor = redactor
        self.kwargs: dict[str, Any] = {"timeout": options.timeout}
        if options.app is None:
            self.kwargs["verify"] = options.tls_verify

    def run(self, failure: FuzzFailure) -> _Verdict:
        steps = [*failure.sequence, _last_step(failure)]
        sent: list[tuple[Any, Any, int | None]] = []
        notes: list[str] = []
        for index, step in enumerate(steps):
            label = step.replay.operation or step.operation
            operation = self.schema.find_operation_by_label(label)
            if operation is None:
                return self._verdict(failure, False, f"{label} is no longer in the document")
            parent = sent[step.parent] if step.parent is not None and step.parent < index else None
            case = self._case(operation, step, parent, notes)
            try:
                response = case.call(**self.kwargs)
            except Exception as exc:
                curl = self.redactor.text(case.as_curl_command())
                found = transport_failure(label, exc, curl, "replay", self.redactor)
                if found is None:
                    raise
                if index == len(steps) - 1 and found.check == failure.check:
                    again = replace(failure, response=found.response, phase="replay", occurrences=1)
                    return self._verdict(failure, True, found.message, again)
                return self._verdict(
                    failure, False, f"step {index + 1} ({label}): {found.title.lower()}"
                )
            sent.append((case, response, step.parent if parent is not None else None))
        suffix = f" ({'; '.join(notes)})" if notes else ""
        status = response.status_code
        if failure.check in TRANSPORT_CHECKS:
            return self._verdict(failure, False, f"answered with {status}{suffix}")
        if failure.check in STATUS_JUDGED_CHECKS:
            before = failure.response.status if failure.response is not None else None
            title = f"answered {status} again" if status == before else None
        else:
            title = recheck(sent, failure.check)
        if title is None:
            return self._verdict(failure, False, f"the check passed{suffix}")
        again = replace(failure, response=self._recorded(response), phase="replay", occurrences=1)
        return self._verdict(failure, True, f"{title}{suffix}", again)

    def _case(self, operation: Any, step: SequenceStep, parent: Any, notes: list[str]) -> Any:
        """The step's case: recorded values, with linked ones re-evaluated from ``parent``."""
        data = step.replay
        values: dict[str, Any] = {
            "path_parameters": json.loads(data.path_parameters),
            "query": json.loads(data.query),
            "headers": {k: v for k, v in json.loads(data.headers).items() if v != REDACTED},
        }
        body = json.loads(data.body) if data.body is not None else UNRESOLVED
        for binding in step.bindings:
            container = values.get(binding.location, {})
            recorded = body if binding.location == "body" else container.get(binding.name)
            value = (
                evaluate(binding.expression, _exchange(*parent), recorded) if parent else UNRESOLVED
            )
            if value is UNRESOLVED:
                notes.append(f"{binding.name or 'body'} of {operation.label} sent as recorded")
            elif binding.location == "body":
                body = value
            elif binding.name is not None and binding.location in values:
                container[binding.name] = value
        # Credentials go back exactly where the original request carried them (redacted): a
        # request sent without them on purpose (ignored_auth, missing_required_header) stays so.
        sent = {name.lower() for name, _ in step.request.headers}
        credentials = self.options.auth.credential_headers()
        values["headers"].update({k: v for k, v in credentials.items() if k.lower() in sent})
        if body is not UNRESOLVED:
            values["body"] = body
        if step.request.method and step.request.method.upper() != operation.method.upper():
            values["method"] = step.request.method.upper()  # unsupported_method sends another
        return operation.Case(media_type=data.media_type, **values)

    def _recorded(self, response: Any) -> RecordedResponse:
        body = response.content[:2000].decode("utf-8", errors="replace")
        return RecordedResponse(
            status=response.status_code,
            headers=self.redactor.headers(flatten_headers(response.headers)),
            body=self.redactor.text(body),
        )

    def _verdict(
        self, failure: FuzzFailure, reproduced: bool, detail: str, again: FuzzFailure | None = None
    ) -> _Verdict:
        result = ReplayResult(
            operation=failure.operation,
            check=failure.check,
            cause=failure.cause,
            reproduced=reproduced,
            detail=self.redactor.text(detail),
        )
        return _Verdict(result, again)


def _last_step(failure: FuzzFailure) -> SequenceStep:
    return SequenceStep(
        operation=failure.operation,
        request=failure.request,
        response=failure.response,
        replay=failure.replay,
        parent=failure.parent,
        bindings=failure.bindings,
    )


def _exchange(case: Any, response: Any, parent: int | None) -> Exchange:
    """A replayed step as plain data, for link expressions."""
    from schemathesis.core import NOT_SET

    try:
        response_body: object = response.json()
    except (ValueError, RecursionError):
        response_body = None
    return Exchange(
        status=response.status_code,
        path=dict(case.path_parameters or {}),
        query=dict(case.query or {}),
        headers=dict(case.headers or {}),
        body=None if case.body is NOT_SET else case.body,
        response_headers={name: ", ".join(v) for name, v in response.headers.items()},
        response_body=response_body,
    )
