"""Request bodies, responses, media types and response headers."""

from __future__ import annotations

from typing import Any

from diffing import Diff, only, openapi

from treaty.changes.model import Action, Aspect, Direction, Flag, OperationKey, Scope, Target

JSON = {"application/json": {"schema": {"type": "object"}}}


def _body(body: dict[str, Any] | None = None, **responses: Any) -> dict[str, Any]:
    operation: dict[str, Any] = {"responses": responses or {"200": {"description": "ok"}}}
    if body is not None:
        operation["requestBody"] = body
    return openapi({"/pets": {"post": operation}})


def test_request_body_added_required(diff: Diff) -> None:
    change = only(
        diff(_body(), _body({"required": True, "content": JSON})),
        Target.REQUEST_BODY,
        Aspect.EXISTENCE,
        Action.ADDED,
    )
    assert change.direction is Direction.REQUEST and change.scope is Scope.REQUEST_BODY
    assert change.flags == {Flag.REQUIRED_AFTER}
    assert change.location.revision_pointer == "#/paths/~1pets/post/requestBody"


def test_request_body_removed_and_required_changed(diff: Diff) -> None:
    required = _body({"required": True, "content": JSON})
    removed = only(diff(required, _body()), Target.REQUEST_BODY, Aspect.EXISTENCE, Action.REMOVED)
    assert removed.flags == {Flag.REQUIRED_BEFORE}
    relaxed = only(
        diff(required, _body({"content": JSON})),
        Target.REQUEST_BODY,
        Aspect.REQUIRED,
        Action.CHANGED,
    )
    assert (relaxed.before, relaxed.after) == (True, False)


def test_media_types_match_ignoring_case_and_parameters(diff: Diff) -> None:
    base = _body({"content": {"application/json; charset=utf-8": {"schema": {}}}})
    revision = _body({"content": {"Application/JSON": {"schema": {}}}})
    assert diff(base, revision) == []


def test_request_media_type_added_and_removed(diff: Diff) -> None:
    base = _body({"content": JSON})
    revision = _body({"content": {"text/plain": {}}})
    changes = diff(base, revision)
    removed = only(changes, Target.MEDIA_TYPE, Aspect.EXISTENCE, Action.REMOVED)
    assert removed.name == "application/json" and removed.scope is Scope.REQUEST_BODY
    assert removed.direction is Direction.REQUEST and removed.parent is None
    added = only(changes, Target.MEDIA_TYPE, Aspect.EXISTENCE, Action.ADDED)
    assert added.name == "text/plain"


def test_response_status_added_and_removed_as_written(diff: Diff) -> None:
    base = _body(**{"200": {"description": "ok"}, "4XX": {"description": "bad"}})
    revision = _body(**{"201": {"description": "ok"}, "4xx": {"description": "bad"}})
    changes = diff(base, revision)
    removed = only(changes, Target.RESPONSE, Aspect.EXISTENCE, Action.REMOVED)
    assert removed.name == "200" and removed.direction is Direction.RESPONSE
    assert only(changes, Target.RESPONSE, Aspect.EXISTENCE, Action.ADDED).name == "201"


def test_response_media_type_and_schema_carry_the_status(diff: Diff) -> None:
    base = _body(**{"200": {"description": "ok", "content": JSON}})
    revision = _body(
        **{
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {"schema": {"type": "string"}},
                    "application/xml": {},
                },
            }
        }
    )
    changes = diff(base, revision)
    added = only(changes, Target.MEDIA_TYPE, Aspect.EXISTENCE, Action.ADDED)
    assert added.parent == "200" and added.scope is Scope.RESPONSE_BODY
    schema = next(c for c in changes if c.aspect is Aspect.TYPE)
    assert schema.parent == "200 application/json" and schema.scope is Scope.RESPONSE_BODY
    assert schema.direction is Direction.RESPONSE


def test_response_headers(diff: Diff) -> None:
    def doc(**headers: Any) -> dict[str, Any]:
        return _body(**{"200": {"description": "ok", "headers": headers}})

    rate = {"required": True, "schema": {"type": "integer"}}
    changes = diff(
        doc(**{"X-Rate": rate, "X-Old": {}}),
        doc(**{"x-rate": {"schema": {"type": "string"}}, "X-New": {}}),
    )
    removed = only(changes, Target.HEADER, Aspect.EXISTENCE, Action.REMOVED)
    assert removed.name == "X-Old" and removed.parent == "200"
    assert removed.scope is Scope.RESPONSE_HEADER and removed.direction is Direction.RESPONSE
    assert only(changes, Target.HEADER, Aspect.EXISTENCE, Action.ADDED).name == "X-New"
    required = only(changes, Target.HEADER, Aspect.REQUIRED, Action.CHANGED)
    assert required.flags == {Flag.REQUIRED_BEFORE}
    schema = next(c for c in changes if c.aspect is Aspect.TYPE)
    assert schema.parent == "200 x-rate" and schema.scope is Scope.RESPONSE_HEADER


def test_added_required_header_is_flagged(diff: Diff) -> None:
    def doc(**headers: Any) -> dict[str, Any]:
        return _body(**{"200": {"description": "ok", "headers": headers}})

    change = only(
        diff(doc(), doc(**{"X-A": {"required": True}})),
        Target.HEADER,
        Aspect.EXISTENCE,
        Action.ADDED,
    )
    assert change.flags == {Flag.REQUIRED_AFTER}
    assert change.operations == (OperationKey("post", "/pets"),)


def test_missing_schema_compares_as_the_empty_schema(diff: Diff) -> None:
    base = _body({"content": {"application/json": {}}})
    revision = _body({"content": {"application/json": {"schema": {"type": "object"}}}})
    changes = diff(base, revision)
    assert changes and all(c.scope is Scope.REQUEST_BODY for c in changes)
