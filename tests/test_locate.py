"""Findings placed on the lines of the files they come from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from treaty import api
from treaty.locate import Position, Side, file_of, position
from treaty.sources import load

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text().splitlines()
    return next(i for i, text in enumerate(lines, 1) if needle in text)


def test_changed_elements_point_at_the_revision_and_removals_at_the_base() -> None:
    report = api.diff(DEMO / "petstore-v1.yaml", DEMO / "petstore-v2.yaml")
    by_rule = {f.rule: position(report, f) for f in report.findings}

    removed = by_rule["operation-removed"]
    assert removed.side is Side.BASE
    assert removed.file is not None and removed.file.endswith("fixtures/demo/petstore-v1.yaml")
    assert removed.line == _line_of(DEMO / "petstore-v1.yaml", "delete:")

    required = by_rule["request-parameter-became-required"]
    assert required.side is Side.REVISION
    assert required.file is not None and required.file.endswith("petstore-v2.yaml")
    assert required.line == _line_of(DEMO / "petstore-v2.yaml", "- name: limit")


def test_a_git_baseline_is_named_by_its_path_in_the_repository(
    git_repo: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_repo("repo")
    repo.commit({"api/openapi.yaml": (DEMO / "petstore-v1.yaml").read_text()}, "base")
    spec = repo.path / "api" / "openapi.yaml"
    spec.write_text((DEMO / "petstore-v2.yaml").read_text())
    monkeypatch.chdir(repo.path / "api")  # annotations stay repository-relative from anywhere

    report = api.diff("HEAD:openapi.yaml", "openapi.yaml")
    removed = next(f for f in report.findings if f.rule == "operation-removed")
    assert position(report, removed) == Position(
        Side.BASE,
        "HEAD:openapi.yaml",
        "#/paths/~1pets~1{petId}/delete",
        "api/openapi.yaml",
        _line_of(DEMO / "petstore-v1.yaml", "delete:"),
    )
    changed = next(f for f in report.findings if f.rule != "operation-removed")
    assert position(report, changed).file == "api/openapi.yaml"


def test_without_documents_there_is_no_file_or_line() -> None:
    report = api.diff(api.build_spec(DEMO / "petstore-v1.yaml"), DEMO / "petstore-v2.yaml")
    removed = next(f for f in report.findings if f.rule == "operation-removed")
    where = position(report, removed)
    assert (where.file, where.line, where.pointer) == (None, None, removed.change.pointer)


def test_files_outside_any_repository_are_relative_to_the_cwd_or_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = tmp_path / "specs" / "a.yaml"
    inner.parent.mkdir()
    inner.write_text((DEMO / "petstore-v1.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    assert file_of(load(str(inner))) == "specs/a.yaml"
    monkeypatch.chdir(inner.parent)
    elsewhere = tmp_path / "b.yaml"
    elsewhere.write_text(inner.read_text())
    assert file_of(load(str(elsewhere))) == elsewhere.resolve().as_posix()
