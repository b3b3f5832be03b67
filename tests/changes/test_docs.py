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
