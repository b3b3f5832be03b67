"""Reading files as they are in a git revision, without checking anything out.

``git`` runs with an argument list (never a shell) in the current directory, so the repository
is the one containing the cwd and paths are relative to the cwd, like ``git show REV:./path``.
"""

from __future__ import annotations

import posixpath
import subprocess
from pathlib import Path

from treaty.errors import ErrorKind, GitError, SourceError
from treaty.sources.files import too_large


def run_git(*args: str, where: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """``git`` with an argument list (never a shell), in ``cwd``; a missing git names ``where``."""
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH", where=where) from exc


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else "git failed"


def repo_path(path: str, where: str) -> str:
    """The repository-relative POSIX path of cwd-relative ``path`` (checks we are in a repo)."""
    proc = run_git("rev-parse", "--show-prefix", where=where)
    if proc.returncode != 0:
        raise GitError("not a git repository (or any parent up to /)", where=where)
    prefix = proc.stdout.decode().strip()
    if posixpath.isabs(path):
        raise GitError("the path after `REV:` must be relative to the cwd", where=where)
    joined = posixpath.normpath(posixpath.join(prefix, path))
    if joined == ".." or joined.startswith("../"):
        raise GitError("the path leaves the repository", where=where)
    return joined


def resolve_revision(revision: str, where: str) -> str:
    """The commit id ``revision`` names, or a GitError."""
    proc = run_git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}",
                where=where)  # fmt: skip
    if proc.returncode != 0:
        raise GitError(f"unknown revision {revision!r}", where=where)
    return proc.stdout.decode().strip()


def read_blob(commit: str, path: str, where: str, limit: int) -> bytes:
    """The content of repository path ``path`` in ``commit`` (an id from resolve_revision)."""
    spec = f"{commit}:{path}"
    kind = run_git("cat-file", "-t", spec, where=where)
    if kind.returncode != 0:
        raise SourceError("no such file in that revision", where=where, kind=ErrorKind.NOT_FOUND)
    if kind.stdout.strip() != b"blob":
        raise SourceError("is a directory, not a file", where=where, kind=ErrorKind.UNREADABLE)
    size = run_git("cat-file", "-s", spec, where=where)
    if size.returncode == 0 and int(size.stdout.strip() or 0) > limit:
        raise too_large(where, limit)
    proc = run_git("cat-file", "blob", spec, where=where)
    if proc.returncode != 0:  # pragma: no cover - the object vanished between two calls
        raise GitError(_first_line(proc.stderr), where=where)
    return proc.stdout


def read(revision: str, path: str, limit: int) -> tuple[bytes, str, str]:
    """Read cwd-relative ``path`` at ``revision``: (bytes, commit id, repository path)."""
    where = f"{revision}:{path}"
    in_repo = repo_path(path, where)
    commit = resolve_revision(revision, where)
    return read_blob(commit, in_repo, where, limit), commit, in_repo
