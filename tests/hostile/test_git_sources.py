"""``REV:path`` sources: git runs with argument lists, never through a shell.

Shell metacharacters in a revision or a path are plain characters; a marker file proves no
command ran. Unknown revisions and things that are not repositories are one line, exit 2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hostile.runner import assert_one_line_error, run_treaty

DOCUMENT = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
NASTY = "a;b $(touch pwned) `touch pwned` | touch pwned & 'q' \"q\" *.yaml"


@pytest.fixture
def repo(git_repo: Callable[[str], object]) -> Path:
    repository = git_repo("repo")
    repository.commit({"api.yaml": DOCUMENT, NASTY: DOCUMENT}, "v1")  # type: ignore[attr-defined]
    return repository.path  # type: ignore[attr-defined, no-any-return]


def test_a_path_full_of_shell_metacharacters_is_just_a_name(repo: Path) -> None:
    (repo / NASTY).unlink()  # only the committed copy can answer
    run = run_treaty("validate", f"HEAD:{NASTY}", cwd=repo)
    assert (run.returncode, run.stderr) == (0, ""), run.stderr
    assert not (repo / "pwned").exists()


@pytest.mark.parametrize(
    ("location", "problem"),
    [
        ("nope:api.yaml", "unknown revision 'nope'"),
        ("HEAD~5:api.yaml", "unknown revision"),
        ("HEAD;touch pwned:api.yaml", "unknown revision"),
        ("$(touch pwned):api.yaml", "unknown revision"),
        ("--output=pwned:api.yaml", "unknown revision"),
        ("HEAD:missing.yaml", "no such file in that revision"),
        ("HEAD:$(touch pwned).yaml", "no such file in that revision"),
        ("HEAD:../escape.yaml", "leaves the repository"),
        ("HEAD:line\nbreak.yaml", "no such file in that revision"),
    ],
)
def test_bad_revisions_and_paths_are_one_line(repo: Path, location: str, problem: str) -> None:
    run = run_treaty("validate", "--", location, cwd=repo)
    printable = location.replace("\n", "\\n")
    assert_one_line_error(run, printable, problem)
    assert not (repo / "pwned").exists()


def test_outside_any_repository(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    run = run_treaty(
        "validate",
        "HEAD:api.yaml",
        cwd=tmp_path / "plain",
        env={"GIT_CEILING_DIRECTORIES": str(tmp_path)},
    )
    assert_one_line_error(run, "HEAD:api.yaml", "not a git repository")


def test_a_broken_repository(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("garbage\n")
    run = run_treaty(
        "validate",
        "HEAD:api.yaml",
        cwd=tmp_path,
        env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)},
    )
    assert_one_line_error(run, "HEAD:api.yaml", "not a git repository")
