"""Shared helpers of the diff tests: inline documents, diffing them, picking changes out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from treaty.changes import DiffOptions, compute
from treaty.changes.model import Action, Aspect, Change, Target
from treaty.sources.document import Document, SyntaxKind
from treaty.spec import Spec, build


def spec_of(root: dict[str, Any]) -> Spec:
    """Build the Spec of an in-memory document."""
    return build(Document(root=root, name="inline", syntax=SyntaxKind.YAML))


def openapi(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A minimal OpenAPI 3.0 document around ``paths``."""
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, **extra}


def ok(**extra: Any) -> dict[str, Any]:
    """An operation with one 200 response."""
    return {"responses": {"200": {"description": "ok"}}, **extra}


Diff = Callable[..., list[Change]]


def diff_documents(base: dict[str, Any], revision: dict[str, Any], **options: Any) -> list[Change]:
    """compute() over two inline documents."""
    return compute(spec_of(base), spec_of(revision), DiffOptions(**options))


def only(changes: list[Change], target: Target, aspect: Aspect, action: Action) -> Change:
    """The one change with this (target, aspect, action)."""
    found = [c for c in changes if (c.target, c.aspect, c.action) == (target, aspect, action)]
    assert len(found) == 1, found
    return found[0]
