"""The versioned JSON report and its reader.

The layout is documented by fixtures/schemas/treaty-fuzz-report.schema.json.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from treaty.errors import ErrorKind, TreatyError
from treaty.fuzz.results import (
    SCHEMA_VERSION,
    Binding,
    FuzzFailure,
    FuzzReport,
    OperationStat,
    RecordedRequest,
    RecordedResponse,
    ReplayCase,
    ReplayResult,
    SequenceStep,
    Untested,
    Variant,
)
from treaty.redact import printable_json


def render(report: FuzzReport) -> str:
    """Serialise ``report``; headers become objects, everything else maps one to one.

    Strings stay exact for a parser; characters that could control a terminal are written
    as ``\\uXXXX`` escapes (:func:`~treaty.redact.printable_json`).
    """
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": "treaty",
        "mode": report.mode,
        "spec": report.spec,
        "target": report.target,
        "seed": report.seed,
        "summary": {
            "operations": len(report.operations),
            "requests": report.requests,
            "extra_requests": report.extra_requests,
            "failures": len(report.failures),
            "failures_per_check": report.failures_per_check,
            "unjudged": len(report.unjudged),
            "untested": len({item.operation for item in report.untested}),
            "denied": len(report.denied),
            "duration": report.duration,
            "interrupted": report.interrupted,
            "stop_reason": report.stop_reason,
        },
        "operations": [asdict(stat) for stat in report.operations],
        "failures": [_failure(failure) for failure in report.failures],
        "unjudged": [_failure(request) for request in report.unjudged],
        "untested": [asdict(item) for item in report.untested],
        "denied": list(report.denied),
        "accept_denied": report.accept_denied,
        "errors": list(report.errors),
        "notes": list(report.notes),
        "replays": [asdict(result) for result in report.replays],
    }
    return printable_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _failure(failure: FuzzFailure) -> dict[str, Any]:
    data = _exchange(asdict(failure), failure.request, failure.response)
    data["sequence"] = [
        _exchange(asdict(step), step.request, step.response) for step in failure.sequence
    ]
    return data


def _exchange(
    data: dict[str, Any], request: RecordedRequest, response: RecordedResponse | None
) -> dict[str, Any]:
    """Headers as JSON objects (they are pairs in the dataclasses)."""
    data["request"]["headers"] = dict(request.headers)
    if response is not None:
        data["response"]["headers"] = dict(response.headers)
    return data


def parse(text: str, *, where: str = "report") -> FuzzReport:
    """Read a JSON report back (for ``--replay``)."""
    try:
        data = json.loads(text)
        if data.get("schema_version") not in READABLE_VERSIONS:
            raise TreatyError(
                f"unsupported report schema_version {data.get('schema_version')!r}",
                where=where,
                kind=ErrorKind.PARSE,
            )
        summary = data["summary"]
        return FuzzReport(
            mode=data["mode"],
            target=data["target"],
            seed=data["seed"],
            operations=tuple(OperationStat(**stat) for stat in data["operations"]),
            failures=tuple(_read_failure(item) for item in data["failures"]),
            requests=summary["requests"],
            duration=summary["duration"],
            errors=tuple(data["errors"]),
            notes=tuple(data.get("notes", ())),
            interrupted=summary["interrupted"],
            stop_reason=summary["stop_reason"],
            spec=data["spec"],
            replays=tuple(ReplayResult(**item) for item in data.get("replays", ())),
            unjudged=tuple(_read_failure(item) for item in data.get("unjudged", ())),
            untested=tuple(Untested(**item) for item in data.get("untested", ())),
            denied=tuple(data.get("denied", ())),
            accept_denied=bool(data.get("accept_denied", False)),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TreatyError(
            f"not a treaty fuzz report: {exc}", where=where, kind=ErrorKind.PARSE
        ) from exc


def _read_failure(item: dict[str, Any]) -> FuzzFailure:
    request, response = _read_exchange(item)
    fields = {key: value for key, value in item.items() if key not in _NESTED}
    return FuzzFailure(
        **fields,
        request=request,
        response=response,
        replay=ReplayCase(**item["replay"]),
        sequence=tuple(_read_step(step) for step in item.get("sequence", ())),
        bindings=tuple(Binding(**binding) for binding in item.get("bindings", ())),
        variants=tuple(Variant(**variant) for variant in item.get("variants", ())),
    )


def _read_step(item: dict[str, Any]) -> SequenceStep:
    request, response = _read_exchange(item)
    return SequenceStep(
        operation=item["operation"],
        request=request,
        response=response,
        replay=ReplayCase(**item["replay"]),
        parent=item.get("parent"),
        bindings=tuple(Binding(**binding) for binding in item.get("bindings", ())),
    )


def _read_exchange(item: dict[str, Any]) -> tuple[RecordedRequest, RecordedResponse | None]:
    request = dict(item["request"])
    request["headers"] = tuple(request["headers"].items())
    response = item.get("response")
    if response is not None:
        response = RecordedResponse(**{**response, "headers": tuple(response["headers"].items())})
    return RecordedRequest(**request), response


#: Version 1 reports (no sequences) still replay, one request per failure; version 2 ones
#: (ungrouped failures) replay as they are.
READABLE_VERSIONS = (1, 2, SCHEMA_VERSION)
_NESTED = frozenset({"request", "response", "replay", "sequence", "bindings", "variants"})
