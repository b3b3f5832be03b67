"""File ``$ref``s that leave the document's tree and remote ``$ref``s are refused by default.

Remote targets are served from 127.0.0.1 only (the ``serve`` fixture); nothing here leaves
the machine. Each refusal is one line naming the document and the flag that would allow it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hostile.runner import assert_one_line_error, run_treaty

PARTS = "type: object\nproperties: {id: {type: integer}}\n"


def _root(ref: str) -> str:
    return (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        f"components: {{schemas: {{Pet: {{$ref: '{ref}'}}}}}}\n"
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """``tmp_path/api`` is the document's tree; ``tmp_path/outside.yaml`` is not in it."""
    (tmp_path / "api").mkdir()
    (tmp_path / "outside.yaml").write_text(PARTS)
    return tmp_path / "api"


@pytest.mark.parametrize(
    ("ref", "problem"),
    [
        ("../outside.yaml", "leaves the root document's directory"),
        ("../../../../../../etc/passwd", "leaves the root document's directory"),
        ("sub/../../outside.yaml", "leaves the root document's directory"),
        ("/etc/passwd", "absolute paths are not allowed"),
        ("file:///etc/passwd", "it is remote"),
        ("link.yaml", "leaves the root document's directory"),
        ("http://127.0.0.1:9/pet.yaml", "it is remote"),
        ("https://localhost/pet.yaml", "it is remote"),
        ("ftp://127.0.0.1/pet.yaml", "unsupported scheme 'ftp'"),
    ],
)
def test_refs_out_of_the_tree_are_refused(tree: Path, ref: str, problem: str) -> None:
    (tree / "link.yaml").symlink_to(tree.parent / "outside.yaml")
    (tree / "openapi.yaml").write_text(_root(ref))
    run = run_treaty("validate", "openapi.yaml", cwd=tree)
    assert_one_line_error(run, "openapi.yaml", problem)
    assert "--allow-" in run.stderr or "scheme" in run.stderr


@pytest.mark.parametrize("ref", ["../outside.yaml", "link.yaml"])
def test_outside_refs_load_when_allowed(tree: Path, ref: str) -> None:
    (tree / "link.yaml").symlink_to(tree.parent / "outside.yaml")
    (tree / "openapi.yaml").write_text(_root(ref))
    run = run_treaty("validate", "openapi.yaml", "--allow-outside-refs", cwd=tree)
    assert run.returncode == 0, run.stderr


def _files(documents: dict[str, bytes]) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = documents.get(scope["path"])
        await send(
            {
                "type": "http.response.start",
                "status": 404 if body is None else 200,
                "headers": [(b"content-type", b"application/yaml")],
            }
        )
        await send({"type": "http.response.body", "body": body or b""})

    return app


def test_remote_refs_to_loopback_need_the_flag(tree: Path, serve: Callable[[object], str]) -> None:
    url = serve(_files({"/pet.yaml": b"$ref: ./kind.yaml\n", "/kind.yaml": PARTS.encode()}))
    (tree / "openapi.yaml").write_text(_root(f"{url}/pet.yaml"))
    refused = run_treaty("validate", "openapi.yaml", cwd=tree)
    assert_one_line_error(refused, "openapi.yaml", "pass --allow-remote-refs")
    allowed = run_treaty("validate", "openapi.yaml", "--allow-remote-refs", cwd=tree)
    assert allowed.returncode == 0, allowed.stderr


def test_a_missing_remote_target_is_one_line(tree: Path, serve: Callable[[object], str]) -> None:
    url = serve(_files({}))
    (tree / "openapi.yaml").write_text(_root(f"{url}/gone.yaml"))
    run = run_treaty("validate", "openapi.yaml", "--allow-remote-refs", cwd=tree)
    assert_one_line_error(run, "openapi.yaml", "HTTP 404")


def test_a_remote_document_cannot_reach_local_files(
    tree: Path, serve: Callable[[object], str]
) -> None:
    url = serve(_files({"/pet.yaml": b"$ref: 'file:///etc/passwd'\n"}))
    (tree / "openapi.yaml").write_text(_root(f"{url}/pet.yaml"))
    run = run_treaty("validate", "openapi.yaml", "--allow-remote-refs", cwd=tree)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("missing.yaml", "no such file"),
        ("folder", "is a directory"),
        ("laughs.yaml", "nodes after expanding YAML aliases"),
        ("tagged.yaml", "is not allowed"),
        ("pet.yaml#/nope", "points at nothing"),
        ("pet.yaml#properties", "malformed JSON pointer"),
    ],
)
def test_bad_ref_targets_are_one_line(tree: Path, target: str, problem: str) -> None:
    (tree / "folder").mkdir()
    (tree / "pet.yaml").write_text(PARTS)
    (tree / "tagged.yaml").write_text("a: !!python/object/apply:os.system ['touch pwned']\n")
    laughs = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (tree / "laughs.yaml").write_text("\n".join(laughs) + "\n")
    (tree / "openapi.yaml").write_text(_root(target))
    run = run_treaty("validate", "openapi.yaml", cwd=tree)
    assert_one_line_error(run, "openapi.yaml", problem)
    assert not (tree / "pwned").exists()


def test_a_ref_expansion_bomb_outside_schemas_is_bounded(tree: Path) -> None:
    """Responses and examples are inlined, not hoisted: a doubling chain must not explode."""
    lines = ["r0: {description: x}"]
    for i in range(1, 64):
        examples = f"{{e1: {{$ref: '#/r{i - 1}'}}, e2: {{$ref: '#/r{i - 1}'}}}}"
        lines.append(f"r{i}: {{description: x, content: {{a/b: {{examples: {examples}}}}}}}")
    (tree / "parts.yaml").write_text("\n".join(lines) + "\n")
    (tree / "openapi.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '200': {$ref: './parts.yaml#/r63'}\n"
    )
    run = run_treaty("validate", "openapi.yaml", cwd=tree)
    assert_one_line_error(run, "openapi.yaml", "nodes after inlining external $refs")
    assert run.seconds < 30


NUL_REFS = {
    "raw": ("pet\x00.yaml", ()),
    "percent-encoded": ("pet%00.yaml#/Pet", ()),
    "absolute-allowed": ("/tmp/pet\x00.yaml", ("--allow-outside-refs",)),
    "file-url-allowed": ("file:///tmp/pet%00.yaml", ("--allow-remote-refs",)),
}


@pytest.mark.parametrize("case", sorted(NUL_REFS))
def test_a_nul_byte_in_a_file_ref_is_one_line(tmp_path: Path, case: str) -> None:
    ref, flags = NUL_REFS[case]
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"$ref": ref}},  # a path item: inlined, not hoisted
    }
    (tmp_path / "openapi.json").write_text(json.dumps(document))
    run = run_treaty("validate", *flags, "openapi.json", cwd=tmp_path)
    assert_one_line_error(run, "openapi.json", "a file name cannot contain a NUL byte")
    assert "\\x00" in run.stderr or "%00" in run.stderr  # shown escaped, never raw
    assert "\x00" not in run.stderr


def test_a_nul_byte_in_a_ref_read_from_git_is_one_line(
    git_repo: Callable[[str], object],
) -> None:
    repository = git_repo("repo")
    document = '{"openapi": "3.0.3", "paths": {"/a": {"$ref": "pet\\u0000.yaml"}}}'
    repository.commit({"openapi.json": document}, "v1")  # type: ignore[attr-defined]
    path: Path = repository.path  # type: ignore[attr-defined]
    run = run_treaty("breaking", "HEAD:openapi.json", "openapi.json", cwd=path)
    assert_one_line_error(run, "HEAD:openapi.json", "a file name cannot contain a NUL byte")
