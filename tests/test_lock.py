"""The lock CI installs from (requirements/test.txt) matches what pyproject.toml asks for.

A dependency added to pyproject.toml without `bash .ci/lock` would make CI install something
the lock never pinned (and fail in hash-checking mode); a range narrowed past its pin would
make CI test a version users can no longer get. Both are caught here, before CI runs.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "test.txt"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)(?:\s*;\s*([^\\]+?))?\s*\\?$")


def _pins() -> dict[str, list[tuple[str, str | None]]]:
    pins: dict[str, list[tuple[str, str | None]]] = {}
    for line in LOCK.read_text().splitlines():
        match = _PIN.match(line)
        if match:
            name, version, marker = match.groups()
            pins.setdefault(canonicalize_name(name), []).append((version, marker))
    return pins


def _wanted() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    tools = (ROOT / "requirements" / "tools.in").read_text().splitlines()
    lines += [line for line in tools if line.strip() and not line.startswith("#")]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize("requirement", _wanted(), ids=str)
def test_every_requirement_is_pinned_inside_its_range(requirement: Requirement) -> None:
    pins = _pins().get(canonicalize_name(requirement.name))
    assert pins, f"{requirement.name} is not in {LOCK.name}: run `bash .ci/lock`"
    for version, _ in pins:
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{requirement.name}=={version} in the lock is outside {requirement.specifier}: "
            "run `bash .ci/lock`"
        )


def test_every_pin_carries_hashes_and_applies_here() -> None:
    text = LOCK.read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert entries
    for entry in entries:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]
    # exactly one pin per package applies on this interpreter and platform
    env = default_environment()
    for name, pins in _pins().items():
        applying = [v for v, marker in pins if marker is None or Marker(marker).evaluate(env)]
        assert len(applying) <= 1, (name, applying)
