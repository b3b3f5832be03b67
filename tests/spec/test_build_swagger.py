"""Swagger 2.0 is upgraded to the 3.x model without rewriting schemas."""

from __future__ import annotations

from collections.abc import Callable

from treaty.changes.model import OperationKey
from treaty.spec import ParameterLocation, Spec
from treaty.spec.dialect import Dialect

SpecOf = Callable[[dict[str, object]], Spec]

PETSTORE: dict[str, object] = {
    "swagger": "2.0",
    "info": {"title": "Pets", "version": "1"},
    "host": "pets.io",
    "basePath": "/v1/",
    "schemes": ["https", "http"],
    "consumes": ["application/json"],
    "produces": ["application/json", "application/xml"],
    "securityDefinitions": {
        "basic": {"type": "basic"},
        "key": {"type": "apiKey", "in": "query", "name": "api_key"},
        "code": {
            "type": "oauth2",
            "flow": "accessCode",
            "authorizationUrl": "https://a",
            "tokenUrl": "https://t",
            "scopes": {"write": "", "read": ""},
        },
    },
    "security": [{"basic": []}],
    "parameters": {"Trace": {"name": "X-Trace", "in": "header", "type": "string"}},
    "responses": {"NotFound": {"description": "no", "schema": {"$ref": "#/definitions/Error"}}},
    "paths": {
        "/pets": {
            "parameters": [{"$ref": "#/parameters/Trace"}],
            "post": {
                "consumes": ["application/xml"],
                "parameters": [
                    {
                        "name": "pet",
                        "in": "body",
                        "required": True,
                        "schema": {"$ref": "#/definitions/Pet"},
                    },
                    {
                        "name": "tags",
                        "in": "query",
                        "type": "array",
                        "items": {"type": "string"},
                        "collectionFormat": "multi",
                    },
                    {
                        "name": "ids",
                        "in": "query",
                        "type": "array",
                        "items": {"type": "string"},
                        "collectionFormat": "pipes",
                    },
                    {"name": "csv", "in": "path", "type": "array", "items": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "schema": {"$ref": "#/definitions/Pet"},
                        "headers": {"X-Rate": {"type": "integer"}},
                    },
                    "404": {"$ref": "#/responses/NotFound"},
                    "204": {"description": "nothing"},
                },
            },
            "put": {
                "consumes": ["multipart/form-data", "application/json"],
                "security": [{"code": ["write"]}],
                "parameters": [
                    {"name": "file", "in": "formData", "type": "file", "required": True},
                    {"name": "note", "in": "formData", "type": "string", "maxLength": 3},
                ],
                "responses": {"200": {"description": "ok"}},
            },
            "patch": {
                "parameters": [{"name": "name", "in": "formData", "type": "string"}],
                "responses": {"200": {"description": "ok"}},
            },
        }
    },
    "definitions": {"Pet": {"type": "object"}, "Error": {"type": "object"}},
}


def _op(spec: Spec, method: str) -> object:
    return spec.operations[OperationKey(method, "/pets")]


def test_body_parameter_becomes_a_request_body_per_consumes(spec_of: SpecOf) -> None:
    spec = spec_of(PETSTORE)
    assert spec.dialect is Dialect.SWAGGER_2
    post = spec.operations[OperationKey("post", "/pets")]
    body = post.request_body
    assert body is not None and body.required
    assert list(body.content) == ["application/xml"]
    site = body.content["application/xml"].schema
    assert site is not None
    assert site.node == {"$ref": "#/definitions/Pet"}  # the original node, not rewritten
    assert site.pointer == "#/paths/~1pets/post/parameters/0/schema"


def test_non_body_parameters_are_their_own_schema_and_collection_format_maps(
    spec_of: SpecOf,
) -> None:
    post = spec_of(PETSTORE).operations[OperationKey("post", "/pets")]
    by_name = {p.name: p for p in post.parameters}
    assert set(by_name) == {"X-Trace", "tags", "ids", "csv"}
    trace = by_name["X-Trace"]
    assert trace.location is ParameterLocation.HEADER
    assert trace.pointer == "#/parameters/Trace"
    assert trace.schema is not None and trace.schema.node == {
        "name": "X-Trace",
        "in": "header",
        "type": "string",
    }
    assert (by_name["tags"].style, by_name["tags"].explode) == ("form", True)
    assert (by_name["ids"].style, by_name["ids"].explode) == ("pipeDelimited", False)
    assert (by_name["csv"].style, by_name["csv"].explode) == ("simple", False)


def test_responses_take_content_from_produces_and_keep_headers(spec_of: SpecOf) -> None:
    post = spec_of(PETSTORE).operations[OperationKey("post", "/pets")]
    ok = post.responses["200"]
    assert list(ok.content) == ["application/json", "application/xml"]
    header = ok.headers["X-Rate"]
    assert header.schema is not None and header.schema.node == {"type": "integer"}
    assert header.pointer == "#/paths/~1pets/post/responses/200/headers/X-Rate"
    assert post.responses["404"].pointer == "#/responses/NotFound"
    assert post.responses["204"].content == {}


def test_form_data_becomes_a_synthesised_object_schema(spec_of: SpecOf) -> None:
    spec = spec_of(PETSTORE)
    put = spec.operations[OperationKey("put", "/pets")]
    body = put.request_body
    assert body is not None and body.required
    assert list(body.content) == ["multipart/form-data"]
    site = body.content["multipart/form-data"].schema
    assert site is not None
    assert site.pointer == "#/paths/~1pets/put/parameters"
    assert site.node == {
        "type": "object",
        "properties": {"file": {"type": "file"}, "note": {"type": "string", "maxLength": 3}},
        "required": ["file"],
    }
    patch = spec.operations[OperationKey("patch", "/pets")]
    assert patch.request_body is not None
    assert list(patch.request_body.content) == ["application/x-www-form-urlencoded"]
    assert not patch.request_body.required


def test_security_definitions_and_servers_are_upgraded(spec_of: SpecOf) -> None:
    spec = spec_of(PETSTORE)
    schemes = spec.security_schemes
    assert schemes["basic"].kind == "http/basic"
    assert schemes["key"].api_key_location == "query:api_key"
    flow = schemes["code"].flows["authorizationCode"]
    assert (flow.authorization_url, flow.token_url, flow.scopes) == (
        "https://a",
        "https://t",
        ("read", "write"),
    )
    assert [s.url for s in spec.servers] == ["https://pets.io/v1/", "http://pets.io/v1/"]
    assert spec.servers[0].base_path == "/v1"
    post = spec.operations[OperationKey("post", "/pets")]
    put = spec.operations[OperationKey("put", "/pets")]
    assert [r.name for r in post.security] == ["basic"]
    assert put.security[0].schemes == {"code": ("write",)}


def test_swagger_without_host_has_a_relative_server(spec_of: SpecOf) -> None:
    spec = spec_of({"swagger": "2.0", "paths": {}})
    assert [(s.url, s.base_path) for s in spec.servers] == [("/", "")]
