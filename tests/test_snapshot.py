"""Canonical snapshots: determinism (property-based), round-trips, atomic writes, --check."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treaty.errors import TreatyError
from treaty.snapshot import check_snapshot, render_canonical, syntax_for, write_snapshot
from treaty.sources import Document, SyntaxKind, load
from treaty.sources.parse import parse_bytes

SPECS = Path(__file__).resolve().parents[1] / "fixtures" / "specs"
TRICKY = ["yes", "no", "on", "1.0", "2XX", "2024-01-31", "200", "null", "~", "1e3", ".inf", ""]

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
)
strings = st.sampled_from(TRICKY) | st.text(max_size=12)
json_values = st.recursive(
    scalars | strings,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(strings, children, max_size=4)
    ),
    max_leaves=20,
)
documents = st.dictionaries(strings, json_values, max_size=6).map(
    lambda extra: {"openapi": "3.1.0", **extra}
)
syntaxes = st.sampled_from([SyntaxKind.JSON, SyntaxKind.YAML])


def _doc(root: dict[str, object]) -> Document:
    return Document(root=root, name="generated", syntax=SyntaxKind.JSON)  # type: ignore[arg-type]


def _reparse(text: str) -> dict[str, object]:
    root, _ = parse_bytes(text.encode("utf-8"), "snapshot")
    return root  # type: ignore[return-value]


def _shuffled(value: object, rng: random.Random) -> object:
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


@given(documents, syntaxes)
def test_snapshot_of_a_snapshot_is_the_same_bytes(
    root: dict[str, object], syntax: SyntaxKind
) -> None:
    once = render_canonical(_doc(root), syntax)
    assert render_canonical(_doc(_reparse(once)), syntax) == once
    assert once.endswith("\n")


@given(documents, syntaxes, st.randoms(use_true_random=False))
def test_key_order_does_not_change_the_bytes(
    root: dict[str, object], syntax: SyntaxKind, rng: random.Random
) -> None:
    shuffled = _shuffled(root, rng)
    assert render_canonical(_doc(shuffled), syntax) == render_canonical(_doc(root), syntax)  # type: ignore[arg-type]


@given(documents)
def test_yaml_and_json_read_back_to_the_same_value(root: dict[str, object]) -> None:
    as_json = render_canonical(_doc(root), SyntaxKind.JSON)
    as_yaml = render_canonical(_doc(root), SyntaxKind.YAML)
    assert json.loads(as_json) == root
    assert _reparse(as_yaml) == root


def test_lists_keep_their_order_and_root_keys_read_top_down() -> None:
    root = {
        "paths": {},
        "components": {"b": 1, "a": 2},
        "info": {},
        "openapi": "3.0.3",
        "x-z": [3, 1, 2],
    }
    text = render_canonical(_doc(root), SyntaxKind.JSON)  # type: ignore[arg-type]
    assert list(json.loads(text)) == ["openapi", "info", "paths", "components", "x-z"]
    assert json.loads(text)["x-z"] == [3, 1, 2]
    assert text.index('"a"') < text.index('"b"')


def test_yaml_quotes_strings_that_would_read_as_something_else() -> None:
    text = render_canonical(_doc({"openapi": "3.0.3", "v": TRICKY}), SyntaxKind.YAML)
    assert "- '1e3'" in text and "- 'yes'" in text and "- '2024-01-31'" in text
    assert "&" not in text  # no anchors


def test_aliases_in_the_source_are_written_out_in_full() -> None:
    shared = {"type": "string"}
    text = render_canonical(_doc({"openapi": "3.0.3", "a": shared, "b": shared}), SyntaxKind.YAML)
    assert text == "openapi: '3.0.3'\na:\n  type: string\nb:\n  type: string\n"


def test_syntax_follows_the_extension(tmp_path: Path) -> None:
    assert syntax_for(Path("a.json")) is SyntaxKind.JSON
    assert syntax_for(Path("a.YML")) is SyntaxKind.YAML
    with pytest.raises(TreatyError, match=r"must end in \.json, \.yaml or \.yml"):
        syntax_for(Path("a.txt"))


def test_write_then_check(tmp_path: Path) -> None:
    document = load(str(SPECS / "petstore-3.0.yaml"))
    output = tmp_path / "snapshots" / "api.yaml"
    assert not check_snapshot(document, output).current
    assert "/dev/null" in check_snapshot(document, output).diff
    assert write_snapshot(document, output) is True
    assert write_snapshot(document, output) is False
    assert check_snapshot(document, output).current
    output.write_text(output.read_text().replace("List all pets", "List every pet"))
    stale = check_snapshot(document, output)
    assert not stale.current
    assert "-      summary: List every pet\n+      summary: List all pets\n" in stale.diff


def test_a_long_diff_is_cut_short(tmp_path: Path) -> None:
    output = tmp_path / "api.json"
    output.write_text("{}\n")
    diff = check_snapshot(load(str(SPECS / "petstore-3.1.json")), output).diff
    assert diff.splitlines()[-1].startswith("… ") and diff.endswith("more diff lines\n")
    assert len(diff.splitlines()) == 61


def test_a_failure_mid_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "api.yaml"
    output.write_text("old\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_snapshot(load(str(SPECS / "petstore-3.0.yaml")), output)
    assert output.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["api.yaml"]


def test_a_killed_writer_leaves_the_old_file(tmp_path: Path) -> None:
    output = tmp_path / "api.yaml"
    output.write_text("old\n")
    script = (
        "import os, sys, time\n"
        "from treaty.snapshot import write_snapshot\n"
        "from treaty.sources import load\n"
        "os.fsync = lambda fd: (print('writing', flush=True), time.sleep(60))\n"
        "write_snapshot(load(sys.argv[1]), __import__('pathlib').Path(sys.argv[2]))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(SPECS / "petstore-3.0.yaml"), str(output)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "writing\n"  # the temporary file is half-way
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    time.sleep(0.05)
    assert output.read_text() == "old\n"
