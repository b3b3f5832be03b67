"""Property: diffing any document with itself finds nothing."""

from __future__ import annotations

from typing import Any

from diffing import diff_documents
from hypothesis import given, settings
from hypothesis import strategies as st

NAMES = st.text(alphabet="abcxyz", min_size=1, max_size=4)
SCHEMAS = st.recursive(
    st.fixed_dictionaries({"type": st.sampled_from(["string", "integer", "boolean"])})
    | st.just({"$ref": "#/components/schemas/Shared"}),
    lambda inner: (
        st.fixed_dictionaries(
            {"type": st.just("object"), "properties": st.dictionaries(NAMES, inner, max_size=3)}
        )
        | st.fixed_dictionaries({"anyOf": st.lists(inner, min_size=1, max_size=2)})
    ),
    max_leaves=6,
)
PARAMETERS = st.lists(
    st.fixed_dictionaries(
        {
            "name": NAMES,
            "in": st.sampled_from(["query", "header", "cookie"]),
            "required": st.booleans(),
            "schema": SCHEMAS,
        }
    ),
    max_size=3,
    unique_by=lambda p: (p["in"], p["name"].lower()),
)
RESPONSES = st.dictionaries(
    st.sampled_from(["200", "201", "4XX", "default"]),
    st.fixed_dictionaries(
        {
            "description": st.just("r"),
            "content": st.dictionaries(
                st.sampled_from(["application/json", "text/plain"]),
                st.fixed_dictionaries({"schema": SCHEMAS}),
                max_size=2,
            ),
        }
    ),
    min_size=1,
    max_size=3,
)
OPERATIONS = st.fixed_dictionaries(
    {"parameters": PARAMETERS, "responses": RESPONSES},
    optional={
        "deprecated": st.booleans(),
        "operationId": NAMES,
        "security": st.lists(st.dictionaries(st.sampled_from(["k", "o"]), st.just([]))),
    },
)
DOCUMENTS = st.builds(
    lambda paths, shared: {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": {"Shared": shared},
            "securitySchemes": {"k": {"type": "apiKey", "in": "header", "name": "K"}},
        },
    },
    st.dictionaries(
        st.sampled_from(["/a", "/a/{id}", "/b/{x}/c"]),
        st.dictionaries(st.sampled_from(["get", "post", "delete"]), OPERATIONS, min_size=1),
        max_size=3,
    ),
    st.fixed_dictionaries(
        {"type": st.just("object"), "properties": st.dictionaries(NAMES, SCHEMAS, max_size=3)}
    ),
)


@settings(max_examples=60, deadline=None)
@given(DOCUMENTS)
def test_a_document_diffed_with_itself_has_no_changes(document: dict[str, Any]) -> None:
    assert diff_documents(document, document, include_docs=True) == []
