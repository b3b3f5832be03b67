"""Files and stdin: format detection by content, parse limits, one-line errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
import yaml

from treaty.errors import ErrorKind, SourceError, SpecError
from treaty.sources import FileSource, LoadOptions, StdinSource, SyntaxKind, load
from treaty.sources.parse import parse_bytes

PETSTORE = Path(__file__).resolve().parents[2] / "fixtures" / "specs"


@pytest.mark.parametrize(
    ("name", "syntax", "version"),
    [
        ("petstore-3.0.yaml", SyntaxKind.YAML, "3.0.3"),
        ("petstore-3.1.json", SyntaxKind.JSON, "3.1.0"),
        ("petstore-2.0.yaml", SyntaxKind.YAML, "2.0"),
    ],
)
def test_each_dialect_loads_from_a_file(name: str, syntax: SyntaxKind, version: str) -> None:
    document = load(str(PETSTORE / name))
    assert document.syntax is syntax
    assert document.version == version
    assert document.path == PETSTORE / name
    assert "/pets" in document.root["paths"]  # type: ignore[operator]


def test_syntax_is_detected_by_content_not_extension(tmp_path: Path) -> None:
    disguised = tmp_path / "api.yaml"
    disguised.write_text('{"openapi": "3.0.3", "info": {}, "paths": {}}')
    assert load(FileSource(disguised)).syntax is SyntaxKind.JSON
    yaml_in_json = tmp_path / "api.json"
    yaml_in_json.write_text("openapi: 3.0.3\npaths: {}\n")
    assert load(str(yaml_in_json)).syntax is SyntaxKind.YAML


def test_stdin_is_read_as_a_document(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (PETSTORE / "petstore-3.1.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    document = load("-")
    assert document.name == "<stdin>"
    assert document.root == json.loads(data)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert load(StdinSource()).version == "3.1.0"


def test_bom_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfopenapi: 3.0.3\n")
    assert load(str(path)).version == "3.0.3"


def test_yaml_scalars_become_json_values() -> None:
    root, _ = parse_bytes(b"openapi: 3.0.3\nresponses:\n  200: {}\ndate: 2024-01-31\non: 1\n", "x")
    # YAML 1.2 core schema: a date is text, `on` is text (YAML 1.1 read it as true)
    assert root == {"openapi": "3.0.3", "responses": {"200": {}}, "date": "2024-01-31", "on": 1}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "the document is empty"),
        (b"  \n", "the document is empty"),
        (b"openapi: [\n", "invalid YAML at line 2"),
        (b'{"openapi": ', "invalid JSON at line 1"),
        (b"- a\n- b\n", "expected a mapping at the top of the document, found list"),
        (b"\xff\xfeo\x00", "not UTF-8 text"),
        (b"a: &x [*x]\n", "alias to itself"),
        # refusals in treaty's words, whatever PyYAML would say
        (b"a: !!python/object:os.system {}\n", "line 1, column 4: the tag '!!python/object:os."),
        (
            b"a: !!python/name:os.system\n",
            "invalid YAML at line 1, column 4: the tag '!!python/name",
        ),
        (b"a: !include other.yaml\n", "invalid YAML at line 1, column 4: the tag '!include'"),
        (b"? [a, b]\n: 1\n", "a mapping key must be a scalar, not a sequence"),
        (b"? {k: v}\n: 1\n", "a mapping key must be a scalar, not a mapping"),
        (b"a: &m {[k]: 1}\nb: {<<: *m}\n", "a mapping key must be a scalar, not a sequence"),
    ],
)
def test_bad_bytes_are_one_line_errors(data: bytes, problem: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_bytes(data, "doc.yaml")
    assert problem in str(caught.value)
    assert str(caught.value).startswith("doc.yaml: ")
    assert "\n" not in str(caught.value)


def test_billion_laughs_is_bounded() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    with pytest.raises(SourceError, match="nodes after expanding YAML aliases"):
        parse_bytes("\n".join(lines).encode(), "laughs.yaml", max_nodes=100_000)


def test_shared_aliases_within_the_bound_are_fine() -> None:
    root, _ = parse_bytes(b"a: &x {b: [1, 2]}\nc: *x\nd: *x\n", "x", max_nodes=100)
    assert root["c"] == root["d"] == {"b": [1, 2]}


@pytest.mark.parametrize("syntax", ["json", "yaml"])
def test_nesting_depth_is_bounded(syntax: str) -> None:
    data = ("[" * 50 + "]" * 50) if syntax == "json" else "a: " + "[" * 50 + "]" * 50
    text = '{"a": ' + data + "}" if syntax == "json" else data
    with pytest.raises(SourceError, match="nested deeper than 20 levels"):
        parse_bytes(text.encode(), "deep", max_depth=20)


def _deep(shape: str, depth: int) -> bytes:
    if shape == "flow-sequences":
        return b"x: " + b"[" * depth + b"]" * depth + b"\n"
    if shape == "flow-mappings":
        return b"x: " + b"{a: " * depth + b"1" + b"}" * depth + b"\n"
    return b"x:\n" + b"- " * depth + b"1\n"


SHAPES = ["flow-sequences", "flow-mappings", "block-sequences"]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("depth", [200, 2_000, 50_000])
def test_the_nesting_limit_is_treatys_at_any_depth(shape: str, depth: int) -> None:
    # past 1 000 levels libyaml 0.2.6 refuses in its own words, and its scanner looks ahead far
    # enough that the refusal comes before treaty has seen a single event
    with pytest.raises(SourceError) as caught:
        parse_bytes(_deep(shape, depth), "deep.yaml")
    assert str(caught.value) == "deep.yaml: nested deeper than 128 levels"


@pytest.mark.skipif(
    not hasattr(getattr(yaml, "_yaml", None), "_set_max_nest_level"),
    reason="this PyYAML cannot change libyaml's nesting limit",
)
@pytest.mark.parametrize("shape", SHAPES)
def test_the_nesting_limit_is_treatys_under_a_stricter_libyaml(shape: str) -> None:
    # a parser that refuses nesting earlier than treaty's limit does not change treaty's verdict
    # on a document deeper than that limit: same message, same limit named
    strict = yaml._yaml._set_max_nest_level  # type: ignore[attr-defined]
    before = yaml._yaml._get_max_nest_level()  # type: ignore[attr-defined]
    strict(10)
    try:
        with pytest.raises(SourceError) as caught:
            parse_bytes(_deep(shape, 60), "deep.yaml", max_depth=30)
    finally:
        strict(before)
    assert str(caught.value) == "deep.yaml: nested deeper than 30 levels"


def test_yaml_nesting_has_a_ceiling_whatever_max_depth_says() -> None:
    with pytest.raises(SourceError, match="nested deeper than 256 levels"):
        parse_bytes(_deep("flow-sequences", 600), "deep.yaml", max_depth=100_000)
    root, _ = parse_bytes(_deep("flow-sequences", 250), "deep.yaml", max_depth=100_000)
    assert isinstance(root["x"], list)


@pytest.mark.parametrize(
    "data",
    [
        # many brackets before the error, but quoted: shallow, so the parser's error stands
        b"a: '" + b"[" * 3_000 + b"'\nb: [\n",
        b"a: [" + b"[1], " * 3_000 + b"\nb: }\n",
    ],
)
def test_a_syntax_error_among_many_brackets_is_not_called_deep(data: bytes) -> None:
    with pytest.raises(SourceError) as caught:
        parse_bytes(data, "doc.yaml")
    assert "invalid YAML at line" in str(caught.value)
    assert "nested" not in str(caught.value)


def test_missing_file_directory_and_size_cap(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file") as missing:
        load(str(tmp_path / "nope.yaml"))
    assert missing.value.kind is ErrorKind.NOT_FOUND
    with pytest.raises(SourceError, match="is a directory"):
        load(str(tmp_path))
    big = tmp_path / "big.yaml"
    big.write_text("openapi: 3.0.3\n" + "x: 1\n" * 100)
    with pytest.raises(SourceError, match="byte limit") as large:
        load(str(big), LoadOptions(max_bytes=64))
    assert large.value.kind is ErrorKind.TOO_LARGE


def test_unreadable_path_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file.yaml").write_text("openapi: 3.0.3\n")
    with pytest.raises(SourceError, match="cannot read: Not a directory"):
        load(str(tmp_path / "file.yaml" / "child.yaml"))


def test_valid_yaml_that_is_not_openapi(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("name: not an api\n")
    with pytest.raises(SpecError, match="not an OpenAPI document"):
        load(str(path))
