"""The versioned JSON report (schema: fixtures/fuzz/fuzz-report.schema.json), and its reader."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from treaty.errors import ErrorKind, TreatyError
from treaty.fuzz.results import (
    SCHEMA_VERSION,
    FuzzFailure,
    FuzzReport,
    OperationStat,
    RecordedRequest,
    RecordedResponse,
    ReplayCase,
)


def render(report: FuzzReport) -> str:
    """Serialise ``report``; headers become objects, everything else maps one to one."""
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
            "failures": len(report.failures),
            "failures_per_check": report.failures_per_check,
            "duration": report.duration,
            "interrupted": report.interrupted,
            "stop_reason": report.stop_reason,
        },
        "operations": [asdict(stat) for stat in report.operations],
        "failures": [_failure(failure) for failure in report.failures],
        "errors": list(report.errors),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _failure(failure: FuzzFailure) -> dict[str, Any]:
    data = asdict(failure)
    data["request"]["headers"] = dict(failure.request.headers)
    if failure.response is not None:
        data["response"]["headers"] = dict(failure.response.headers)
    return data


def parse(text: str, *, where: str = "report") -> FuzzReport:
    """Read a JSON report back (for ``--replay``)."""
    try:
        data = json.loads(text)
        if data.get("schema_version") != SCHEMA_VERSION:
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
            interrupted=summary["interrupted"],
            stop_reason=summary["stop_reason"],
            spec=data["spec"],
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TreatyError(
            f"not a treaty fuzz report: {exc}", where=where, kind=ErrorKind.PARSE
        ) from exc


def _read_failure(item: dict[str, Any]) -> FuzzFailure:
    request = dict(item["request"])
    request["headers"] = tuple(request["headers"].items())
    response = item.get("response")
    if response is not None:
        response = RecordedResponse(**{**response, "headers": tuple(response["headers"].items())})
    fields = {
        key: value for key, value in item.items() if key not in {"request", "response", "replay"}
    }
    return FuzzFailure(
        **fields,
        request=RecordedRequest(**request),
        response=response,
        replay=ReplayCase(**item["replay"]),
    )
