"""Value keywords: each is reported once, with the contract's before/after, in both directions."""

from __future__ import annotations

from typing import Any

import pytest
from schema_helpers import aspects, compare, one

from treaty.changes.model import Action, Aspect, Direction, Target

DIRECTIONS = pytest.mark.parametrize("direction", [Direction.REQUEST, Direction.RESPONSE])


@DIRECTIONS
@pytest.mark.parametrize(
    ("base", "revision", "aspect", "action", "before", "after"),
    [
        (
            {"type": "integer"},
            {"type": "number"},
            Aspect.TYPE,
            Action.CHANGED,
            ["integer"],
            ["number"],
        ),
        ({"type": "string"}, {}, Aspect.TYPE, Action.CHANGED, ["string"], None),
        (
            {"type": "string"},
            {"type": "string", "format": "uuid"},
            Aspect.FORMAT,
            Action.ADDED,
            None,
            "uuid",
        ),
        (
            {"type": "string", "format": "uuid"},
            {"type": "string"},
            Aspect.FORMAT,
            Action.REMOVED,
            "uuid",
            None,
        ),
        (
            {"type": "string", "format": "date"},
            {"type": "string", "format": "uuid"},
            Aspect.FORMAT,
            Action.CHANGED,
            "date",
            "uuid",
        ),
        (
            {"type": "string"},
            {"type": "string", "nullable": True},
            Aspect.NULLABLE,
            Action.CHANGED,
            False,
            True,
        ),
        ({"enum": ["a", "b"]}, {"enum": ["a"]}, Aspect.ENUM, Action.CHANGED, ["a", "b"], ["a"]),
        (
            {"type": "string"},
            {"type": "string", "enum": ["a"]},
            Aspect.ENUM,
            Action.CHANGED,
            None,
            ["a"],
        ),
        (
            {"x-extensible-enum": ["a"]},
            {"x-extensible-enum": ["a", "b"]},
            Aspect.EXTENSIBLE_ENUM,
            Action.CHANGED,
            ["a"],
            ["a", "b"],
        ),
        (
            {"type": "string"},
            {"type": "string", "default": "x"},
            Aspect.DEFAULT,
            Action.ADDED,
            None,
            "x",
        ),
        (
            {"type": "string", "default": "x"},
            {"type": "string"},
            Aspect.DEFAULT,
            Action.REMOVED,
            "x",
            None,
        ),
        (
            {"type": "string", "default": "x"},
            {"type": "string", "default": "y"},
            Aspect.DEFAULT,
            Action.CHANGED,
            "x",
            "y",
        ),
        (
            {"type": "number", "minimum": 1},
            {"type": "number", "minimum": 2},
            Aspect.MINIMUM,
            Action.CHANGED,
            {"value": 1, "exclusive": False},
            {"value": 2, "exclusive": False},
        ),
        (
            {"type": "number"},
            {"type": "number", "exclusiveMaximum": 9},
            Aspect.MAXIMUM,
            Action.CHANGED,
            None,
            {"value": 9, "exclusive": True},
        ),
        ({"multipleOf": 2}, {"multipleOf": 4}, Aspect.MULTIPLE_OF, Action.CHANGED, 2, 4),
        ({"minLength": 1}, {}, Aspect.MIN_LENGTH, Action.CHANGED, 1, None),
        ({"maxLength": 10}, {"maxLength": 5}, Aspect.MAX_LENGTH, Action.CHANGED, 10, 5),
        ({"minItems": 1}, {"minItems": 2}, Aspect.MIN_ITEMS, Action.CHANGED, 1, 2),
        ({"maxItems": 3}, {"maxItems": 2}, Aspect.MAX_ITEMS, Action.CHANGED, 3, 2),
        ({"minProperties": 1}, {"minProperties": 2}, Aspect.MIN_PROPERTIES, Action.CHANGED, 1, 2),
        ({"maxProperties": 3}, {}, Aspect.MAX_PROPERTIES, Action.CHANGED, 3, None),
        (
            {"uniqueItems": False},
            {"uniqueItems": True},
            Aspect.UNIQUE_ITEMS,
            Action.CHANGED,
            False,
            True,
        ),
        ({"pattern": "^a$"}, {"pattern": "^b$"}, Aspect.PATTERN, Action.CHANGED, "^a$", "^b$"),
        ({}, {"pattern": "^b$"}, Aspect.PATTERN, Action.CHANGED, None, "^b$"),
        (
            {"discriminator": {"propertyName": "a"}},
            {"discriminator": {"propertyName": "b"}},
            Aspect.DISCRIMINATOR,
            Action.CHANGED,
            "a",
            "b",
        ),
    ],
)
def test_keyword_change_is_reported_once_with_contract_values(
    direction: Direction,
    base: Any,
    revision: Any,
    aspect: Aspect,
    action: Action,
    before: Any,
    after: Any,
) -> None:
    changes = compare(base, revision, direction)
    change = one(changes, aspect)
    assert (change.target, change.action, change.before, change.after) == (
        Target.SCHEMA,
        action,
        before,
        after,
    )
    assert change.direction is direction
    assert len(changes) == 1, changes
    assert change.location.base_pointer and change.location.revision_pointer


@pytest.mark.parametrize(
    ("base", "revision"),
    [
        ({"enum": ["a", "b", "c"]}, {"enum": ["c", "a", "b"]}),
        ({"enum": ["a", "a", "b"]}, {"enum": ["b", "a"]}),
        ({"const": "a"}, {"enum": ["a"]}),
        (
            {"type": "string", "enum": ["a", "b"]},
            {"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "string", "const": "b"}]},
        ),
        ({"enum": [1.0]}, {"enum": [1]}),
        ({"default": {"a": [1, 2]}}, {"default": {"a": [1.0, 2]}}),
        ({"pattern": "^\\d{1,}$"}, {"pattern": "^[0-9]+$"}),
        ({"pattern": "[\\d-]{0,1}x{0,}"}, {"pattern": "[0-9-]?x*"}),
        (
            {"type": "integer", "minimum": 5, "exclusiveMinimum": True},
            {"type": "integer", "exclusiveMinimum": 5},
        ),
        ({"maximum": 5, "exclusiveMaximum": 4}, {"exclusiveMaximum": 4}),
        ({"minimum": 4, "exclusiveMinimum": 4}, {"exclusiveMinimum": 4}),
        (
            {"description": "a", "title": "A", "example": 1, "x-foo": 1},
            {"description": "b", "title": "B", "example": 2},
        ),
        ({"additionalProperties": True}, {"additionalProperties": {}}),
        ({"additionalProperties": {"description": "anything"}}, {}),
    ],
)
def test_equivalent_spellings_are_no_change(base: Any, revision: Any) -> None:
    assert compare(base, revision) == ()
    assert compare(revision, base, Direction.REQUEST) == ()


def test_enum_values_compare_by_json_equality_where_true_is_not_one() -> None:
    change = one(compare({"enum": [1, 2]}, {"enum": [True, 2]}), Aspect.ENUM)
    assert (change.before, change.after) == ([1, 2], [True, 2])
    swapped = one(compare({"enum": [1]}, {"enum": [True]}), Aspect.CONST)
    assert (swapped.before, swapped.after) == (1, True)


def test_a_swapped_const_is_one_fact_naming_both_values() -> None:
    change = one(compare({"const": "v1"}, {"enum": ["v2", "v2"]}), Aspect.CONST)
    assert (change.action, change.before, change.after) == (Action.CHANGED, "v1", "v2")
    assert compare({"const": 1}, {"enum": [1.0]}) == ()


@pytest.mark.parametrize(
    ("base", "base_version", "revision", "revision_version"),
    [
        ({"type": "string", "nullable": True}, "3.0", {"type": ["string", "null"]}, "3.1"),
        (
            {"type": ["string", "null"]},
            "3.1",
            {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "3.1",
        ),
        (
            {"type": "string", "x-nullable": True},
            "2.0",
            {"type": "string", "nullable": True},
            "3.0",
        ),
        (
            {"type": "string", "enum": ["a", None]},
            "3.1",
            {"type": ["string", "null"], "enum": ["a"]},
            "3.1",
        ),
        (
            {"oneOf": [{"type": "string"}, {"type": "null"}]},
            "3.1",
            {"type": "string", "nullable": True},
            "3.0",
        ),
        (
            {"type": "number", "minimum": 0, "exclusiveMinimum": True},
            "3.0",
            {"type": "number", "exclusiveMinimum": 0},
            "3.1",
        ),
        ({"const": None}, "3.1", {"type": "null"}, "3.1"),
    ],
)
def test_dialect_spellings_of_one_meaning_are_no_change(
    base: Any, base_version: str, revision: Any, revision_version: str
) -> None:
    assert compare(base, revision, version=base_version, revision_version=revision_version) == ()


def test_nullability_change_is_reported_only_as_nullable() -> None:
    changes = compare({"type": ["string", "null"]}, {"type": "string"}, version="3.1")
    assert aspects(changes) == {Aspect.NULLABLE}
    assert (changes[0].before, changes[0].after) == (True, False)


def test_enum_gaining_null_is_nullable_not_enum() -> None:
    changes = compare({"enum": ["a"]}, {"enum": ["a", None]}, version="3.1")
    assert aspects(changes) == {Aspect.NULLABLE}


def test_null_branch_added_to_a_multi_branch_anyof_is_nullable() -> None:
    base = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    revision = {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}
    assert aspects(compare(base, revision, version="3.1")) == {Aspect.NULLABLE}


def test_type_going_to_any_does_not_also_report_nullable() -> None:
    assert aspects(compare({"type": "string"}, {})) == {Aspect.TYPE}


def test_swagger_parameter_object_reads_as_its_schema() -> None:
    base = {"name": "limit", "in": "query", "required": True, "type": "integer", "maximum": 100}
    revision = {
        "name": "limit",
        "in": "query",
        "required": False,
        "type": "integer",
        "maximum": 50,
        "description": "x",
    }
    change = one(compare(base, revision, Direction.REQUEST, version="2.0"), Aspect.MAXIMUM)
    assert change.after == {"value": 50, "exclusive": False}


def test_swagger_items_object_and_x_nullable() -> None:
    base = {
        "name": "ids",
        "in": "query",
        "type": "array",
        "items": {"type": "string", "x-nullable": True},
    }
    revision = {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"}}
    change = one(compare(base, revision, Direction.REQUEST, version="2.0"), Aspect.NULLABLE)
    assert change.location.base_pointer is not None and change.location.base_pointer.endswith(
        "/items"
    )


def test_discriminator_mapping_changes_per_key() -> None:
    base = {
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"a": "#/components/schemas/A", "b": "#/x/B"},
        }
    }
    revision = {
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"a": "#/components/schemas/A2", "c": "#/x/C"},
        }
    }
    found = {(c.name, c.action, c.before, c.after) for c in compare(base, revision)}
    assert found == {
        ("a", Action.CHANGED, "#/components/schemas/A", "#/components/schemas/A2"),
        ("b", Action.REMOVED, "#/x/B", None),
        ("c", Action.ADDED, None, "#/x/C"),
    }


def test_swagger_string_discriminator() -> None:
    change = one(
        compare({"discriminator": "a"}, {"discriminator": "b"}, version="2.0"), Aspect.DISCRIMINATOR
    )
    assert (change.before, change.after) == ("a", "b")


@pytest.mark.parametrize(
    ("base", "revision", "action"),
    [
        ({"not": {"type": "string"}}, {}, Action.REMOVED),
        ({}, {"not": {"type": "string"}}, Action.ADDED),
    ],
)
def test_not_added_and_removed(base: Any, revision: Any, action: Action) -> None:
    assert one(compare(base, revision), Aspect.NOT).action is action


def test_not_with_both_sides_is_compared_inside() -> None:
    change = one(compare({"not": {"enum": ["a"]}}, {"not": {"enum": ["a", "b"]}}), Aspect.ENUM)
    assert (
        change.location.revision_pointer is not None
        and change.location.revision_pointer.endswith("/not")
    )


def test_keyword_inside_a_property_carries_the_property_name() -> None:
    base = {"type": "object", "properties": {"name": {"type": "string", "maxLength": 5}}}
    revision = {"type": "object", "properties": {"name": {"type": "string", "maxLength": 3}}}
    change = one(compare(base, revision), Aspect.MAX_LENGTH)
    assert change.name == "name"
    assert change.location.base_pointer is not None and change.location.base_pointer.endswith(
        "/properties/name"
    )


def test_boolean_schemas_read_as_any_and_nothing() -> None:
    assert compare(True, {}, version="3.1") == ()
    became = one(compare(True, False, version="3.1"), Aspect.FALSE_SCHEMA)
    assert became.action is Action.ADDED
    assert one(compare(False, {"type": "string"}), Aspect.FALSE_SCHEMA).action is Action.REMOVED
    # nothing beside `false` counts, and `not: {}` is `false`
    assert compare({"not": {}, "type": "string"}, False, version="3.1") == ()
