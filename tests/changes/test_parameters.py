"""Parameter facts: existence, required, serialisation, moves between locations."""

from __future__ import annotations

from typing import Any

from diffing import Diff, ok, only, openapi

from treaty.changes.model import Action, Aspect, Direction, Flag, OperationKey, Scope, Target


def _op(*parameters: dict[str, Any]) -> dict[str, Any]:
    return openapi({"/pets": {"get": ok(parameters=list(parameters))}})


LIMIT = {"name": "limit", "in": "query", "schema": {"type": "integer"}}


def test_removed_required_parameter(diff: Diff) -> None:
    base = _op({**LIMIT, "required": True, "deprecated": True})
    change = only(diff(base, _op()), Target.PARAMETER, Aspect.EXISTENCE, Action.REMOVED)
    assert change.direction is Direction.REQUEST and change.scope is Scope.PARAMETER
    assert change.name == "limit" and change.parent == "query:limit"
    assert change.before == "query"
    assert change.flags == {Flag.REQUIRED_BEFORE, Flag.DEPRECATED_BEFORE}
    assert change.operations == (OperationKey("get", "/pets"),)
    assert change.location.base_pointer == "#/paths/~1pets/get/parameters/0"


def test_added_parameter_flags_default_and_object_values(diff: Diff) -> None:
    added = {
        "name": "f",
        "in": "query",
        "required": True,
        "schema": {"type": "object", "default": {}},
    }
    change = only(diff(_op(), _op(added)), Target.PARAMETER, Aspect.EXISTENCE, Action.ADDED)
    assert change.after == "query"
    assert change.flags == {Flag.REQUIRED_AFTER, Flag.HAS_DEFAULT, Flag.OBJECT_VALUED}
    assert change.location.revision_pointer == "#/paths/~1pets/get/parameters/0"


def test_parameter_moved_to_another_location_is_removed_and_added(diff: Diff) -> None:
    changes = diff(_op(LIMIT), _op({**LIMIT, "in": "header"}))
    assert only(changes, Target.PARAMETER, Aspect.EXISTENCE, Action.REMOVED).before == "query"
    assert only(changes, Target.PARAMETER, Aspect.EXISTENCE, Action.ADDED).after == "header"


def test_header_names_match_case_insensitively(diff: Diff) -> None:
    header = {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
    assert diff(_op(header), _op({**header, "name": "x-trace"})) == []


def test_required_and_serialisation_changes(diff: Diff) -> None:
    base = _op({**LIMIT, "schema": {"type": "array"}})
    revision = _op(
        {
            **LIMIT,
            "schema": {"type": "array"},
            "required": True,
            "style": "pipeDelimited",
            "explode": False,
            "allowEmptyValue": True,
            "allowReserved": True,
            "deprecated": True,
        }
    )
    changes = diff(base, revision)
    expected = {
        Aspect.REQUIRED: (False, True),
        Aspect.STYLE: ("form", "pipeDelimited"),
        Aspect.EXPLODE: (True, False),
        Aspect.ALLOW_EMPTY_VALUE: (False, True),
        Aspect.ALLOW_RESERVED: (False, True),
        Aspect.DEPRECATED: (False, True),
    }
    for aspect, values in expected.items():
        change = only(changes, Target.PARAMETER, aspect, Action.CHANGED)
        assert (change.before, change.after) == values
        assert Flag.OBJECT_VALUED in change.flags


def test_explicit_defaults_are_no_change(diff: Diff) -> None:
    explicit = {**LIMIT, "style": "form", "explode": True, "allowEmptyValue": False}
    assert diff(_op(LIMIT), _op(explicit)) == []


def test_schema_to_content_is_a_serialisation_change(diff: Diff) -> None:
    content = {"name": "limit", "in": "query", "content": {"application/json": {"schema": {}}}}
    change = only(
        diff(_op(LIMIT), _op(content)), Target.PARAMETER, Aspect.SERIALIZATION, Action.CHANGED
    )
    assert (change.before, change.after) == ("schema", "content")
    assert Flag.OBJECT_VALUED in change.flags


def test_parameter_schema_changes_come_from_the_schema_comparer(diff: Diff) -> None:
    changes = diff(_op(LIMIT), _op({**LIMIT, "schema": {"type": "string"}}))
    (change,) = changes
    assert change.aspect is Aspect.TYPE
    assert change.scope is Scope.PARAMETER and change.parent == "query:limit"
    assert change.direction is Direction.REQUEST
    assert change.operations == (OperationKey("get", "/pets"),)


def test_content_described_parameter_schemas_are_compared(diff: Diff) -> None:
    def content(kind: str) -> dict[str, Any]:
        media = {"application/json": {"schema": {"type": kind}}}
        return {"name": "q", "in": "query", "content": media}

    (change,) = diff(_op(content("object")), _op(content("string")))
    assert change.aspect is Aspect.TYPE and change.parent == "query:q"


def test_renamed_path_parameter_keeps_its_schema_pairing(diff: Diff) -> None:
    def doc(name: str, kind: str) -> dict[str, Any]:
        param = {"name": name, "in": "path", "required": True, "schema": {"type": kind}}
        return openapi({f"/pets/{{{name}}}": {"get": ok(parameters=[param])}})

    (change,) = diff(doc("id", "string"), doc("petId", "integer"))
    assert change.aspect is Aspect.TYPE and change.parent == "path:petId"
    assert change.operations == (OperationKey("get", "/pets/{petId}"),)
