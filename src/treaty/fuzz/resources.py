"""A use-after-free is reported only for a resource the run created and the server keeps.

schemathesis's ``use_after_free`` fails when a read of a path answers 2xx after a successful
DELETE of it. That is a break only if there was a resource to free: an echo or stateless
endpoint that answers every id (``GET /echo/{id}`` → ``{"id": …}``) "still has" whatever was
deleted, because it never had anything; a fixed entry the run only listed and deleted was
never the run's to free. Both conditions are required, and checked as the run's
``filter_failure`` hook (a dropped failure is not shrunk or re-sent either):

- **the run created it**: an earlier request of the run (in any scenario) created it, a
  ``POST`` to the collection answered 2xx with the deleted id among the top-level values of
  its JSON body or as the last segment of its ``Location``, or a ``PUT``/``PATCH`` to that
  very path answered 2xx (:class:`Created`, fed by the schema's ``after_call`` hook);
- **the read returns that resource**: the same read for an id the run never created answers
  non-2xx. :func:`answers_anything` re-sends the read once with every path parameter replaced
  by a valid value nothing issued (:func:`absent`; counted in the run's requests and budget
  like any other); an endpoint that answers that one 2xx too answers everything.

schemathesis reports all three cases of ``fixtures/apps/resources_app.py`` (a real one, an
echo endpoint, fixed entries the run only listed); treaty reports the real one.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemathesis.core.failures import Failure
    from schemathesis.core.transport import Response
    from schemathesis.generation.case import Case
    from schemathesis.schemas import BaseSchema

#: A value no server issued: for string ids, and as a UUID where the id is one.
ABSENT_TEXT = "treaty-never-created"
ABSENT_UUID = "00000000-0000-4000-8000-00000000dead"
ABSENT_INTEGER = 2_147_480_011
#: Request headers not copied to the probe (per request, or describing a body).
_NOT_COPIED = frozenset({"content-length", "content-type", "host", "x-schemathesis-testcaseid"})


class Created:
    """The resources the run created, as (collection path, id) pairs; thread-safe."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def record(self, method: str, path: str, status: int, body: object, location: str) -> None:
        """Note what a 2xx creating answer created (``path`` without the base URL)."""
        if not 200 <= status < 300:
            return
        method = method.upper()
        found: set[tuple[str, str]] = set()
        if method == "POST":
            collection = path.rstrip("/")
            if isinstance(body, dict):
                found |= {(collection, str(v)) for v in body.values() if _scalar(v)}
            if location:
                found.add((collection, location.rstrip("/").rpartition("/")[2]))
        elif method in {"PUT", "PATCH"}:
            found.add(_split(path))
        with self._lock:
            self._seen |= found

    def ids(self, path: str) -> set[str]:
        """The ids the run created in the collection that ``path`` (``/notes/8``) belongs to."""
        collection = _split(path)[0]
        with self._lock:
            return {key for where, key in self._seen if where == collection}

    def holds(self, path: str) -> bool:
        """Whether the run created the resource at ``path`` (e.g. ``/notes/8``)."""
        with self._lock:
            return _split(path) in self._seen


def _scalar(value: object) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _split(path: str) -> tuple[str, str]:
    """``/notes/8`` -> ``("/notes", "8")``."""
    collection, _, last = path.rstrip("/").rpartition("/")
    return collection, last


def absent(value: object, schema: object, taken: set[str]) -> object:
    """A value for the parameter that ``value`` filled, which no one is likely to have issued.

    Valid for the parameter's ``schema`` where it says how (an integer id takes the largest
    allowed value, a ``uuid`` one a fixed UUID), so a server that validates ids answers the
    probe with 404 rather than 422, and never one of the ids the run created (``taken``).
    """
    bounds = schema if isinstance(schema, dict) else {}
    if isinstance(value, int) and not isinstance(value, bool):
        top = bounds.get("maximum")
        top = int(top) if isinstance(top, int | float) and top < ABSENT_INTEGER else ABSENT_INTEGER
        if bounds.get("exclusiveMaximum") is True:
            top -= 1
        candidate = top
        while str(candidate) in taken or candidate == value:
            candidate -= 1
        return candidate
    if bounds.get("format") == "uuid" or _is_uuid(value):
        return ABSENT_UUID
    return ABSENT_TEXT


def _is_uuid(value: object) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def answers_anything(
    case: Case[Any], response: Response, timeout: float, verify: bool, taken: set[str]
) -> bool:
    """Whether the read ``case`` also answers 2xx for ids nobody created (one request)."""
    if not case.path_parameters:
        return False
    schemas = {p.name: p.optimized_schema for p in case.operation.path_parameters}
    probe = case.operation.Case(
        path_parameters={
            name: absent(value, schemas.get(name), taken)
            for name, value in case.path_parameters.items()
        },
        query=dict(case.query or {}),
        headers=dict(case.headers or {}),
        cookies=dict(case.cookies or {}),
        media_type=case.media_type,
    )
    sent = response.request.headers
    headers = {k: v for k, v in sent.items() if k.lower() not in _NOT_COPIED}
    kwargs: dict[str, Any] = {"timeout": timeout}
    if case.operation.app is None:
        kwargs["verify"] = verify
    try:
        answer = probe.call(headers=headers, **kwargs)
    except Exception:  # no answer proves nothing either way: keep the failure
        return False
    return bool(200 <= answer.status_code < 300)


def install(
    schema: BaseSchema, *, timeout: float, verify: bool, judge_created: bool = True
) -> Created:
    """Record what the run creates; drop use-after-free failures on anything else.

    ``judge_created=False`` (replay: the resource was created by the run being replayed,
    perhaps in a scenario the replay does not resend) keeps only the probe.
    """
    from urllib.parse import unquote, urlsplit

    created = Created()

    def after_call(context: object, case: Case[Any], response: Response) -> None:
        if case.method.upper() not in {"POST", "PUT", "PATCH"}:
            return
        try:
            body = response.json()
        except Exception:  # not JSON: only the Location can name the resource
            body = None
        location = urlsplit(response.headers.get("location", [""])[0]).path
        created.record(case.method, case.formatted_path, response.status_code, body, location)

    def filter_failure(
        context: object, failure: Failure, case: Case[Any], response: Response
    ) -> bool:
        from schemathesis.openapi.checks import UseAfterFree

        if not isinstance(failure, UseAfterFree):
            return True
        freed = unquote(failure.free.partition(" ")[2])  # "DELETE /notes/8"
        if judge_created and not created.holds(freed):
            return False
        return not answers_anything(case, response, timeout, verify, created.ids(freed))

    schema.hook("after_call")(after_call)
    schema.hook("filter_failure")(filter_failure)
    return created
