"""Property-based: whatever bytes arrive, the loading commands end the way the README says.

``validate``, ``snapshot``, ``breaking`` and ``diff`` are fed random bytes, byte-level
mutations of the fixture specs (slices cut, repeated or replaced, hostile tokens spliced in:
``NaN``, ``1e400``, a lone surrogate, a bad UTF-8 byte, brackets, anchors, tags, dates) and
value-level mutations written back as JSON or YAML (numbers JSON cannot carry, 4 001-digit
integers, dates that are no dates). Every run must exit 0, 1 or 2; on 2 with exactly one
stderr line ``treaty: …`` and nothing on stdout; never a traceback or an internal error; a
snapshot is valid strict JSON or not written at all. Each run has a generous wall-clock bound
(a hang guard, not a speed test: speed lives in benchmarks/). Examples are bounded by the
shared hypothesis profile (tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import json
import math
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from treaty.cli import cli

SPECS = Path(__file__).resolve().parents[2] / "fixtures" / "specs"
RAW = {path.name: path.read_bytes() for path in sorted(SPECS.glob("petstore-*"))}
TREES = {name: yaml.safe_load(data) for name, data in RAW.items()}
#: a hang guard for one command (the slowest legal run here takes well under a second)
BOUND = 30

TOKENS = st.sampled_from(
    [
        b"NaN", b"-Infinity", b"1e400", b"1e-400", b".nan", b"-.inf", b'"\\ud800"', b"\xff",
        b"\x00", b"[" * 300, b"{" * 300, b"&a [*a, *a]", b"*a", b"!!binary aGk=", b"!!set {a}",
        b"!!python/object:os.system", b"9999-12-31", b"2024-02-30", b"0x" + b"f" * 4000,
        b"9" * 4001, b"- ", b": ", b"\n  ", b"\t", b"'", b'"', b"#", b"$ref: '#/x'",
        b"\xef\xbb\xbf", b"\r\n",
    ]
)  # fmt: skip
KEYWORDS = st.sampled_from(
    ["maximum", "minimum", "exclusiveMinimum", "multipleOf", "maxLength", "minItems",
     "x-sunset", "x-deprecated-at", "deprecated", "enum", "default"]
)  # fmt: skip
HOSTILE_VALUES = st.sampled_from(
    [
        math.nan, math.inf, -math.inf, 10**4000, -(10**4000), 2**53 + 1, 1e308, 5e-324,
        "2024-01-01T25:00:00Z", "2024-02-30", "9999-12-31", "\u202e", "\x1b]0;x\x07", None,
        True, [], {}, {"$ref": "#"}, {"$ref": "#/paths"},
    ]
)  # fmt: skip


@st.composite
def byte_mutations(draw: st.DrawFn) -> tuple[str, bytes, str]:
    name = draw(st.sampled_from(sorted(RAW)))
    data = bytearray(RAW[name])
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 64)))
        action = draw(st.sampled_from(["cut", "repeat", "splice", "byte"]))
        if action == "cut":
            del data[start:end]
        elif action == "repeat":
            data[start:start] = data[start:end] * draw(st.integers(2, 50))
        elif action == "splice":
            data[start:end] = draw(TOKENS)
        else:
            data[start:end] = draw(st.binary(min_size=1, max_size=8))
    return name, bytes(data), name


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict | list):
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            found += _places(value, (*path, key))
    return found


@st.composite
def value_mutations(draw: st.DrawFn) -> tuple[str, bytes, str]:
    name = draw(st.sampled_from(sorted(TREES)))
    tree = json.loads(json.dumps(TREES[name], default=str))
    for _ in range(draw(st.integers(1, 3))):
        *parents, last = draw(st.sampled_from(_places(tree)[1:]))
        parent = tree
        for step in parents:
            parent = parent[step]
        if isinstance(parent[last], dict) and draw(st.booleans()):  # a keyword the rules read
            parent[last][draw(KEYWORDS)] = draw(HOSTILE_VALUES)
        else:
            parent[last] = draw(HOSTILE_VALUES)
    if draw(st.booleans()):
        return "mutated.json", json.dumps(tree).encode(), name  # NaN, Infinity as JS has them
    text = yaml.safe_dump(tree, allow_unicode=True)
    return "mutated.yaml", text.encode("utf-8", "surrogatepass"), name


INPUTS = (
    st.tuples(
        st.sampled_from(["random.yaml", "random.json"]),
        st.binary(max_size=512),
        st.just("petstore-3.0.yaml"),
    )
    | byte_mutations()
    | value_mutations()
)


class _Hang(Exception):
    """A command ran past :data:`BOUND`."""


@contextlib.contextmanager
def _bounded(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise _Hang(f"still running after {seconds}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check(args: list[str], snapshot: Path | None = None) -> int:
    with _bounded(BOUND):
        result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code == 2:
        assert result.stdout == "", (args, result.stdout)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("treaty: "), (args, result.stderr)
    if snapshot is not None and snapshot.exists():
        assert result.exit_code == 0, result.stderr
        json.loads(snapshot.read_text(), parse_constant=_refuse)  # strict JSON: no NaN
    with contextlib.suppress(InvalidArgument):  # outside a property: no statistics to keep
        event(f"{args[0]} exit {result.exit_code}")
    return result.exit_code


def _refuse(constant: str) -> object:
    raise AssertionError(f"the snapshot holds {constant}, which is not JSON")


@given(INPUTS)
def test_the_loading_commands_end_in_a_verdict_or_one_line(
    case: tuple[str, bytes, str],
) -> None:
    name, data, original = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        document = root / name
        document.write_bytes(data)
        base = root / "base.json"
        base.write_text(json.dumps(TREES[original], default=str))
        snapshot = root / "snapshot.json"
        _check(["validate", str(document)])
        _check(["snapshot", str(document), "-o", str(snapshot)], snapshot)
        _check(["breaking", str(base), str(document)])
        _check(["diff", str(document), str(base)])


def test_a_schema_referring_to_the_paths_object_renders(tmp_path: Path) -> None:
    """Found by the property above: a schema ``$ref``ed to ``#/paths`` made every format
    fail with an IndexError (its pointer has no path key)."""
    tree = json.loads(json.dumps(TREES["petstore-3.0.yaml"], default=str))
    base = tmp_path / "base.json"
    base.write_text(json.dumps(tree))
    tree["paths"]["/pets"]["get"]["parameters"][0]["schema"] = {"$ref": "#/paths"}
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps(tree))
    for output_format in ("text", "json", "markdown", "sarif", "github", "gitlab", "junit"):
        code = _check(["diff", str(odd), str(base), "--format", output_format])
        assert code == 0
