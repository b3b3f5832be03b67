"""Baseline resolution in real git repositories: merge-bases, CI variables, shallow clones."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from treaty.baseline import Baseline, exists_at, has_commits, resolve_base
from treaty.errors import GitError


def _history(git_repo: Callable[[str], Any]) -> tuple[Any, str, str, str]:
    """main: A - B (after the branch point); feature: A - F. Returns (repo, A, B, F)."""
    repo = git_repo("upstream")
    a = repo.commit({"openapi.yaml": "a\n"}, "A")
    repo.git("switch", "-q", "-c", "feature")
    f = repo.commit({"openapi.yaml": "f\n"}, "F")
    repo.git("switch", "-q", "main")
    b = repo.commit({"other.txt": "b\n"}, "B")
    repo.git("switch", "-q", "feature")
    return repo, a, b, f


def _clone(source: Path, target: Path, *args: str) -> Path:
    subprocess.run(
        ["git", "clone", "-q", *args, f"file://{source}", str(target)],
        check=True,
        capture_output=True,
    )
    return target


def test_default_is_the_merge_base_with_main(git_repo: Callable[[str], Any]) -> None:
    repo, a, _, _ = _history(git_repo)
    assert resolve_base(None, env={}, cwd=repo.path) == Baseline(
        a, f"merge-base of HEAD and main ({a[:12]})"
    )


def test_master_when_there_is_no_main(git_repo: Callable[[str], Any]) -> None:
    repo, a, _, _ = _history(git_repo)
    repo.git("branch", "-m", "main", "master")
    assert resolve_base(None, env={}, cwd=repo.path).revision == a


def test_a_clone_uses_origin_head(git_repo: Callable[[str], Any], tmp_path: Path) -> None:
    repo, a, _, _ = _history(git_repo)
    repo.git("switch", "-q", "main")
    clone = _clone(repo.path, tmp_path / "clone")
    subprocess.run(["git", "switch", "-q", "feature"], cwd=clone, check=True)
    base = resolve_base(None, env={}, cwd=clone)
    assert base == Baseline(a, f"merge-base of HEAD and origin/main ({a[:12]})")


def test_an_explicit_revision_is_used_as_it_is(git_repo: Callable[[str], Any]) -> None:
    repo, _, b, _ = _history(git_repo)
    assert resolve_base("main", env={}, cwd=repo.path) == Baseline(b, "main")


def test_ci_variables(git_repo: Callable[[str], Any]) -> None:
    repo, a, b, f = _history(git_repo)
    repo.git("branch", "develop", f)
    gitlab_mr = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": b, "GITHUB_BASE_REF": "develop"}
    assert resolve_base(None, env=gitlab_mr, cwd=repo.path) == Baseline(
        b, f"merge request base {b[:12]}"
    )
    github = {"GITHUB_BASE_REF": "main", "CI_DEFAULT_BRANCH": "develop"}
    assert resolve_base(None, env=github, cwd=repo.path).label.endswith(f"main ({a[:12]})")
    gitlab = {"GITHUB_BASE_REF": "", "CI_DEFAULT_BRANCH": "develop"}
    assert resolve_base(None, env=gitlab, cwd=repo.path).revision == f


def test_a_missing_ci_branch_says_how_to_fetch_it(git_repo: Callable[[str], Any]) -> None:
    repo, *_ = _history(git_repo)
    with pytest.raises(GitError) as raised:
        resolve_base(None, env={"GITHUB_BASE_REF": "release"}, cwd=repo.path)
    assert str(raised.value).startswith(
        "baseline: branch 'release' is not in this clone; fetch it: "
        "git fetch origin release:refs/remotes/origin/release (GitHub: actions/checkout with "
        "`fetch-depth: 0`"
    )


def test_shallow_clone_names_the_missing_history_and_the_command(
    git_repo: Callable[[str], Any], tmp_path: Path
) -> None:
    repo, *_ = _history(git_repo)
    repo.git("switch", "-q", "main")
    repo.commit({"more.txt": "c\n"}, "C")
    clone = _clone(repo.path, tmp_path / "shallow", "--depth", "1", "--no-single-branch")
    subprocess.run(["git", "switch", "-q", "feature"], cwd=clone, check=True)
    with pytest.raises(GitError) as raised:
        resolve_base(None, env={}, cwd=clone)
    message = str(raised.value)
    assert "no merge-base of HEAD and origin/main: this clone is shallow" in message
    assert "git fetch --unshallow origin main" in message
    assert len(message.splitlines()) == 1


def test_a_merge_request_base_missing_from_a_shallow_clone(
    git_repo: Callable[[str], Any], tmp_path: Path
) -> None:
    repo, a, _, _ = _history(git_repo)
    clone = _clone(repo.path, tmp_path / "shallow", "--depth", "1")
    env = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": a, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    with pytest.raises(GitError, match=r"is not in this clone \(this clone is shallow\); fetch it: "
                       r"git fetch origin main .*GIT_DEPTH: 0"):  # fmt: skip
        resolve_base(None, env=env, cwd=clone)


def test_unknown_explicit_revisions(git_repo: Callable[[str], Any]) -> None:
    repo, *_ = _history(git_repo)
    with pytest.raises(GitError, match=r"'origin/main' is not in this clone; fetch it: git fetch "
                       r"origin main:refs/remotes/origin/main"):  # fmt: skip
        resolve_base("origin/main", env={}, cwd=repo.path)
    with pytest.raises(GitError, match=r"'v9' is not in this clone; fetch it or check the name"):
        resolve_base("v9", env={}, cwd=repo.path)


def test_no_default_branch_and_unrelated_histories(git_repo: Callable[[str], Any]) -> None:
    repo = git_repo("lonely")
    repo.git("switch", "-q", "-c", "trunk")
    repo.commit({"a": "a"}, "A")
    with pytest.raises(GitError, match=r"no origin/HEAD, main or master\); pass --base REV"):
        resolve_base(None, env={}, cwd=repo.path)
    repo.git("switch", "-q", "--orphan", "main")
    repo.commit({"b": "b"}, "B")
    repo.git("switch", "-q", "trunk")
    with pytest.raises(GitError, match="HEAD and main have no common history"):
        resolve_base(None, env={}, cwd=repo.path)


def test_outside_a_repository(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(GitError, match="not a git repository"):
        resolve_base(None, env={}, cwd=tmp_path / "plain")


def test_git_missing_from_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GitError, match="git is not installed"):
        resolve_base("main", env={}, cwd=tmp_path)


def test_exists_at_and_has_commits(git_repo: Callable[[str], Any]) -> None:
    repo = git_repo("repo")
    assert not has_commits(repo.path)
    first = repo.commit({"api/openapi.yaml": "a\n"}, "A")
    assert has_commits(repo.path)
    assert exists_at(first, repo.path / "api" / "openapi.yaml", repo.path / "api")
    assert not exists_at(first, repo.path / "api" / "new.yaml", repo.path)
    assert not exists_at(first, repo.path / "api", repo.path)  # a directory is not a file


def test_exists_at_refuses_paths_outside_the_work_tree(
    git_repo: Callable[[str], Any], tmp_path: Path
) -> None:
    repo = git_repo("repo")
    first = repo.commit({"a.yaml": "a\n"}, "A")
    with pytest.raises(GitError, match="is outside the git work tree"):
        exists_at(first, tmp_path / "elsewhere.yaml", repo.path)
