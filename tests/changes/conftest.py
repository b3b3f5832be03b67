"""Fixtures of the diff tests (helpers live in ``diffing.py`` beside this file)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The corpus run is opt-in (``-m corpus``): it takes about a minute."""
    if "corpus" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="opt-in: run with -m corpus")
    mine = Path(__file__).with_name("test_corpus.py")
    for item in items:
        if item.path == mine:
            item.add_marker(skip)
