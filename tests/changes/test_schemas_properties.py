"""Property-based: identity, meaning-preserving refactors and narrowing mutations."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from schema_helpers import compare

from treaty.changes.model import Aspect, Direction

NAMES = st.sampled_from(["a", "b", "c", "d", "e"])

STRINGS = st.fixed_dictionaries(
    {"type": st.just("string")},
    optional={
        "maxLength": st.integers(1, 50),
        "enum": st.lists(
            st.sampled_from(["x", "y", "z", "w"]), min_size=1, max_size=4, unique=True
        ),
        "format": st.sampled_from(["uuid", "date"]),
        "nullable": st.booleans(),
    },
)
NUMBERS = st.fixed_dictionaries(
    {"type": st.sampled_from(["integer", "number"])},
    optional={"minimum": st.integers(-5, 5), "maximum": st.integers(6, 20)},
)
LEAVES = st.one_of(STRINGS, NUMBERS, st.just({"type": "boolean"}))


def _objects(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    def build(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        kept = [name for name in required if name in properties]
        if kept:
            schema["required"] = kept
        return schema

    return st.builds(
        build, st.dictionaries(NAMES, children, max_size=4), st.lists(NAMES, unique=True)
    )


SCHEMAS = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        _objects(children),
        st.builds(lambda items: {"type": "array", "items": items}, children),
    ),
    max_leaves=12,
)


@given(SCHEMAS)
def test_a_schema_compared_with_itself_is_no_change(schema: Any) -> None:
    assert compare(schema, copy.deepcopy(schema), Direction.REQUEST) == ()
    assert compare(schema, schema, Direction.RESPONSE) == ()


def _refactor(schema: Any, components: dict[str, Any], extract: st.DataObject) -> Any:
    """Reverse every object's key order and move drawn subschemas into components."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key in reversed(list(schema)):
        value = schema[key]
        if key == "properties":
            value = {
                name: _refactor(sub, components, extract)
                for name, sub in reversed(list(value.items()))
            }
        elif key == "items":
            value = _refactor(value, components, extract)
        out[key] = value
    if extract.draw(st.booleans()):
        name = f"C{len(components)}"
        components[name] = out
        return {"$ref": f"#/components/schemas/{name}"}
    return out


@given(SCHEMAS, st.data())
def test_permuted_and_extracted_copy_is_no_change(schema: Any, data: st.DataObject) -> None:
    components: dict[str, Any] = {}
    refactored = _refactor(copy.deepcopy(schema), components, data)
    for direction in (Direction.REQUEST, Direction.RESPONSE):
        assert compare(schema, refactored, direction, revision_components=components) == ()


def _nodes(schema: Any) -> list[dict[str, Any]]:
    found = [schema]
    for sub in schema.get("properties", {}).values():
        found.extend(_nodes(sub))
    if "items" in schema:
        found.extend(_nodes(schema["items"]))
    return found


def _mutate(node: dict[str, Any], choice: int) -> Aspect:
    """Narrow ``node`` in place; return the aspect the comparer must report."""
    kind = node["type"]
    if kind == "string" and len(node.get("enum", [])) >= 2 and choice % 2 == 0:
        node["enum"] = node["enum"][1:]
        return Aspect.ENUM
    if kind == "string" and choice % 3 == 1:
        node["maxLength"] = node.get("maxLength", 60) - 1
        return Aspect.MAX_LENGTH
    if kind == "object":
        optional = [name for name in node["properties"] if name not in node.get("required", [])]
        if optional:
            node["required"] = [*node.get("required", []), optional[0]]
            return Aspect.REQUIRED
        node["properties"]["new"] = {"type": "string"}
        node["required"] = [*node.get("required", []), "new"]
        return Aspect.EXISTENCE
    node.pop("enum", None)
    node["type"] = "boolean" if kind != "boolean" else "string"
    return Aspect.TYPE


@given(SCHEMAS, st.data())
def test_narrowing_mutation_is_detected_with_its_aspect(schema: Any, data: st.DataObject) -> None:
    mutated = copy.deepcopy(schema)
    target = data.draw(st.sampled_from(_nodes(mutated)))
    aspect = _mutate(target, data.draw(st.integers(0, 5)))
    for direction in (Direction.REQUEST, Direction.RESPONSE):
        assert aspect in {c.aspect for c in compare(schema, mutated, direction)}
