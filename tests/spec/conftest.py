"""Helpers for building a Spec from an inline document."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from treaty.sources.document import Document, SyntaxKind
from treaty.spec import Spec, build

SpecOf = Callable[[dict[str, object]], Spec]


def build_inline(root: dict[str, object]) -> Spec:
    """Build the Spec of an in-memory document."""
    return build(Document(root=root, name="inline.yaml", syntax=SyntaxKind.YAML))  # type: ignore[arg-type]


@pytest.fixture
def spec_of() -> SpecOf:
    return build_inline
