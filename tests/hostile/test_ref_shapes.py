"""``$ref`` structures that are legal JSON but that a recursive reader cannot follow.

A content-free cycle names nothing: every command that loads refuses it with the cycle's
pointers. Long chains and deep nesting through refs are legal but are more than the validator
can follow: ``treaty validate`` says so, with the limit, in linear time, instead of reporting a
Python ``RecursionError`` as the document's problem.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hostile.runner import assert_one_line_error, run_treaty
from treaty import api
from treaty.errors import SpecError
from treaty.sources import refgraph
from treaty.validate import MAX_REF_CHAIN, MAX_REF_DEPTH

S = "#/components/schemas/"


def _document(**sections: Any) -> dict[str, Any]:
    schema = {"$ref": S + "S0"}
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": schema}},
                        }
                    }
                }
            }
        },
        "components": {"schemas": {"S0": {"type": "string"}}},
    }
    for key, value in sections.items():
        if key == "paths":
            document["paths"].update(value)
        else:
            document["components"][key] = value
    return document


CYCLES: dict[str, tuple[dict[str, Any], str]] = {
    "schemas": (
        _document(schemas={"S0": {"$ref": S + "S1"}, "S1": {"$ref": S + "S0"}}),
        f"{S}S0 -> {S}S1 -> {S}S0",
    ),
    "unused-schemas": (
        _document(schemas={"S0": {"type": "string"}, "A": {"$ref": S + "A"}}),
        f"{S}A -> {S}A",
    ),
    "parameters": (
        _document(
            parameters={
                "P": {"$ref": "#/components/parameters/Q"},
                "Q": {"$ref": "#/components/parameters/P"},
            }
        ),
        "#/components/parameters/P -> #/components/parameters/Q -> #/components/parameters/P",
    ),
    "responses": (
        _document(responses={"R": {"$ref": "#/components/responses/R"}}),
        "#/components/responses/R -> #/components/responses/R",
    ),
    "path-items": (
        _document(paths={"/b": {"$ref": "#/paths/~1c"}, "/c": {"$ref": "#/paths/~1b"}}),
        "#/paths/~1b -> #/paths/~1c -> #/paths/~1b",
    ),
    "through-list-items": (
        _document(schemas={"S0": {"allOf": [{"$ref": S + "S0/allOf/0"}]}}),
        f"{S}S0/allOf/0 -> {S}S0/allOf/0",
    ),
    "percent-encoded-spelling": (  # two spellings of one pointer close the same cycle
        _document(schemas={"S0": {"$ref": S + "S%20x"}, "S x": {"$ref": S + "S0"}}),
        f"{S}S%20x -> {S}S0 -> {S}S%20x",
    ),
}


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document))
    return path


COMMANDS: dict[str, Callable[[str], tuple[str, ...]]] = {
    "validate": lambda name: ("validate", name),
    "snapshot": lambda name: ("snapshot", name, "-o", "snap.yaml"),
    "snapshot-no-validate": lambda name: ("snapshot", "--no-validate", name, "-o", "snap.yaml"),
    "breaking": lambda name: ("breaking", "base.json", name),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(CYCLES))
def test_a_content_free_cycle_is_named_by_every_command(
    tmp_path: Path, case: str, command: str
) -> None:
    document, cycle = CYCLES[case]
    _write(tmp_path / "base.json", _document())
    _write(tmp_path / "api.json", document)
    run = run_treaty(*COMMANDS[command]("api.json"), cwd=tmp_path)
    assert_one_line_error(run, "api.json", f"$ref cycle with no content: {cycle}")
    assert not (tmp_path / "snap.yaml").exists()


@pytest.mark.parametrize("case", sorted(CYCLES))
def test_a_content_free_cycle_is_refused_at_load(tmp_path: Path, case: str) -> None:
    document, cycle = CYCLES[case]
    with pytest.raises(SpecError, match="cycle with no content") as caught:
        api.load(str(_write(tmp_path / "api.json", document)))
    assert caught.value.message.endswith(cycle)


def test_refs_that_name_nothing_are_left_to_validate(tmp_path: Path) -> None:
    schemas = {
        "S0": {"$ref": S + "Dangling"},
        "Dangling": {"$ref": S + "Nope"},
        "Anchor": {"$ref": "#Pet"},  # no pointer: named by breaking and validate
        "Odd": {
            "type": "object",
            "properties": {"$ref": {"type": "string"}},  # a property named `$ref`
            "required": ["$ref"],
        },
        "Data": {"allOf": [{"default": ["a", {"$ref": "#"}]}]},
        "Word": {"$ref": S + "Odd/type"},  # names a string, not a schema
    }
    path = _write(tmp_path / "api.json", _document(schemas=schemas))
    messages = {p.message for p in api.validate(str(path)).problems}
    assert messages == {f"$ref '{S}Nope' points at nothing", "$ref '#Pet' points at nothing"}


def test_refs_in_example_data_and_recursion_through_content_are_no_cycle(tmp_path: Path) -> None:
    schemas = {
        "S0": {
            "type": "object",
            "properties": {"next": {"$ref": S + "S0"}},
            "example": {"$ref": S + "S0/example"},  # data, not a reference
        }
    }
    path = _write(tmp_path / "api.json", _document(schemas=schemas))
    assert api.validate(str(path)).valid


def _chain(steps: int, shape: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """Schemas S0 … S<steps>, each reaching the next through ``shape``; the last is a string."""
    schemas = {f"S{i}": shape(f"{S}S{i + 1}") for i in range(steps)}
    schemas[f"S{steps}"] = {"type": "string"}
    return _document(schemas=schemas)


def _pure(ref: str) -> dict[str, Any]:
    return {"$ref": ref}


def _through_property(ref: str) -> dict[str, Any]:
    return {"type": "object", "properties": {"next": {"$ref": ref}}}


def _through_all_of(ref: str) -> dict[str, Any]:
    return {"allOf": [{"type": "object"}, {"properties": {"next": {"$ref": ref}}}]}


def test_a_10000_step_chain_is_refused_by_validate_with_the_limit(tmp_path: Path) -> None:
    _write(tmp_path / "api.json", _chain(10_000, _pure))
    _write(tmp_path / "base.json", _document())
    run = run_treaty("validate", "api.json", cwd=tmp_path, timeout=20)
    problem = f"cannot validate: $ref chain of 10001 steps exceeds the limit of {MAX_REF_CHAIN}"
    assert_one_line_error(run, "api.json", problem)
    assert run.seconds < 10
    # diffing follows chains iteratively: no limit is needed there
    assert run_treaty("breaking", "base.json", "api.json", cwd=tmp_path).returncode == 0


def test_the_bounds_hold_in_process(tmp_path: Path) -> None:
    chain = api.load(str(_write(tmp_path / "chain.json", _chain(MAX_REF_CHAIN, _pure))))
    with pytest.raises(SpecError, match=f"chain of {MAX_REF_CHAIN + 1} steps exceeds"):
        api.validate(chain)
    deep = api.load(str(_write(tmp_path / "deep.json", _chain(200, _through_all_of))))
    with pytest.raises(SpecError, match=f"nests {9 + 5 * 200 + 1} levels deep"):
        api.validate(deep)


def test_a_chain_at_the_limit_is_validated(tmp_path: Path) -> None:
    path = _write(tmp_path / "api.json", _chain(MAX_REF_CHAIN - 1, _pure))
    assert refgraph.longest_chain(json.loads(path.read_text())) == MAX_REF_CHAIN
    assert api.validate(str(path)).valid


def test_deep_nesting_through_refs_is_refused_by_validate_with_the_limit(tmp_path: Path) -> None:
    _write(tmp_path / "api.json", _chain(5_000, _through_property))
    run = run_treaty("validate", "api.json", cwd=tmp_path, timeout=20)
    assert_one_line_error(run, "api.json", f"more than the limit of {MAX_REF_DEPTH}")
    # nine levels down to the response schema's $ref, three a step (schema, properties, next),
    # one for the string at the end
    assert f"nests {9 + 3 * 5_000 + 1} levels deep" in run.stderr
    assert run.seconds < 10


@pytest.mark.parametrize("shape", [_through_property, _through_all_of])
def test_nesting_through_refs_under_the_limit_is_validated(
    tmp_path: Path, shape: Callable[[str], dict[str, Any]]
) -> None:
    path = _write(tmp_path / "api.json", _chain(80, shape))
    assert refgraph.ref_depth(json.loads(path.read_text())) <= MAX_REF_DEPTH
    assert api.validate(str(path)).valid


def test_a_validator_out_of_stack_is_treatys_message_not_a_problem(tmp_path: Path) -> None:
    """Whatever the bounds miss (here: a stack already nearly used up) is one line, not a
    RecursionError shown as the document's problem."""
    import traceback

    # the validator loads its own schemas on first use: done before the stack is shortened
    assert api.validate(str(_write(tmp_path / "small.json", _document()))).valid
    document = api.load(str(_write(tmp_path / "api.json", _chain(150, _through_property))))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(traceback.extract_stack()) + 100)
    try:
        with pytest.raises(SpecError, match="nest deeper than the validator can follow"):
            api.validate(document)
    finally:
        sys.setrecursionlimit(limit)
