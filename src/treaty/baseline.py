"""Which commit a merge request is compared with: the baseline.

Order: an explicit ``--base`` revision; GitLab's ``CI_MERGE_REQUEST_DIFF_BASE_SHA``; the
merge-base of HEAD with GitHub's ``GITHUB_BASE_REF`` or GitLab's ``CI_DEFAULT_BRANCH``; else
with the default branch (``origin/HEAD``, ``main``, ``master``; the remote-tracking branch
first). CI clones are often shallow: when a commit or its history is missing, the error says
which, and the exact command that fetches it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from treaty.errors import GitError
from treaty.sources.git import run_git

_FETCH_HINTS = "(GitHub: actions/checkout with `fetch-depth: 0`; GitLab: `GIT_DEPTH: 0`)"


@dataclass(frozen=True, slots=True)
class Baseline:
    """The commit to compare with, and how it was chosen (what the user reads)."""

    revision: str
    label: str


def resolve_base(explicit: str | None, *, env: Mapping[str, str], cwd: Path) -> Baseline:
    """The baseline commit for the repository at ``cwd`` (see the module docstring)."""
    git = _Git(cwd)
    if explicit:
        return Baseline(git.commit(explicit, hint=_fetch_hint(explicit)), explicit)
    sha = env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA", "").strip()
    if sha:
        target = env.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "").strip() or "<target branch>"
        hint = f"fetch it: git fetch origin {target} {_FETCH_HINTS}"
        return Baseline(git.commit(sha, hint=hint), f"merge request base {sha[:12]}")
    for variable in ("GITHUB_BASE_REF", "CI_DEFAULT_BRANCH"):
        branch = env.get(variable, "").strip()
        if branch:
            return git.merge_base(git.require(branch))
    git.top_level()  # a clear error outside a repository
    default = git.default_branch()
    if default is None:
        raise _error(
            "cannot find the baseline branch (no origin/HEAD, main or master); pass --base REV"
        )
    return git.merge_base(default)


def has_commits(cwd: Path) -> bool:
    """False in a repository whose first commit is still to be made."""
    return _Git(cwd).ok("rev-parse", "--verify", "--quiet", "HEAD^{commit}")


def exists_at(revision: str, path: Path, cwd: Path) -> bool:
    """Whether ``path`` (absolute, inside the work tree) is a file in ``revision``."""
    git = _Git(cwd)
    try:
        relative = path.resolve().relative_to(git.top_level()).as_posix()
    except ValueError as exc:
        raise GitError("is outside the git work tree", where=str(path)) from exc
    return git.run("cat-file", "-t", f"{revision}:{relative}").stdout.strip() == "blob"


def _fetch_hint(revision: str) -> str:
    remote, slash, branch = revision.partition("/")
    if slash and remote == "origin" and branch:
        return f"fetch it: git fetch origin {branch}:refs/remotes/origin/{branch} {_FETCH_HINTS}"
    return f"fetch it or check the name {_FETCH_HINTS}"


def _error(message: str) -> GitError:
    return GitError(message, where="baseline")


class _Git:
    """``git`` in one directory, with an argument list (never a shell)."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        proc = run_git(*args, where=str(self.cwd), cwd=self.cwd)
        out, err = (stream.decode("utf-8", "replace") for stream in (proc.stdout, proc.stderr))
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

    def ok(self, *args: str) -> bool:
        return self.run(*args).returncode == 0

    def top_level(self) -> Path:
        proc = self.run("rev-parse", "--show-toplevel")
        if proc.returncode != 0:
            raise GitError("not a git repository (or any parent up to /)", where=str(self.cwd))
        return Path(proc.stdout.strip()).resolve()

    def commit(self, revision: str, *, hint: str) -> str:
        self.top_level()  # a clear error outside a repository
        proc = self.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                        f"{revision}^{{commit}}")  # fmt: skip
        if proc.returncode != 0:
            shallow = " (this clone is shallow)" if self.shallow() else ""
            raise _error(f"revision {revision!r} is not in this clone{shallow}; {hint}")
        return proc.stdout.strip()

    def shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").stdout.strip() == "true"

    def branch(self, name: str) -> str | None:
        """``origin/name`` if that exists, else ``name``; None when neither does."""
        for candidate in (f"origin/{name}", name):
            if self.ok("rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"):
                return candidate
        return None

    def require(self, name: str) -> str:
        """:meth:`branch`, or an error saying how to fetch it."""
        self.top_level()
        found = self.branch(name)
        if found is None:
            raise _error(
                f"branch {name!r} is not in this clone; fetch it: "
                f"git fetch origin {name}:refs/remotes/origin/{name} {_FETCH_HINTS}"
            )
        return found

    def default_branch(self) -> str | None:
        proc = self.run("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
        if proc.returncode == 0 and proc.stdout.strip():
            return proc.stdout.strip()
        return self.branch("main") or self.branch("master")

    def merge_base(self, branch: str) -> Baseline:
        proc = self.run("merge-base", "HEAD", branch)
        if proc.returncode == 0:
            sha = proc.stdout.strip()
            return Baseline(sha, f"merge-base of HEAD and {branch} ({sha[:12]})")
        name = branch.removeprefix("origin/")
        if self.shallow():
            raise _error(
                f"no merge-base of HEAD and {branch}: this clone is shallow; fetch the history: "
                f"git fetch --unshallow origin {name} {_FETCH_HINTS}"
            )
        raise _error(f"HEAD and {branch} have no common history; pass --base REV")
