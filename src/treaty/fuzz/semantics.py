"""HTTP semantics the contract does not need to spell out: answers that are never failures.

schemathesis judges every response against the operation's documented responses. Some answers
are right by RFC 9110 whatever the document says, and flagging them is a false alarm:

- ``1xx``, ``204 No Content``, ``304 Not Modified`` and every answer to ``HEAD`` carry no body
  (§6.4.1, §9.3.2, §15.3.5, §15.4.5), so no Content-Type or body check applies to them;
- a request with a conditional header (``If-Match``, ``If-None-Match``, ``If-Modified-Since``,
  ``If-Unmodified-Since``, ``If-Range``; §13.1) may be answered ``304`` or ``412`` (§13.2.2)
  instead of what the operation documents, and that is not "valid data rejected" either;
- an answer with no content (zero bytes) has nothing for a Content-Type to label (§8.3: it
  describes the content), so no Content-Type check applies to it: schemathesis flags an empty
  401 without one (httpbin's auth endpoints send exactly that) as "Missing Content-Type";
- a status outside 100-599 (§15: there are no others; httpbin's ``/status/667`` answers
  one) is neither a server error nor a refusal of valid data, as schemathesis calls any code
  of 500 or more: it is an undocumented status, reported once by ``status_code_conformance``.

:func:`install` registers :func:`keeps` as the schema's ``filter_failure`` hook: a dropped
failure never fails the run, is never shrunk (so the request is not re-sent) and never reaches
the report. Response headers are still checked on bodiless answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemathesis.core.failures import Failure
    from schemathesis.core.transport import Response
    from schemathesis.generation.case import Case
    from schemathesis.schemas import BaseSchema

CONDITIONAL_HEADERS = frozenset(
    {"if-match", "if-none-match", "if-modified-since", "if-unmodified-since", "if-range"}
)
#: What a server may answer to a conditional request instead of the documented response.
CONDITIONAL_STATUSES = frozenset({304, 412})
#: The title schemathesis gives a response *header* that breaks its schema (not a body check).
_HEADER_SCHEMA_TITLE = "Response header does not conform to the schema"


def bodiless(method: str, status: int) -> bool:
    """Whether an answer carries no body by definition (RFC 9110 §6.4.1)."""
    return method.upper() == "HEAD" or status in {204, 304} or 100 <= status < 200


def conditional(headers: Any) -> bool:
    """Whether request ``headers`` (a mapping of names) hold a conditional header."""
    return any(str(name).lower() in CONDITIONAL_HEADERS for name in headers or ())


def keeps(failure: Failure, case: Case[Any], response: Response) -> bool:
    """Whether ``failure`` stands once HTTP semantics are taken into account."""
    from schemathesis.core.failures import MalformedJson, ServerError
    from schemathesis.openapi.checks import (
        ContentDeserializationError,
        DiscriminatorMismatch,
        JsonSchemaError,
        MalformedMediaType,
        MissingContentType,
        RejectedPositiveData,
        UndefinedContentType,
        UndefinedStatusCode,
    )

    body = (
        MissingContentType,
        UndefinedContentType,
        MalformedMediaType,
        MalformedJson,
        ContentDeserializationError,
        DiscriminatorMismatch,
    )
    status = response.status_code
    if not 100 <= status <= 599 and isinstance(failure, ServerError | RejectedPositiveData):
        return False  # not HTTP's: status_code_conformance reports it, once, as undocumented
    if not response.content and isinstance(
        failure, MissingContentType | UndefinedContentType | MalformedMediaType
    ):
        return False  # no content: nothing to label (the body checks still apply)
    if bodiless(case.method, status) and (
        isinstance(failure, body)
        or (isinstance(failure, JsonSchemaError) and failure.title != _HEADER_SCHEMA_TITLE)
    ):
        return False
    return not (
        status in CONDITIONAL_STATUSES
        and isinstance(failure, UndefinedStatusCode | RejectedPositiveData)
        and conditional(response.request.headers)
    )


def install(schema: BaseSchema) -> None:
    """Drop the failures :func:`keeps` rejects, for this schema only."""

    def filter_failure(
        context: object, failure: Failure, case: Case[Any], response: Response
    ) -> bool:
        return keeps(failure, case, response)

    schema.hook("filter_failure")(filter_failure)
