"""$ref transparency, memoisation (same objects, once per direction) and cycles."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from schema_helpers import compare, differ_for, document, one, site

from treaty.changes.model import Action, Aspect, Direction
from treaty.changes.schemas import SchemaSite

PET = {
    "type": "object",
    "properties": {"name": {"type": "string", "maxLength": 10}},
    "required": ["name"],
}
PET_NARROWED = {
    "type": "object",
    "properties": {"name": {"type": "string", "maxLength": 5}},
    "required": ["name"],
}


def test_extracting_an_inline_schema_into_components_is_no_change() -> None:
    ref = {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
    assert compare({"type": "array", "items": PET}, ref, revision_components={"Pet": PET}) == ()


def test_renaming_a_component_is_no_change() -> None:
    base = {"$ref": "#/components/schemas/Pet"}
    revision = {"$ref": "#/components/schemas/Animal"}
    assert (
        compare(base, revision, components={"Pet": PET}, revision_components={"Animal": PET}) == ()
    )


def test_change_inside_a_component_points_at_the_component() -> None:
    changes = compare(
        {"$ref": "#/components/schemas/Pet"},
        {"$ref": "#/components/schemas/Pet"},
        components={"Pet": PET},
        revision_components={"Pet": PET_NARROWED},
    )
    change = one(changes, Aspect.MAX_LENGTH)
    assert change.location.base_pointer == "#/components/schemas/Pet/properties/name"
    assert change.name == "name"


def _sites(count: int) -> dict[str, Any]:
    return {f"s{i}": {"$ref": "#/components/schemas/Pet"} for i in range(count)}


def test_shared_component_is_compared_once_per_direction_and_changes_are_shared() -> None:
    base = document(
        {},
        {
            "Pet": PET,
            **{
                f"W{i}": {"properties": {"pet": {"$ref": "#/components/schemas/Pet"}}}
                for i in range(500)
            },
        },
    )
    revision = copy.deepcopy(base)
    revision["components"]["schemas"]["Pet"] = copy.deepcopy(PET_NARROWED)
    differ = differ_for(base, revision)
    results = []
    for i in range(500):
        pointer = f"#/components/schemas/W{i}"
        for direction in (Direction.REQUEST, Direction.RESPONSE):
            node_b, node_r = (
                base["components"]["schemas"][f"W{i}"],
                revision["components"]["schemas"][f"W{i}"],
            )
            results.append(
                differ.compare(SchemaSite(node_b, pointer), SchemaSite(node_r, pointer), direction)
            )
    request = {id(c) for changes in results[0::2] for c in changes}
    response = {id(c) for changes in results[1::2] for c in changes}
    assert len(request) == 1 and len(response) == 1  # the very same object every time
    # per direction: each wrapper once, Pet once, Pet.name once
    assert differ.pairs_compared == 2 * (500 + 2)


def test_memo_hit_returns_the_same_tuple() -> None:
    base = document({"$ref": "#/components/schemas/Pet"}, {"Pet": PET})
    revision = document({"$ref": "#/components/schemas/Pet"}, {"Pet": PET_NARROWED})
    differ = differ_for(base, revision)
    first = differ.compare(site(base), site(revision), Direction.REQUEST)
    again = differ.compare(site(base), site(revision), Direction.REQUEST)
    assert first is again and len(first) == 1
    other = differ.compare(site(base), site(revision), Direction.RESPONSE)
    assert other[0] is not first[0] and other[0].direction is Direction.RESPONSE


NODE = {
    "type": "object",
    "properties": {
        "value": {"type": "string"},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        "parent": {"allOf": [{"$ref": "#/components/schemas/Node"}]},
        "extra": {"additionalProperties": {"$ref": "#/components/schemas/Node"}},
        "either": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "integer"}]},
    },
}


@pytest.mark.parametrize("direction", [Direction.REQUEST, Direction.RESPONSE])
def test_self_recursive_schema_terminates_and_reports_once(direction: Direction) -> None:
    narrowed = copy.deepcopy(NODE)
    narrowed["properties"]["value"]["maxLength"] = 3
    ref = {"$ref": "#/components/schemas/Node"}
    assert compare(ref, ref, direction, components={"Node": NODE}) == ()
    changes = compare(
        ref, ref, direction, components={"Node": NODE}, revision_components={"Node": narrowed}
    )
    assert (
        one(changes, Aspect.MAX_LENGTH).location.base_pointer
        == "#/components/schemas/Node/properties/value"
    )
    assert len(changes) == 1


def test_mutual_recursion_reports_changes_reachable_from_every_entry() -> None:
    a = {"properties": {"b": {"$ref": "#/components/schemas/B"}, "x": {"type": "string"}}}
    b = {"properties": {"a": {"$ref": "#/components/schemas/A"}, "y": {"type": "string"}}}
    b_changed = {"properties": {"a": {"$ref": "#/components/schemas/A"}, "y": {"type": "integer"}}}
    base = document({"$ref": "#/components/schemas/A"}, {"A": a, "B": b})
    revision = document({"$ref": "#/components/schemas/A"}, {"A": a, "B": b_changed})
    differ = differ_for(base, revision)
    from_a = differ.compare(site(base), site(revision), Direction.RESPONSE)
    b_site = SchemaSite({"$ref": "#/components/schemas/B"}, "#/x")
    from_b = differ.compare(b_site, b_site, Direction.RESPONSE)
    # B sits in the cycle below A: its answer must be complete too, and the same object
    assert len(from_a) == 1 and from_b == from_a and from_b[0] is from_a[0]
    assert from_a[0].aspect is Aspect.TYPE


def test_recursive_ref_means_the_enclosing_component() -> None:
    tree = {
        "type": "object",
        "properties": {
            "kids": {"type": "array", "items": {"$recursiveRef": "#"}},
            "v": {"type": "string"},
        },
    }
    tree_changed = copy.deepcopy(tree)
    tree_changed["properties"]["v"] = {"type": "integer"}
    ref = {"$ref": "#/components/schemas/Tree"}
    changes = compare(
        ref,
        ref,
        components={"Tree": tree},
        revision_components={"Tree": tree_changed},
        version="3.1",
    )
    assert one(changes, Aspect.TYPE).action is Action.CHANGED


def test_allof_that_includes_itself_terminates() -> None:
    loop = {"allOf": [{"$ref": "#/components/schemas/L"}], "properties": {"a": {}}}
    ref = {"$ref": "#/components/schemas/L"}
    assert compare(ref, ref, components={"L": loop}) == ()
