"""Recursive compositions end: the walk is bounded by the documents' structure, not by luck.

`Pet: oneOf [Cat, Dog]` with `Cat: allOf [Pet]` once made the reshaped-variant walk compose
ever longer conjunctions (each variant with its wrapper's keywords, whose oneOf lists the
variant again) and run for minutes. Every conjunction is now a set of the document's nodes, so
the distinct pairs a comparison can reach are bounded by the schema nodes on both sides.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from schema_helpers import differ_for, document, site, summary

from treaty.changes.model import Action, Aspect, Direction, Target

NAMES = ("A", "B", "C", "D")


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


refs = st.sampled_from(NAMES).map(_ref)
leaves = st.one_of(
    refs,
    st.sampled_from([{"type": "string"}, {"type": "integer"}, {"enum": ["x", "y"]}, {}]),
)


def _composed(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    lists = st.lists(children, min_size=1, max_size=3)
    return st.one_of(
        st.builds(lambda xs: {"allOf": xs}, lists),
        st.builds(lambda xs: {"oneOf": xs}, lists),
        st.builds(lambda xs: {"anyOf": xs}, lists),
        st.builds(lambda x: {"type": "object", "properties": {"p": x}}, children),
        st.builds(lambda x: {"type": "array", "items": x}, children),
        st.builds(lambda x: {"not": x}, children),
        st.builds(lambda xs, x: {"allOf": xs, "oneOf": [x, _ref("A")]}, lists, children),
        # required properties through refs: what the oneOf overlap check recurses into
        st.builds(
            lambda x: {"type": "object", "required": ["p"], "properties": {"p": x}}, children
        ),
    )


schemas = st.recursive(leaves, _composed, max_leaves=6)
components = st.fixed_dictionaries({name: schemas for name in NAMES})


def _nodes(value: Any) -> int:
    """How many schema objects (dicts) a document holds."""
    if isinstance(value, dict):
        return 1 + sum(_nodes(item) for item in value.values())
    if isinstance(value, list):
        return sum(_nodes(item) for item in value)
    return 0


@settings(max_examples=60, deadline=None)
@given(components, components, st.sampled_from(list(Direction)))
def test_random_recursive_compositions_end_within_a_structural_budget(
    base_components: dict[str, Any], revision_components: dict[str, Any], direction: Direction
) -> None:
    base = document(_ref("A"), base_components)
    revision = document(_ref("A"), revision_components)
    differ = differ_for(base, revision)
    differ.compare(site(base), site(revision), direction)
    # both directions may be reached (`not` flips): every pair of node sets, at most twice
    budget = 2 * (_nodes(base) + 1) ** 2 * (_nodes(revision) + 1) ** 2
    assert differ.pairs_compared <= budget


def test_a_parent_gaining_variants_that_include_it_ends_and_reports_each_variant() -> None:
    def pet(*variants: str) -> dict[str, Any]:
        node: dict[str, Any] = {"type": "object", "properties": {"name": {"type": "string"}}}
        if variants:
            node["oneOf"] = [_ref(name) for name in variants]
        return node

    def kinds(pet_node: dict[str, Any]) -> dict[str, Any]:
        return {
            "Pet": pet_node,
            **{
                name: {"allOf": [_ref("Pet"), {"properties": {name.lower(): {"type": "boolean"}}}]}
                for name in ("Cat", "Dog", "Lizard")
            },
        }

    base = document(_ref("Pet"), kinds(pet()))
    revision = document(_ref("Pet"), kinds(pet("Cat", "Dog", "Lizard")))
    differ = differ_for(base, revision)
    changes = differ.compare(site(base), site(revision), Direction.RESPONSE)
    assert differ.pairs_compared < 20
    added = {
        name
        for t, a, act, name in summary(changes)
        if (t, a, act) == (Target.SCHEMA, Aspect.ONE_OF, Action.ADDED)
    }
    assert len(added) == 2 and added <= {"Cat", "Dog", "Lizard"}
