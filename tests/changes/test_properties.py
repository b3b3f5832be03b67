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


def _refactor(document: dict[str, Any], seed: int) -> dict[str, Any]:
    """Contract-preserving edits: renamed path parameters, $ref'ed and reordered parameters,
    path-level parameters, media type spelling, header name case, status code case."""
    components = document.setdefault("components", {}).setdefault("parameters", {})
    paths: dict[str, Any] = {}
    for number, (path, item) in enumerate(document["paths"].items()):
        renamed = path.replace("{id}", "{ident}").replace("{x}", "{y}")
        item = dict(item)
        for method, operation in list(item.items()):
            operation = dict(operation)
            parameters = []
            for index, parameter in enumerate(reversed(operation["parameters"])):
                parameter = dict(parameter)
                if parameter["in"] == "header":
                    parameter["name"] = parameter["name"].upper()
                if (index + seed) % 2:
                    name = f"P{number}{method}{index}"
                    components[name] = parameter
                    parameter = {"$ref": f"#/components/parameters/{name}"}
                parameters.append(parameter)
            operation["parameters"] = parameters
            operation["responses"] = {
                status.lower(): {
                    **response,
                    "content": {
                        f"{media.upper()}; charset=utf-8": body
                        for media, body in response["content"].items()
                    },
                }
                for status, response in operation["responses"].items()
            }
            item[method] = operation
        if len(item) == 1 and seed % 3 == 0:  # one operation: its parameters may move up
            (operation,) = item.values()
            item["parameters"], operation["parameters"] = operation["parameters"], []
        paths[renamed] = item
    return {**document, "paths": paths}


@settings(max_examples=60, deadline=None)
@given(DOCUMENTS, st.integers(min_value=0, max_value=5))
def test_refactors_that_keep_the_contract_have_no_changes(
    document: dict[str, Any], seed: int
) -> None:
    assert diff_documents(document, _refactor(document, seed)) == []
