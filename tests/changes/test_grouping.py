"""One root cause, one finding: a shared component change is reported once."""

from __future__ import annotations

from typing import Any

from diffing import Diff, openapi

from treaty.changes.model import Action, Aspect, Direction, OperationKey, Scope, Target


def _doc(pet: dict[str, Any], count: int) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Pet"}
    body = {"content": {"application/json": {"schema": ref}}}
    # every operation reaches Pet, some through an anyOf chain
    wrapped = {"anyOf": [{"$ref": "#/components/schemas/Wrapper"}, {"type": "string"}]}
    paths = {
        f"/pets{i}": {
            "post": {
                "requestBody": body,
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": wrapped if i % 2 else ref}},
                    }
                },
            }
        }
        for i in range(count)
    }
    schemas = {"Pet": pet, "Wrapper": {"type": "object", "properties": {"pet": ref}}}
    return openapi(paths, components={"schemas": schemas})


def test_shared_property_removal_is_reported_once_per_direction(diff: Diff) -> None:
    full = {"type": "object", "properties": {"name": {"type": "string"}, "tag": {"type": "string"}}}
    trimmed = {"type": "object", "properties": {"name": {"type": "string"}}}
    changes = diff(_doc(full, 30), _doc(trimmed, 30))
    removals = [c for c in changes if (c.target, c.action) == (Target.PROPERTY, Action.REMOVED)]
    assert sorted(c.direction for c in removals) == [Direction.REQUEST, Direction.RESPONSE]
    for change in removals:
        assert change.location.base_pointer == "#/components/schemas/Pet/properties/tag"
        assert len(change.operations) == 30
        assert change.operations == tuple(sorted(change.operations))
        assert change.operation == OperationKey("post", "/pets0")
    request = next(c for c in removals if c.direction is Direction.REQUEST)
    assert request.scope is Scope.REQUEST_BODY and request.parent == "application/json"
    response = next(c for c in removals if c.direction is Direction.RESPONSE)
    assert response.scope is Scope.RESPONSE_BODY and response.parent == "200 application/json"
    assert all(c.aspect is Aspect.EXISTENCE for c in removals)
