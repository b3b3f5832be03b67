"""Synthetic OpenAPI documents of any size, for the pre-commit and growth benchmarks.

``document(groups)`` builds a realistic 3.0 document: each group is a resource with four
operations (list, create, read, delete), a component schema with nested and shared parts, and
``$ref``s between components. ``revision(groups)`` is the same API one release later, with a
handful of changes per 7 groups (a removed property, a narrowed enum, a newly required field,
an added operation), so the number of changes grows with the size like in a real history.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

JSON = dict[str, Any]


def _resource(index: int) -> JSON:
    return {
        "type": "object",
        "description": f"Resource number {index}, as stored and returned by the API.",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "integer", "format": "int64", "readOnly": True},
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "status": {"type": "string", "enum": ["active", "pending", "archived", "deleted"]},
            "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
            "owner": {"$ref": f"#/components/schemas/Owner{index % 10}"},
            "created": {"type": "string", "format": "date-time"},
            "settings": {
                "type": "object",
                "properties": {
                    "visibility": {"type": "string", "enum": ["public", "private"]},
                    "retention_days": {"type": "integer", "minimum": 1, "maximum": 3650},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "notify": {"type": "boolean", "default": False},
                },
            },
            "parent": {  # groups of ten share a head, which is its own parent (a cycle)
                "nullable": True,
                "allOf": [{"$ref": f"#/components/schemas/Resource{index - index % 10}"}],
            },
        },
    }


def _operations(index: int) -> dict[str, JSON]:
    ref = {"$ref": f"#/components/schemas/Resource{index}"}
    error = {"$ref": "#/components/responses/Error"}
    listing = {
        "operationId": f"listResources{index}",
        "summary": f"List resources of kind {index}",
        "parameters": [
            {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
            {"name": "cursor", "in": "query", "schema": {"type": "string"}},
            {
                "name": "status",
                "in": "query",
                "schema": {"type": "string", "enum": ["active", "pending", "archived"]},
            },
        ],
        "responses": {
            "200": {
                "description": "A page of resources",
                "content": {
                    "application/json": {"schema": {"type": "array", "items": copy.deepcopy(ref)}}
                },
            },
            "default": copy.deepcopy(error),
        },
    }
    create = {
        "operationId": f"createResource{index}",
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": copy.deepcopy(ref)}},
        },
        "responses": {
            "201": {
                "description": "Created",
                "content": {"application/json": {"schema": copy.deepcopy(ref)}},
            },
            "default": copy.deepcopy(error),
        },
    }
    by_id = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    read = {
        "operationId": f"getResource{index}",
        "parameters": copy.deepcopy(by_id),
        "responses": {
            "200": {
                "description": "The resource",
                "content": {"application/json": {"schema": ref}},
            },
            "404": copy.deepcopy(error),
        },
    }
    delete = {
        "operationId": f"deleteResource{index}",
        "parameters": copy.deepcopy(by_id),
        "responses": {"204": {"description": "Deleted"}, "default": copy.deepcopy(error)},
    }
    return {
        f"/resources{index}": {"get": listing, "post": create},
        f"/resources{index}/{{id}}": {"get": read, "delete": delete},
    }


def document(groups: int) -> JSON:
    """A document with ``groups`` resources (4 operations each)."""
    schemas: JSON = {
        "Tag": {"type": "object", "properties": {"key": {"type": "string"}}},
        "Error": {
            "type": "object",
            "required": ["code"],
            "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
        },
    }
    for owner in range(10):
        schemas[f"Owner{owner}"] = {
            "type": "object",
            "properties": {
                "login": {"type": "string"},
                "kind": {"type": "string", "enum": ["user", "team", "bot"]},
            },
        }
    paths: JSON = {}
    for index in range(groups):
        schemas[f"Resource{index}"] = _resource(index)
        paths.update(_operations(index))
    error = {"$ref": "#/components/schemas/Error"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Synthetic API", "version": "1.0.0"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "An error",
                    "content": {"application/json": {"schema": error}},
                }
            },
        },
    }


def revision(groups: int) -> JSON:
    """``document(groups)`` one release later: changes in every 7th group, one added route."""
    root = document(groups)
    schemas = root["components"]["schemas"]
    for index in range(0, groups, 7):
        resource = schemas[f"Resource{index}"]
        del resource["properties"]["created"]  # response property removed
        resource["properties"]["status"]["enum"].remove("archived")  # request enum narrowed
        resource["required"].append("status")  # request property newly required
        settings = resource["properties"]["settings"]["properties"]
        settings["retention_days"]["maximum"] = 365  # request bound tightened
    root["info"]["version"] = "2.0.0"
    root["paths"]["/health"] = {"get": {"responses": {"200": {"description": "OK"}}}}
    return root


def main(argv: list[str]) -> int:
    """``synthetic.py GROUPS base|revision OUT.{json,yaml}``: write one document."""
    groups, kind, out = int(argv[0]), argv[1], Path(argv[2])
    root = document(groups) if kind == "base" else revision(groups)
    if out.suffix == ".json":
        out.write_text(json.dumps(root, indent=1))
    else:
        import yaml

        out.write_text(yaml.dump(root, Dumper=yaml.CSafeDumper, sort_keys=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
