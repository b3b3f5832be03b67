"""Properties, required, readOnly/writeOnly policy and additional/unevaluated properties."""

from __future__ import annotations

from typing import Any

import pytest
from schema_helpers import SITE, compare, one, summary

from treaty.changes.model import Action, Aspect, Direction, Flag, Target

DIRECTIONS = pytest.mark.parametrize("direction", [Direction.REQUEST, Direction.RESPONSE])


def obj(
    properties: dict[str, Any], required: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, **extra}
    if required is not None:
        schema["required"] = required
    return schema


@DIRECTIONS
def test_removed_property_points_at_the_base_property(direction: Direction) -> None:
    changes = compare(obj({"a": {"type": "string"}, "b": {}}, ["a"]), obj({"b": {}}), direction)
    change = one(changes, Aspect.EXISTENCE)
    assert (change.target, change.action, change.name) == (Target.PROPERTY, Action.REMOVED, "a")
    assert change.location.base_pointer == f"{SITE}/properties/a"
    assert change.location.revision_pointer is None
    assert change.flags == {Flag.REQUIRED_BEFORE}
    assert change.direction is direction


def test_added_property_flags() -> None:
    revision = obj({"a": {"type": "string", "readOnly": True, "default": "x"}}, ["a"])
    change = one(
        compare(obj({}, additionalProperties=False), revision, Direction.RESPONSE),
        Aspect.EXISTENCE,
    )
    assert change.action is Action.ADDED
    assert change.location.revision_pointer == f"{SITE}/properties/a"
    assert change.flags == {
        Flag.REQUIRED_AFTER,
        Flag.READ_ONLY,
        Flag.HAS_DEFAULT,
        Flag.CLOSED_OBJECT,
    }


def test_a_read_only_property_added_or_removed_is_no_request_change() -> None:
    plain = obj({"a": {"type": "string"}})
    with_id = obj({"a": {"type": "string"}, "id": {"type": "string", "readOnly": True}}, ["id"])
    assert compare(plain, with_id, Direction.REQUEST) == ()
    assert compare(with_id, plain, Direction.REQUEST) == ()
    assert one(compare(plain, with_id, Direction.RESPONSE), Aspect.EXISTENCE).name == "id"


def test_removed_write_only_property_of_closed_object() -> None:
    base = obj({"a": {"writeOnly": True}})
    change = one(
        compare(base, obj({}, unevaluatedProperties=False), version="3.1"), Aspect.EXISTENCE
    )
    assert change.flags == {Flag.WRITE_ONLY, Flag.CLOSED_OBJECT}


@DIRECTIONS
def test_required_changed(direction: Direction) -> None:
    base = obj({"a": {"type": "string", "default": "x"}})
    change = one(
        compare(base, obj({"a": {"type": "string", "default": "x"}}, ["a"]), direction),
        Aspect.REQUIRED,
    )
    assert (change.target, change.name, change.before, change.after) == (
        Target.PROPERTY,
        "a",
        False,
        True,
    )
    assert change.flags == {Flag.HAS_DEFAULT}
    assert change.location.revision_pointer == f"{SITE}/properties/a"


def test_required_of_undeclared_property_points_at_required() -> None:
    change = one(
        compare({"type": "object"}, {"type": "object", "required": ["z"]}), Aspect.REQUIRED
    )
    assert change.location.revision_pointer == f"{SITE}/required"
    assert (change.name, change.before, change.after) == ("z", False, True)


def test_request_skips_properties_read_only_on_both_sides() -> None:
    base = obj({"id": {"type": "integer", "readOnly": True}})
    revision = obj({"id": {"type": "string", "readOnly": True}}, ["id"])
    assert compare(base, revision, Direction.REQUEST) == ()
    assert {c.aspect for c in compare(base, revision, Direction.RESPONSE)} == {
        Aspect.TYPE,
        Aspect.REQUIRED,
    }


def test_response_skips_properties_write_only_on_both_sides() -> None:
    base = obj({"pw": {"type": "string", "writeOnly": True}})
    revision = obj({"pw": {"type": "string", "writeOnly": True, "minLength": 8}})
    assert compare(base, revision, Direction.RESPONSE) == ()
    assert one(compare(base, revision, Direction.REQUEST), Aspect.MIN_LENGTH).name == "pw"


def test_read_only_change_is_reported_on_the_property_and_the_schema_still_compared() -> None:
    base = obj({"a": {"type": "string"}}, ["a"])
    revision = obj({"a": {"type": "integer", "readOnly": True}}, ["a"])
    changes = compare(base, revision, Direction.REQUEST)
    assert summary(changes) == {
        (Target.PROPERTY, Aspect.READ_ONLY, Action.CHANGED, "a"),
        (Target.SCHEMA, Aspect.TYPE, Action.CHANGED, "a"),
    }
    change = one(changes, Aspect.READ_ONLY)
    assert change.flags == {Flag.REQUIRED_BEFORE, Flag.REQUIRED_AFTER}
    assert (change.before, change.after) == (False, True)


def test_write_only_change_on_property() -> None:
    changes = compare(obj({"a": {"writeOnly": True}}), obj({"a": {}}), Direction.REQUEST)
    assert one(changes, Aspect.WRITE_ONLY).target is Target.PROPERTY


@pytest.mark.parametrize(
    ("base", "revision", "before", "after"),
    [
        ({}, {"additionalProperties": False}, True, False),
        ({"additionalProperties": {"type": "string"}}, {}, "schema", True),
        (
            {"additionalProperties": False},
            {"additionalProperties": {"type": "string"}},
            False,
            "schema",
        ),
    ],
)
def test_additional_properties_kind_changes(
    base: Any, revision: Any, before: Any, after: Any
) -> None:
    change = one(
        compare({"type": "object", **base}, {"type": "object", **revision}),
        Aspect.ADDITIONAL_PROPERTIES,
    )
    assert (change.action, change.before, change.after) == (Action.CHANGED, before, after)


def test_additional_properties_schemas_are_compared_inside() -> None:
    base = {"type": "object", "additionalProperties": {"type": "string", "maxLength": 3}}
    revision = {"type": "object", "additionalProperties": {"type": "string", "maxLength": 2}}
    change = one(compare(base, revision), Aspect.MAX_LENGTH)
    assert change.location.base_pointer == f"{SITE}/additionalProperties"


def test_unevaluated_properties_kind_change() -> None:
    change = one(
        compare({}, {"unevaluatedProperties": False}, version="3.1"), Aspect.UNEVALUATED_PROPERTIES
    )
    assert (change.before, change.after) == (True, False)


def test_items_added_removed_and_compared() -> None:
    assert (
        one(compare({"type": "array"}, {"type": "array", "items": {}}), Aspect.ITEMS).action
        is Action.ADDED
    )
    assert (
        one(compare({"type": "array", "items": {}}, {"type": "array"}), Aspect.ITEMS).action
        is Action.REMOVED
    )
    change = one(
        compare({"items": {"type": "integer"}}, {"items": {"type": "string"}}), Aspect.TYPE
    )
    assert change.location.base_pointer == f"{SITE}/items"


def test_prefix_items_compare_position_by_position() -> None:
    base = {"prefixItems": [{"type": "string"}, {"type": "integer"}]}
    revision = {"prefixItems": [{"type": "number"}]}
    changes = compare(base, revision, version="3.1")
    dropped = one(changes, Aspect.PREFIX_ITEMS)
    assert (dropped.action, dropped.before, dropped.after) == (Action.REMOVED, 1, None)
    assert one(changes, Aspect.TYPE).before == ["string"]
    draft4 = {"items": [{"type": "string"}]}
    assert compare(draft4, {"prefixItems": [{"type": "string"}]}, version="3.1") == ()


def test_positions_past_the_prefix_are_items() -> None:
    numbers = {"type": "number"}
    base = {"prefixItems": [numbers], "items": numbers}
    assert compare(base, {"prefixItems": [numbers, numbers], "items": numbers}) == ()
    assert compare(base, {"items": numbers}) == ()
    added = one(
        compare({"prefixItems": [numbers]}, {"prefixItems": [numbers, numbers]}),
        Aspect.PREFIX_ITEMS,
    )
    assert (added.action, added.after) == (Action.ADDED, 1)
    # the prefix gone, `items` now judges position 0: string -> integer
    changes = compare(
        {"prefixItems": [{"type": "string"}], "items": {"type": "integer"}},
        {"items": {"type": "integer"}},
    )
    assert one(changes, Aspect.TYPE).after == ["integer"]


def test_allof_split_across_members_is_no_change() -> None:
    whole = obj({"a": {"type": "string", "maxLength": 5}, "b": {"type": "integer"}}, ["a", "b"])
    split = {
        "allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"type": "object", "properties": {"b": {"type": "integer"}}, "required": ["b"]},
            {"properties": {"a": {"maxLength": 5}}},
        ]
    }
    components = {"Base": obj({"a": {"type": "string"}}, ["a"])}
    assert compare(whole, split, revision_components=components) == ()
    assert (
        compare(split, whole, Direction.REQUEST, components=components, revision_components={})
        == ()
    )


def test_allof_merges_tightest_bounds_intersected_types_and_enums() -> None:
    merged = {
        "type": "integer",
        "minimum": 3,
        "maximum": 5,
        "enum": [3, 4],
        "maxLength": 2,
        "minItems": 4,
    }
    split = {
        "allOf": [
            {
                "type": "number",
                "minimum": 1,
                "maximum": 5,
                "enum": [1, 3, 4],
                "maxLength": 4,
                "minItems": 4,
            },
            {
                "type": "integer",
                "minimum": 3,
                "maximum": 9,
                "enum": [3, 4, 9],
                "maxLength": 2,
                "minItems": 1,
            },
        ]
    }
    assert compare(merged, split) == ()


def test_allof_property_declared_twice_is_their_conjunction() -> None:
    base = obj({"a": {"type": "string", "maxLength": 3}})
    revision = {"allOf": [obj({"a": {"type": "string"}}), obj({"a": {"maxLength": 2}})]}
    change = one(compare(base, revision), Aspect.MAX_LENGTH)
    assert change.location.revision_pointer == f"{SITE}/allOf/1/properties/a"


def test_read_only_in_a_referenced_component_is_reported_once_on_the_property() -> None:
    schema = obj({"id": {"$ref": "#/components/schemas/Id"}})
    changes = compare(
        schema,
        schema,
        Direction.REQUEST,
        components={"Id": {"type": "string"}},
        revision_components={"Id": {"type": "string", "readOnly": True}},
    )
    assert summary(changes) == {(Target.PROPERTY, Aspect.READ_ONLY, Action.CHANGED, "id")}


def test_root_schema_read_only_is_no_change() -> None:
    assert compare({"readOnly": True}, {}, Direction.REQUEST) == ()
    assert compare({}, {"writeOnly": True}, Direction.RESPONSE) == ()


@pytest.mark.parametrize(
    ("version", "reported"), [("3.1", True), ("3.0", False)], ids=["3.1", "3.0"]
)
def test_keywords_beside_a_ref_apply_in_3_1_only(version: str, reported: bool) -> None:
    ref = {"$ref": "#/components/schemas/Id"}
    changes = compare(
        obj({"id": ref}),
        obj({"id": {**ref, "readOnly": True}}),
        Direction.REQUEST,
        components={"Id": {"type": "string"}},
        version=version,
    )
    expected = {(Target.PROPERTY, Aspect.READ_ONLY, Action.CHANGED, "id")} if reported else set()
    assert summary(changes) == expected
