"""Line lookups for JSON pointers, in JSON and YAML, computed on demand."""

from __future__ import annotations

from pathlib import Path

import pytest

from treaty.sources import Document, SyntaxKind, load
from treaty.sources.lines import line_of, pointer_tokens

SPECS = Path(__file__).resolve().parents[2] / "fixtures" / "specs"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "petstore-3.0.yaml",
            {"#": 1, "#/paths/~1pets/get": 10, "#/paths/~1pets/get/parameters/0/schema": 19},
        ),
        (
            "petstore-3.1.json",
            {"#": 1, "#/paths/~1pets/get": 19, "#/paths/~1pets/get/parameters/0/schema": 31},
        ),
    ],
)
def test_pointers_map_to_lines(name: str, expected: dict[str, int]) -> None:
    document = load(str(SPECS / name))
    assert {pointer: line_of(document, pointer) for pointer in expected} == expected


@pytest.mark.parametrize("name", ["petstore-3.0.yaml", "petstore-3.1.json"])
@pytest.mark.parametrize(
    "pointer",
    [
        "#/nope",
        "#/paths/~1pets/get/parameters/9",
        "#/paths/~1pets/get/parameters/x",
        "#/info/title/0",
    ],
)
def test_pointers_that_lead_nowhere_have_no_line(name: str, pointer: str) -> None:
    assert line_of(load(str(SPECS / name)), pointer) is None


def test_lines_in_a_json_array_and_after_skipped_siblings() -> None:
    raw = b'{\n "a": [1,\n  {"b": 2}, 3],\n "c": {"d": [\n  4]}\n}'
    document = Document(root={}, name="x", syntax=SyntaxKind.JSON, raw=raw)
    assert line_of(document, "#/a/1") == 3
    assert line_of(document, "#/a/2") == 3
    assert line_of(document, "#/c/d/0") == 5
    assert line_of(document, "#/a/3") is None


def test_documents_without_text_or_with_broken_text_have_no_lines() -> None:
    assert line_of(Document(root={}, name="app", syntax=SyntaxKind.JSON), "#/a") is None
    broken = Document(root={}, name="x", syntax=SyntaxKind.JSON, raw=b'{"a": [1,')
    assert line_of(broken, "#/a/5") is None


def test_pointer_tokens_unescape() -> None:
    assert pointer_tokens("#") == []
    assert pointer_tokens("#/paths/~1pets~0x") == ["paths", "/pets~x"]
    assert pointer_tokens("/a/b") == ["a", "b"]
