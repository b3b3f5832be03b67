"""``$ref``s: cycles of every shape are diffed correctly; bad and escaping refs are one line.

Cycles are legal in schemas, so they must be *handled*: the diff terminates and reports a
change inside a cycle once per direction, at the element that changed. Everything else that
can go wrong with a ``$ref`` (a missing or malformed pointer, a file outside the tree, a remote
target) is one line naming the document, and exit 2.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from hostile.runner import assert_one_line_error, run_treaty
from treaty import api
from treaty.errors import SpecError

REF = "#/components/schemas/"


def _document(schemas: dict[str, Any], root: str = "A") -> dict[str, Any]:
    """A document that sends and receives schema ``root``, so both directions are compared."""
    body = {"content": {"application/json": {"schema": {"$ref": REF + root}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "post": {
                    "requestBody": body,
                    "responses": {"200": {"description": "ok", **body}},
                }
            }
        },
        "components": {"schemas": schemas},
    }


def _obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


X = {"type": "integer"}
CYCLES: dict[str, tuple[dict[str, Any], str]] = {
    # name: (schemas, the schema whose property `x` changes type)
    "self": ({"A": _obj(x=X, next={"$ref": REF + "A"})}, "A"),
    "mutual": ({"A": _obj(b={"$ref": REF + "B"}), "B": _obj(x=X, a={"$ref": REF + "A"})}, "B"),
    "through-allOf": (
        {
            "A": {"allOf": [{"$ref": REF + "Base"}, _obj(kids={"$ref": REF + "A"})]},
            "Base": _obj(x=X, parent={"$ref": REF + "A"}),
        },
        "Base",
    ),
    "through-items": ({"A": _obj(x=X, kids={"type": "array", "items": {"$ref": REF + "A"}})}, "A"),
    "through-additionalProperties": (
        {"A": {**_obj(x=X), "additionalProperties": {"$ref": REF + "A"}}},
        "A",
    ),
    "through-oneOf": (
        {
            "A": {"oneOf": [{"$ref": REF + "B"}, {"type": "string"}]},
            "B": _obj(x=X, a={"$ref": REF + "A"}),
        },
        "B",
    ),
    "through-not-and-anyOf": (
        {"A": {**_obj(x=X), "anyOf": [{"$ref": REF + "A"}, {"not": {"$ref": REF + "A"}}]}},
        "A",
    ),
    "long-ring": (
        {
            **{f"N{i}": _obj(next={"$ref": f"{REF}N{(i + 1) % 50}"}) for i in range(1, 50)},
            "N0": _obj(x=X, next={"$ref": REF + "N1"}),
            "A": {"$ref": REF + "N7"},
        },
        "N0",
    ),
}


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize("shape", sorted(CYCLES))
def test_a_change_inside_a_cycle_is_reported_once_per_direction(tmp_path: Path, shape: str) -> None:
    schemas, changed = CYCLES[shape]
    base = _document(schemas)
    revision = copy.deepcopy(base)
    revision["components"]["schemas"][changed]["properties"]["x"] = {"type": "string"}
    _write(tmp_path / "base.json", base)
    _write(tmp_path / "revision.json", revision)

    run = run_treaty("breaking", "base.json", "revision.json", "--format", "json", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    findings = json.loads(run.stdout)["changes"]
    pointer = f"{REF}{changed}/properties/x"
    assert sorted((f["id"], f["base_pointer"], f["revision_pointer"]) for f in findings) == [
        ("request-property-type-changed", pointer, pointer),
        ("response-property-type-changed", pointer, pointer),
    ]
    assert run_treaty("breaking", "base.json", "base.json", cwd=tmp_path).returncode == 0


def test_a_cycle_across_files_is_diffed(tmp_path: Path) -> None:
    (tmp_path / "node.yaml").write_text(
        "type: object\nproperties:\n  x: {type: integer}\n  next: {$ref: './node.yaml'}\n"
    )
    base = _document({})
    base["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"] = {
        "$ref": "./node.yaml"
    }
    _write(tmp_path / "base.json", base)
    revision = tmp_path / "revision"
    revision.mkdir()
    _write(revision / "openapi.json", base)
    (revision / "node.yaml").write_text(
        (tmp_path / "node.yaml").read_text().replace("integer", "string")
    )
    report = api.diff(str(tmp_path / "base.json"), str(revision / "openapi.json"))
    pointer = "#/components/schemas/node/properties/x"
    assert sorted((f.rule, f.change.location.base_pointer) for f in report.findings) == [
        ("request-property-type-changed", pointer),
        ("response-property-type-changed", pointer),
    ]


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("a/b", "a~1b"),
        ("a~b", "a~0b"),
        ("~1", "~01"),  # `~01` is `~1`, not `/`: ~1 is unescaped before ~0
        ("a b", "a%20b"),  # a URI fragment may be percent-encoded
    ],
)
def test_escaped_pointers_resolve(tmp_path: Path, name: str, ref: str) -> None:
    base = _document({name: _obj(x=X)}, root=ref)
    revision = _document({name: _obj(x={"type": "string"})}, root=ref)
    report = api.diff(
        str(_write(tmp_path / "base.json", base)), str(_write(tmp_path / "rev.json", revision))
    )
    assert {f.rule for f in report.findings} == {
        "request-property-type-changed",
        "response-property-type-changed",
    }
    assert api.validate(str(tmp_path / "base.json")).valid


BAD_REFS = {
    "missing-pointer": (REF + "Nope", "points at nothing"),
    "missing-list-index": (REF + "A/allOf/9", "points at nothing"),
    "malformed-pointer": ("#components/schemas/A", "malformed JSON pointer"),
    "bad-escape": (REF + "A~2", "points at nothing"),
    "content-free-cycle": (REF + "Loop", "cycle with no content"),
    "a-string-not-a-schema": (REF + "Text", "expected a schema"),
}


@pytest.mark.parametrize("case", sorted(BAD_REFS))
def test_bad_local_refs_are_one_line(tmp_path: Path, case: str) -> None:
    ref, problem = BAD_REFS[case]
    schemas: dict[str, Any] = {"A": {"allOf": [_obj(x=X)]}, "Text": "a string"}
    if case == "content-free-cycle":  # refused wherever it is, so only in its own case
        schemas.update({"Loop": {"$ref": REF + "Loop2"}, "Loop2": {"$ref": REF + "Loop"}})
    base = _write(tmp_path / "base.json", _document({"A": _obj(x=X)}))
    _write(
        tmp_path / "api.json",
        _document(schemas, root=ref.removeprefix(REF))
        if ref.startswith(REF)
        else _with_ref(schemas, ref),
    )
    run = run_treaty("breaking", base.name, "api.json", cwd=tmp_path)
    assert_one_line_error(run, "api.json", problem)


def _with_ref(schemas: dict[str, Any], ref: str) -> dict[str, Any]:
    document = _document(schemas)
    document["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"] = {
        "$ref": ref
    }
    return document


def test_a_dangling_ref_inside_a_compared_schema_names_the_file(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.json", _document({"A": _obj(x=X)}))
    revision = _write(tmp_path / "api.json", _document({"A": _obj(x={"$ref": REF + "Nope"})}))
    with pytest.raises(SpecError) as caught:
        api.diff(str(base), str(revision))
    assert str(caught.value).startswith(f"{revision}: ")
