"""Replay the failures of a JSON report: rebuild each failing request, send it, re-check it."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from treaty.fuzz.convert import flatten_headers
from treaty.fuzz.redact import REDACTED, Redactor
from treaty.fuzz.results import FuzzFailure, FuzzReport, OperationStat, RecordedResponse
from treaty.fuzz.run import build_schema

if TYPE_CHECKING:
    from treaty.fuzz.options import FuzzOptions
    from treaty.sources import Document


def replay(document: Document, options: FuzzOptions, previous: FuzzReport) -> FuzzReport:
    """Send every recorded failing request again; the report keeps those that still fail.

    Failures that need a sequence (stateful checks such as ``use_after_free``) are replayed
    as their last request only and are listed under ``errors`` when that does not reproduce.
    """
    redactor = Redactor.for_secrets(options.auth.secrets())
    labels = {failure.operation for failure in previous.failures}
    schema = build_schema(document, options, labels)
    started = time.monotonic()
    reproduced: list[FuzzFailure] = []
    errors: list[str] = []
    for failure in previous.failures:
        operation = schema.find_operation_by_label(failure.operation)
        if operation is None:
            errors.append(f"{failure.operation}: no longer in the document")
            continue
        again = _replay_one(operation, failure, options, redactor)
        if again is None:
            errors.append(f"{failure.operation} [{failure.check}]: not reproduced")
        else:
            reproduced.append(again)
    counts = {label: sum(1 for f in reproduced if f.operation == label) for label in labels}
    return FuzzReport(
        mode="replay",
        target=previous.target,
        seed=previous.seed,
        operations=tuple(OperationStat(label, 0, counts[label]) for label in sorted(labels)),
        failures=tuple(reproduced),
        requests=len(previous.failures),
        duration=round(time.monotonic() - started, 3),
        errors=tuple(errors),
        spec=options.spec,
    )


def _replay_one(
    operation: Any, failure: FuzzFailure, options: FuzzOptions, redactor: Redactor
) -> FuzzFailure | None:
    from schemathesis.checks import CHECKS
    from schemathesis.core.failures import Failure, FailureGroup

    data = failure.replay
    headers = {k: v for k, v in json.loads(data.headers).items() if v != REDACTED}
    kwargs: dict[str, Any] = {}
    if data.body is not None:
        kwargs["body"] = json.loads(data.body)
    case = operation.Case(
        path_parameters=json.loads(data.path_parameters),
        query=json.loads(data.query),
        headers={**headers, **options.auth.all_headers()},
        media_type=data.media_type,
        **kwargs,
    )
    call_kwargs: dict[str, Any] = {"timeout": options.timeout}
    if options.app is None:
        call_kwargs["verify"] = options.tls_verify
    response = case.call(**call_kwargs)
    try:
        case.validate_response(response, checks=CHECKS.get_by_names([failure.check]))
    except (Failure, FailureGroup):
        body = response.content[:2000].decode("utf-8", errors="replace")
        recorded = RecordedResponse(
            status=response.status_code,
            headers=redactor.headers(flatten_headers(response.headers)),
            body=redactor.text(body),
        )
        return replace(failure, response=recorded, phase="replay", occurrences=1)
    return None
