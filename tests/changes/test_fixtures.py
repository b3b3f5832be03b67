"""Scenarios kept as YAML under fixtures/changes/: refactors that must diff empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from treaty.changes import compute
from treaty.sources import load
from treaty.spec import build

SCENARIOS = Path(__file__).parents[2] / "fixtures" / "changes"


@pytest.mark.parametrize("scenario", sorted(p.name for p in SCENARIOS.iterdir() if p.is_dir()))
def test_contract_preserving_scenario_has_no_changes(scenario: str) -> None:
    base = build(load(str(SCENARIOS / scenario / "base.yaml")))
    revision = build(load(str(SCENARIOS / scenario / "revision.yaml")))
    assert compute(base, revision) == []


def test_yaml_integer_statuses_and_dates_are_read_as_written() -> None:
    folder = SCENARIOS / "renamed-path-parameter-and-yaml-status-codes"
    (operation,) = build(load(str(folder / "base.yaml"))).operations.values()
    assert operation.sunset == "2030-01-01"
    assert list(operation.responses) == ["200", "404"]
