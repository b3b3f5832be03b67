"""Wrong shapes become one-line SpecErrors naming the JSON pointer, never crashes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from treaty.errors import SpecError
from treaty.spec import Spec

SpecOf = Callable[[dict[str, object]], Spec]


def _op(operation: object) -> dict[str, object]:
    return {"openapi": "3.0.0", "paths": {"/a": {"get": operation}}}


@pytest.mark.parametrize(
    ("document", "pointer"),
    [
        ({"openapi": "3.0.0", "paths": ["/a"]}, "#/paths"),
        (_op("not an operation"), "#/paths/~1a/get"),
        (_op({"parameters": [{"name": "x"}]}), "#/paths/~1a/get/parameters/0"),
        (_op({"parameters": [{"in": "query"}]}), "#/paths/~1a/get/parameters/0"),
        (_op({"parameters": [{"in": "body", "name": "x"}]}), "#/paths/~1a/get/parameters/0/in"),
        (_op({"parameters": {"name": "x"}}), "#/paths/~1a/get/parameters"),
        (_op({"responses": {"200": "ok"}}), "#/paths/~1a/get/responses/200"),
        (_op({"responses": {None: {}}}), "#/paths/~1a/get/responses"),
        (_op({"tags": "pets"}), "#/paths/~1a/get/tags"),
        (_op({"tags": [1]}), "#/paths/~1a/get/tags/0"),
        (_op({"deprecated": "yes"}), "#/paths/~1a/get/deprecated"),
        (_op({"operationId": ["x"]}), "#/paths/~1a/get/operationId"),
        (_op({"security": [{"k": "read"}]}), "#/paths/~1a/get/security/0/k"),
        (_op({"requestBody": {"content": []}}), "#/paths/~1a/get/requestBody/content"),
        ({"openapi": "3.0.0", "paths": {1: {}}}, "#/paths"),
        ({"openapi": "3.1.0", "webhooks": [], "paths": {}}, "#/webhooks"),
        ({"openapi": "3.1.0", "webhooks": {"a": {"post": []}}}, "#/webhooks/a/post"),
        (_op({"callbacks": {"on": []}}), "#/paths/~1a/get/callbacks/on"),
        (
            _op({"callbacks": {"on": {"{$url}": {"post": 1}}}}),
            "#/paths/~1a/get/callbacks/on/{$url}/post",
        ),
        ({"openapi": "3.0.0", "servers": {"url": "/"}, "paths": {}}, "#/servers"),
        ({"openapi": "3.0.0", "info": "x", "paths": {}}, "#/info"),
        (
            {
                "swagger": "2.0",
                "paths": {
                    "/a": {
                        "get": {
                            "parameters": [
                                {
                                    "name": "x",
                                    "in": "query",
                                    "type": "array",
                                    "collectionFormat": "weird",
                                }
                            ]
                        }
                    }
                },
            },
            "#/paths/~1a/get/parameters/0/collectionFormat",
        ),
    ],
)
def test_wrong_shapes_are_spec_errors_naming_the_pointer(
    spec_of: SpecOf, document: dict[str, object], pointer: str
) -> None:
    with pytest.raises(SpecError) as info:
        spec_of(document)
    message = str(info.value)
    assert message.endswith(f"at {pointer}"), message
    assert message.startswith("inline.yaml: ")
    assert "\n" not in message


def test_dangling_ref_is_a_spec_error(spec_of: SpecOf) -> None:
    with pytest.raises(SpecError, match="points at nothing"):
        spec_of(_op({"parameters": [{"$ref": "#/components/parameters/Nope"}]}))


def test_unknown_methods_and_extensions_are_ignored(spec_of: SpecOf) -> None:
    spec = spec_of(
        {
            "openapi": "3.0.0",
            "paths": {"/a": {"x-thing": 1, "summary": "s", "query": "?", "get": {}}, "x-y": []},
        }
    )
    assert len(spec.operations) == 1
    (operation,) = spec.operations.values()
    assert operation.responses == {}


def test_yaml_dates_and_numbers_read_as_text(spec_of: SpecOf) -> None:
    import datetime

    spec = spec_of(_op({"x-sunset": datetime.date(2030, 1, 2), "operationId": 7}))
    (operation,) = spec.operations.values()
    assert operation.sunset == "2030-01-02" and operation.operation_id == "7"


@pytest.mark.parametrize(
    ("value", "kind"), [(1.5, "a number"), (True, "a boolean"), ({}, "an object")]
)
def test_messages_name_the_json_kind_found(spec_of: SpecOf, value: object, kind: str) -> None:
    with pytest.raises(SpecError, match=f"expected an array, found {kind} at"):
        spec_of(_op({"tags": value}))
    with pytest.raises(SpecError, match="expected an object, found null at"):
        spec_of(_op({"parameters": [None]}))


def test_a_path_item_referring_to_itself_is_a_spec_error(spec_of: SpecOf) -> None:
    document: dict[str, object] = {"openapi": "3.0.0", "paths": {"/a": {"$ref": "#/paths/~1a"}}}
    with pytest.raises(SpecError, match="cycle"):
        spec_of(document)
