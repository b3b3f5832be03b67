"""REV:path sources read from a real temporary git repository."""

from __future__ import annotations

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
