"""Documentation-only differences appear only when asked for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from diffing import Diff, only, openapi

from treaty.changes.model import Action, Aspect, Direction, OperationKey, Scope, Target


def _doc(text: str, **info: Any) -> dict[str, Any]:
    header = {"description": text, "x-h": text}
    parameter = {"name": "q", "in": "query", "description": text, "example": text, "schema": {}}
    media = {"application/json": {"schema": {}, "example": text}}
    operation = {
        "summary": text,
        "x-internal": text,
        "parameters": [parameter],
        "requestBody": {"description": text, "content": media},
        "responses": {"200": {"description": text, "headers": {"X-A": header}, "content": media}},
    }
    return openapi({"/a": {"post": operation}}, **({"info": info} if info else {}))


def test_docs_are_silent_by_default(diff: Diff) -> None:
    assert diff(_doc("one"), _doc("two", title="other")) == []


def test_every_documented_element_reports_its_text_changes(diff: Diff) -> None:
    changes = diff(
        _doc("one"), _doc("two", title="other", version="2", description="d"), include_docs=True
    )
    assert all(c.direction is Direction.NONE and c.scope is Scope.DOCUMENT for c in changes)
    summary = only(changes, Target.OPERATION, Aspect.SUMMARY, Action.CHANGED)
    assert (summary.before, summary.after) == ("one", "two")
    assert summary.location.revision_pointer == "#/paths/~1a/post/summary"
    assert summary.operations == (OperationKey("post", "/a"),)
    assert only(changes, Target.OPERATION, Aspect.EXTENSION, Action.CHANGED).name == "x-internal"
    assert only(changes, Target.PARAMETER, Aspect.EXAMPLE, Action.CHANGED).name == "example"
    assert only(changes, Target.REQUEST_BODY, Aspect.DESCRIPTION, Action.CHANGED)
    assert only(changes, Target.RESPONSE, Aspect.DESCRIPTION, Action.CHANGED).name == "description"
    assert only(changes, Target.HEADER, Aspect.EXTENSION, Action.CHANGED).name == "x-h"
    examples = [c for c in changes if (c.target, c.aspect) == (Target.MEDIA_TYPE, Aspect.EXAMPLE)]
    assert len(examples) == 2
    info = [c for c in changes if c.target is Target.DOCUMENT]
    assert {(c.aspect, c.name) for c in info} == {
        (Aspect.TITLE, "title"),
        (Aspect.DESCRIPTION, "description"),
        (Aspect.INFO, "version"),
    }
    description = only(changes, Target.DOCUMENT, Aspect.DESCRIPTION, Action.ADDED)
    assert description.location.base_pointer is None
    assert description.location.revision_pointer == "#/info/description"


def test_swagger_documentation_is_compared_once_per_element(diff: Diff) -> None:
    def doc(text: str) -> dict[str, Any]:
        form = {"name": "f", "in": "formData", "type": "string"}
        operation = {
            "produces": ["application/json", "application/xml"],
            "responses": {"200": {"description": text, "schema": {"type": "object"}}},
        }
        path = {"parameters": [form], "post": operation}
        return {"swagger": "2.0", "info": {"title": "t"}, "paths": {"/a": path}}

    changes = diff(doc("one"), doc("two"), include_docs=True)
    assert [(c.target, c.aspect) for c in changes] == [(Target.RESPONSE, Aspect.DESCRIPTION)]


def _with_example(example: Any) -> dict[str, Any]:
    media = {"application/json": {"schema": {}, "example": example}}
    return openapi({"/a": {"get": {"responses": {"200": {"description": "", "content": media}}}}})


def test_an_edited_example_is_reported_at_each_field_that_changed(diff: Diff) -> None:
    base = {"id": 1, "name": "Rex", "tags": ["a", "b"], "owner": {"name": "Ann", "age": None}}
    revision = {"id": 1.0, "name": "Max", "tags": ["a"], "owner": {"name": "Ann", "age": 3}}
    changes = diff(_with_example(base), _with_example(revision), include_docs=True)
    prefix = "#/paths/~1a/get/responses/200/content/application~1json/example"
    found = {
        (
            c.action,
            c.location.base_pointer,
            c.location.revision_pointer,
            repr(c.before),
            repr(c.after),
        )
        for c in changes
    }
    assert found == {
        (Action.CHANGED, f"{prefix}/name", f"{prefix}/name", "'Rex'", "'Max'"),
        (Action.REMOVED, f"{prefix}/tags/1", None, "'b'", "None"),
        # null was there before: the value changed, nothing was added
        (Action.CHANGED, f"{prefix}/owner/age", f"{prefix}/owner/age", "None", "3"),
    }
    assert all(c.aspect is Aspect.EXAMPLE and c.name == "example" for c in changes)


def test_a_rewritten_example_is_one_change(diff: Diff) -> None:
    base = {f"k{i}": i for i in range(30)}
    revision = {f"k{i}": i + 1 for i in range(30)}
    changes = diff(_with_example(base), _with_example(revision), include_docs=True)
    assert len(changes) == 1 and changes[0].before == base and changes[0].after == revision
    scalar = diff(_with_example("a"), _with_example({"a": 1}), include_docs=True)
    assert [(c.action, c.before, c.after) for c in scalar] == [(Action.CHANGED, "a", {"a": 1})]


# ---- documentation inside schemas ---------------------------------------------------------


def _pets(components: dict[str, Any], schema: Any = None) -> dict[str, Any]:
    """GET returns and POST takes the `Pet` component (or ``schema``)."""
    body = {"application/json": {"schema": schema or {"$ref": "#/components/schemas/Pet"}}}
    return openapi(
        {
            "/pets": {
                "get": {"responses": {"200": {"description": "ok", "content": body}}},
                "post": {
                    "requestBody": {"content": body},
                    "responses": {"204": {"description": "ok"}},
                },
            }
        },
        components={"schemas": components},
    )


def _pet(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "description": f"a pet ({text})",
        "properties": {
            "name": {"type": "string", "description": f"its name ({text})"},
            "tags": {"type": "array", "items": {"type": "string", "title": text}},
            "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}]},
        },
        **extra,
    }


def test_schema_and_property_descriptions_are_reported_once_at_the_component(diff: Diff) -> None:
    owner = {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}}
    base = _pets({"Pet": _pet("old"), "Owner": {**owner, "$comment": "a"}})
    revision = _pets({"Pet": _pet("new"), "Owner": {**owner, "$comment": "b"}})
    changes = diff(base, revision, include_docs=True)
    assert diff(base, revision) == []  # documentation stays off the judging path
    both = (OperationKey("get", "/pets"), OperationKey("post", "/pets"))
    pet = "#/components/schemas/Pet"
    found = {(c.target, c.aspect, c.location.revision_pointer, c.operations) for c in changes}
    assert found == {
        (Target.SCHEMA, Aspect.DESCRIPTION, f"{pet}/description", both),
        (Target.PROPERTY, Aspect.DESCRIPTION, f"{pet}/properties/name/description", both),
        (Target.PROPERTY, Aspect.TITLE, f"{pet}/properties/tags/items/title", both),
        # reached through allOf and a cycle back into Pet: reported, and the walk ends
        (Target.SCHEMA, Aspect.DESCRIPTION, "#/components/schemas/Owner/$comment", both),
    }
    name = only(changes, Target.PROPERTY, Aspect.DESCRIPTION, Action.CHANGED)
    assert (name.before, name.after) == ("its name (old)", "its name (new)")


def test_a_ref_and_its_inline_copy_compare_by_what_the_ref_names(diff: Diff) -> None:
    named = {"Pet": _pet("same"), "Owner": {"type": "object"}}
    inline = _pets(named, schema=_pet("same"))
    assert diff(_pets(named), inline, include_docs=True) == []
    edited = _pets(named, schema=_pet("same", description="edited"))
    changes = diff(_pets(named), edited, include_docs=True)
    # the inline copy is written twice (request and response): two elements, one each
    assert {(c.before, c.after) for c in changes} == {("a pet (same)", "edited")}
    assert {c.location.base_pointer for c in changes} == {"#/components/schemas/Pet/description"}
    assert sorted(c.operations for c in changes) == [
        (OperationKey("get", "/pets"),),
        (OperationKey("post", "/pets"),),
    ]


def test_an_added_schema_description_is_an_addition(diff: Diff) -> None:
    plain = {"type": "object", "properties": {"id": {"type": "integer"}}}
    described = {"type": "object", "properties": {"id": {"type": "integer", "description": "x"}}}
    changes = diff(
        _pets({"Pet": plain}, schema=plain), _pets({"Pet": plain}, schema=described),
        include_docs=True,
    )  # fmt: skip
    assert {(c.action, c.location.base_pointer, c.after) for c in changes} == {
        (Action.ADDED, None, "x")
    }
    assert {c.location.revision_pointer for c in changes} == {
        "#/paths/~1pets/get/responses/200/content/application~1json/schema/properties/id/description",
        "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/id/description",
    }


def test_boolean_schemas_have_no_documentation_and_end_the_walk(diff: Diff) -> None:
    def doc(text: str) -> dict[str, Any]:
        pet = {
            "type": "object",
            "description": text,
            "properties": {"any": True, "never": {"$ref": "#/components/schemas/Never"}},
            "allOf": [True, {"description": text}],
        }
        return _pets({"Pet": pet, "Never": False}) | {"openapi": "3.1.0"}

    changes = diff(doc("a"), doc("b"), include_docs=True)
    assert sorted(c.location.revision_pointer or "" for c in changes) == [
        "#/components/schemas/Pet/allOf/1/description",
        "#/components/schemas/Pet/description",
    ]
    root = _pets({}, schema=True) | {"openapi": "3.1.0"}
    assert diff(root, root, include_docs=True) == []


def test_documentation_findings_come_in_the_same_order_whatever_the_hash_seed(
    tmp_path: Path,
) -> None:
    """`treaty diff` is a report people compare run to run: its order must not follow Python's
    per-process string hashing (the walk once paired properties through a set)."""
    names = [f"field_{index:02}" for index in range(40)]

    def document(text: str) -> dict[str, Any]:
        properties = {name: {"type": "string", "description": f"{name} {text}"} for name in names}
        schema = {"type": "object", "properties": properties}
        media = {"application/json": {"schema": schema}}
        return openapi(
            {"/a": {"get": {"responses": {"200": {"description": "ok", "content": media}}}}}
        )

    base, revision = tmp_path / "base.json", tmp_path / "revision.json"
    base.write_text(json.dumps(document("one")))
    revision.write_text(json.dumps(document("two")))
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run(
            [sys.executable, "-m", "treaty", "diff", str(base), str(revision), "--format", "json"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
    changes = json.loads(outputs.pop())["changes"]
    described = [c["name"] for c in changes if c["aspect"] == "description"]
    assert len(described) == len(names)


def test_schema_descriptions_are_compared_across_dialects(diff: Diff) -> None:
    # 3.0 -> 3.1: the comparer's same-JSON test is off between dialects; the documentation
    # walk then uses one of its own
    def document(version: str, text: str) -> dict[str, Any]:
        schema = {"type": "object", "properties": {"name": {"type": "string", "description": text}}}
        body = {"content": {"application/json": {"schema": schema}}, "description": "OK"}
        return {**openapi({"/p": {"get": {"responses": {"200": body}}}}), "openapi": version}

    changes = diff(document("3.0.3", "old"), document("3.1.0", "new"), include_docs=True)
    change = only(changes, Target.PROPERTY, Aspect.DESCRIPTION, Action.CHANGED)
    assert (change.before, change.after) == ("old", "new")
