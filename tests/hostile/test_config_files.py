"""Config files that cannot be read, and policy values past the calendar: one line, or a
verdict, never a traceback.

The commands run in a child process in the directory holding the file, so the file is found
the way a user's is (``treaty.toml``, or ``pyproject.toml`` with ``[tool.treaty]``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hostile.runner import assert_one_line_error, run_treaty

PETSTORE = Path(__file__).parents[2] / "fixtures" / "specs" / "petstore-3.0.yaml"

BROKEN = {
    "a non-UTF-8 byte": (b'[tool.treaty]\nfail-on = "\xff"\n', "not UTF-8 text (bad byte at"),
    "100 000 nested [": (b"[tool.treaty]\nx = " + b"[" * 100_000 + b"\n", "nested too deeply"),
    "100 000 nested {": (b"[tool.treaty]\nx = " + b"{a = " * 100_000 + b"\n", "nested too deeply"),
    "balanced [ ]": (
        b"[tool.treaty]\nx = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "nested too deeply",
    ),
}


@pytest.mark.parametrize("name", ["pyproject.toml", "treaty.toml"])
@pytest.mark.parametrize("case", list(BROKEN))
@pytest.mark.parametrize("command", ["breaking", "check"])
def test_an_unreadable_config_file_is_one_line_naming_it(
    tmp_path: Path, name: str, case: str, command: str
) -> None:
    data, problem = BROKEN[case]
    (tmp_path / name).write_bytes(data)
    shutil.copy(PETSTORE, tmp_path / "openapi.yaml")
    args = ["breaking", "openapi.yaml", "openapi.yaml"] if command == "breaking" else ["check"]
    run = run_treaty(*args, cwd=tmp_path)
    assert_one_line_error(run, str(tmp_path / name), problem)


def test_a_deprecation_period_of_ten_to_the_sixteen_days_is_a_verdict(tmp_path: Path) -> None:
    """With a period that outlasts the calendar, a deprecated operation can never be removed:
    exit 1 with the finding, not an OverflowError."""
    (tmp_path / "treaty.toml").write_text("[policy]\ndeprecation-days = 10000000000000000\n")
    text = PETSTORE.read_text()
    base = text.replace("  /pets:\n    get:\n", "  /pets:\n    get:\n      deprecated: true\n", 1)
    base = base.replace(
        "deprecated: true\n", "deprecated: true\n      x-deprecated-at: 2024-01-01\n"
    )
    assert base != text
    (tmp_path / "base.yaml").write_text(base)
    revision = base.replace("  /pets:\n    get:\n", "  /pets:\n    x-get:\n", 1)
    (tmp_path / "revision.yaml").write_text(revision)
    run = run_treaty("breaking", "base.yaml", "revision.yaml", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "removed-before-sunset" in run.stdout
    assert "+ 10000000000000000 days): removal is allowed from 9999-12-31" in run.stdout
