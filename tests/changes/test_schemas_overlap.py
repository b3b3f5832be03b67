"""oneOf branches that nothing tells apart: a new overlap narrows what a request accepts."""

from __future__ import annotations

from typing import Any

import pytest
from schema_helpers import compare

from treaty.changes.model import Aspect, Direction

OPEN = {"type": "object", "properties": {"tag": {"type": "string"}}}
NAMED = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}


def kind(*values: str, **extra: Any) -> dict[str, Any]:
    properties = {"kind": {"type": "string", "enum": list(values)}, **extra}
    return {"type": "object", "required": ["kind"], "properties": properties}


STR = {"type": "string"}

# (kept branch, new branch, whether they overlap)
CASES: dict[str, tuple[Any, Any, bool]] = {
    "integer is a number": ({"type": "integer"}, {"type": "number"}, True),
    "types apart": ({"type": "integer"}, {"type": "string"}, False),
    "both nullable": (
        {"type": "integer", "nullable": True},
        {"type": "string", "nullable": True},
        True,
    ),
    "one nullable": ({"type": "integer", "nullable": True}, {"type": "string"}, False),
    "enums apart": ({"enum": ["a", "b"]}, {"enum": ["c"]}, False),
    "enums share a value": ({"enum": ["a", "b"]}, {"enum": ["b", "c"]}, True),
    "enum outside the type": ({"enum": [1, 2]}, {"type": "string"}, False),
    "enum inside the type": ({"enum": [1.0, "x"]}, {"type": "integer"}, True),
    "enum beside any type": ({"enum": ["a"]}, {"minLength": 3}, True),
    "untyped objects also match strings": (
        {"required": ["a"], "properties": {"a": {"enum": [1]}}},
        {"required": ["a"], "properties": {"a": {"enum": [2]}}},
        True,
    ),
    "values outside the type": ({"enum": ["x", 1.5]}, {"type": "integer"}, False),
    "two schemas of any type": ({"minLength": 3}, {"maxLength": 1}, True),
    "required but not described": (
        {"type": "object", "required": ["kind"]},
        {"type": "object", "properties": {"kind": {"enum": ["dog"]}}},
        True,
    ),
    "ranges apart": ({"type": "integer", "maximum": 9}, {"type": "number", "minimum": 10}, False),
    "ranges touch": ({"type": "integer", "maximum": 9}, {"type": "integer", "minimum": 9}, True),
    "ranges touch, one exclusive": (
        {"type": "number", "maximum": 9},
        {"type": "number", "minimum": 9, "exclusiveMinimum": True},
        False,
    ),
    "lengths apart": (
        {**STR, "maxLength": 2},
        {**STR, "minLength": 3},
        False,
    ),
    "lengths overlap": (
        {**STR, "maxLength": 3},
        {**STR, "minLength": 3},
        True,
    ),
    "formats differ": (
        {"type": "string", "format": "date"},
        {"type": "string", "format": "uuid"},
        False,
    ),
    "patterns differ": (
        {**STR, "pattern": "^a"},
        {**STR, "pattern": "^b"},
        False,
    ),
    "same pattern": (
        {**STR, "pattern": "^a"},
        {**STR, "pattern": "^a"},
        True,
    ),
    "open objects": (NAMED, OPEN, True),
    "closed object without the required property": (
        NAMED,
        {**OPEN, "additionalProperties": False},
        False,
    ),
    "closed object with patternProperties": (
        NAMED,
        {**OPEN, "additionalProperties": False, "patternProperties": {"^n": {}}},
        True,
    ),
    "required property, values apart": (kind("cat"), kind("dog"), False),
    "required property, values shared": (kind("cat"), kind("dog", "cat"), True),
    "property required on one side only": (
        kind("cat"),
        {"type": "object", "properties": {"kind": {"enum": ["dog"]}}},
        False,
    ),
    "property listed on one side only": (kind("cat"), OPEN, True),
    "nested discriminating property": (
        {"type": "object", "required": ["pet"], "properties": {"pet": kind("cat")}},
        {"type": "object", "required": ["pet"], "properties": {"pet": kind("dog")}},
        False,
    ),
    "arrays are not told apart": ({"type": "array"}, {"type": "array", "minItems": 1}, True),
    "a branch that admits nothing": ({"type": "integer"}, {"not": {}}, False),
}


def overlaps(kept: Any, new: Any, direction: Direction = Direction.REQUEST) -> list[Any]:
    changes = compare(kept, {"oneOf": [kept, new]}, direction)
    return [c for c in changes if c.aspect is Aspect.ONE_OF_OVERLAP]


@pytest.mark.parametrize(("kept", "new", "expected"), CASES.values(), ids=CASES.keys())
def test_a_new_branch_overlaps_the_old_schema_unless_something_tells_them_apart(
    kept: Any, new: Any, expected: bool
) -> None:
    found = overlaps(kept, new)
    assert bool(found) is expected
    if expected:
        assert found[0].after == ["#0", "#1"]


def test_the_overlap_is_a_fact_in_responses_too() -> None:
    (change,) = overlaps({"type": "integer"}, {"type": "number"}, Direction.RESPONSE)
    assert change.direction is Direction.RESPONSE


def test_two_new_branches_that_overlap_each_other_only_are_not_reported() -> None:
    changes = compare(
        {"type": "string"},
        {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}]},
        Direction.REQUEST,
    )
    assert not [c for c in changes if c.aspect is Aspect.ONE_OF_OVERLAP]


def test_a_branch_loosened_into_another_overlaps() -> None:
    base = {"oneOf": [kind("cat"), kind("dog")]}
    revision = {"oneOf": [kind("cat"), kind("dog", "cat")]}
    changes = compare(base, revision, Direction.REQUEST)
    (change,) = [c for c in changes if c.aspect is Aspect.ONE_OF_OVERLAP]
    assert change.location.base_pointer is not None
    assert change.location.revision_pointer is not None
    assert change.location.revision_pointer.endswith("/oneOf/1")


def test_recursive_branches_end() -> None:
    def chain(name: str) -> dict[str, Any]:
        ref = {"$ref": f"#/components/schemas/{name}"}
        return {"type": "object", "required": ["next"], "properties": {"next": ref}}

    node = {"$ref": "#/components/schemas/Node"}
    changes = compare(
        node,
        {"oneOf": [node, {"$ref": "#/components/schemas/Link"}]},
        Direction.REQUEST,
        components={"Node": chain("Node"), "Link": chain("Link")},
    )
    (change,) = [c for c in changes if c.aspect is Aspect.ONE_OF_OVERLAP]
    assert change.after == ["Node", "Link"]
