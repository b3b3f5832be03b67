"""The normalised schema view and its value/pattern helpers."""

from __future__ import annotations

from typing import Any

import pytest

from treaty.changes.pattern import canonical as canonical_pattern
from treaty.changes.pattern import equivalent
from treaty.errors import SpecError
from treaty.spec.dialect import Dialect
from treaty.spec.schema import Views, is_null_schema
from treaty.spec.values import canonical, intersect, same


def view_of(schema: Any, components: dict[str, Any] | None = None) -> Any:
    root = {"openapi": "3.1.0", "components": {"schemas": components or {}}, "x": schema}
    views = Views(root, Dialect.OPENAPI_31)
    return views.view(views.conj(schema, "#/x"))


def test_json_equality_distinguishes_booleans_and_merges_int_float() -> None:
    assert same(1, 1.0) and not same(1, True) and not same(0, False)
    assert same({"a": [1, "x"]}, {"a": [1.0, "x"]}) and not same([1, 2], [2, 1])
    assert canonical(None) is None
    assert intersect((1, "a", True), (True, 1.0)) == (1, True)


def test_view_reads_nullability_in_every_spelling() -> None:
    assert view_of({"type": ["string", "null"]}).nullable
    assert view_of({"type": "string", "nullable": True}).nullable
    assert view_of({"anyOf": [{"type": "string"}, {"type": "null"}]}).types == {"string"}
    assert not view_of({"type": "string"}).nullable
    assert view_of({}).nullable  # any type accepts null
    assert is_null_schema({"const": None}) and not is_null_schema({"type": "string"})


def test_view_merges_allof_and_records_origins() -> None:
    view = view_of(
        {"allOf": [{"$ref": "#/components/schemas/A"}, {"maxLength": 3}]},
        {"A": {"type": "string", "maxLength": 9}},
    )
    assert view.types == {"string"} and view.limits["maxLength"] == 3
    assert view.origin("type") == "#/components/schemas/A"
    assert view.origin("maxLength") == "#/x/allOf/1"


def test_view_folds_single_value_enum_alternatives() -> None:
    view = view_of({"anyOf": [{"const": "a"}, {"const": "b"}, {"type": "null"}]})
    assert view.enum == ("a", "b") and view.nullable and view.one_of == () and view.any_of == ()


def test_dangling_and_external_refs() -> None:
    assert view_of({"$ref": "other.yaml#/X"}).types is None  # left as written, not followed


def test_property_name_only_for_inline_property_schemas() -> None:
    root = {"openapi": "3.1.0", "x": {"properties": {"p": {"type": "string"}}}}
    views = Views(root, Dialect.OPENAPI_31)
    outer = views.view(views.conj(root["x"], "#/x"))
    inner = views.view(outer.properties["p"].conj)
    assert outer.property_name is None and inner.property_name == "p"


@pytest.mark.parametrize(
    ("left", "right", "same_meaning"),
    [
        ("\\d+", "[0-9]+", True),
        ("[\\d]", "[0-9]", True),
        ("a{0,}b{1,}c{0,1}", "a*b+c?", True),
        ("\\\\d", "\\\\[0-9]", False),
        ("^.*x", "x", False),
        ("a{2,}", "a+", False),
        ("^[a-z]+$", "^[a-z]{1,}$", True),
        ("^[a-zA-Z0-9_-]+$", "^[\\w-]+$", True),
        ("^[A-Fa-f0-9]{40}$", "^[0-9a-fA-F]{40,40}$", True),
        ("^(?:[a-z]+)$", "^([a-z]+)$", True),
        ("^[.]/v1$", "^\\.\\/v1$", True),
        ("(a|b)", "a|b", True),
        ("a+?x{1}", "a+x", True),
        ("^(a|b)$", "^a|b$", False),
        ("^(ab)+$", "^ab+$", False),
        ("(a)\\1", "a\\1", False),
        ("[\\s]", "\\s", False),
        ("[]a]", "a]", False),
        ("[^a-c]", "[abc]", False),
        (None, None, True),
        (None, "a", False),
    ],
)
def test_pattern_equivalence_is_conservative(
    left: str | None, right: str | None, same_meaning: bool
) -> None:
    assert equivalent(left, right) is same_meaning


def test_pattern_canonical_keeps_unclosed_braces() -> None:
    assert canonical_pattern("a{") == "a{"


def test_all_of_keeps_every_pattern_not_and_variant_list() -> None:
    members = [
        {"pattern": "^a", "not": {"enum": ["x"]}, "oneOf": [{"type": "string"}, {"minLength": 1}]},
        {"pattern": "b$", "not": {"enum": ["y"]}, "anyOf": [{"maxLength": 3}, {"format": "d"}]},
        {"pattern": "^a"},
    ]
    root = {"openapi": "3.0.3", "x": {"allOf": members}}
    views = Views(root, Dialect.OPENAPI_30)
    view = views.view(views.conj(root["x"], "#/x"))
    assert view.patterns == (("^a", "#/x/allOf/0"), ("b$", "#/x/allOf/1"))
    assert [variant.pointer for variant in view.negated] == ["#/x/allOf/0/not", "#/x/allOf/1/not"]
    assert [(group.keyword, group.pointer) for group in view.groups] == [
        ("oneOf", "#/x/allOf/0"),
        ("anyOf", "#/x/allOf/1"),
    ]


_SAMPLES = [
    "^[a-zA-Z0-9_-]+$",
    "^(?:[a-f0-9]{2}){1}([.]|:)?$",
    "(ab|c)d+?",
    "^x([0-9]{1,3}|[a-z])$",
    "[\\d.\\/-]{0,1}(q)",
]


@pytest.mark.parametrize("pattern", _SAMPLES)
def test_canonical_pattern_accepts_the_same_strings(pattern: str) -> None:
    import random
    import re

    rewritten = canonical_pattern(pattern)
    alphabet = "ab cdfqxz019.:/-_A\n"
    draw = random.Random(pattern)
    for _ in range(3000):
        text = "".join(draw.choice(alphabet) for _ in range(draw.randint(0, 8)))
        # ASCII inputs only: Python's \\d and \\w are Unicode, ECMA-262's are not
        assert bool(re.search(pattern, text)) == bool(re.search(rewritten, text)), text


def _views(components: dict[str, Any]) -> Views:
    return Views({"openapi": "3.1.0", "components": {"schemas": components}}, Dialect.OPENAPI_31)


def test_anchor_refs_resolve_preferring_the_enclosing_resource() -> None:
    views = _views(
        {
            "Pet": {
                "$id": "https://example.com/pet",
                "properties": {"kind": {"$ref": "#kind"}},
                "$defs": {"K": {"$anchor": "kind", "type": "integer"}},
            },
            "Other": {"$anchor": "kind", "type": "string"},
            "Data": {"example": {"$anchor": "ghost"}},
        }
    )
    at = "#/components/schemas/Pet/properties/kind"
    node, pointer = views.resolve({"$ref": "#kind"}, at)
    assert (node["type"], pointer) == ("integer", "#/components/schemas/Pet/$defs/K")
    assert views.resolve({"$ref": "#kind"}, "#/x")[1] == "#/components/schemas/Other"
    with pytest.raises(SpecError, match="no \\$anchor of that name"):
        views.resolve({"$ref": "#ghost"}, "#/x")  # an `$anchor` inside an example is data


def test_pointers_that_miss_the_document_are_relative_to_the_schema_id() -> None:
    views = _views(
        {"Pet": {"$id": "https://example.com/pet", "$defs": {"Tag": {"type": "string"}}}}
    )
    at = "#/components/schemas/Pet/properties/tag"
    assert views.resolve({"$ref": "#/$defs/Tag"}, at)[1] == "#/components/schemas/Pet/$defs/Tag"
    with pytest.raises(SpecError, match="nothing"):
        views.resolve({"$ref": "#/$defs/Tag"}, "#/x")  # no `$id` above: the document's root


def test_dynamic_refs_resolve_when_every_scope_agrees() -> None:
    views = _views(
        {
            "Tree": {"$dynamicAnchor": "node", "type": "object"},
            "A": {"$dynamicAnchor": "twice"},
            "B": {"$dynamicAnchor": "twice"},
            "Plain": {"$anchor": "plain", "type": "string"},
        }
    )
    at = "#/components/schemas/Tree/properties/kid"
    assert views.resolve({"$dynamicRef": "#node"}, at)[1] == "#/components/schemas/Tree"
    assert views.resolve({"$dynamicRef": "#"}, at)[1] == "#/components/schemas/Tree"
    assert views.resolve({"$dynamicRef": "#plain"}, at)[1] == "#/components/schemas/Plain"
    assert views.resolve({"$dynamicRef": "#/components/schemas/Plain"}, at)[0]["type"] == "string"
    assert not views.unresolved
    for ambiguous in ({"$dynamicRef": "#twice"}, {"$dynamicRef": "https://elsewhere/x"}):
        assert views.resolve(ambiguous, at) == (ambiguous, at)
        assert views.unresolved[id(ambiguous)] == ambiguous["$dynamicRef"]
