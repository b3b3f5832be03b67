"""The root command: help, version, error translation."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from treaty.cli import cli


def test_help_lists_commands_and_exits_zero() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Keep HTTP APIs honest" in result.output


def test_version_prints_package_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("treaty, version ")


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "treaty", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "treaty, version" in proc.stdout


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2
