"""`treaty snapshot`: write, --check, validation gate, sources, usage errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from treaty.cli import cli

REPO = Path(__file__).resolve().parents[2]
SPECS = REPO / "fixtures" / "specs"
PETSTORE = str(SPECS / "petstore-3.0.yaml")


def _run(*args: str, input: bytes | None = None) -> object:
    return CliRunner().invoke(cli, ["snapshot", *args], input=input)


def test_write_then_check_is_current(tmp_path: Path) -> None:
    output = tmp_path / "api.yaml"
    first = _run(PETSTORE, "-o", str(output))
    assert first.exit_code == 0, first.stderr
    assert first.stdout == f"{output}: written\n"
    written = output.read_bytes()
    again = _run(PETSTORE, "-o", str(output))
    assert again.stdout == f"{output}: already current\n"
    assert output.read_bytes() == written
    check = _run(PETSTORE, "-o", str(output), "--check")
    assert check.exit_code == 0
    assert check.stdout == f"{output}: snapshot is current\n"


def test_json_and_yaml_snapshots_of_two_syntaxes_of_one_api(tmp_path: Path) -> None:
    assert _run(str(SPECS / "petstore-3.1.json"), "-o", str(tmp_path / "a.json")).exit_code == 0
    text = (tmp_path / "a.json").read_text()
    assert text.startswith('{\n  "openapi": "3.1.0",\n  "info": {') and text.endswith("}\n")


def test_stale_check_exits_1_with_a_diff(tmp_path: Path) -> None:
    output = tmp_path / "api.yaml"
    _run(PETSTORE, "-o", str(output))
    output.write_text(output.read_text().replace("List all pets", "List pets"))
    result = _run(PETSTORE, "-o", str(output), "--check")
    assert result.exit_code == 1
    assert "-      summary: List pets\n+      summary: List all pets\n" in result.stdout
    assert result.stderr == f"treaty: {output}: snapshot is stale; run treaty snapshot to update\n"
    assert "List pets" in output.read_text()  # --check never writes


def test_invalid_document_is_not_written_unless_no_validate(tmp_path: Path) -> None:
    source = tmp_path / "openapi.yaml"
    source.write_text(Path(PETSTORE).read_text().replace("in: query", "in: nowhere"))
    output = tmp_path / "api.yaml"
    result = _run(str(source), "-o", str(output))
    assert result.exit_code == 1
    assert "#/paths/~1pets/get/parameters/0" in result.stderr
    assert "not valid; nothing written" in result.stderr
    assert not output.exists()
    assert _run(str(source), "-o", str(output), "--no-validate").exit_code == 0
    assert output.exists()


def test_app_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    output = tmp_path / "app.json"
    result = _run("--app", "fixtures.apps.petstore_app:app", "-o", str(output))
    assert result.exit_code == 0, result.stderr
    assert '"/pets/{pet_id}"' in output.read_text()


def test_git_source_and_stdin_give_the_same_bytes(
    tmp_path: Path, git_repo: Callable[[str], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_repo("repo")
    repo.commit({"openapi.yaml": Path(PETSTORE).read_text()}, "add")  # type: ignore[attr-defined]
    monkeypatch.chdir(repo.path)  # type: ignore[attr-defined]
    assert _run("HEAD:openapi.yaml", "-o", str(tmp_path / "git.yaml")).exit_code == 0
    stdin = _run("-", "-o", str(tmp_path / "stdin.yaml"), input=Path(PETSTORE).read_bytes())
    assert stdin.exit_code == 0
    assert (tmp_path / "git.yaml").read_bytes() == (tmp_path / "stdin.yaml").read_bytes()


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ([PETSTORE], "Missing option '-o'"),
        (["-o", "x.yaml"], "give exactly one of SOURCE or --app"),
        ([PETSTORE, "--app", "m:app", "-o", "x.yaml"], "give exactly one of SOURCE or --app"),
    ],
)
def test_usage_errors_exit_2(args: list[str], problem: str) -> None:
    result = _run(*args)
    assert result.exit_code == 2
    assert problem in result.stderr


def test_bad_extension_and_unreadable_source_exit_2(tmp_path: Path) -> None:
    result = _run(PETSTORE, "-o", str(tmp_path / "api.txt"))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"treaty: {tmp_path / 'api.txt'}: the snapshot file must end in .json, .yaml or .yml\n"
    )
    missing = _run(str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "api.yaml"))
    assert missing.exit_code == 2
    assert missing.stderr == f"treaty: {tmp_path / 'nope.yaml'}: no such file\n"
