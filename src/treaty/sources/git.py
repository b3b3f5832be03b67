"""Reading files as they are in a git revision, without checking anything out.

``git`` runs with an argument list (never a shell) in the current directory, so the repository
is the one containing the cwd and paths are relative to the cwd, like ``git show REV:./path``.

Blobs are read through ``git cat-file --batch``: inside :func:`reading` (one load of a
``REV:path`` document), every blob of one commit comes from the same process, so a spec split
into a thousand files costs one git process per revision, not three per file.
"""

from __future__ import annotations

import contextlib
import contextvars
import posixpath
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import IO

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


class _Batch:
    """One ``git cat-file --batch`` process: write ``commit:path``, read the header and blob."""

    def __init__(self, where: str) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError as exc:
            raise GitError("git is not installed or not on PATH", where=where) from exc
        assert self._process.stdin is not None and self._process.stdout is not None
        self._stdin: IO[bytes] = self._process.stdin
        self._stdout: IO[bytes] = self._process.stdout

    def read(self, spec: str, where: str, limit: int) -> bytes:
        """The blob ``spec`` names; a missing object, a tree or one over ``limit`` is refused."""
        try:
            self._stdin.write(spec.encode("utf-8", "surrogateescape") + b"\n")
            self._stdin.flush()
            header = self._stdout.readline()
        except OSError:  # pragma: no cover - git died: its pipe is gone
            header = b""
        if header.endswith((b" missing\n", b" ambiguous\n")):  # the name echoed, then why
            raise SourceError(
                "no such file in that revision", where=where, kind=ErrorKind.NOT_FOUND
            )
        fields = header.split()  # <object id> <type> <size>
        if len(fields) != 3 or not fields[2].isdigit():  # pragma: no cover - git stopped
            self.close()
            raise GitError("git cat-file stopped unexpectedly", where=where)
        kind, size = fields[1], int(fields[2])
        if kind == b"blob" and size > limit:
            self.close()  # the blob is never read: this process cannot go on
            raise too_large(where, limit)
        content = self._stdout.read(size + 1)  # the content, then a newline
        if len(content) != size + 1:  # pragma: no cover - git died halfway through the blob
            self.close()
            raise GitError("git cat-file stopped unexpectedly", where=where)
        if kind != b"blob":
            raise SourceError("is a directory, not a file", where=where, kind=ErrorKind.UNREADABLE)
        return content[:size]

    @property
    def closed(self) -> bool:
        return self._process.poll() is not None or self._stdin.closed

    def close(self) -> None:
        """End the process (it exits when its input closes; a blob left unread is dropped)."""
        with contextlib.suppress(OSError):
            self._stdin.close()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._stdout.close()


# the cat-file processes of the load under way, by commit (None: no load is collecting them)
_batches: contextvars.ContextVar[dict[str, _Batch] | None] = contextvars.ContextVar(
    "treaty_git_batches", default=None
)


@contextlib.contextmanager
def reading() -> Iterator[None]:
    """Share one ``cat-file --batch`` process per commit between the reads inside; end them all
    on the way out."""
    batches: dict[str, _Batch] = {}
    token = _batches.set(batches)
    try:
        yield
    finally:
        _batches.reset(token)
        for batch in batches.values():
            batch.close()


def read_blob(commit: str, path: str, where: str, limit: int) -> bytes:
    """The content of repository path ``path`` in ``commit`` (an id from resolve_revision)."""
    spec = f"{commit}:{path}"
    if "\n" in spec or "\0" in spec:  # the batch protocol is line-based: one process for it
        return _read_blob_alone(spec, where, limit)
    batches = _batches.get()
    if batches is None:  # outside reading(): a process for this blob alone
        batch = _Batch(where)
        try:
            return batch.read(spec, where, limit)
        finally:
            batch.close()
    shared = batches.get(commit)
    if shared is None or shared.closed:
        shared = batches[commit] = _Batch(where)
    return shared.read(spec, where, limit)


def _read_blob_alone(spec: str, where: str, limit: int) -> bytes:
    """``spec``'s blob, read with a ``git cat-file`` call of its own (any path git accepts)."""
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
