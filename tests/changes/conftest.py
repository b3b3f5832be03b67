"""Fixtures of the diff tests (helpers live in ``diffing.py`` beside this file)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from diffing import Diff, diff_documents


@pytest.fixture
def diff() -> Diff:
    return diff_documents


@pytest.fixture
def evolve() -> Callable[[dict[str, Any], Callable[[dict[str, Any]], None]], dict[str, Any]]:
    """A deep copy of a document with ``edit`` applied."""

    def apply(document: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        changed = copy.deepcopy(document)
        edit(changed)
        return changed

    return apply
