"""Line lookups for JSON pointers, in JSON and YAML, computed on demand."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from treaty.sources import Document, SyntaxKind, load
from treaty.sources.lines import line_of, pointer_tokens

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SPECS = FIXTURES / "specs"


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


def _composed_lines(text: str) -> dict[str, int]:
    """Every pointer of a YAML text and its line, read off PyYAML's composed node tree."""
    found: dict[str, int] = {}

    def walk(node: yaml.Node, pointer: str, line: int) -> None:
        found.setdefault(pointer, line + 1)  # the first of duplicate keys, as lookups answer
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    token = key.value.replace("~", "~0").replace("/", "~1")
                    walk(value, f"{pointer}/{token}", key.start_mark.line)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{pointer}/{index}", item.start_mark.line)

    walk(yaml.compose(text, Loader=yaml.CSafeLoader), "#", 0)
    return found


YAML_FIXTURES = sorted(
    path
    for folder in ("specs", "demo", "multi-file", "cycles", "changes")
    for path in (FIXTURES / folder).rglob("*.y*ml")
)


@pytest.mark.parametrize("path", YAML_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_yaml_pointer_sits_on_the_line_libyaml_gives_its_node(path: Path) -> None:
    raw = path.read_bytes()
    document = Document(root={}, name=path.name, syntax=SyntaxKind.YAML, raw=raw)
    expected = _composed_lines(raw.decode())
    assert len(expected) > 1
    assert {pointer: line_of(document, pointer) for pointer in expected} == expected


EDGES = """\
shared: &pet
  name: cat
  tags: [a, b]
list:
  - *pet
  - &scalar plain
  - *scalar
? [complex, key]
: ignored
copy: *pet
dup: first
dup: second
"""


def test_aliases_duplicates_and_complex_keys_answer_as_the_composed_tree() -> None:
    document = Document(root={}, name="x", syntax=SyntaxKind.YAML, raw=EDGES.encode())
    expected = _composed_lines(EDGES)
    assert expected["#/list/0/name"] == 2  # through the alias, on the anchored node's key
    assert expected["#/copy/tags/1"] == 3
    assert expected["#/dup"] == 11
    assert {pointer: line_of(document, pointer) for pointer in expected} == expected
    assert line_of(document, "#/list/3") is None


@pytest.mark.parametrize("text", ["a: *nowhere\n", "a: 1\n---\nb: 2\n", "a: [1,\n"])
def test_yaml_the_loader_would_refuse_has_no_lines(text: str) -> None:
    document = Document(root={}, name="x", syntax=SyntaxKind.YAML, raw=text.encode())
    assert line_of(document, "#/a") is None


def test_keys_and_anchors_are_looked_up_as_yaml_1_2_reads_them() -> None:
    """``True:`` is the JSON key ``true`` and ``0777:`` is ``777``, as the loader reads them; an
    anchor may be named again, and an alias names the latest (YAML 1.2)."""
    text = "a: &x {k: 1}\nb: &x\n  m: 2\nc: *x\nTrue: 1\n0777: 2\n'0777': 3\n.inf: 4\n"
    document = Document(root={}, name="x", syntax=SyntaxKind.YAML, raw=text.encode())
    assert line_of(document, "#/c/m") == 3
    assert line_of(document, "#/c/k") is None
    assert line_of(document, "#/true") == 5
    assert line_of(document, "#/777") == 6
    assert line_of(document, "#/0777") == 7
    assert line_of(document, "#/.inf") == 8  # no loadable key: looked up by its text
