"""One root cause, one finding: a shared component change is reported once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from diffing import Diff, openapi

from treaty.changes.model import Action, Aspect, Direction, OperationKey, Scope, Target
from treaty.cli import cli


def _doc(pet: dict[str, Any], count: int) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Pet"}
    body = {"content": {"application/json": {"schema": ref}}}
    # every operation reaches Pet, some through an anyOf chain
    wrapped = {"anyOf": [{"$ref": "#/components/schemas/Wrapper"}, {"type": "string"}]}
    paths = {
        f"/pets{i}": {
            "post": {
                "requestBody": body,
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": wrapped if i % 2 else ref}},
                    }
                },
            }
        }
        for i in range(count)
    }
    schemas = {"Pet": pet, "Wrapper": {"type": "object", "properties": {"pet": ref}}}
    return openapi(paths, components={"schemas": schemas})


def test_shared_property_removal_is_reported_once_per_direction(diff: Diff) -> None:
    full = {"type": "object", "properties": {"name": {"type": "string"}, "tag": {"type": "string"}}}
    trimmed = {"type": "object", "properties": {"name": {"type": "string"}}}
    changes = diff(_doc(full, 30), _doc(trimmed, 30))
    removals = [c for c in changes if (c.target, c.action) == (Target.PROPERTY, Action.REMOVED)]
    assert sorted(c.direction for c in removals) == [Direction.REQUEST, Direction.RESPONSE]
    for change in removals:
        assert change.location.base_pointer == "#/components/schemas/Pet/properties/tag"
        assert len(change.operations) == 30
        assert change.operations == tuple(sorted(change.operations))
        assert change.operation == OperationKey("post", "/pets0")
    request = next(c for c in removals if c.direction is Direction.REQUEST)
    assert request.scope is Scope.REQUEST_BODY and request.parent == "application/json"
    response = next(c for c in removals if c.direction is Direction.RESPONSE)
    assert response.scope is Scope.RESPONSE_BODY and response.parent == "200 application/json"
    assert all(c.aspect is Aspect.EXISTENCE for c in removals)


def test_a_schema_shared_by_a_request_filter_and_a_response_is_judged_in_each_place(
    tmp_path: Path,
) -> None:
    """#12 §3: a new value of a shared enum is harmless in the query filter and breaking in
    the response; one finding per direction, each listing every operation it reaches."""

    def spec(values: list[str]) -> dict[str, Any]:
        status = {"$ref": "#/components/schemas/Status"}
        pet = {"type": "object", "properties": {"status": status}}
        body = {"200": {"description": "OK", "content": {"application/json": {"schema": pet}}}}
        search = {"name": "status", "in": "query", "schema": status}
        return {
            "openapi": "3.1.0",
            "info": {"title": "Pets", "version": "1.0.0"},
            "paths": {
                "/pets": {"get": {"parameters": [search], "responses": body}},
                "/pets/{id}": {
                    "get": {
                        "parameters": [
                            {"name": "id", "in": "path", "required": True, "schema": {}}
                        ],
                        "responses": body,
                    }
                },
                "/owners": {
                    "get": {"parameters": [search], "responses": {"204": {"description": "none"}}}
                },
            },
            "components": {"schemas": {"Status": {"type": "string", "enum": values}}},
        }

    base, revision = tmp_path / "base.json", tmp_path / "revision.json"
    base.write_text(json.dumps(spec(["available", "sold"])))
    revision.write_text(json.dumps(spec(["available", "sold", "pending"])))
    result = CliRunner().invoke(cli, ["changelog", str(base), str(revision), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = {
        change["id"]: (change["severity"], sorted(change["operations"]))
        for change in json.loads(result.stdout)["changes"]
        if "enum" in change["id"]
    }
    assert found == {
        "request-parameter-enum-value-added": ("info", ["GET /owners", "GET /pets"]),
        "response-body-enum-value-added": ("error", ["GET /pets", "GET /pets/{id}"]),
    }
    breaking = CliRunner().invoke(cli, ["breaking", str(base), str(revision)])
    assert breaking.exit_code == 1
