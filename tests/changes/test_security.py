"""Security requirements per operation, and the declared schemes."""

from __future__ import annotations

from typing import Any

from diffing import Diff, ok, only, openapi

from treaty.changes.model import Action, Aspect, Direction, OperationKey, Scope, Target


def _doc(required: list[Any] | None, schemes: dict[str, Any], **op: Any) -> dict[str, Any]:
    extra: dict[str, Any] = {"components": {"securitySchemes": schemes}}
    if required is not None:
        extra["security"] = required
    return openapi({"/a": {"get": ok(**op)}, "/b": {"get": ok(security=[])}}, **extra)


def _oauth(scopes: list[str], **urls: str) -> dict[str, Any]:
    flow = {"tokenUrl": "https://t", **urls, "scopes": dict.fromkeys(scopes, "")}
    return {"type": "oauth2", "flows": {"clientCredentials": flow}}


KEY = {"type": "apiKey", "in": "header", "name": "X-Key"}


def test_requirement_alternatives_added_and_removed(diff: Diff) -> None:
    schemes = {"key": KEY, "oauth": _oauth(["r"])}
    base = _doc([{"key": [], "oauth": []}], schemes)
    revision = _doc([{"key": []}, {}], schemes)
    changes = diff(base, revision)
    removed = only(changes, Target.SECURITY, Aspect.EXISTENCE, Action.REMOVED)
    assert removed.name == "key+oauth" and removed.direction is Direction.NONE
    assert removed.operations == (OperationKey("get", "/a"),)
    assert removed.location.base_pointer == "#/security/0"
    added = [c for c in changes if c.target is Target.SECURITY and c.action is Action.ADDED]
    assert sorted(c.name or "" for c in added) == ["", "key"]


def test_operation_level_security_overrides_global(diff: Diff) -> None:
    schemes = {"key": KEY}
    base = _doc([{"key": []}], schemes)
    revision = _doc([{"key": []}], schemes, security=[])
    change = only(diff(base, revision), Target.SECURITY, Aspect.EXISTENCE, Action.REMOVED)
    assert change.operations == (OperationKey("get", "/a"),)


def test_requirement_scopes_changed(diff: Diff) -> None:
    schemes = {"oauth": _oauth(["a", "b"])}
    change = only(
        diff(_doc([{"oauth": ["b", "a"]}], schemes), _doc([{"oauth": ["a"]}], schemes)),
        Target.SECURITY,
        Aspect.SCOPES,
        Action.CHANGED,
    )
    assert change.name == "oauth" and (change.before, change.after) == (["a", "b"], ["a"])


def test_scheme_type_location_flows_urls_and_scopes(diff: Diff) -> None:
    base = _doc(
        [{"oauth": []}],
        {
            "key": KEY,
            "http": {"type": "http", "scheme": "basic"},
            "oauth": _oauth(["a", "b"]),
            "gone": {"type": "openIdConnect", "openIdConnectUrl": "https://o"},
        },
    )
    implicit = {"authorizationUrl": "https://a", "scopes": {}}
    oauth = _oauth(["b", "c"], refreshUrl="https://r")
    revision = _doc(
        [{"oauth": []}],
        {
            "key": {**KEY, "in": "query"},
            "http": {"type": "http", "scheme": "Bearer"},
            "oauth": {"type": "oauth2", "flows": {**oauth["flows"], "implicit": implicit}},
            "new": {"type": "mutualTLS"},
        },
    )
    changes = [c for c in diff(base, revision) if c.target is Target.SECURITY_SCHEME]
    assert all(c.scope is Scope.DOCUMENT for c in changes)
    kind = only(changes, Target.SECURITY_SCHEME, Aspect.SCHEME_TYPE, Action.CHANGED)
    assert (kind.before, kind.after) == ("http/basic", "http/bearer")
    where = only(changes, Target.SECURITY_SCHEME, Aspect.API_KEY_LOCATION, Action.CHANGED)
    assert (where.before, where.after) == ("header:X-Key", "query:X-Key")
    flow = only(changes, Target.SECURITY_SCHEME, Aspect.OAUTH_FLOW, Action.ADDED)
    assert flow.name == "implicit"
    url = only(changes, Target.SECURITY_SCHEME, Aspect.OAUTH_URL, Action.CHANGED)
    assert url.name == "clientCredentials.refreshUrl" and url.after == "https://r"
    removed = only(changes, Target.SECURITY_SCHEME, Aspect.SCOPES, Action.REMOVED)
    assert (removed.before, removed.after) == (["a", "b"], ["b", "c"])
    assert removed.operations == (OperationKey("get", "/a"),)  # /b has no security
    assert (
        only(changes, Target.SECURITY_SCHEME, Aspect.SCOPES, Action.ADDED).name
        == "clientCredentials"
    )
    assert only(changes, Target.SECURITY_SCHEME, Aspect.EXISTENCE, Action.REMOVED).name == "gone"
    assert (
        only(changes, Target.SECURITY_SCHEME, Aspect.EXISTENCE, Action.ADDED).after == "mutualTLS"
    )


def test_oauth_flow_removed(diff: Diff) -> None:
    base = _doc(None, {"oauth": _oauth([])})
    revision = _doc(None, {"oauth": {"type": "oauth2", "flows": {}}})
    change = only(diff(base, revision), Target.SECURITY_SCHEME, Aspect.OAUTH_FLOW, Action.REMOVED)
    assert change.name == "clientCredentials" and change.operations == ()


def test_swagger_security_definitions_are_upgraded(diff: Diff) -> None:
    def doc(definitions: dict[str, Any]) -> dict[str, Any]:
        return {"swagger": "2.0", "securityDefinitions": definitions, "paths": {}}

    base = doc(
        {
            "basic": {"type": "basic"},
            "app": {
                "type": "oauth2",
                "flow": "application",
                "tokenUrl": "https://t",
                "scopes": {"a": ""},
            },
        }
    )
    revision = doc(
        {
            "basic": {"type": "apiKey", "in": "header", "name": "K"},
            "app": {
                "type": "oauth2",
                "flow": "accessCode",
                "tokenUrl": "https://t",
                "authorizationUrl": "https://a",
                "scopes": {"a": ""},
            },
        }
    )
    changes = diff(base, revision)
    kind = only(changes, Target.SECURITY_SCHEME, Aspect.SCHEME_TYPE, Action.CHANGED)
    assert (kind.before, kind.after) == ("http/basic", "apiKey")
    assert (
        only(changes, Target.SECURITY_SCHEME, Aspect.OAUTH_FLOW, Action.REMOVED).name
        == "clientCredentials"
    )
    assert (
        only(changes, Target.SECURITY_SCHEME, Aspect.OAUTH_FLOW, Action.ADDED).name
        == "authorizationCode"
    )
