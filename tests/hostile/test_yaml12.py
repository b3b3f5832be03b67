"""YAML that YAML 1.1 and YAML 1.2 read differently, and YAML too large to read, through the CLI.

The node cap is counted while libyaml's events arrive, so millions of plain items (no aliases)
are refused within the child's 1 GB address-space cap (``runner.MEMORY_LIMIT``); building the
whole tree first took 1.2 GB. The message names the node limit, not aliases. JSON documents
are bounded by the same limit, counted alike (every key, every value, the top-level object).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from hostile.runner import assert_load_refused, assert_one_line_error, run_treaty

HEAD = b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
MILLIONS = 3_000_000


def _flow_list() -> bytes:  # 6 MB: `[a,a,a,…]`
    return HEAD + b"x-items: [" + b",".join([b"a"] * MILLIONS) + b"]\n"


def _block_list() -> bytes:  # 12 MB: one `- a` a line
    return HEAD + b"x-items:\n" + b"- a\n" * MILLIONS


def _flow_mapping() -> bytes:  # keys with empty (null) values: two nodes per two bytes
    return HEAD + b"x-keys: {" + b",".join(b"k%d" % i for i in range(MILLIONS // 2)) + b"}\n"


JSON_HEAD = b'{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, '


def _json_list() -> bytes:  # 6 MB: `[0,0,0,…]`
    return JSON_HEAD + b'"x-items": [' + b",".join([b"0"] * MILLIONS) + b"]}"


def _json_object() -> bytes:  # two nodes a key
    keys = b",".join(b'"k%d":0' % i for i in range(MILLIONS // 4))
    return JSON_HEAD + b'"x-keys": {' + keys + b"}}"


def _json_nested() -> bytes:  # many small containers, each within the depth limit
    return JSON_HEAD + b'"x-lists": [' + b",".join([b"[[]]"] * (MILLIONS // 4)) + b"]}"


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("api.yaml", _flow_list),
        ("api.yaml", _block_list),
        ("api.yaml", _flow_mapping),
        ("api.json", _json_list),
        ("api.json", _json_object),
        ("api.json", _json_nested),
    ],
)
@pytest.mark.parametrize("command", ["validate", "snapshot"])
def test_millions_of_plain_items_are_refused_while_parsing(
    tmp_path: Path, name: str, make: Callable[[], bytes], command: str
) -> None:
    run = assert_load_refused(tmp_path, name, make(), command, "more than 1000000 nodes")
    assert "LoadOptions.max_nodes" in run.stderr
    assert "alias" not in run.stderr and "invalid" not in run.stderr


def test_a_document_relying_on_yaml_1_1_booleans_reads_as_yaml_1_2(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_bytes(
        HEAD + b"x-flags: {a: yes, b: no, c: on, d: off, e: y, f: n, g: 0777, h: 0o777}\n"
    )
    run = run_treaty("snapshot", "api.yaml", "-o", "snap.json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    written = json.loads((tmp_path / "snap.json").read_text())
    assert written["x-flags"] == {
        "a": "yes", "b": "no", "c": "on", "d": "off", "e": "y", "f": "n", "g": 777, "h": 511,
    }  # fmt: skip


def test_an_enum_of_1_1_booleans_is_text_so_removing_a_value_is_breaking(tmp_path: Path) -> None:
    """Under YAML 1.1 ``[yes, no]`` was ``[true, false]`` and a switch to quoted strings looked
    like a type change; under 1.2 both are the same strings and only the real change shows."""

    def spec(values: bytes) -> bytes:
        return (
            b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
            b"      parameters:\n        - {name: q, in: query, schema: {type: string, enum: "
            + values
            + b"}}\n      responses: {'200': {description: ok}}\n"
        )

    (tmp_path / "base.yaml").write_bytes(spec(b"[yes, no]"))
    (tmp_path / "same.yaml").write_bytes(spec(b"['yes', 'no']"))
    (tmp_path / "fewer.yaml").write_bytes(spec(b"['yes']"))
    assert run_treaty("breaking", "base.yaml", "same.yaml", cwd=tmp_path).returncode == 0
    fewer = run_treaty("breaking", "base.yaml", "fewer.yaml", cwd=tmp_path)
    assert fewer.returncode == 1, fewer.stdout + fewer.stderr


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"x-set: !!set {a, b}\n", "line 4, column 8: the tag '!!set' is not allowed"),
        (b"x-omap: !!omap [a: 1]\n", "line 4, column 9: the tag '!!omap' is not allowed"),
        (b"x-when: !!timestamp 2024-01-31\n", "line 4, column 9: the tag '!!timestamp'"),
        (b"x-blob: !!binary aGVsbG8=\n", "line 4, column 9: the tag '!!binary'"),
        (b"x-t: !!python/tuple [1]\n", "line 4, column 6: the tag '!!python/tuple'"),
        (b"x-f: !!float abc\n", "line 4, column 6: 'abc' is not a number"),
        (b"x-k: {true: a, True: b}\n", "line 4, column 16: duplicate key 'True' (read as 'true'"),
        (b"x-k: {1: a, 01: b}\n", "line 4, column 13: duplicate key '01' (read as '1'"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "snapshot"])
def test_what_is_no_json_value_is_refused_naming_tag_or_key_and_line(
    tmp_path: Path, body: bytes, problem: str, command: str
) -> None:
    (tmp_path / "api.yaml").write_bytes(HEAD + body)
    args = ("validate", "api.yaml")
    if command == "snapshot":  # a snapshot that could never be current (a set's order varies)
        args = ("snapshot", "api.yaml", "--check", "-o", "s.yaml")
    run = run_treaty(*args, cwd=tmp_path)
    assert_one_line_error(run, "api.yaml", problem)
    assert not (tmp_path / "s.yaml").exists()
