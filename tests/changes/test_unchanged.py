"""The unchanged-pair test that lets the comparer skip untouched schemas (a pure speed-up)."""

from __future__ import annotations

import copy
import gc
from typing import Any

import pytest
from schema_helpers import compare, differ_for, document, site

from treaty._gc import paused_gc
from treaty.changes.model import Aspect, Direction
from treaty.changes.unchanged import Unchanged
from treaty.spec.schema import Part

PET = {"type": "object", "properties": {"name": {"type": "string", "maxLength": 10}}}
REF = {"$ref": "#/components/schemas/Pet"}


def _unchanged(base: dict[str, Any], revision: dict[str, Any]) -> Unchanged:
    return Unchanged(base, revision, enabled=True)


def test_the_same_json_without_refs_is_unchanged() -> None:
    check = _unchanged({}, {})
    assert check.node({"type": "string"}, {"type": "string"})
    assert not check.node({"type": "string"}, {"type": "integer"})


def test_equality_is_json_equality_not_python_equality() -> None:
    check = _unchanged({}, {})
    assert not check.node({"default": 1}, {"default": True})  # Python says 1 == True
    assert not check.node({"minimum": 1}, {"minimum": 1.0})  # stricter than JSON: walked


def test_a_value_that_is_not_json_is_never_unchanged() -> None:
    value = {"x": object()}
    assert not _unchanged({}, {}).node(value, value)


def test_a_ref_is_unchanged_only_when_its_target_is() -> None:
    base = document(REF, {"Pet": PET})
    same = _unchanged(base, copy.deepcopy(base))
    assert same.node(REF, dict(REF))
    revision = copy.deepcopy(base)
    revision["components"]["schemas"]["Pet"]["properties"]["name"]["maxLength"] = 5
    changed = _unchanged(base, revision)
    revision_ref = dict(REF)
    assert not changed.node(REF, revision_ref)
    assert not changed.node(REF, revision_ref)  # memoised verdict


def test_a_cycle_is_unchanged_until_one_member_changes() -> None:
    components = {
        "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"properties": {"a": {"$ref": "#/components/schemas/A"}, "n": {"type": "string"}}},
        "C": {"properties": {"a": {"$ref": "#/components/schemas/A"}}},
        "D": {
            "properties": {
                "b": {"$ref": "#/components/schemas/B"},
                "c": {"$ref": "#/components/schemas/C"},
            }
        },
    }
    base = document({}, components)
    assert _unchanged(base, copy.deepcopy(base)).node(
        {"$ref": "#/components/schemas/C"}, {"$ref": "#/components/schemas/C"}
    )
    revision = copy.deepcopy(base)
    revision["components"]["schemas"]["B"]["properties"]["n"]["type"] = "integer"
    check = _unchanged(base, revision)
    assert not check.node({"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/A"})
    # C is decided later, reaching the already-decided (changed) A
    assert not check.node({"$ref": "#/components/schemas/C"}, {"$ref": "#/components/schemas/C"})
    assert not _unchanged(base, revision).node(
        {"$ref": "#/components/schemas/D"}, {"$ref": "#/components/schemas/D"}
    )


def test_a_later_question_reuses_targets_decided_unchanged() -> None:
    base = document({}, {"Pet": PET, "Owner": {"properties": {"pet": REF}}})
    check = _unchanged(base, copy.deepcopy(base))
    assert check.node(REF, REF)
    owner = {"$ref": "#/components/schemas/Owner"}
    assert check.node(owner, dict(owner))


def test_unresolvable_external_and_positional_refs_count_as_changed() -> None:
    base = document({}, {"Pet": PET})
    check = _unchanged(base, copy.deepcopy(base))
    assert not check.node(
        {"$ref": "#/components/schemas/Gone"}, {"$ref": "#/components/schemas/Gone"}
    )
    assert not check.node({"$ref": "other.yaml#/Pet"}, {"$ref": "other.yaml#/Pet"})
    assert not check.node({"$recursiveRef": "#"}, {"$recursiveRef": "#"})


def test_disabled_and_mismatched_conjunctions_are_never_unchanged() -> None:
    node: dict[str, Any] = {"type": "string"}
    assert not Unchanged({}, {}, enabled=False).node(node, node)
    assert not Unchanged({}, {}, enabled=False).conj((Part(node, "#"),), (Part(node, "#"),))
    check = _unchanged({}, {})
    assert check.conj((Part(node, "#"),), (Part(node, "#/x"),))  # pointers do not matter
    assert not check.conj((Part(node, "#"),), ())
    assert not check.conj((Part(node, "#", bare=True),), (Part(node, "#"),))


def test_the_comparer_skips_unchanged_pairs_but_still_finds_changes_below_them() -> None:
    components = {"Pet": PET, "Owner": {"properties": {"pet": REF, "id": {"type": "integer"}}}}
    base = document({"$ref": "#/components/schemas/Owner"}, components)
    revision = copy.deepcopy(base)
    differ = differ_for(base, revision)
    assert differ.compare(site(base), site(revision), Direction.RESPONSE) == ()
    assert differ.pairs_compared == 0  # identical documents: nothing is walked
    revision["components"]["schemas"]["Pet"]["properties"]["name"]["maxLength"] = 5
    differ = differ_for(base, revision)
    changes = differ.compare(site(base), site(revision), Direction.RESPONSE)
    assert [change.aspect for change in changes] == [Aspect.MAX_LENGTH]
    # Owner, Owner.pet -> Pet, Pet.name; Owner.id is skipped as unchanged
    assert differ.pairs_compared == 3


def test_documents_of_different_dialects_are_always_walked() -> None:
    changes = compare({"type": "string"}, {"type": "string"}, version="3.0", revision_version="3.1")
    assert changes == ()


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_gc_restores_the_collector_state(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with paused_gc():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
