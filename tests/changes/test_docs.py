"""Documentation-only differences appear only when asked for."""

from __future__ import annotations

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
