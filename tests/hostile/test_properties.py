"""Property-based robustness: whatever JSON-like value arrives, only treaty's documented
errors escape ``load``, ``validate`` and ``diff`` — never a KeyError, TypeError or RecursionError.

Two generators: arbitrary JSON trees (with OpenAPI-ish keys mixed in so the builders get past
the first check), and random mutations of the real fixture specs (a node replaced, a key
dropped, a ``$ref`` pointed somewhere arbitrary).
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import event, given
from hypothesis import strategies as st

from treaty import api
from treaty.errors import TreatyError
from treaty.sources import Document, load

SPECS = Path(__file__).resolve().parents[2] / "fixtures" / "specs"
FIXTURES = {
    path.name: json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    for path in sorted(SPECS.glob("petstore-*"))
}
KEYS = st.sampled_from(
    [
        "openapi", "swagger", "paths", "/pets", "/pets/{id}", "get", "post", "parameters",
        "responses", "200", "2XX", "default", "content", "application/json", "schema", "type",
        "properties", "items", "allOf", "oneOf", "anyOf", "$ref", "required", "in", "name",
        "components", "schemas", "definitions", "requestBody", "enum", "nullable", "security",
        "securitySchemes", "headers", "additionalProperties", "discriminator", "x-sunset",
    ]
)  # fmt: skip
REFS = st.sampled_from(
    ["#/components/schemas/Pet", "#/definitions/Pet", "#", "#/", "#/paths", "#bad", "#/a~2b",
     "#/components/schemas/Pet/properties/id", "./other.yaml", "http://127.0.0.1:9/x"]
)  # fmt: skip
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
)
JSON = st.recursive(
    SCALARS | REFS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(KEYS | st.text(max_size=6), children, max_size=5)
    ),
    max_leaves=40,
)
DOCUMENTS = st.builds(
    lambda version, rest: {**rest, **version},
    st.sampled_from([{"openapi": "3.0.3"}, {"openapi": "3.1.0"}, {"swagger": "2.0"}]),
    st.dictionaries(KEYS, JSON, max_size=6),
)


def _document(root: dict[str, Any], name: str = "generated.json") -> Document:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(json.dumps(root))
        return load(str(path))


def _exercise(base: dict[str, Any], revision: dict[str, Any]) -> None:
    try:
        base_document, revision_document = _document(base), _document(revision)
    except TreatyError:
        event("refused while loading")
        return
    for document in (base_document, revision_document):
        api.validate(document)  # problems are findings, not exceptions
    for first, second in ((base_document, revision_document), (revision_document, base_document)):
        try:
            api.diff(first, second)
            event("diffed")
        except TreatyError:
            event("refused while diffing")


@given(DOCUMENTS, DOCUMENTS)
def test_arbitrary_documents_raise_only_treaty_errors(
    base: dict[str, Any], revision: dict[str, Any]
) -> None:
    _exercise(base, revision)


def _locations(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _locations(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _locations(value, (*path, index))
    return found


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    original = FIXTURES[draw(st.sampled_from(sorted(FIXTURES)))]
    mutated = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_locations(mutated)[1:]))
        *parents, last = path
        parent = mutated
        for step in parents:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "ref"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[last]
        elif action == "ref":
            parent[last] = {"$ref": draw(REFS)}
        else:
            parent[last] = draw(JSON)
    return original, mutated


@given(_mutated())
def test_mutated_fixture_specs_raise_only_treaty_errors(
    pair: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    _exercise(*pair)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_the_fixture_specs_themselves_are_clean(name: str) -> None:
    document = _document(FIXTURES[name])
    assert api.validate(document).valid
    assert api.diff(document, document).findings == ()
