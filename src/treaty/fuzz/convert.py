"""Turn one recorded schemathesis check failure into a treaty-owned, redacted FuzzFailure.

Imported only by ``engine.py``; the schemathesis types stay in here and there.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from treaty.fuzz.excerpt import elide
from treaty.fuzz.guard import ResponseTooDeep, ResponseTooLarge
from treaty.fuzz.results import (
    Binding,
    FuzzFailure,
    RecordedRequest,
    RecordedResponse,
    ReplayCase,
    SequenceStep,
)
from treaty.redact import Redactor

if TYPE_CHECKING:
    from treaty._json import JSONValue

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
    """Convert one failed check of ``recorder`` (recorded on case ``parent_id``).

    A failure that needs earlier requests (schemathesis lists them as reproduction steps:
    a stateful sequence, or the DELETE before a use-after-free) carries them as ``sequence``.
    """
    found: Failure = info.failure
    case_id = found.case_id or parent_id
    case = recorder.cases[case_id].value
    request, response = _exchange(recorder, case_id, redactor)
    earlier = [step.case_id for step in info.steps if step.case_id != case_id]
    earlier = [step_id for step_id in earlier if step_id in recorder.cases]
    order = {step_id: index for index, step_id in enumerate(earlier)}
    sequence = tuple(_step(recorder, step_id, order, redactor) for step_id in earlier)
    operation = found.operation or case.operation.label
    cause_key: str = getattr(found, "_unique_key", "")  # schemathesis's own dedup identity
    return FuzzFailure(
        operation=operation,
        check=check,
        title=redactor.text(found.title),
        message=redactor.text(message(found)),
        cause=f"{type(found).__name__}:{cause_key}",
        phase=phase,
        request=request,
        response=response,
        curl=redactor.text(info.code_sample),
        replay=_replay_case(case, redactor),
        sequence=sequence,
        parent=order.get(recorder.cases[case_id].parent_id or ""),
        bindings=_bindings(recorder, case_id),
    )


_SCHEMA_TITLE = re.compile(r"\n\n(Schema(?: at [^\n]*)?):\n\n")
EXCERPT_LINES = 20  # of the schema, and of the value, beside a schema failure


def message(found: Failure) -> str:
    """The failure's message, with a schema failure's schema and value elided by structure.

    schemathesis cuts both after 20 lines of text, in the middle of the JSON; treaty
    renders them again from the failure's own schema and instance (``treaty.fuzz.excerpt``),
    keeping schemathesis's explanation and ``Schema at /…`` title. Other failures keep their
    message as it is.
    """
    from schemathesis.openapi.checks import JsonSchemaError

    text = found.message
    if not isinstance(found, JsonSchemaError):
        return text
    title = _SCHEMA_TITLE.search(text)
    if title is None:  # pragma: no cover - a message shape this schemathesis never writes
        return text
    schema = textwrap.indent(elide(found.schema, EXCERPT_LINES), "    ")
    # the validator's instance is JSON, numbers perhaps as Decimal (elide prints those as text)
    instance = cast("JSONValue", found.instance)
    value = textwrap.indent(elide(instance, EXCERPT_LINES), "    ")
    return f"{text[: title.start()]}\n\n{title.group(1)}:\n\n{schema}\n\nValue:\n\n{value}"


def transport_failure(
    label: str, exc: Exception, curl: str | None, phase: str, redactor: Redactor
) -> FuzzFailure | None:
    """A request of operation ``label`` that timed out, lost its connection or was too large.

    These are failures of the operation under treaty's own check names (``request_timeout``,
    ``network_error`` (also a redirect loop, an invalid status line, a body shorter than its
    ``Content-Length``), ``response_too_large``, ``response_too_deep``); any other error is
    not, and gives None.
    """
    import requests

    response = None
    if isinstance(exc, ResponseTooLarge | ResponseTooDeep):
        check, title = (
            ("response_too_large", "Response body too large")
            if isinstance(exc, ResponseTooLarge)
            else ("response_too_deep", "Response JSON nested too deep")
        )
        response = RecordedResponse(
            status=exc.response.status_code,
            headers=redactor.headers(flatten_headers(_wire(exc.response.headers))),
            body=redactor.text(_excerpt(exc.head)),
        )
    elif isinstance(exc, requests.Timeout):
        check, title = "request_timeout", "Request timed out"
    elif isinstance(exc, requests.TooManyRedirects):
        check, title = "network_error", "Redirect loop"
    elif isinstance(exc, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
        check, title = "network_error", "Connection failed"
    else:
        return None
    method, _, path = label.partition(" ")
    request = RecordedRequest(method=method, url="")
    sent = sent_request(exc)
    if isinstance(sent, requests.PreparedRequest):
        request = RecordedRequest(
            method=str(sent.method),
            url=redactor.url(str(sent.url)),
            headers=redactor.headers((k, _text(v)) for k, v in sent.headers.items()),
            body=redactor.text(_excerpt(_bytes(sent.body))) if sent.body is not None else None,
        )
    message = redactor.text(" ".join(str(exc).split()))
    return FuzzFailure(
        operation=label,
        check=check,
        title=title,
        message=message,
        cause=f"{check}:{type(exc).__name__}",
        phase=phase,
        request=request,
        response=response,
        curl=redactor.text(curl or f"curl -X {method} {request.url or path}"),
    )


def sequence_transport_failure(
    recorder: ScenarioRecorder,
    case_id: str,
    exc: Exception,
    phase: str,
    redactor: Redactor,
    *,
    verify: bool = True,
) -> FuzzFailure | None:
    """:func:`transport_failure` of the step ``case_id`` of a recorded sequence, with the
    earlier steps it needs (the requests its links took values from) as ``sequence`` and one
    curl per step, in the order they were sent."""
    chain = list(recorder.iter_chain_cases(case_id=case_id))
    curls = [
        case.as_curl_command(
            headers=recorder.find_request_headers(case_id=case.id)
            if case.id in recorder.interactions
            else None,
            verify=verify,
        )
        for case in chain
    ]
    label = recorder.cases[case_id].value.operation.label
    found = transport_failure(label, exc, "\n".join(curls), phase, redactor)
    if found is None:
        return None
    earlier = [case.id for case in chain if case.id != case_id]
    order = {step_id: index for index, step_id in enumerate(earlier)}
    return replace(
        found,
        sequence=tuple(_step(recorder, step_id, order, redactor) for step_id in earlier),
        parent=order.get(recorder.cases[case_id].parent_id or ""),
        bindings=_bindings(recorder, case_id),
        replay=_replay_case(recorder.cases[case_id].value, redactor),
    )


def sent_request(exc: BaseException) -> object:
    """The request an error is about: its own, or the one of the error it was raised from
    (``requests`` re-raises a body cut short as a new error that carries none)."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            break
        request = getattr(seen, "request", None)
        if request is not None:
            return request
        seen = seen.__cause__ or seen.__context__
    return None


#: Lines of schemathesis's messages that are not about the user's API: where its docs are, and
#: the raw schema it dumps (the reason names the keywords already).
_NOT_A_REASON = re.compile(r"https?://\S*schemathesis|^schema:$|^[\[\]{}\"]", re.IGNORECASE)


def one_line(message: str) -> str:
    """A multi-line schemathesis message as one line about the API, e.g.
    ``Cannot generate test data for query parameter 'q'; Nothing satisfies `minimum: 10`…``.
    """
    lines = [line.strip() for line in message.splitlines()]
    kept = [line for line in lines if line and not _NOT_A_REASON.search(line)]
    return "; ".join(kept) or " ".join(message.split())


def _exchange(
    recorder: ScenarioRecorder, case_id: str, redactor: Redactor
) -> tuple[RecordedRequest, RecordedResponse | None]:
    """The recorded request and response of ``case_id``, redacted."""
    case = recorder.cases[case_id].value
    interaction = recorder.interactions.get(case_id)
    if interaction is None:
        return RecordedRequest(method=case.method.upper(), url=""), None
    sent = interaction.request
    request = RecordedRequest(
        method=sent.method,
        url=redactor.url(sent.uri),
        headers=redactor.headers(flatten_headers(sent.headers)),
        body=redactor.text(_excerpt(sent.body)) if sent.body is not None else None,
    )
    received = interaction.response
    if received is None:
        return request, None
    return request, RecordedResponse(
        status=received.status_code,
        headers=redactor.headers(flatten_headers(received.headers)),
        body=redactor.text(_excerpt(received.content)),
    )


def _step(
    recorder: ScenarioRecorder, case_id: str, order: dict[str, int], redactor: Redactor
) -> SequenceStep:
    node = recorder.cases[case_id]
    request, response = _exchange(recorder, case_id, redactor)
    return SequenceStep(
        operation=node.value.operation.label,
        request=request,
        response=response,
        replay=_replay_case(node.value, redactor),
        parent=order.get(node.parent_id or ""),
        bindings=_bindings(recorder, case_id),
    )


def _bindings(recorder: ScenarioRecorder, case_id: str) -> tuple[Binding, ...]:
    """The link parameters of ``case_id`` whose extracted value the request really carries."""
    from schemathesis.core import NOT_SET
    from schemathesis.core.result import Ok

    node = recorder.cases[case_id]
    transition = node.transition
    if transition is None or not node.is_transition_applied:
        return ()
    case = node.value
    found: list[Binding] = []
    for location, parameters in transition.parameters.items():
        sent = getattr(case, location, None) or {}
        for name, extracted in parameters.items():
            value = extracted.value
            if (
                isinstance(extracted.definition, str)
                and isinstance(value, Ok)
                and name in sent
                and sent[name] == value.ok()
            ):
                found.append(Binding(location, name, extracted.definition))
    body = transition.request_body
    if (
        body is not None
        and isinstance(body.definition, str)
        and isinstance(body.value, Ok)
        and case.body is not NOT_SET
        and case.body == body.value.ok()
    ):
        found.append(Binding("body", None, body.definition))
    return tuple(found)


def flatten_headers(headers: Mapping[str, list[str]]) -> list[tuple[str, str]]:
    """Wire headers (name -> values) as (name, "v1, v2") pairs, without per-run noise."""
    return [
        (name, ", ".join(values))
        for name, values in headers.items()
        if name.lower() not in VOLATILE_HEADERS
    ]


def _wire(headers: Mapping[str, str]) -> dict[str, list[str]]:
    return {name: [value] for name, value in headers.items()}


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _bytes(body: str | bytes | Any) -> bytes:
    return body.encode("utf-8", errors="replace") if isinstance(body, str) else bytes(body)


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
        operation=case.operation.label,
    )
