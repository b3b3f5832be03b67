"""oneOf/anyOf: variants are paired by meaning; wrappers are not type changes."""

from __future__ import annotations

from schema_helpers import compare, one, summary

from treaty.changes.model import Action, Aspect, Direction, Target

CAT = {"type": "object", "properties": {"meow": {"type": "string"}, "name": {"type": "string"}}}
DOG = {"type": "object", "properties": {"bark": {"type": "string"}, "name": {"type": "string"}}}
COMPONENTS = {"Cat": CAT, "Dog": DOG}


def refs(*names: str) -> list[dict[str, str]]:
    return [{"$ref": f"#/components/schemas/{name}"} for name in names]


def test_removed_variant_by_ref_name() -> None:
    changes = compare({"oneOf": refs("Cat", "Dog")}, {"oneOf": refs("Dog")}, components=COMPONENTS)
    # oneOf [Dog] is Dog itself: the plain side is paired with its own variant
    change = one(changes, Aspect.ONE_OF)
    assert (change.action, change.name, change.before) == (
        Action.REMOVED,
        "Cat",
        "#/components/schemas/Cat",
    )
    assert change.location.base_pointer is not None and change.location.base_pointer.endswith(
        "/oneOf/0"
    )


def test_added_variant_among_several() -> None:
    fish = {"type": "object", "properties": {"fin": {"type": "integer"}}}
    changes = compare(
        {"anyOf": refs("Cat", "Dog")},
        {"anyOf": refs("Fish", "Dog", "Cat")},
        components={**COMPONENTS, "Fish": fish},
    )
    assert summary(changes) == {(Target.SCHEMA, Aspect.ANY_OF, Action.ADDED, "Fish")}


def test_reordered_and_renamed_variants_are_no_change() -> None:
    revision_components = {"Kitty": CAT, "Dog": DOG}
    changes = compare(
        {"oneOf": refs("Cat", "Dog")},
        {"oneOf": refs("Dog", "Kitty")},
        components=COMPONENTS,
        revision_components=revision_components,
    )
    assert changes == ()


def test_inline_variants_matched_by_title_then_structure() -> None:
    base = {
        "oneOf": [
            {"title": "A", "type": "string"},
            {"type": "object", "properties": {"x": {}, "y": {}}},
        ]
    }
    revision = {
        "oneOf": [
            {"type": "object", "properties": {"x": {}, "y": {}, "z": {}}},
            {"title": "A", "type": "string", "maxLength": 3},
        ]
    }
    changes = compare(base, revision)
    assert summary(changes) == {
        (Target.SCHEMA, Aspect.MAX_LENGTH, Action.CHANGED, None),
        (Target.PROPERTY, Aspect.EXISTENCE, Action.ADDED, "z"),
    }


def test_variants_matched_by_discriminator_value() -> None:
    def variant(kind: str, extra: str) -> dict[str, object]:
        return {
            "type": "object",
            "properties": {"kind": {"enum": [kind]}, extra: {"type": "string"}},
        }

    base = {
        "oneOf": [variant("a", "p"), variant("b", "q")],
        "discriminator": {"propertyName": "kind"},
    }
    revision = {
        "oneOf": [variant("b", "p"), variant("a", "q")],
        "discriminator": {"propertyName": "kind"},
    }
    found = summary(compare(base, revision))
    assert (Target.PROPERTY, Aspect.EXISTENCE, Action.REMOVED, "p") in found
    assert all(aspect not in {Aspect.ONE_OF, Aspect.ENUM} for _, aspect, _, _ in found)


def test_mapping_key_pairs_renamed_refs() -> None:
    base = {
        "oneOf": refs("Cat", "Dog"),
        "discriminator": {
            "propertyName": "t",
            "mapping": {"cat": "Cat", "dog": "#/components/schemas/Dog"},
        },
    }
    revision = {
        "oneOf": refs("Kitty", "Dog"),
        "discriminator": {
            "propertyName": "t",
            "mapping": {"cat": "Kitty", "dog": "#/components/schemas/Dog"},
        },
    }
    changes = compare(
        base,
        revision,
        components=COMPONENTS,
        revision_components={"Kitty": DOG | {"title": "k"}, "Dog": DOG},
    )
    assert Aspect.ONE_OF not in {c.aspect for c in changes}


def test_single_schema_to_oneof_compares_with_equivalent_variant() -> None:
    changes = compare(
        {"type": "string", "maxLength": 5},
        {"oneOf": [{"type": "integer"}, {"type": "string", "maxLength": 5}]},
    )
    change = one(changes, Aspect.ONE_OF)
    assert (change.action, change.name, change.after) == (Action.ADDED, "0", "integer")
    assert len(changes) == 1
    back = compare(
        {"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 5}]},
        {"type": "string", "maxLength": 4},
        Direction.REQUEST,
    )
    assert {c.aspect for c in back} == {Aspect.ANY_OF, Aspect.MAX_LENGTH}


def test_wrapper_keywords_apply_to_each_variant() -> None:
    base = {"type": "string", "nullable": True}
    revision = {"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": True}
    assert summary(compare(base, revision)) == {(Target.SCHEMA, Aspect.ANY_OF, Action.ADDED, "1")}


def test_string_branch_removed_from_anyof_with_ref_and_null() -> None:
    error = {"oneOf": refs("Cat", "Dog"), "discriminator": {"propertyName": "type"}}
    components = {**COMPONENTS, "Error": error}
    base = {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Error"}, {"type": "null"}]}
    revision = {"anyOf": [{"$ref": "#/components/schemas/Error"}, {"type": "null"}]}
    changes = compare(base, revision, components=components, version="3.1")
    assert summary(changes) == {(Target.SCHEMA, Aspect.ANY_OF, Action.REMOVED, "0")}


def test_oneof_of_single_value_enums_is_an_enum() -> None:
    base = {"type": "string", "enum": ["ProductPricing", "SkuPricing"]}
    revision = {
        "oneOf": [
            {"type": "string", "enum": [v]}
            for v in ("BundlePricing", "ProductPricing", "SkuPricing")
        ]
    }
    change = one(compare(base, revision), Aspect.ENUM)
    assert change.after == ["BundlePricing", "ProductPricing", "SkuPricing"]
    assert len(compare(base, revision)) == 1


def test_oneof_became_anyof() -> None:
    changes = compare(
        {"oneOf": refs("Cat", "Dog")}, {"anyOf": refs("Cat", "Dog")}, components=COMPONENTS
    )
    change = one(changes, Aspect.ONE_OF)
    assert (change.action, change.before, change.after) == (Action.CHANGED, "oneOf", "anyOf")
    assert len(changes) == 1


def test_unpairable_variants_are_added_and_removed() -> None:
    changes = compare(
        {"oneOf": [{"type": "string"}, {"type": "boolean"}]},
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
    )
    assert summary(changes) == {
        (Target.SCHEMA, Aspect.ONE_OF, Action.REMOVED, "1"),
        (Target.SCHEMA, Aspect.ONE_OF, Action.ADDED, "1"),
    }
