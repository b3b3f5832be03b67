"""`treaty breaking|changelog|diff` with a real FastAPI app on either side (--app, --base-app)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from treaty.cli import cli

REPO = Path(__file__).resolve().parents[2]
V1 = "fixtures.apps.petstore_app:app"
V2 = "fixtures.apps.petstore_app_v2:app"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _snapshot(app: str, path: Path) -> str:
    result = _run("snapshot", "--app", app, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    return str(path)


def test_snapshot_against_the_app_that_breaks_it(tmp_path: Path) -> None:
    baseline = _snapshot(V1, tmp_path / "openapi.snapshot.yaml")
    result = _run("breaking", baseline, "--app", V2)
    assert result.exit_code == 1, result.stderr
    assert "GET /pets/{pet_id}" in result.stdout
    assert "species" in result.stdout


def test_same_app_against_its_own_snapshot_passes(tmp_path: Path) -> None:
    baseline = _snapshot(V1, tmp_path / "openapi.snapshot.json")
    result = _run("breaking", baseline, "--app", V1)
    assert result.exit_code == 0, result.stderr
    assert "No breaking changes" in result.stdout


def test_base_app_against_a_file_revision(tmp_path: Path) -> None:
    revision = _snapshot(V2, tmp_path / "v2.yaml")
    result = _run("breaking", "--base-app", V1, revision)
    assert result.exit_code == 1, result.stderr
    assert "GET /pets/{pet_id}" in result.stdout


def test_both_sides_apps_in_changelog_and_diff() -> None:
    changelog = _run("changelog", "--base-app", V1, "--app", V2)
    assert changelog.exit_code == 0, changelog.stderr
    assert "GET /pets/{pet_id}" in changelog.stdout
    diff = _run("diff", "--base-app", V1, "--app", V2, "--format", "json")
    assert diff.exit_code == 0, diff.stderr
    assert "species" in diff.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["breaking", "a.yaml"], "expected 2 SOURCE arguments, got 1"),
        (["breaking", "a.yaml", "b.yaml", "--app", V1], "(or one of them with --app)"),
        (["diff", "--base-app", V1, "--app", V2, "x.yaml"], "expected 0 SOURCE arguments"),
    ],
)
def test_wrong_number_of_sources_is_a_usage_error(args: list[str], message: str) -> None:
    result = _run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_an_app_that_cannot_be_imported_is_one_line() -> None:
    result = _run("breaking", "fixtures/specs/petstore-3.0.yaml", "--app", "no_such_mod:app")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no_such_mod" in result.stderr
