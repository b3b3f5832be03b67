"""Hostile bytes: every one ends in one clear line and exit 2, within bounded time and memory.

Each case is a whole document handed to the real CLI in a child process (see ``runner``).
Library-level details (messages, limits as options) are tested in ``tests/sources``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hostile.runner import assert_one_line_error, run_treaty

HEAD = b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
DEEP = 100_000


def _laughs() -> bytes:
    lines = [b'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]".encode())
    return HEAD + b"\n".join(lines) + b"\n"


CASES: dict[str, tuple[bytes, str]] = {
    "billion-laughs": (_laughs(), "nodes after expanding YAML aliases"),
    "self-alias": (HEAD + b"x: &x [*x]\n", "alias to itself"),
    "deep-json-arrays": (
        b'{"openapi": "3.0.3", "x": ' + b"[" * DEEP + b"]" * DEEP + b"}",
        "nested deeper than 128 levels",
    ),
    "deep-json-objects": (
        b'{"openapi": "3.0.3", "x": ' + b'{"a": ' * DEEP + b"1" + b"}" * DEEP + b"}",
        "nested deeper than 128 levels",
    ),
    # past what the json module reads (RecursionError) and under it: one limit, one message
    "json-5000-deep": (
        b'{"openapi": "3.0.3", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        "nested deeper than 128 levels",
    ),
    "json-500-deep": (
        b'{"openapi": "3.0.3", "x": ' + b"[" * 500 + b"]" * 500 + b"}",
        "nested deeper than 128 levels",
    ),
    "deep-yaml-flow-sequences": (HEAD + b"x: " + b"[" * DEEP + b"]" * DEEP + b"\n", "deeper"),
    "deep-yaml-flow-mappings": (HEAD + b"x: " + b"{a: " * DEEP + b"1" + b"}" * DEEP, "deeper"),
    "deep-yaml-compact-sequences": (HEAD + b"x:\n" + b"- " * DEEP + b"1\n", "deeper"),
    "deep-yaml-indentation": (
        HEAD + b"x:\n" + b"".join(b" " * i + b"k:\n" for i in range(1, 3000)) + b" " * 3000 + b"1",
        "deeper",
    ),
    "python-object-tag": (HEAD + b"x: !!python/object:os.system {}\n", "python/object"),
    "python-apply-tag": (
        HEAD + b"x: !!python/object/apply:os.system ['touch pwned']\n",
        "is not allowed",
    ),
    "python-name-tag": (HEAD + b"x: !!python/name:os.system\n", "python/name"),
    "custom-local-tag": (HEAD + b"x: !include secrets.yaml\n", "'!include'"),
    "duplicate-yaml-key": (HEAD + b"paths: {}\n", "duplicate key 'paths'"),
    "duplicate-json-key": (b'{"openapi": "3.0.3", "paths": {}, "paths": {}}', "duplicate key"),
    "non-utf8": (HEAD + b"x: \xff\xfe\n", "not UTF-8"),
    "utf16": ("openapi: 3.0.3\n".encode("utf-16"), "not UTF-8"),
    "empty": (b"", "empty"),
    "only-whitespace": (b" \n\t\n", "empty"),
    "top-level-list": (b"- openapi: 3.0.3\n", "expected a mapping"),
    "top-level-scalar": (b"openapi", "expected a mapping"),
    "not-openapi": (b"name: my-config\n", "not an OpenAPI document"),
    "unhashable-key": (HEAD + b"? [a, b]\n: 1\n", "a mapping key must be a scalar, not a sequence"),
    "huge-json-integer": (b'{"openapi": "3.0.3", "x": ' + b"9" * 5000 + b"}", "too many digits"),
    "huge-yaml-integer": (HEAD + b"x: " + b"9" * 5000 + b"\n", "too many digits"),
    "truncated-json": (b'{"openapi": "3.0.3", "paths": {', "invalid JSON"),
    "nul-bytes": (b"\x00" * 1024, "invalid YAML"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_document_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    data, problem = CASES[case]
    (tmp_path / "api.yaml").write_bytes(data)
    run = run_treaty("validate", "api.yaml", cwd=tmp_path)
    assert_one_line_error(run, "api.yaml", problem)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("case", ["billion-laughs", "deep-yaml-flow-sequences", "non-utf8"])
def test_hostile_stdin_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    data, problem = CASES[case]
    assert_one_line_error(run_treaty("validate", "-", cwd=tmp_path, stdin=data), "<stdin>", problem)


@pytest.mark.parametrize("command", [("breaking", "api.yaml"), ("snapshot", "-o", "s.yaml")])
def test_every_reading_command_refuses_the_same_way(tmp_path: Path, command: tuple[str]) -> None:
    (tmp_path / "api.yaml").write_bytes(_laughs())
    (tmp_path / "base.yaml").write_bytes(HEAD)
    name, *rest = command
    args = (
        ("breaking", "base.yaml", "api.yaml")
        if name == "breaking"
        else ("snapshot", "api.yaml", *rest)
    )
    assert_one_line_error(run_treaty(*args, cwd=tmp_path), "api.yaml", "YAML aliases")
    assert not (tmp_path / "s.yaml").exists()


def _sparse(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # 200 MB, no disk blocks


def _directory(path: Path) -> None:
    path.mkdir()


def _dangling_symlink(path: Path) -> None:
    path.symlink_to(path.parent / "gone.yaml")


def _symlink_loop(path: Path) -> None:
    path.symlink_to(path.parent / "loop.yaml")
    (path.parent / "loop.yaml").symlink_to(path)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (_sparse, "larger than the 100 MB limit"),
        (_directory, "is a directory"),
        (_dangling_symlink, "no such file"),
        (_symlink_loop, "symbolic links"),
    ],
    ids=["200-MB-file", "directory", "dangling-symlink", "symlink-loop"],
)
def test_files_that_are_not_documents(
    tmp_path: Path, make: Callable[[Path], None], problem: str
) -> None:
    make(tmp_path / "api.yaml")
    run = run_treaty("validate", "api.yaml", cwd=tmp_path)
    assert_one_line_error(run, "api.yaml", problem)
    assert run.seconds < 20


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + HEAD,
        b'\xef\xbb\xbf{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}',
    ],
    ids=["yaml", "json"],
)
def test_a_byte_order_mark_is_fine(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "api.yaml").write_bytes(data)
    run = run_treaty("validate", "api.yaml", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (0, ""), run.stderr
    assert "valid" in run.stdout


def test_a_date_that_is_no_date_stays_text(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_bytes(HEAD + b"x-released: 2024-13-45\n")
    run = run_treaty("snapshot", "api.yaml", "-o", "s.json", "--no-validate", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert '"x-released": "2024-13-45"' in (tmp_path / "s.json").read_text()


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("breaking", "-", "-"), "stdin (-) can be only one of BASE and REVISION"),
        (("diff", "-", "-"), "stdin (-) can be only one of BASE and REVISION"),
        (("changelog", "-", "-"), "stdin (-) can be only one of BASE and REVISION"),
        (("validate", "-", "api.yaml", "-"), "stdin (-) can be given only once"),
    ],
)
def test_stdin_twice_is_a_usage_error(tmp_path: Path, args: tuple[str, ...], problem: str) -> None:
    (tmp_path / "api.yaml").write_bytes(HEAD)
    run = run_treaty(*args, cwd=tmp_path, stdin=HEAD)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines()[-1] == f"Error: {problem}"
    assert run.stdout == ""


def test_stdin_on_one_side_is_read(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_bytes(HEAD)
    run = run_treaty("breaking", "-", "api.yaml", cwd=tmp_path, stdin=HEAD)
    assert (run.returncode, run.stderr) == (0, "")
    assert "between - and api.yaml" in run.stdout
