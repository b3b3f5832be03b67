"""Helpers of the schema comparer tests: wrap schemas in documents, compare, pick changes."""

from __future__ import annotations

from typing import Any

from treaty.changes.model import Action, Aspect, Change, Direction, Target
from treaty.changes.schemas import SchemaDiffer, SchemaSite
from treaty.spec.dialect import dialect_of

SITE = "#/paths/~1p/get/responses/200/content/application~1json/schema"
VERSIONS = {"2.0": {"swagger": "2.0"}, "3.0": {"openapi": "3.0.3"}, "3.1": {"openapi": "3.1.0"}}


def document(
    schema: Any, components: dict[str, Any] | None = None, version: str = "3.0"
) -> dict[str, Any]:
    """A document holding ``schema`` as a response body and ``components`` as named schemas."""
    media = {"application/json": {"schema": schema}}
    root: dict[str, Any] = {
        **VERSIONS[version],
        "paths": {"/p": {"get": {"responses": {"200": {"content": media}}}}},
    }
    if version == "2.0":
        root["definitions"] = components or {}
    else:
        root["components"] = {"schemas": components or {}}
    return root


def differ_for(base: dict[str, Any], revision: dict[str, Any]) -> SchemaDiffer:
    return SchemaDiffer(base, revision, dialect_of(base), dialect_of(revision))


def site(root: dict[str, Any]) -> SchemaSite:
    schema = root["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return SchemaSite(schema, SITE)


def compare(
    base: Any,
    revision: Any,
    direction: Direction = Direction.RESPONSE,
    *,
    components: dict[str, Any] | None = None,
    revision_components: dict[str, Any] | None = None,
    version: str = "3.0",
    revision_version: str | None = None,
) -> tuple[Change, ...]:
    """Compare two schemas placed at the same response site of two small documents."""
    base_doc = document(base, components, version)
    revision_doc = document(
        revision,
        components if revision_components is None else revision_components,
        revision_version or version,
    )
    return differ_for(base_doc, revision_doc).compare(site(base_doc), site(revision_doc), direction)


def summary(changes: tuple[Change, ...]) -> set[tuple[Target, Aspect, Action, str | None]]:
    return {(c.target, c.aspect, c.action, c.name) for c in changes}


def one(changes: tuple[Change, ...], aspect: Aspect, action: Action | None = None) -> Change:
    """The single change of ``aspect`` (and ``action``); fails if there is not exactly one."""
    found = [c for c in changes if c.aspect is aspect and (action is None or c.action is action)]
    assert len(found) == 1, f"expected one {aspect} change, got {changes}"
    return found[0]


def aspects(changes: tuple[Change, ...]) -> set[Aspect]:
    return {c.aspect for c in changes}


def both_directions() -> tuple[Direction, Direction]:
    return (Direction.REQUEST, Direction.RESPONSE)
