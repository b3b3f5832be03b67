"""Operation-level facts and matching."""

from __future__ import annotations

from diffing import Diff, ok, only, openapi

from treaty.changes.model import Action, Aspect, Direction, Flag, OperationKey, Target


def test_identical_documents_have_no_changes(diff: Diff) -> None:
    doc = openapi({"/pets": {"get": ok()}})
    assert diff(doc, doc) == []


def test_removed_operation_carries_sunset_stability_and_deprecation(diff: Diff) -> None:
    base = openapi(
        {"/pets": {"get": ok(deprecated=True, **{"x-sunset": "2020-01-01"}), "post": ok()}}
    )
    revision = openapi({"/pets": {"post": ok()}})
    change = only(diff(base, revision), Target.OPERATION, Aspect.EXISTENCE, Action.REMOVED)
    assert change.direction is Direction.NONE
    assert change.operations == (OperationKey("get", "/pets"),)
    assert change.before == {"sunset": "2020-01-01", "stability": None}
    assert change.flags == {Flag.DEPRECATED_BEFORE}
    assert change.location.base_pointer == "#/paths/~1pets/get"
    assert change.location.revision_pointer is None


def test_added_operation(diff: Diff) -> None:
    base = openapi({"/pets": {"get": ok()}})
    revision = openapi({"/pets": {"get": ok(), "put": ok()}})
    change = only(diff(base, revision), Target.OPERATION, Aspect.EXISTENCE, Action.ADDED)
    assert change.operations == (OperationKey("put", "/pets"),)
    assert change.location.revision_pointer == "#/paths/~1pets/put"
    assert change.location.base_pointer is None


def test_renamed_path_parameter_is_matched_and_silent(diff: Diff) -> None:
    param = {"in": "path", "required": True, "schema": {"type": "string"}}
    base = openapi({"/pets/{id}": {"get": ok(parameters=[{"name": "id", **param}])}})
    revision = openapi({"/pets/{petId}": {"get": ok(parameters=[{"name": "petId", **param}])}})
    assert diff(base, revision) == []


def test_operation_id_deprecation_sunset_stability_and_tags(diff: Diff) -> None:
    base = openapi({"/a": {"get": ok(operationId="a", tags=["y", "x"])}, "/b": {"get": ok()}})
    revision = openapi(
        {
            "/a": {
                "get": ok(
                    operationId="b",
                    deprecated=True,
                    tags=["x"],
                    **{"x-sunset": "2031-01-01", "x-stability-level": "beta"},
                )
            },
            "/b": {"get": ok(operationId="new")},
        }
    )
    changes = diff(base, revision)
    renamed = only(changes, Target.OPERATION, Aspect.OPERATION_ID, Action.CHANGED)
    assert (renamed.before, renamed.after) == ("a", "b")
    added = only(changes, Target.OPERATION, Aspect.OPERATION_ID, Action.ADDED)
    assert added.after == "new" and added.operations == (OperationKey("get", "/b"),)
    deprecated = only(changes, Target.OPERATION, Aspect.DEPRECATED, Action.CHANGED)
    assert (deprecated.before, deprecated.after) == (False, True)
    sunset = only(changes, Target.OPERATION, Aspect.SUNSET, Action.CHANGED)
    assert (sunset.before, sunset.after) == (None, "2031-01-01")
    stability = only(changes, Target.OPERATION, Aspect.STABILITY, Action.CHANGED)
    assert stability.after == "beta"
    tags = only(changes, Target.OPERATION, Aspect.TAGS, Action.CHANGED)
    assert (tags.before, tags.after) == (["x", "y"], ["x"])


def test_operation_id_removed(diff: Diff) -> None:
    base = openapi({"/a": {"get": ok(operationId="a")}})
    revision = openapi({"/a": {"get": ok()}})
    change = only(diff(base, revision), Target.OPERATION, Aspect.OPERATION_ID, Action.REMOVED)
    assert change.before == "a"


def test_prefix_stripping_and_adding_match_moved_paths(diff: Diff) -> None:
    base = openapi({"/v1/pets": {"get": ok()}})
    revision = openapi({"/api/v2/pets": {"get": ok()}})
    # without the prefixes the same operation under a new path is one move
    assert [c.aspect for c in diff(base, revision)] == [Aspect.PATH]
    matched = diff(base, revision, strip_prefix_base="/v1", strip_prefix_revision="/api/v2/")
    assert matched == []
    assert diff(base, revision, strip_prefix_base="/v1", add_prefix_base="/api/v2") == []
    assert diff(base, revision, add_prefix_revision="/x") != []


def test_server_base_paths_match_operations_that_moved_their_prefix(diff: Diff) -> None:
    base = openapi({"/pets": {"get": ok()}}, servers=[{"url": "https://x.io/v1"}])
    revision = openapi({"/v1/pets": {"get": ok()}}, servers=[{"url": "https://x.io"}])
    without = [c for c in diff(base, revision) if c.target is Target.OPERATION]
    assert [(c.aspect, c.before, c.after) for c in without] == [
        (Aspect.PATH, {"path": "/pets", "sunset": None, "stability": None}, "/v1/pets")
    ]
    matched = diff(base, revision, match_servers=True)
    assert [(c.target, c.aspect) for c in matched] == [(Target.SERVER, Aspect.URL)] * 2


def test_swagger_base_path_is_a_server(diff: Diff) -> None:
    base = {"swagger": "2.0", "basePath": "/v1", "paths": {"/pets": {"get": ok()}}}
    revision = {"swagger": "2.0", "basePath": "/", "paths": {"/v1/pets": {"get": ok()}}}
    changes = diff(base, revision, match_servers=True)
    assert {c.target for c in changes} == {Target.SERVER}
    removed = only(changes, Target.SERVER, Aspect.URL, Action.REMOVED)
    assert removed.before == "/v1" and removed.direction is Direction.NONE


def test_prefix_stripping_takes_whole_segments_only(diff: Diff) -> None:
    base = openapi({"/v1beta/pets": {"get": ok()}, "/v1": {"get": ok()}})
    revision = openapi({"/v1beta/pets": {"get": ok()}, "/": {"get": ok()}})
    assert diff(base, revision, strip_prefix_base="/v1/", strip_prefix_revision="/v1") == []
