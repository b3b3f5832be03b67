"""The limits behind the CLI cases, in-process: each bound holds exactly, and a legal document
just inside a bound still loads. (The CLI suite runs in child processes, so these also keep
the new guards covered.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from treaty.errors import ErrorKind, SourceError, SpecError, TreatyError
from treaty.sources import AppSource, LoadOptions, load
from treaty.sources.parse import parse_bytes
from treaty.spec.pointer import resolve

HEAD = b"openapi: 3.0.3\n"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (HEAD + b"a: 1\nb: {x: 1, x: 2}\n", "line 3, column 11: duplicate key 'x'"),
        (b'{"openapi": "3.0.3", "a": {"x": 1, "y": 2, "x": 3}}', "duplicate key 'x'"),
        (HEAD + b"x: " + b"[" * 200 + b"]" * 200, "nested deeper than 128 levels"),
        (HEAD + b"x: " + b"1" * 5000, "a number has too many digits"),
        (b'{"openapi": ' + b"1" * 5000 + b"}", "a number has too many digits"),
    ],
)
def test_parse_limits(data: bytes, problem: str) -> None:
    with pytest.raises(SourceError, match=problem) as caught:
        parse_bytes(data, "doc.yaml")
    assert caught.value.kind is ErrorKind.PARSE


def test_many_brackets_but_shallow_nesting_loads() -> None:
    """Depth is followed event by event: many brackets in a shallow document are no limit."""
    items = ", ".join(["{a: [1]}"] * 5000)
    root, _ = parse_bytes(HEAD + f"x: [{items}]\n".encode(), "doc.yaml")
    assert len(root["x"]) == 5000  # type: ignore[arg-type]


def test_long_indentation_of_a_block_scalar_is_no_nesting() -> None:
    text = HEAD + b"x: |\n" + b" " * 1200 + b"-- an indented line of a block scalar --\n"
    root, _ = parse_bytes(text, "doc.yaml")
    assert root["x"] == "-- an indented line of a block scalar --\n"


def test_yaml_merge_keys_are_not_duplicates() -> None:
    root, _ = parse_bytes(HEAD + b"base: &b {x: 1, y: 2}\nd: {<<: *b, x: 3}\n", "doc.yaml")
    assert root["d"] == {"x": 3, "y": 2}


def test_a_date_that_is_no_date_is_text() -> None:
    root, _ = parse_bytes(HEAD + b"a: 2024-13-45\nb: 2024-01-31\n", "doc.yaml")
    assert root["a"] == "2024-13-45" and root["b"] == "2024-01-31"


def test_the_size_cap_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)
    with pytest.raises(SourceError, match="larger than the 2 MB limit") as caught:
        load(str(path), LoadOptions(max_bytes=2 * 1024 * 1024))
    assert caught.value.kind is ErrorKind.TOO_LARGE


def _chain(folder: Path, steps: int) -> Path:
    lines = ["r0: {description: x}"]
    for i in range(1, steps + 1):
        examples = f"{{e1: {{$ref: '#/r{i - 1}'}}, e2: {{$ref: '#/r{i - 1}'}}}}"
        lines.append(f"r{i}: {{description: x, content: {{a/b: {{examples: {examples}}}}}}}")
    (folder / "parts.yaml").write_text("\n".join(lines) + "\n")
    root = folder / "openapi.yaml"
    root.write_text(
        "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n"
        f"        '200': {{$ref: './parts.yaml#/r{steps}'}}\n"
    )
    return root


def test_inlined_refs_are_shared_and_their_expanded_size_is_bounded(tmp_path: Path) -> None:
    root = _chain(tmp_path, 8)  # 2**8 copies when expanded: fine
    document = load(str(root))
    response = document.root["paths"]["/a"]["get"]["responses"]["200"]  # type: ignore[index,call-overload]
    examples = response["content"]["a/b"]["examples"]
    assert examples["e1"] is examples["e2"]  # walked once, shared
    with pytest.raises(SourceError, match="more than 1000 nodes after inlining") as caught:
        load(str(root), LoadOptions(max_nodes=1000))
    assert caught.value.kind is ErrorKind.TOO_LARGE


def test_a_fragment_that_is_no_pointer_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pet.yaml").write_text("Pet: {type: object}\n")
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.0.3\npaths: {}\ncomponents: {schemas: {P: {$ref: './pet.yaml#Pet'}}}\n"
    )
    with pytest.raises(SourceError, match="malformed JSON pointer"):
        load(str(tmp_path / "openapi.yaml"))


def test_percent_encoded_pointers_resolve_and_literal_percent_wins() -> None:
    root = {"a b": 1, "a%20b": 2, "c d": 3}
    assert resolve(root, "#/a%20b") == 2
    assert resolve(root, "#/c%20d") == 3
    with pytest.raises(SpecError, match="points at nothing"):
        resolve(root, "#/e%20f")


def test_an_app_returning_non_json_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "odd_app.py").write_text(
        "class App:\n    def openapi(self):\n        return {'openapi': {1, 2}}\napp = App()\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(SourceError, match=r"app.openapi\(\) did not return JSON") as caught:
        load(AppSource("odd_app:app"))
    assert caught.value.kind is ErrorKind.APP


@pytest.mark.parametrize(
    ("where", "shown"),
    [("a\nb", "a\\nb"), ("\x1b[31mred", "\\x1b[31mred"), ("naïve.yaml", "naïve.yaml")],
)
def test_error_lines_cannot_be_broken_or_coloured(where: str, shown: str) -> None:
    assert str(TreatyError("bad\x1b[0m\nthing", where=where)) == f"{shown}: bad\\x1b[0m thing"


def test_a_swagger_body_schema_must_be_a_schema(tmp_path: Path) -> None:
    from treaty.spec import build

    document = {
        "swagger": "2.0",
        "paths": {"/a": {"post": {"parameters": [{"in": "body", "name": "b", "schema": "x"}]}}},
    }
    (tmp_path / "swagger.json").write_text(json.dumps(document))
    with pytest.raises(
        SpecError, match=r"expected a schema .* at #/paths/~1a/post/parameters/0/schema"
    ):
        build(load(str(tmp_path / "swagger.json")))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'{"openapi": NaN}', "NaN is not a JSON number"),
        (b'{"openapi": -Infinity}', "-Infinity is not a JSON number"),
        (b'{"openapi": 1e400}', "1e400 is out of range"),
        (b'{"openapi": 1e-400}', "1e-400 is out of range"),
        (b'{"openapi": "\\ud800"}', "lone surrogate"),
        (HEAD + b"x: .nan\n", "NaN is not a JSON number"),
        (HEAD + b"x: 1.0e+400\n", "out of range"),
        (HEAD + b"x: !!float abc\n", "'abc' is not a number"),
    ],
)
def test_numbers_and_text_json_cannot_carry(data: bytes, problem: str) -> None:
    with pytest.raises(SourceError, match=problem):
        parse_bytes(data, "doc.json")


def test_exact_numbers_and_paired_surrogates_load() -> None:
    root, _ = parse_bytes(b'{"openapi": "\\ud83d\\ude00", "a": 0.0, "b": 1e300}', "doc.json")
    assert root == {"openapi": "\U0001f600", "a": 0.0, "b": 1e300}


@pytest.mark.parametrize("levels", [600, 5000])
def test_json_nesting_has_the_same_ceiling_whatever_max_depth_says(levels: int) -> None:
    """Whether ``json`` reads it (600) or gives up by RecursionError (5000), the message
    names treaty's limit."""
    data = b'{"openapi": "3.0.3", "x": ' + b"[" * levels + b"]" * levels + b"}"
    with pytest.raises(SourceError, match=r"nested deeper than 256 levels$"):
        parse_bytes(data, "doc.json", max_depth=100_000)
    shallow = b'{"openapi": "3.0.3", "x": ' + b"[" * 250 + b"]" * 250 + b"}"
    assert parse_bytes(shallow, "doc.json", max_depth=100_000)[0]["openapi"] == "3.0.3"
