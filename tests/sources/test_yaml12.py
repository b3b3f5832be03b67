"""YAML is read as YAML 1.2 with the core schema, and only JSON values reach the model.

Every case goes through ``parse_bytes`` (what every command loads with); the parity tests run
treaty's builder over libyaml's events and over PyYAML's pure-Python parser, which must agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treaty._json import JSONValue
from treaty.errors import ErrorKind, SourceError
from treaty.snapshot import render_canonical
from treaty.sources.document import Document, SyntaxKind
from treaty.sources.parse import parse_bytes
from treaty.sources.yaml12 import build

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "fixtures").rglob("*.y*ml"))


def value_of(scalar: str) -> JSONValue:
    root, _ = parse_bytes(f"openapi: 3.1.0\nx: {scalar}\n".encode(), "doc.yaml")
    return root["x"]


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        # YAML 1.1 booleans are text in 1.2
        *((word, word) for word in ("yes", "no", "on", "off", "y", "n", "Yes", "OFF", "Y")),
        *(("true", True), ("True", True), ("TRUE", True), ("false", False), ("FALSE", False)),
        ("tRUE", "tRUE"),
        # integers: decimal (leading zeros are decimal), 0o octal, 0x hex; no 1.1 forms
        ("0777", 777),
        ("0o777", 511),
        ("0x1F", 31),
        ("+12", 12),
        ("-0", 0),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("12:30", "12:30"),
        ("0O777", "0O777"),
        ("+0x1F", "+0x1F"),
        # floats
        ("1.5", 1.5),
        (".5", 0.5),
        ("1.", 1.0),
        ("-1e3", -1000.0),
        ("1E-3", 0.001),
        ("1_0.5", "1_0.5"),
        ("1e", "1e"),
        # nulls
        ("", None),
        ("~", None),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("nULL", "nULL"),
        # no timestamps: dates stay text
        ("2024-01-31", "2024-01-31"),
        ("2024-01-31T10:00:00Z", "2024-01-31T10:00:00Z"),
        # quoted scalars and the non-specific tag are text
        ("'yes'", "yes"),
        ('"0777"', "0777"),
        ("! 12", "12"),
        ("'true'", "true"),
        # the JSON tags are honoured
        ("!!str 12", "12"),
        ("!!str true", "true"),
        ("!!int '12'", 12),
        ("!!int 0x10", 16),
        ("!!float 1", 1.0),
        ("!!float '2.5'", 2.5),
        ("!!bool true", True),
        ("!!null ~", None),
        ("!!null ''", None),
        ("!!map {a: 1}", {"a": 1}),
        ("!!seq [1]", [1]),
    ],
)
def test_plain_scalars_resolve_as_the_yaml_1_2_core_schema(scalar: str, value: JSONValue) -> None:
    found = value_of(scalar)
    assert found == value and type(found) is type(value)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("{yes: 1, on: 2, y: 3, true: 4}", ["yes", "on", "y", "true"]),
        ("{200: a, 0777: b, 1.5: c, null: d, false: e}", ["200", "777", "1.5", "null", "false"]),
    ],
)
def test_keys_become_json_keys(text: str, keys: list[str]) -> None:
    root, _ = parse_bytes(f"openapi: 3.1.0\nx: {text}\n".encode(), "doc.yaml")
    assert isinstance(root["x"], dict)
    assert list(root["x"]) == keys


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{true: a, True: b}", "line 2, column 14: duplicate key 'True' (read as 'true'"),
        ("{1: a, 01: b}", "line 2, column 11: duplicate key '01' (read as '1'"),
        ("{null: a, ~: b}", "duplicate key '~' (read as 'null'"),
        ("{'true': a, true: b}", "duplicate key 'true'"),
        ("{a: 1, a: 2}", "line 2, column 11: duplicate key 'a'"),
        ("{0x10: a, 16: b}", "duplicate key '16'"),
    ],
)
def test_keys_that_collide_after_resolution_are_an_error_with_the_line(
    text: str, problem: str
) -> None:
    with pytest.raises(SourceError) as caught:
        parse_bytes(f"openapi: 3.1.0\nx: {text}\n".encode(), "doc.yaml")
    assert problem in str(caught.value)
    assert caught.value.kind is ErrorKind.PARSE


@pytest.mark.parametrize(
    ("scalar", "problem"),
    [
        ("!!set {a, b}", "line 2, column 4: the tag '!!set' is not allowed on a mapping"),
        ("!!omap [a: 1, b: 2]", "line 2, column 4: the tag '!!omap' is not allowed on a sequence"),
        ("!!pairs [a: 1]", "the tag '!!pairs' is not allowed"),
        ("!!timestamp 2024-01-31", "line 2, column 4: the tag '!!timestamp' is not allowed"),
        ("!!binary aGVsbG8=", "line 2, column 4: the tag '!!binary' is not allowed"),
        ("!!python/tuple [1, 2]", "the tag '!!python/tuple' is not allowed on a sequence"),
        ("!!python/name:os.system", "the tag '!!python/name:os.system' is not allowed"),
        ("!!python/object/apply:os.system {}", "the tag '!!python/object/apply:os.system'"),
        ("!custom x", "the tag '!custom' is not allowed"),
        ("!!map [1]", "the tag '!!map' is not allowed on a sequence"),
        ("!!seq {a: 1}", "the tag '!!seq' is not allowed on a mapping"),
        ("!!float abc", "line 2, column 4: 'abc' is not a number (tagged !!float)"),
        ("!!float 1_0", "'1_0' is not a number"),
        ("!!int 1.5", "'1.5' is not an integer (tagged !!int)"),
        ("!!int abc", "'abc' is not an integer"),
        ("!!bool yes", "'yes' is not a boolean"),
        ("!!null nil", "'nil' is not a null"),
        (".inf", ".inf (infinity) is not a JSON number"),
        ("-.Inf", "-.Inf (infinity) is not a JSON number"),
        (".NaN", "NaN is not a JSON number"),
        ("!!float .nan", "NaN is not a JSON number"),
        ("1e400", "1e400 is out of range (it would become infinity)"),
        ("1e-400", "1e-400 is out of range (it would become 0)"),
        ("9" * 5000, "a number has too many digits"),
        ("!!int 0x" + "f" * 5000, "a number has too many digits"),
    ],
)
def test_what_json_cannot_carry_is_refused_naming_the_tag_and_line(
    scalar: str, problem: str
) -> None:
    with pytest.raises(SourceError) as caught:
        value_of(scalar)
    message = str(caught.value)
    assert message.startswith("doc.yaml: invalid YAML at line 2")
    assert problem in message
    assert "\n" not in message


def test_merge_keys_are_honoured_with_the_mapping_s_own_keys_winning() -> None:
    text = (
        "openapi: 3.1.0\n"
        "a: &a {x: 1, y: 1}\n"
        "b: &b {y: 2, z: 2}\n"
        "one: {<<: *a, x: 0}\n"
        "many: {<<: [*a, *b], w: 0}\n"
        "quoted: {'<<': kept}\n"
        "twice: {<<: *a, <<: *b}\n"
    )
    root, _ = parse_bytes(text.encode(), "doc.yaml")
    assert root["one"] == {"x": 0, "y": 1}
    assert root["many"] == {"y": 1, "z": 2, "x": 1, "w": 0}  # the first merged mapping wins
    assert root["quoted"] == {"<<": "kept"}
    assert root["twice"] == {"y": 1, "z": 2, "x": 1}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("x: {<<: 1}\n", "a merge key (<<) takes a mapping or a list of mappings"),
        ("x: *nowhere\n", "the alias *nowhere names no anchor before it"),
        ("x: &a {b: *a}\n", "the anchor &a contains an alias to itself"),
        ("x: &k [1]\ny: {*k : 1}\n", "a mapping key must be a scalar, not a sequence"),
        ("x: 1\n---\ny: 2\n", "line 3, column 1: more than one document in the stream"),
    ],
)
def test_aliases_merges_and_streams_treaty_cannot_read(text: str, problem: str) -> None:
    with pytest.raises(SourceError, match="invalid YAML") as caught:
        parse_bytes(b"openapi: 3.1.0\n" + text.encode(), "doc.yaml")
    assert problem in str(caught.value)


def test_a_scalar_alias_can_be_a_key() -> None:
    root, _ = parse_bytes(b"openapi: 3.1.0\nk: &k name\nm: {*k : 1}\n", "doc.yaml")
    assert root["m"] == {"name": 1}


def test_the_node_cap_stops_the_parse_where_it_is_reached_and_names_nodes() -> None:
    items = ",".join("a" * 3000)
    with pytest.raises(SourceError) as caught:
        parse_bytes(f"openapi: 3.1.0\nx: [{items}]\n".encode(), "doc.yaml", max_nodes=1000)
    message = str(caught.value)
    assert "more than 1000 nodes (keys, values and collections; LoadOptions.max_nodes)" in message
    assert "alias" not in message and "invalid YAML" not in message
    block = "".join(f"- {i}\n" for i in range(3000))
    with pytest.raises(SourceError, match=r"reached at line 998$"):
        parse_bytes(f"openapi: 3.1.0\nx:\n{block}".encode(), "doc.yaml", max_nodes=1000)
    with pytest.raises(SourceError, match="more than 6 nodes"):  # a collection past the cap
        parse_bytes(b"openapi: 3.1.0\nx: [1, [2]]\n", "doc.yaml", max_nodes=6)
    root, _ = parse_bytes(f"openapi: 3.1.0\nx: [{items}]\n".encode(), "doc.yaml", max_nodes=3005)
    assert len(root["x"]) == 3000  # type: ignore[arg-type]


def test_aliases_count_what_they_stand_for_and_stay_shared() -> None:
    text = b"openapi: 3.1.0\nbase: &b [1, 2, 3, 4]\nx: [*b, *b, *b]\n"
    with pytest.raises(SourceError, match="more than 20 nodes after expanding YAML aliases"):
        parse_bytes(text, "doc.yaml", max_nodes=20)
    root, _ = parse_bytes(text, "doc.yaml", max_nodes=26)
    shared = root["x"]
    assert isinstance(shared, list) and shared[0] is shared[1] is root["base"]


def test_an_alias_cannot_nest_past_the_depth_limit() -> None:
    deep = "[" * 100 + "]" * 100
    around = "[" * 30 + "*d" + "]" * 30  # 100 + 30 levels deep through the alias
    text = f"openapi: 3.1.0\na: &d {deep}\nb: {around}\n"
    with pytest.raises(SourceError, match=r"nested deeper than 128 levels$"):
        parse_bytes(text.encode(), "doc.yaml")
    root, _ = parse_bytes(text.encode(), "doc.yaml", max_depth=200)
    assert root["b"]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: str(path.relative_to(ROOT)))
def test_libyaml_and_the_pure_python_parser_build_the_same_tree(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    limits = {"max_depth": 256, "max_nodes": 1_000_000}
    try:
        fast = build(text, **limits)
    except Exception as exc:  # the same refusal is expected of both
        with pytest.raises(type(exc)):
            build(text, loader=yaml.SafeLoader, **limits)
        return
    assert build(text, loader=yaml.SafeLoader, **limits) == fast


# text built to look like every resolvable kind, and JSON values made of it
_TRICKY = st.sampled_from(
    ["yes", "no", "on", "off", "y", "n", "0777", "0o17", "0x1F", "1_000", "1e3", ".5", "~", "",
     "null", "True", "FALSE", "2024-01-31", "<<", "12:30", "-", "? x", "a: b", "#c", "'q'", "!t",
     "&a", "*a", "\t", " lead", "trail ", "multi\nline", "é", "\U0001f600", "+1", "-.inf"]
)  # fmt: skip
_TEXT = st.one_of(_TRICKY, st.text(max_size=12))
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    _TEXT,
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=30,
)


def _without_surrogates(value: JSONValue) -> bool:
    if isinstance(value, str):
        return not any("\ud800" <= char <= "\udfff" for char in value)
    if isinstance(value, dict):
        return all(_without_surrogates(k) and _without_surrogates(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_without_surrogates(item) for item in value)
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_TEXT, _VALUES, max_size=6))
def test_a_yaml_snapshot_reads_back_to_the_same_json_value(extra: dict[str, JSONValue]) -> None:
    """treaty writes YAML (``snapshot``) and reads it as 1.2: every JSON value survives, by
    either parser, whatever its strings look like."""
    if not _without_surrogates(extra):
        return
    root: dict[str, JSONValue] = {"openapi": "3.1.0", **extra}
    document = Document(root=root, name="x", syntax=SyntaxKind.YAML, raw=b"")
    text = render_canonical(document, SyntaxKind.YAML)
    parsed, _ = parse_bytes(text.encode(), "snapshot.yaml")
    assert parsed == root
    assert build(text, max_depth=256, max_nodes=10_000, loader=yaml.SafeLoader) == root


def test_an_anchor_named_again_is_the_one_later_aliases_name() -> None:
    root, _ = parse_bytes(b"openapi: 3.1.0\na: &x 1\nb: &x [2]\nc: *x\n", "doc.yaml")
    assert root["c"] == [2]


@pytest.mark.parametrize(
    ("text", "found"), [("plain words", "str"), ("'0777'", "str"), ("12", "int")]
)
def test_a_document_that_is_one_scalar_is_no_mapping(text: str, found: str) -> None:
    with pytest.raises(
        SourceError, match=f"expected a mapping at the top of the document, found {found}"
    ):
        parse_bytes(text.encode(), "doc.yaml")


def test_the_node_cap_applies_to_json_naming_the_limit() -> None:
    data = b'{"openapi": "3.1.0", "x": [1, [2]]}'  # the object, 2 keys, "3.1.0", 2 lists, 1, 2
    with pytest.raises(SourceError) as caught:
        parse_bytes(data, "doc.json", max_nodes=7)
    message = str(caught.value)
    assert message.startswith("doc.json: ") and "\n" not in message
    assert "more than 7 nodes (keys, values and collections; LoadOptions.max_nodes)" in message
    assert "alias" not in message and "invalid JSON" not in message
    root, _ = parse_bytes(data, "doc.json", max_nodes=8)
    assert root["x"] == [1, [2]]


_SCALARS = st.none() | st.booleans() | st.integers(-1000, 1000) | st.text("ab", max_size=3)
_TREES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text("xyz", max_size=3), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(st.dictionaries(st.text("pq", min_size=1, max_size=3), _TREES, max_size=4))
@settings(max_examples=60, deadline=None)
def test_json_and_yaml_count_nodes_alike(extra: dict[str, object]) -> None:
    """The same document as JSON and as YAML loads under the same ``max_nodes`` and is refused
    under one less: every key, every value and the top-level mapping count once."""
    document = {"openapi": "3.1.0", **extra}
    as_json = json.dumps(document).encode()
    as_yaml = yaml.safe_dump(document).encode()
    counts = []
    for data, name in ((as_json, "doc.json"), (as_yaml, "doc.yaml")):
        low, high = 1, 10_000  # the smallest max_nodes that loads
        while low < high:
            middle = (low + high) // 2
            try:
                parse_bytes(data, name, max_nodes=middle)
            except SourceError as exc:
                assert "nodes (keys, values and collections; LoadOptions.max_nodes)" in str(exc)
                low = middle + 1
            else:
                high = middle
        counts.append(low)
    assert counts[0] == counts[1]
