"""Turn one recorded schemathesis check failure into a treaty-owned, redacted FuzzFailure.

Imported only by ``engine.py``; the schemathesis types stay in here and there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from treaty.fuzz.redact import Redactor
from treaty.fuzz.results import FuzzFailure, RecordedRequest, RecordedResponse, ReplayCase

if TYPE_CHECKING:
    from schemathesis.core.failures import Failure
    from schemathesis.engine.recorder import CheckFailureInfo, ScenarioRecorder
    from schemathesis.generation.case import Case

BODY_EXCERPT = 2000
#: Headers that differ on every run and say nothing about the contract; left out of reports.
VOLATILE_HEADERS = frozenset({"x-schemathesis-testcaseid", "date"})


def failure(
    recorder: ScenarioRecorder,
    parent_id: str,
    check: str,
    info: CheckFailureInfo,
    phase: str,
    redactor: Redactor,
) -> FuzzFailure:
    """Convert one failed check of ``recorder`` (recorded on case ``parent_id``)."""
    found: Failure = info.failure
    case_id = found.case_id or parent_id
    case = recorder.cases[case_id].value
    interaction = recorder.interactions.get(case_id)
    request = RecordedRequest(method=case.method.upper(), url="")
    response = None
    if interaction is not None:
        sent = interaction.request
        request = RecordedRequest(
            method=sent.method,
            url=redactor.url(sent.uri),
            headers=redactor.headers(flatten_headers(sent.headers)),
            body=redactor.text(_excerpt(sent.body)) if sent.body is not None else None,
        )
        if interaction.response is not None:
            received = interaction.response
            response = RecordedResponse(
                status=received.status_code,
                headers=redactor.headers(flatten_headers(received.headers)),
                body=redactor.text(_excerpt(received.content)),
            )
    operation = found.operation or case.operation.label
    cause_key: str = getattr(found, "_unique_key", "")  # schemathesis's own dedup identity
    return FuzzFailure(
        operation=operation,
        check=check,
        title=redactor.text(found.title),
        message=redactor.text(found.message),
        cause=f"{type(found).__name__}:{cause_key}",
        phase=phase,
        request=request,
        response=response,
        curl=redactor.text(info.code_sample),
        replay=_replay_case(case, redactor),
    )


def flatten_headers(headers: Mapping[str, list[str]]) -> list[tuple[str, str]]:
    """Wire headers (name -> values) as (name, "v1, v2") pairs, without per-run noise."""
    return [
        (name, ", ".join(values))
        for name, values in headers.items()
        if name.lower() not in VOLATILE_HEADERS
    ]


def _excerpt(payload: bytes) -> str:
    text = payload[: BODY_EXCERPT * 4].decode("utf-8", errors="replace")
    return text if len(text) <= BODY_EXCERPT else f"{text[:BODY_EXCERPT]}…"


def _replay_case(case: Case[Any], redactor: Redactor) -> ReplayCase:
    from schemathesis.core import NOT_SET

    def dump(value: object) -> str:
        return redactor.text(json.dumps(value, sort_keys=True, default=str))

    headers = {name: value for name, value in redactor.headers(dict(case.headers or {}).items())}
    body = None if case.body is NOT_SET else dump(case.body)
    return ReplayCase(
        path_parameters=dump(case.path_parameters or {}),
        query=dump(case.query or {}),
        headers=dump(headers),
        body=body,
        media_type=case.media_type,
    )
