"""Validation through openapi-spec-validator, as typed problems with pointers and lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from treaty.cli import cli
from treaty.sources import Document, SyntaxKind, load
from treaty.validate import Problem, ValidationResult, render, validate

SPECS = Path(__file__).resolve().parents[1] / "fixtures" / "specs"


@pytest.mark.parametrize("name", ["petstore-3.0.yaml", "petstore-3.1.json", "petstore-2.0.yaml"])
def test_fixture_specs_are_valid(name: str) -> None:
    result = validate(load(str(SPECS / name)))
    assert result.valid
    assert result.problems == ()


def _broken(tmp_path: Path) -> Document:
    text = (SPECS / "petstore-3.0.yaml").read_text()
    text = text.replace("in: query", "in: nowhere").replace(
        "operationId: createPet", "operationId: listPets"
    )
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    return load(str(path))


def test_all_problems_are_reported_with_pointers_and_lines(tmp_path: Path) -> None:
    result = validate(_broken(tmp_path))
    assert not result.valid
    by_pointer = {p.pointer: p for p in result.problems}
    parameter = by_pointer["#/paths/~1pets/get/parameters/0"]
    assert parameter.line == 15
    # the wording is the validator's and changes between its releases ("…the schemas listed in
    # the 'oneOf' keyword", "…the given schemas"); treaty's contract is one line at the pointer
    assert parameter.message
    assert "\n" not in parameter.message and len(parameter.message) < 200
    assert any("is not unique" in p.message for p in result.problems)


def test_dangling_local_ref_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "dangling.yaml"
    path.write_text(
        (SPECS / "petstore-3.0.yaml").read_text().replace("schemas/Pets", "schemas/Nope")
    )
    result = validate(load(str(path)))
    assert [p.message for p in result.problems] == [
        "$ref '#/components/schemas/Nope' points at nothing"
    ]
    assert result.problems[0].pointer.endswith("/schema/$ref")
    assert result.problems[0].line is not None


@pytest.mark.parametrize(("field", "version"), [("openapi", "4.0.0"), ("swagger", "1.2")])
def test_unsupported_versions(field: str, version: str) -> None:
    document = Document(root={field: version}, name="x", syntax=SyntaxKind.JSON)
    (problem,) = validate(document).problems
    assert problem.pointer == f"#/{field}"
    assert "unsupported version" in problem.message


def test_3_2_is_accepted() -> None:
    root = {"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    assert validate(Document(root=root, name="x", syntax=SyntaxKind.JSON)).valid


def test_validator_crash_becomes_a_problem() -> None:
    root = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"responses": {"200": {"$ref": "other.yaml#/R"}}}}},
    }
    problems = validate(Document(root=root, name="x", syntax=SyntaxKind.JSON)).problems
    assert problems[-1].pointer == "#"
    assert problems[-1].message.startswith("the validator could not finish:")
    assert "other.yaml" in problems[-1].message


@pytest.mark.parametrize("version", ["3.0.3", "2.0"])
def test_null_responses_say_what_and_where_and_nothing_internal(version: str) -> None:
    field = "swagger" if version == "2.0" else "openapi"
    root = {field: version, "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {}}}}
    root["paths"]["/a"]["get"]["responses"] = None  # `responses:` with nothing after it
    problems = validate(Document(root=root, name="x", syntax=SyntaxKind.JSON)).problems
    assert [(p.pointer, p.message) for p in problems] == [
        ("#/paths/~1a/get/responses", 'null is not of type "object"')
    ]


def test_missing_responses_named_at_the_operation(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      summary: s\n"
    )
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == f'{path}:5: #/paths/~1a/get: "responses" is a required property\n'
    assert "Error" not in result.stdout + result.stderr


def test_render_text_and_json() -> None:
    results = [
        ValidationResult("a.yaml", "3.0.3", ()),
        ValidationResult("b.yaml", "3.1.0", (Problem("#/paths", "bad", 3), Problem("#", "worse"))),
    ]
    assert render(results) == (
        "a.yaml: valid (version 3.0.3)\nb.yaml:3: #/paths: bad\nb.yaml: #: worse\n"
    )
    payload = json.loads(render(results, "json"))
    assert payload["documents"][1]["problems"][0] == {
        "pointer": "#/paths",
        "message": "bad",
        "line": 3,
    }
    assert payload["documents"][0]["valid"] is True
