"""The volume step: build up state, then read it back in the largest pages the contract allows.

schemathesis's stateful phase follows links in short sequences that also delete what they
create, so a bug that needs dozens of live resources stays hidden. This step creates ``count``
resources through every selected collection POST (from the document's example, so they are
valid), then calls each selected collection GET with its page-size parameters at their maximum
and applies every check to the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from treaty.fuzz.convert import flatten_headers, transport_failure
from treaty.fuzz.results import FuzzFailure, RecordedRequest, RecordedResponse
from treaty.redact import Redactor
from treaty.spec.pointer import deref

if TYPE_CHECKING:
    from schemathesis.schemas import BaseSchema

    from treaty.fuzz.engine import Outcome
    from treaty.fuzz.options import FuzzOptions

PAGE_SIZE_NAMES = frozenset({"limit", "per_page", "page_size", "pagesize", "size", "count", "max"})
BIG_PAGE = 1000


def build_up(
    schema: BaseSchema, options: FuzzOptions, outcome: Outcome, redactor: Redactor
) -> None:
    """Create resources, then page through collections; failures go into ``outcome``."""
    from schemathesis.core.failures import Failure, FailureGroup

    operations = [op.ok() for op in schema.get_all_operations() if hasattr(op, "ok")]
    kwargs: dict[str, Any] = {"timeout": options.timeout}
    if options.app is None:
        kwargs["verify"] = options.tls_verify
    headers = options.auth.all_headers()
    root = schema.raw_schema
    for operation in operations:
        body = _example_body(root, operation.definition.raw)
        if operation.method.upper() != "POST" or "{" in operation.path or body is None:
            continue
        for _ in range(options.volume):
            if _send(operation.Case(body=body, headers=dict(headers)), kwargs, outcome, redactor):
                continue
            break  # the collection does not answer: creating more would only repeat that
    for operation in operations:
        if operation.method.upper() != "GET" or "{" in operation.path:
            continue
        case = operation.Case(
            query=_big_page(root, operation.definition.raw), headers=dict(headers)
        )
        response = _send(case, kwargs, outcome, redactor)
        if response is None:
            continue
        try:
            case.validate_response(response)
        except (Failure, FailureGroup) as exc:
            found = list(exc.exceptions) if isinstance(exc, FailureGroup) else [exc]
            for failure in found:
                outcome.add(_convert(operation.label, failure, case, response, redactor))


def _send(case: Any, kwargs: dict[str, Any], outcome: Outcome, redactor: Redactor) -> Any:
    """Call ``case``; a timeout, lost connection or oversized body becomes a failure (None)."""
    label = case.operation.label
    outcome.requests[label] += 1
    try:
        return case.call(**kwargs)
    except Exception as exc:
        found = transport_failure(label, exc, case.as_curl_command(), "volume", redactor)
        if found is None:
            raise
        if not getattr(exc, "not_sent", False):  # the operation already timed out in the run
            outcome.add(found)
        return None


def _node(root: Any, value: Any) -> dict[str, Any]:
    """``value`` with local ``$ref`` chains followed; ``{}`` when it is not an object."""
    node, _ = deref(root, value, "")
    return node if isinstance(node, dict) else {}


def _example_body(root: Any, operation: dict[str, Any]) -> Any:
    for media in _node(root, operation.get("requestBody")).get("content", {}).values():
        media = _node(root, media)
        if "example" in media:
            return media["example"]
        for example in _node(root, media.get("examples")).values():
            if "value" in _node(root, example):
                return _node(root, example)["value"]
    return None


def _big_page(root: Any, operation: dict[str, Any]) -> dict[str, int]:
    query: dict[str, int] = {}
    for item in operation.get("parameters") or []:
        parameter = _node(root, item)
        schema = _node(root, parameter.get("schema"))
        name = str(parameter.get("name", ""))
        is_page_size = parameter.get("in") == "query" and name.lower() in PAGE_SIZE_NAMES
        if is_page_size and schema.get("type") == "integer":
            query[name] = int(schema.get("maximum", BIG_PAGE))
    return query


def _convert(label: str, failure: Any, case: Any, response: Any, redactor: Redactor) -> FuzzFailure:
    check = type(failure).checks[0] if type(failure).checks else "not_a_server_error"
    body = response.content[:2000].decode("utf-8", errors="replace")
    return FuzzFailure(
        operation=label,
        check=check,
        title=redactor.text(failure.title),
        message=redactor.text(failure.message),
        cause=f"{type(failure).__name__}:{getattr(failure, '_unique_key', '')}",
        phase="volume",
        request=RecordedRequest(method="GET", url=redactor.url(response.request.url or "")),
        response=RecordedResponse(
            status=response.status_code,
            headers=redactor.headers(flatten_headers(response.headers)),
            body=redactor.text(body),
        ),
        curl=redactor.text(case.as_curl_command()),
    )
