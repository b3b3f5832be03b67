"""REV:path sources read from a real temporary git repository."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from treaty.errors import ErrorKind, GitError, SourceError
from treaty.sources import GitSource, LoadOptions, load

V1 = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
V2 = "openapi: 3.1.0\ninfo: {title: t, version: '2'}\npaths: {}\n"


@pytest.fixture
def repo(git_repo: Callable[[str], object], monkeypatch: pytest.MonkeyPatch) -> object:
    repository = git_repo("api")
    repository.commit({"api/openapi.yaml": V1, "api/pet.yaml": "type: string\n"}, "v1")  # type: ignore[attr-defined]
    repository.commit({"api/openapi.yaml": V2}, "v2")  # type: ignore[attr-defined]
    monkeypatch.chdir(repository.path)  # type: ignore[attr-defined]
    return repository


def test_each_revision_is_read_without_checkout(repo: object) -> None:
    assert load("HEAD:api/openapi.yaml").version == "3.1.0"
    assert load("HEAD~1:api/openapi.yaml").version == "3.0.3"
    assert load(GitSource("main~1", "api/openapi.yaml")).name == "main~1:api/openapi.yaml"
    assert Path("api/openapi.yaml").read_text() == V2  # the work tree is untouched


def test_path_is_relative_to_the_cwd(repo: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path("api"))
    assert load("HEAD~1:openapi.yaml").version == "3.0.3"
    assert load("HEAD:./openapi.yaml").version == "3.1.0"


def test_refs_are_read_from_the_same_revision(repo: object) -> None:
    doc = "openapi: 3.0.3\npaths: {}\ncomponents: {schemas: {P: {$ref: './pet.yaml'}}}\n"
    repo.commit({"api/openapi.yaml": doc}, "split")  # type: ignore[attr-defined]
    Path("api/pet.yaml").write_text("type: integer\n")  # uncommitted: must not be seen
    root = load("HEAD:api/openapi.yaml").root
    assert root["components"]["schemas"]["pet"] == {"type": "string"}  # type: ignore[index,call-overload]
    doc = "openapi: 3.0.3\npaths: {}\ncomponents: {schemas: {P: {$ref: '../../x.yaml'}}}\n"
    repo.commit({"api/openapi.yaml": doc}, "escape")  # type: ignore[attr-defined]
    with pytest.raises(SourceError, match="leaves the git repository"):
        load("HEAD:api/openapi.yaml")
    doc = "openapi: 3.0.3\npaths: {}\ncomponents: {schemas: {P: {$ref: '../top.yaml'}}}\n"
    repo.commit({"api/openapi.yaml": doc, "top.yaml": "type: string\n"}, "outside")  # type: ignore[attr-defined]
    with pytest.raises(SourceError, match="leaves the root document's directory"):
        load("HEAD:api/openapi.yaml")
    assert load("HEAD:api/openapi.yaml", LoadOptions(allow_outside_refs=True)).root


@pytest.mark.parametrize(
    ("location", "problem"),
    [
        ("nope:api/openapi.yaml", "unknown revision 'nope'"),
        ("HEAD:api/missing.yaml", "no such file in that revision"),
        ("HEAD:api", "is a directory"),
        ("HEAD:../outside.yaml", "leaves the repository"),
        ("HEAD:/etc/passwd", "must be relative"),
    ],
)
def test_bad_revisions_and_paths(repo: object, location: str, problem: str) -> None:
    with pytest.raises((GitError, SourceError)) as caught:
        load(location)
    assert problem in str(caught.value)
    assert str(caught.value).startswith(location + ": ")


def test_size_cap_applies_to_blobs(repo: object) -> None:
    with pytest.raises(SourceError) as caught:
        load("HEAD:api/openapi.yaml", LoadOptions(max_bytes=10))
    assert caught.value.kind is ErrorKind.TOO_LARGE


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(GitError, match="not a git repository"):
        load("HEAD:openapi.yaml")


def test_missing_git_binary(repo: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(GitError, match="git is not installed"):
        load("HEAD:api/openapi.yaml")


def _split_spec(count: int) -> dict[str, str]:
    """A root document and ``count`` schema files it reaches through `$ref`s, some chained."""
    schemas = ", ".join(f"S{i}: {{$ref: './schemas/s{i}.yaml'}}" for i in range(count))
    files = {
        "api/openapi.yaml": f"openapi: 3.0.3\npaths: {{}}\ncomponents: {{schemas: {{{schemas}}}}}\n"
    }
    for i in range(count):
        body = f"{{$ref: './s{i + 1}.yaml'}}" if i + 1 < count and i % 2 else "{type: string}"
        files[f"api/schemas/s{i}.yaml"] = (
            f"type: object\nproperties: {{next: {body}, n{i}: {{type: integer}}}}\n"
        )
    return files


def _git_shim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put a `git` first on PATH that logs each invocation, then runs the real git."""
    real = shutil.which("git")
    assert real is not None
    shim = tmp_path / "bin" / "git"
    shim.parent.mkdir()
    log = tmp_path / "git.log"
    shim.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {real} "$@"\n')
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim.parent}{os.pathsep}{os.environ['PATH']}")
    return log


def _git_children() -> list[str]:
    """The git processes this test process has started and not yet reaped."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and "git" in stat.with_name("comm").read_text():
            found.append(stat.parent.name)
    return found


def test_a_multi_file_spec_reads_its_blobs_through_one_git_process(
    repo: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file of a split spec comes from the named revision, over one `cat-file --batch`."""
    files = _split_spec(60)
    repo.commit(files, "split")  # type: ignore[attr-defined]
    Path("api/schemas/s7.yaml").write_text("type: boolean\n")  # uncommitted: never read
    log = _git_shim(tmp_path, monkeypatch)
    from_git = load("HEAD:api/openapi.yaml").root
    assert from_git == load(_committed(files, tmp_path)).root
    calls = log.read_text().splitlines()
    assert calls.count("cat-file --batch") == 1, calls
    assert len(calls) <= 3, calls  # the repository prefix, the commit, the blobs
    assert _git_children() == []  # the batch process ended with the load


def _committed(files: dict[str, str], tmp_path: Path) -> str:
    """The same files as plain files, outside the repository: the tree git must reproduce."""
    for name, text in files.items():
        target = tmp_path / "plain" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return str(tmp_path / "plain" / "api" / "openapi.yaml")


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("./missing.yaml", "no such file in that revision"),
        ("./no%20such%20file.yaml", "no such file in that revision"),
        ("./schemas", "is a directory"),
        ("./big.yaml", "larger than"),
    ],
)
def test_a_bad_ref_blob_is_named(repo: object, target: str, problem: str) -> None:
    files = _split_spec(3)
    files["api/openapi.yaml"] = files["api/openapi.yaml"].replace("./schemas/s2.yaml", target)
    files["api/big.yaml"] = "type: string\ndescription: " + "x" * 4000 + "\n"
    repo.commit(files, "bad ref")  # type: ignore[attr-defined]
    with pytest.raises(SourceError) as caught:
        load("HEAD:api/openapi.yaml", LoadOptions(max_bytes=2000))
    assert problem in str(caught.value)
    assert target.split("%")[0] in str(caught.value)
    assert _git_children() == []


def test_reads_go_on_after_a_refused_blob(repo: object) -> None:
    """A blob over the cap is never read: its process is ended and the next read starts one."""
    from treaty.sources import git

    repo.commit({"api/big.yaml": "x" * 5000}, "big")  # type: ignore[attr-defined]
    commit = git.resolve_revision("HEAD", "here")
    with git.reading():
        with pytest.raises(SourceError) as caught:
            git.read_blob(commit, "api/big.yaml", "here", 1000)
        assert caught.value.kind is ErrorKind.TOO_LARGE
        with pytest.raises(SourceError, match="is a directory"):
            git.read_blob(commit, "api", "here", 1000)
        assert git.read_blob(commit, "api/pet.yaml", "here", 1000) == b"type: string\n"
        assert len(_git_children()) == 1
    assert _git_children() == []


def test_a_ref_to_a_file_name_with_a_line_break(repo: object) -> None:
    """The batch protocol reads lines: such a path is read with a git call of its own."""
    doc = "openapi: 3.0.3\npaths: {}\ncomponents: {schemas: {P: {$ref: './a%0Ab.yaml'}}}\n"
    repo.commit({"api/openapi.yaml": doc, "api/a\nb.yaml": "type: integer\n"}, "odd name")  # type: ignore[attr-defined]
    schemas = load("HEAD:api/openapi.yaml").root["components"]["schemas"]  # type: ignore[index,call-overload]
    assert {"type": "integer"} in schemas.values()


def test_a_blob_read_outside_a_load(repo: object) -> None:
    from treaty.sources import git

    commit = git.resolve_revision("HEAD~1", "here")
    assert git.read_blob(commit, "api/pet.yaml", "here", 100) == b"type: string\n"
    with pytest.raises(SourceError, match="no such file"):
        git.read_blob(commit, "api/nope.yaml", "here", 100)
    assert _git_children() == []


def test_line_break_paths_get_the_same_verdicts(repo: object) -> None:
    """Read without the batch process, such a path is refused for the same reasons."""
    from treaty.sources import git

    repo.commit({"api/x\ny/a.yaml": "type: string\n", "api/big\n.yaml": "x" * 500}, "odd")  # type: ignore[attr-defined]
    commit = git.resolve_revision("HEAD", "here")
    for path, kind in [
        ("api/no\nsuch.yaml", ErrorKind.NOT_FOUND),
        ("api/x\ny", ErrorKind.UNREADABLE),
        ("api/big\n.yaml", ErrorKind.TOO_LARGE),
    ]:
        with pytest.raises(SourceError) as caught:
            git.read_blob(commit, path, "here", 100)
        assert caught.value.kind is kind, path
    assert git.read_blob(commit, "api/x\ny/a.yaml", "here", 100) == b"type: string\n"


def test_a_missing_git_when_blobs_are_read(repo: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from treaty.sources import git

    commit = git.resolve_revision("HEAD", "here")
    monkeypatch.setenv("PATH", "")
    with pytest.raises(GitError, match="git is not installed"):
        git.read_blob(commit, "api/openapi.yaml", "here", 100)
