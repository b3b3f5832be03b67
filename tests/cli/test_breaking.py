"""Wiring of `treaty breaking|changelog|diff|checks`: exit codes, streams, options."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from treaty.cli import cli

FIXTURES = Path(__file__).parents[2] / "fixtures" / "specs"
PETSTORE = str(FIXTURES / "petstore-3.0.yaml")


def _without_post(tmp_path: Path) -> str:
    document = yaml.safe_load(Path(PETSTORE).read_text())
    del document["paths"]["/pets"]["post"]
    path = tmp_path / "revision.yaml"
    path.write_text(yaml.safe_dump(document))
    return str(path)


def test_breaking_exits_zero_when_nothing_breaks() -> None:
    result = CliRunner().invoke(cli, ["breaking", PETSTORE, PETSTORE])
    assert result.exit_code == 0
    assert "No breaking changes" in result.stdout
    assert result.stderr == ""


def test_breaking_exits_one_and_names_the_change(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["breaking", PETSTORE, _without_post(tmp_path)])
    assert result.exit_code == 1
    assert "operation-removed" in result.stdout
    assert "POST /pets" in result.stdout


def test_breaking_exits_two_on_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["breaking", PETSTORE, str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nope.yaml" in result.stderr


def test_fail_on_never_reports_but_passes(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["breaking", PETSTORE, _without_post(tmp_path), "--fail-on", "never"]
    )
    assert result.exit_code == 0
    assert "operation-removed" in result.stdout


def test_json_output_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "breaking.json"
    result = CliRunner().invoke(
        cli, ["breaking", PETSTORE, _without_post(tmp_path), "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    document = json.loads(out.read_text())
    assert document["changes"][0]["id"] == "operation-removed"


def test_color_always_paints_text(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["breaking", PETSTORE, _without_post(tmp_path), "--color", "always"]
    )
    assert "\x1b[" in result.stdout


def test_changelog_lists_additions_and_never_fails(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["changelog", _without_post(tmp_path), PETSTORE])
    assert result.exit_code == 0
    assert "operation-added" in result.stdout


def test_diff_shows_documentation_edits(tmp_path: Path) -> None:
    document = yaml.safe_load(Path(PETSTORE).read_text())
    document["info"]["description"] = "Another description"
    path = tmp_path / "docs.yaml"
    path.write_text(yaml.safe_dump(document))
    result = CliRunner().invoke(cli, ["diff", PETSTORE, str(path)])
    assert result.exit_code == 0
    assert "documentation-changed" in result.stdout


def test_diff_shows_description_edits_of_schemas_and_properties(tmp_path: Path) -> None:
    document = yaml.safe_load(Path(PETSTORE).read_text())
    schemas = document["components"]["schemas"]
    schemas["NewPet"]["description"] = "A pet before it has an id"
    schemas["NewPet"]["properties"]["name"]["description"] = "What the pet answers to"
    path = tmp_path / "described.yaml"
    path.write_text(yaml.safe_dump(document))
    result = CliRunner().invoke(cli, ["diff", PETSTORE, str(path)])
    assert result.exit_code == 0
    assert "No differences" not in result.stdout
    assert "description of `NewPet` added" in result.stdout
    assert "description of `NewPet.name` added" in result.stdout
    # documentation only: the changelog and the breaking report have nothing to say
    assert "No changes" in CliRunner().invoke(cli, ["changelog", PETSTORE, str(path)]).stdout
    assert CliRunner().invoke(cli, ["breaking", PETSTORE, str(path)]).exit_code == 0


def test_prefix_options_match_moved_paths(tmp_path: Path) -> None:
    document = yaml.safe_load(Path(PETSTORE).read_text())
    document["paths"] = {"/v2" + path: item for path, item in document["paths"].items()}
    path = tmp_path / "moved.yaml"
    path.write_text(yaml.safe_dump(document))
    moved = CliRunner().invoke(cli, ["breaking", PETSTORE, str(path)])
    assert moved.exit_code == 1
    matched = CliRunner().invoke(
        cli, ["breaking", PETSTORE, str(path), "--strip-prefix-revision", "/v2"]
    )
    assert matched.exit_code == 0, matched.stdout


def test_checks_lists_the_catalogue() -> None:
    result = CliRunner().invoke(cli, ["checks"])
    assert result.exit_code == 0
    assert "request-parameter-became-required" in result.stdout
    errors = CliRunner().invoke(cli, ["checks", "--severity", "error", "--format", "json"])
    assert {entry["severity"] for entry in json.loads(errors.stdout)} == {"error"}


def test_checks_shows_one_check_with_its_example() -> None:
    result = CliRunner().invoke(cli, ["checks", "operation-removed"])
    assert result.exit_code == 0
    assert "Why it breaks:" in result.stdout and "Example:" in result.stdout
    markdown = CliRunner().invoke(cli, ["checks", "--format", "markdown"])
    assert markdown.stdout.startswith("| id | severity")
    as_json = CliRunner().invoke(cli, ["checks", "operation-removed", "--format", "json"])
    assert json.loads(as_json.stdout)["id"] == "operation-removed"


def test_unknown_check_suggests_the_closest_id() -> None:
    result = CliRunner().invoke(cli, ["checks", "operation-remove"])
    assert result.exit_code == 2
    assert "did you mean `operation-removed`" in result.stderr
    nothing = CliRunner().invoke(cli, ["checks", "zzzz"])
    assert "treaty checks" in nothing.stderr
