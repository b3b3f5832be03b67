"""`--format` and `--output [FORMAT=]PATH` of breaking, changelog and diff."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from treaty.cli import cli
from treaty.cli.options import parse_outputs, report_formats, report_outputs_option
from treaty.render import OutputFormat

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo"
V1, V2 = str(DEMO / "petstore-v1.yaml"), str(DEMO / "petstore-v2.yaml")


def test_format_choices_come_from_output_format() -> None:
    assert report_formats() == tuple(f.value for f in OutputFormat)
    result = CliRunner().invoke(cli, ["breaking", "--help"])
    assert "markdown" in result.stdout and "sarif" in result.stdout
    bad = CliRunner().invoke(cli, ["breaking", V1, V2, "--format", "pdf"])
    assert bad.exit_code == 2 and "pdf" in bad.stderr


@pytest.mark.parametrize("command", ["breaking", "changelog", "diff"])
def test_one_run_writes_several_reports_and_stdout_keeps_the_text(
    command: str, tmp_path: Path
) -> None:
    sarif, junit = tmp_path / "out" / "treaty.sarif", tmp_path / "junit.xml"
    result = CliRunner().invoke(
        cli, [command, V1, V2, "--output", f"sarif={sarif}", "-o", f"junit={junit}"]
    )
    assert result.exit_code == (1 if command == "breaking" else 0)
    assert "operation-removed" in result.stdout and "\x1b[" not in result.stdout
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert junit.read_text().startswith("<?xml")


def test_a_bare_path_takes_the_format_report_off_stdout(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = CliRunner().invoke(
        cli, ["breaking", V1, V2, "--format", "markdown", "-o", str(out), "--color", "always"]
    )
    assert result.exit_code == 1 and result.stdout == ""
    assert out.read_text().startswith("<!-- treaty-report -->")


def test_the_format_report_stays_on_stdout_when_only_other_formats_go_to_files(
    tmp_path: Path,
) -> None:
    weird = tmp_path / "weird=name.txt"  # not a format before "=": a bare path
    result = CliRunner().invoke(
        cli,
        ["changelog", V1, V2, "--format", "github", "-o", str(weird)],
    )
    assert result.exit_code == 0 and result.stdout == ""  # the github report went to weird
    assert weird.read_text().startswith("::")
    result = CliRunner().invoke(
        cli, ["changelog", V1, V2, "--format", "github", "-o", f"html={tmp_path / 'r.html'}"]
    )
    assert result.stdout.startswith("::error file=")
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("values", "problem"),
    [(["sarif="], "names no file"), (["a.txt", "json=a.txt"], "given twice"), ([""], "no file")],
)
def test_bad_outputs_are_usage_errors(
    values: list[str], problem: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = [arg for value in values for arg in ("-o", value)]
    result = CliRunner().invoke(cli, ["breaking", V1, V2, *args])
    assert result.exit_code == 2 and problem in result.stderr


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(click.BadParameter, match="directory"):
        parse_outputs((f"sarif={tmp_path}",), "text")


def test_the_option_serves_a_command_without_format(tmp_path: Path) -> None:
    @click.command()
    @report_outputs_option
    def command(outputs: tuple[tuple[str, Path], ...]) -> None:
        click.echo(repr(outputs))

    result = CliRunner().invoke(command, ["-o", "a.txt", "--output", "junit=b.xml"])
    assert result.stdout.strip() == repr((("text", Path("a.txt")), ("junit", Path("b.xml"))))


def test_a_format_asked_twice_is_rendered_once_into_both_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    result = CliRunner().invoke(cli, ["breaking", V1, V2, "-o", f"json={a}", "-o", f"json={b}"])
    assert result.exit_code == 1 and "operation-removed" in result.stdout
    assert a.read_text() == b.read_text()
