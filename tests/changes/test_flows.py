"""Webhooks and callbacks: compared like operations, with the direction of every fact swapped."""

from __future__ import annotations

from typing import Any

from diffing import Diff, ok, only

from treaty.changes.model import Action, Aspect, Direction, OperationKey, Scope, Target

HOOK = OperationKey("post", "newPet", "webhook")


def _document(
    webhooks: dict[str, Any] | None = None, callbacks: dict[str, Any] | None = None
) -> dict[str, Any]:
    subscribe = ok(callbacks=callbacks) if callbacks is not None else ok()
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/subscriptions": {"post": subscribe}},
    }
    if webhooks is not None:
        document["webhooks"] = webhooks
    return document


def _payload(schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return ok(requestBody={"content": {"application/json": {"schema": schema}}}, **extra)


def test_a_webhook_payload_is_judged_as_what_subscribers_receive(diff: Diff) -> None:
    base = _document({"newPet": {"post": _payload({"type": "string", "enum": ["a"]})}})
    revision = _document({"newPet": {"post": _payload({"type": "string", "enum": ["a", "b"]})}})
    change = only(diff(base, revision), Target.SCHEMA, Aspect.ENUM, Action.CHANGED)
    assert change.direction is Direction.RESPONSE
    assert change.scope is Scope.REQUEST_BODY
    assert change.operations == (HOOK,)


def test_the_subscribers_reply_is_judged_as_what_the_api_receives(diff: Diff) -> None:
    reply = {"content": {"application/json": {"schema": {"type": "integer"}}}}
    narrowed = {"content": {"application/json": {"schema": {"type": "integer", "maximum": 9}}}}
    base = _document({"newPet": {"post": {"responses": {"200": {"description": "ok", **reply}}}}})
    revision = _document(
        {"newPet": {"post": {"responses": {"200": {"description": "ok", **narrowed}}}}}
    )
    change = only(diff(base, revision), Target.SCHEMA, Aspect.MAXIMUM, Action.CHANGED)
    assert change.direction is Direction.REQUEST


def test_operation_level_facts_of_a_webhook_keep_no_direction(diff: Diff) -> None:
    base = _document({"newPet": {"post": ok()}})
    revision = _document({"newPet": {"post": ok(deprecated=True)}})
    change = only(diff(base, revision), Target.OPERATION, Aspect.DEPRECATED, Action.CHANGED)
    assert change.direction is Direction.NONE
    assert change.operations == (HOOK,)


def test_callbacks_pair_by_name_and_expression_across_a_path_parameter_rename(
    diff: Diff,
) -> None:
    callbacks = {"onEvent": {"{$request.body#/url}": {"post": _payload({"type": "string"})}}}
    parameter = {"in": "path", "required": True, "schema": {"type": "string"}}

    def document(name: str) -> dict[str, Any]:
        operation = ok(callbacks=callbacks, parameters=[{"name": name, **parameter}])
        return {**_document(), "paths": {f"/subscriptions/{{{name}}}": {"post": operation}}}

    assert diff(document("id"), document("subscriptionId")) == []


def test_callbacks_of_an_added_or_removed_operation_are_not_reported_apart(diff: Diff) -> None:
    callbacks = {"onEvent": {"{$request.body#/url}": {"post": ok()}}}
    base = _document(callbacks=callbacks)
    revision = _document()
    del revision["paths"]["/subscriptions"]
    changes = diff(base, revision)
    assert {c.target for c in changes} == {Target.OPERATION}
