"""The root command: help, version, error translation."""

from __future__ import annotations

import subprocess
import sys

import pytest
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


def test_an_internal_error_is_one_inert_line_without_credentials(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import treaty.api

    def broken(*args: object, **kwargs: object) -> object:  # a bug cannot be caused on demand
        raise RuntimeError("fetching https://me:hunter2@h/x?token=t0k\n\x1b]0;pwned\x07 failed")

    monkeypatch.setattr(treaty.api, "validate", broken)
    result = CliRunner().invoke(cli, ["validate", "-"], input="openapi: 3.0.3\n")
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert line.startswith("treaty: internal error (RuntimeError: fetching https://[redacted]@h/")
    assert "hunter2" not in line and "t0k" not in line and "\x1b" not in line
