"""Building the Spec from OpenAPI 3.0 and 3.1 documents."""

from __future__ import annotations

from collections.abc import Callable

from treaty.changes.model import OperationKey
from treaty.spec import ParameterLocation, Spec
from treaty.spec.build import template
from treaty.spec.dialect import Dialect

SpecOf = Callable[[dict[str, object]], Spec]

PETS: dict[str, object] = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": 1},
    "servers": [{"url": "https://{host}/v1/", "variables": {"host": {"default": "x.io"}}}],
    "security": [{"oauth": ["read", "admin"]}],
    "paths": {
        "x-ignored": {"anything": True},
        "/pets/{petId}": {
            "parameters": [
                {"name": "petId", "in": "path", "schema": {"type": "string"}},
                {"name": "trace", "in": "header", "schema": {"type": "string"}},
            ],
            "x-internal": True,
            "search": {"not": "a method"},
            "get": {
                "operationId": "getPet",
                "tags": ["pets"],
                "deprecated": True,
                "x-sunset": "2030-01-01",
                "x-stability-level": "beta",
                "parameters": [
                    {
                        "name": "TRACE",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                    {"$ref": "#/components/parameters/Limit"},
                ],
                "responses": {
                    200: {"$ref": "#/components/responses/Pet"},
                    "4XX": {"description": "bad"},
                    "default": {"description": "error"},
                },
            },
            "post": {
                "security": [],
                "servers": [{"url": "/v2"}],
                "requestBody": {"$ref": "#/components/requestBodies/Pet"},
                "responses": {"201": {"description": "ok"}},
            },
        },
    },
    "components": {
        "parameters": {
            "Limit": {
                "name": "limit",
                "in": "query",
                "style": "form",
                "explode": False,
                "schema": {"type": "integer", "default": 10},
            }
        },
        "requestBodies": {
            "Pet": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
            }
        },
        "responses": {
            "Pet": {
                "description": "a pet",
                "headers": {
                    "X-Rate": {"$ref": "#/components/headers/Rate"},
                    "Content-Type": {"schema": {"type": "string"}},
                },
                "content": {"application/json; charset=utf-8": {"schema": {"type": "object"}}},
            }
        },
        "headers": {"Rate": {"required": True, "schema": {"type": "integer"}}},
        "schemas": {"Pet": {"type": "object"}},
        "securitySchemes": {
            "oauth": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {"tokenUrl": "https://t", "scopes": {"b": "", "a": ""}}
                },
            },
            "bearer": {"type": "http", "scheme": "Bearer"},
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
        },
    },
}


def test_operations_are_keyed_by_method_and_path_as_written(spec_of: SpecOf) -> None:
    spec = spec_of(PETS)
    assert spec.dialect is Dialect.OPENAPI_30
    assert sorted(spec.operations) == [
        OperationKey("get", "/pets/{petId}"),
        OperationKey("post", "/pets/{petId}"),
    ]
    get = spec.operations[OperationKey("get", "/pets/{petId}")]
    assert get.path_template == "/pets/{}"
    assert get.path_parameters == ("petId",)
    assert get.operation_id == "getPet"
    assert get.deprecated and get.sunset == "2030-01-01" and get.stability == "beta"
    assert get.tags == ("pets",)
    assert get.pointer == "#/paths/~1pets~1{petId}/get"
    assert spec.info.title == "Pets" and spec.info.version == "1"


def test_path_parameters_merge_and_operation_level_wins(
    spec_of: SpecOf,
) -> None:
    get = spec_of(PETS).operations[OperationKey("get", "/pets/{petId}")]
    by_name = {p.name: p for p in get.parameters}
    assert set(by_name) == {"petId", "TRACE", "limit"}
    assert by_name["TRACE"].required and by_name["TRACE"].location is ParameterLocation.HEADER
    assert by_name["petId"].required  # path parameters are always required
    assert by_name["petId"].style == "simple" and not by_name["petId"].explode


def test_referenced_parameter_keeps_the_pointer_of_its_definition(spec_of: SpecOf) -> None:
    get = spec_of(PETS).operations[OperationKey("get", "/pets/{petId}")]
    limit = next(p for p in get.parameters if p.name == "limit")
    assert limit.pointer == "#/components/parameters/Limit"
    assert limit.style == "form" and limit.explode is False
    assert limit.schema is not None
    assert limit.schema.pointer == "#/components/parameters/Limit/schema"


def test_referenced_responses_bodies_and_headers_are_resolved(spec_of: SpecOf) -> None:
    spec = spec_of(PETS)
    get = spec.operations[OperationKey("get", "/pets/{petId}")]
    assert list(get.responses) == ["200", "4XX", "default"]
    ok = get.responses["200"]
    assert ok.pointer == "#/components/responses/Pet"
    assert list(ok.headers) == ["X-Rate"]  # Content-Type is ignored
    assert ok.headers["X-Rate"].required
    assert ok.headers["X-Rate"].pointer == "#/components/headers/Rate"
    media = ok.content["application/json; charset=utf-8"]
    assert media.schema is not None and media.schema.node == {"type": "object"}
    post = spec.operations[OperationKey("post", "/pets/{petId}")]
    assert post.request_body is not None and post.request_body.required
    assert post.request_body.pointer == "#/components/requestBodies/Pet"
    schema = post.request_body.content["application/json"].schema
    assert schema is not None and schema.node == {"$ref": "#/components/schemas/Pet"}


def test_security_is_effective_per_operation_and_schemes_are_typed(spec_of: SpecOf) -> None:
    spec = spec_of(PETS)
    get = spec.operations[OperationKey("get", "/pets/{petId}")]
    post = spec.operations[OperationKey("post", "/pets/{petId}")]
    assert [r.name for r in get.security] == ["oauth"]
    assert get.security[0].schemes["oauth"] == ("admin", "read")
    assert post.security == ()
    schemes = spec.security_schemes
    assert schemes["bearer"].kind == "http/bearer"
    assert schemes["key"].api_key_location == "header:X-Key"
    assert schemes["oauth"].flows["clientCredentials"].scopes == ("a", "b")
    assert schemes["oauth"].flows["clientCredentials"].token_url == "https://t"


def test_servers_resolve_variables_and_operations_may_override(spec_of: SpecOf) -> None:
    spec = spec_of(PETS)
    assert spec.servers[0].base_path == "/v1"
    post = spec.operations[OperationKey("post", "/pets/{petId}")]
    assert post.servers[0].base_path == "/v2"


def test_openapi_31_content_described_parameter_and_path_item_ref(spec_of: SpecOf) -> None:
    spec = spec_of(
        {
            "openapi": "3.1.0",
            "paths": {"/a": {"$ref": "#/components/pathItems/A"}},
            "components": {
                "pathItems": {
                    "A": {
                        "get": {
                            "parameters": [
                                {
                                    "name": "filter",
                                    "in": "query",
                                    "content": {"application/json": {"schema": {"type": "object"}}},
                                }
                            ],
                            "responses": {"200": {"description": "ok"}},
                        }
                    }
                }
            },
        }
    )
    assert spec.dialect is Dialect.OPENAPI_31
    op = spec.operations[OperationKey("get", "/a")]
    assert op.pointer == "#/components/pathItems/A/get"
    (param,) = op.parameters
    assert param.schema is None and list(param.content) == ["application/json"]
    assert param.style == "form" and param.explode


def test_template_blanks_names_and_lists_them_in_order() -> None:
    assert template("/a/{x}/b/{y}") == ("/a/{}/b/{}", ("x", "y"))


def test_path_item_servers_apply_to_its_operations(spec_of: SpecOf) -> None:
    spec = spec_of(
        {
            "openapi": "3.0.0",
            "servers": [{"url": "https://x.io/api/"}],
            "paths": {"/a": {"servers": [{"url": "/b?x=1"}], "get": {}}, "/c": {"get": {}}},
        }
    )
    assert spec.operations[OperationKey("get", "/a")].servers[0].base_path == "/b"
    assert spec.operations[OperationKey("get", "/c")].servers[0].base_path == "/api"


HOOKS: dict[str, object] = {
    "openapi": "3.1.0",
    "info": {"title": "Events", "version": "1"},
    "paths": {
        "/subscriptions": {
            "post": {
                "responses": {"201": {"description": "ok"}},
                "callbacks": {
                    "x-note": {},
                    "onEvent": {"{$request.body#/url}": {"post": {}}, "x-skip": {}},
                    "shared": {"$ref": "#/components/callbacks/Shared"},
                },
            }
        }
    },
    "webhooks": {"newPet": {"post": {}, "put": {}}, "x-internal": {"post": {}}},
    "components": {
        "callbacks": {"Shared": {"{$request.query.to}": {"$ref": "#/components/pathItems/P"}}},
        "pathItems": {"P": {"get": {"callbacks": {"nested": {"{$url}": {"post": {}}}}}}},
    },
}


def test_webhooks_are_operations_the_api_sends(spec_of: SpecOf) -> None:
    spec = spec_of(HOOKS)
    assert sorted(map(str, spec.webhooks)) == ["POST newPet (webhook)", "PUT newPet (webhook)"]
    assert all(key.reversed for key in spec.webhooks)
    assert (
        spec.webhooks[OperationKey("post", "newPet", "webhook")].pointer == "#/webhooks/newPet/post"
    )
    assert list(spec.operations) == [OperationKey("post", "/subscriptions")]


def test_callbacks_belong_to_their_operation_and_are_not_followed_further(spec_of: SpecOf) -> None:
    operation = spec_of(HOOKS).operations[OperationKey("post", "/subscriptions")]
    assert [str(key) for key in operation.callbacks] == [
        "POST {$request.body#/url} (callback `onEvent` of POST /subscriptions)",
        "GET {$request.query.to} (callback `shared` of POST /subscriptions)",
    ]
    shared = next(op for op in operation.callbacks.values() if op.key.method == "get")
    assert shared.pointer == "#/components/pathItems/P/get"
    assert not shared.callbacks  # a callback's own callbacks are not read


def test_swagger_documents_have_no_webhooks(spec_of: SpecOf) -> None:
    spec = spec_of({"swagger": "2.0", "info": {}, "paths": {}, "webhooks": {"a": {"post": {}}}})
    assert not spec.webhooks
