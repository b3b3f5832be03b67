"""`treaty breaking|changelog|diff` judge with the project's config, in real directories."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from treaty.cli import cli
from treaty.errors import ExitCode

BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "pets", "version": "1.0.0"},
    "paths": {
        "/pets": {
            "get": {"responses": {"200": {"description": "ok"}}},
            "post": {"responses": {"201": {"description": "created"}}},
        },
    },
}


def _revision() -> dict[str, Any]:
    """BASE without POST /pets: one `operation-removed` error (and `version-bump-missing`)."""
    revision = yaml.safe_load(yaml.safe_dump(BASE))
    del revision["paths"]["/pets"]["post"]
    return revision


@pytest.fixture
def project(git_repo: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git work tree (the cwd) with `base.yaml` and `api/openapi.yaml`, POST /pets removed."""
    repo = git_repo("service")
    (repo.path / "api").mkdir(parents=True, exist_ok=True)
    (repo.path / "base.yaml").write_text(yaml.safe_dump(BASE))
    (repo.path / "api" / "openapi.yaml").write_text(yaml.safe_dump(_revision()))
    monkeypatch.chdir(repo.path)
    return Path(repo.path)


def _run(command: str, *args: str) -> Result:
    return CliRunner().invoke(cli, [command, "base.yaml", "api/openapi.yaml", *args])


def test_without_a_config_nothing_changes(project: Path) -> None:
    result = _run("breaking")
    assert result.exit_code == ExitCode.FINDINGS
    assert "operation-removed" in result.stdout
    assert "version-bump-missing" in result.stdout


def test_a_disabled_check_disappears_and_no_config_restores_it(project: Path) -> None:
    (project / "treaty.toml").write_text('disable = ["operation-removed"]\n')
    result = _run("breaking")
    assert result.exit_code == ExitCode.OK, result.output
    assert "operation-removed" not in result.stdout
    assert "No breaking changes" in result.stdout

    plain = _run("breaking", "--no-config")
    assert plain.exit_code == ExitCode.FINDINGS
    assert "operation-removed" in plain.stdout


def test_the_config_is_searched_up_to_the_repository_root(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project.parent / "treaty.toml").write_text('fail-on = "never"\n')  # above the work tree
    (project / "pyproject.toml").write_text(
        '[project]\nname = "svc"\n\n[tool.treaty]\ndisable = ["version-bump-missing"]\n'
    )
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    result = CliRunner().invoke(cli, ["breaking", "../base.yaml", "../api/openapi.yaml"])
    assert result.exit_code == ExitCode.FINDINGS  # the fail-on above the root is not read
    assert "operation-removed" in result.stdout
    assert "version-bump-missing" not in result.stdout  # pyproject.toml at the root is


def test_a_severity_override_changes_severity_and_exit_code(project: Path) -> None:
    (project / "treaty.toml").write_text(
        '[severity]\noperation-removed = "warning"\n\n[policy]\nversion-bump = "off"\n'
    )
    result = _run("breaking")
    assert result.exit_code == ExitCode.OK, result.output
    assert "warning operation-removed" in result.stdout
    assert "0 errors, 1 warning" in result.stdout


def test_the_configs_fail_on_is_the_default_and_the_command_line_wins(project: Path) -> None:
    (project / "treaty.toml").write_text(
        'fail-on = "warning"\n\n[severity]\noperation-removed = "warning"\n'
    )
    assert _run("breaking").exit_code == ExitCode.FINDINGS
    assert _run("breaking", "--fail-on", "error").exit_code == ExitCode.OK
    (project / "treaty.toml").write_text('fail-on = "never"\n')
    assert _run("breaking").exit_code == ExitCode.OK
    assert _run("breaking", "--fail-on", "error").exit_code == ExitCode.FINDINGS


def test_changelog_and_diff_keep_never_unless_given(project: Path) -> None:
    (project / "treaty.toml").write_text('fail-on = "info"\n')
    for command in ("changelog", "diff"):
        assert _run(command).exit_code == ExitCode.OK
        assert _run(command, "--fail-on", "error").exit_code == ExitCode.FINDINGS


def test_changelog_and_diff_honour_the_policy(project: Path) -> None:
    (project / "treaty.toml").write_text('disable = ["operation-removed"]\n')
    for command in ("changelog", "diff"):
        result = _run(command)
        assert "operation-removed" not in result.stdout
        assert "operation-removed" in _run(command, "--no-config").stdout


def test_an_ignore_entry_accepts_a_finding_and_the_notes_are_printed(project: Path) -> None:
    (project / "treaty.toml").write_text('[policy]\nversion-bump = "off"\n')
    (project / ".treaty-ignore.yaml").write_text(
        "- id: operation-removed\n"
        "  operation: POST /pets\n"
        "  reason: nobody called it\n"
        "- id: operation-removed\n"
        "  operation: GET /gone\n"
        "  reason: long gone\n"
    )
    result = _run("breaking")
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout == (
        "No breaking changes between base.yaml and api/openapi.yaml.\n"
        "note: 1 accepted change (.treaty-ignore.yaml)\n"
        "note: .treaty-ignore.yaml:4: operation-removed at GET /gone matches nothing; "
        "remove it\n"
    )
    assert "operation-removed" in _run("breaking", "--no-config").stdout


def test_without_a_config_the_ignore_file_in_the_cwd_applies(project: Path) -> None:
    (project / ".treaty-ignore.yaml").write_text(
        "- id: operation-removed\n  operation: POST /pets\n  reason: nobody called it\n"
    )
    result = _run("breaking")
    assert "operation-removed" not in result.stdout
    assert "note: 1 accepted change (.treaty-ignore.yaml)" in result.stdout
    assert "operation-removed" in _run("breaking", "--no-config").stdout


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('fial-on = "warning"\n', "`fial-on`: unknown key (did you mean `fail-on`?)"),
        ('disable = ["operation-remove"]\n', "unknown check id 'operation-remove'"),
        ("fail-on = \n", "not valid TOML"),
    ],
)
def test_an_invalid_config_is_one_line_and_exit_2(project: Path, text: str, problem: str) -> None:
    (project / "treaty.toml").write_text(text)
    result = _run("breaking")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"treaty: {project.resolve() / 'treaty.toml'}: ")
    assert problem in result.stderr
    assert _run("breaking", "--no-config").exit_code == ExitCode.FINDINGS


def test_config_names_a_file_outside_the_search(project: Path, tmp_path: Path) -> None:
    config = tmp_path / "elsewhere" / "treaty.toml"
    config.parent.mkdir()
    config.write_text('disable = ["operation-removed"]\n')
    result = _run("breaking", "--config", str(config))
    assert result.exit_code == ExitCode.OK, result.output
    missing = _run("breaking", "--config", str(tmp_path / "nope.toml"))
    assert missing.exit_code == ExitCode.BAD_INPUT
    assert missing.stderr == f"treaty: {tmp_path / 'nope.toml'}: no such file\n"


def test_config_and_no_config_together_is_a_usage_error(project: Path) -> None:
    result = _run("breaking", "--config", "treaty.toml", "--no-config")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "give --config or --no-config, not both" in result.stderr


SPECS = """\
[policy]
version-bump = "off"

[[specs]]
name = "users"
spec = "api/users.yaml"

[[specs]]
name = "pets"
spec = "api/openapi.yaml"
disable = ["operation-removed"]
"""


def test_with_several_specs_the_one_whose_file_is_revision_applies(project: Path) -> None:
    (project / "treaty.toml").write_text(SPECS)
    (project / "api" / "users.yaml").write_text(yaml.safe_dump(_revision()))
    pets = _run("breaking")
    assert pets.exit_code == ExitCode.OK, pets.output
    assert "operation-removed" not in pets.stdout
    users = CliRunner().invoke(cli, ["breaking", "base.yaml", "api/users.yaml"])
    assert users.exit_code == ExitCode.FINDINGS  # the top-level keys: version-bump off only
    assert "operation-removed" in users.stdout
    assert "version-bump-missing" not in users.stdout


def test_a_git_revision_of_a_configured_file_gets_its_settings(
    git_repo: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_repo("history")
    repo.commit({"treaty.toml": SPECS, "api/openapi.yaml": yaml.safe_dump(BASE)}, "v1")
    repo.commit({"api/openapi.yaml": yaml.safe_dump(_revision())}, "v2")
    monkeypatch.chdir(repo.path)
    (repo.path / "api" / "openapi.yaml").unlink()  # REV:path, not a working-tree file
    args = ["breaking", "HEAD~1:api/openapi.yaml", "HEAD:api/openapi.yaml"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == ExitCode.OK, result.output
    assert "operation-removed" not in result.stdout
    assert CliRunner().invoke(cli, [*args, "--no-config"]).exit_code == ExitCode.FINDINGS


def _status_api(values: list[str]) -> dict[str, Any]:
    """One `Status` enum used as a query filter (request) and in the response (response)."""
    status = {"$ref": "#/components/schemas/Status"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "pets", "version": "1.0.0"},
        "paths": {
            "/pets": {
                "get": {
                    "parameters": [{"name": "status", "in": "query", "schema": status}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "object", "properties": {"status": status}}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Status": {"type": "string", "enum": values}}},
    }


def test_a_shared_enum_is_judged_once_per_direction_and_extensible_enums_opens_it(
    project: Path,
) -> None:
    (project / "base.yaml").write_text(yaml.safe_dump(_status_api(["active"])))
    (project / "api" / "openapi.yaml").write_text(yaml.safe_dump(_status_api(["active", "gone"])))
    result = _run("changelog", "--format", "json", "--fail-on", "error")
    assert result.exit_code == ExitCode.FINDINGS, result.output
    found = [
        (c["direction"], c["severity"])
        for c in json.loads(result.stdout)["changes"]
        if c["id"].endswith("-enum-value-added")
    ]
    # harmless in the filter, breaking in the response: one finding per direction
    assert sorted(found) == [("request", "info"), ("response", "error")]
    (project / "treaty.toml").write_text("[policy]\nextensible-enums = true\n")
    opened = _run("breaking")
    assert opened.exit_code == ExitCode.OK, opened.output
    listed = _run("changelog")
    assert "response-body-enum-value-added" in listed.stdout
    assert "(allowed: the project's enums are extensible)" in listed.stdout
    # an explicit severity for the check wins over the policy
    (project / "treaty.toml").write_text(
        '[policy]\nextensible-enums = true\n[severity]\nresponse-body-enum-value-added = "error"\n'
    )
    assert _run("breaking").exit_code == ExitCode.FINDINGS
