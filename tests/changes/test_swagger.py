"""Swagger 2.0 documents diff through the same 3.x model."""

from __future__ import annotations

from typing import Any

from diffing import Diff, only

from treaty.changes.model import Action, Aspect, Direction, Scope, Target


def _doc(kind: str, fields: list[str], **pet: Any) -> dict[str, Any]:
    form = [{"name": name, "in": "formData", "type": "string"} for name in fields]
    return {
        "swagger": "2.0",
        "paths": {
            "/pets": {
                "get": {
                    "parameters": [{"name": "limit", "in": "query", "type": kind}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "schema": {"$ref": "#/definitions/Pet"},
                            "headers": {"X-Rate": {"type": kind}},
                        }
                    },
                },
                "post": {"parameters": form, "responses": {"204": {"description": "ok"}}},
            }
        },
        "definitions": {"Pet": {"type": "object", "properties": pet}},
    }


def test_swagger_parameter_header_body_and_form_changes(diff: Diff) -> None:
    base = _doc("integer", ["name", "tag"], name={"type": "string"}, age={"type": "integer"})
    revision = _doc("string", ["name"], name={"type": "string"})
    changes = diff(base, revision)
    types = {c.scope: c for c in changes if c.aspect is Aspect.TYPE}
    assert types[Scope.PARAMETER].parent == "query:limit"
    assert types[Scope.PARAMETER].location.base_pointer == "#/paths/~1pets/get/parameters/0"
    assert types[Scope.RESPONSE_HEADER].parent == "200 X-Rate"
    removed = [c for c in changes if (c.target, c.action) == (Target.PROPERTY, Action.REMOVED)]
    by_scope = {c.scope: c for c in removed}
    assert by_scope[Scope.RESPONSE_BODY].location.base_pointer == "#/definitions/Pet/properties/age"
    assert by_scope[Scope.RESPONSE_BODY].parent == "200 application/json"
    form = by_scope[Scope.REQUEST_BODY]
    assert form.name == "tag" and form.direction is Direction.REQUEST
    assert form.parent == "application/x-www-form-urlencoded"


def test_swagger_consumes_change_is_a_media_type_change(diff: Diff) -> None:
    def doc(consumes: list[str]) -> dict[str, Any]:
        body = {"name": "b", "in": "body", "schema": {"type": "object"}}
        operation = {"consumes": consumes, "parameters": [body], "responses": {}}
        return {"swagger": "2.0", "paths": {"/a": {"post": operation}}}

    changes = diff(doc(["application/json"]), doc(["application/xml"]))
    removed = only(changes, Target.MEDIA_TYPE, Aspect.EXISTENCE, Action.REMOVED)
    assert removed.name == "application/json" and removed.scope is Scope.REQUEST_BODY
