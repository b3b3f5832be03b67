"""The text report: what the reader is told, with and without findings."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from treaty.cli import cli
from treaty.render import OutputFormat, RenderOptions, render
from treaty.report import ReportKind

from .helpers import DEMO, demo, finding, json_pair, line_of, report

V1, V2 = DEMO / "petstore-v1.yaml", DEMO / "petstore-v2.yaml"
DELETE_LINE = line_of(V1, "delete:")
LIMIT_LINE = line_of(V2, "- name: limit")
PETSTORE = DEMO.parent / "specs" / "petstore-3.0.yaml"

NOTES = (
    "1 accepted change (.treaty-ignore.yaml)",
    ".treaty-ignore.yaml:4: operation-removed at GET /gone matches nothing; remove it",
)


def test_no_findings_is_one_line() -> None:
    text = render(report(kind=ReportKind.CHANGELOG), OutputFormat.TEXT, RenderOptions())
    assert text == "No changes between base.yaml and revision.yaml.\n"


def test_notes_are_shown_when_every_finding_was_accepted() -> None:
    subject = dataclasses.replace(report(), notes=NOTES, accepted=(finding(),))
    assert render(subject, OutputFormat.TEXT, RenderOptions()) == (
        "No breaking changes between base.yaml and revision.yaml.\n"
        "note: 1 accepted change (.treaty-ignore.yaml)\n"
        "note: .treaty-ignore.yaml:4: operation-removed at GET /gone matches nothing; remove it\n"
    )


def test_notes_follow_the_findings() -> None:
    subject = dataclasses.replace(report(finding()), notes=NOTES)
    lines = render(subject, OutputFormat.TEXT, RenderOptions()).splitlines()
    assert lines[0].startswith("1 breaking change between base.yaml and revision.yaml")
    assert lines[-2:] == [f"note: {note}" for note in NOTES]


def _placed(text: str) -> dict[str, str]:
    """Each finding's check id and the ``at …`` line that follows it."""
    lines = text.splitlines()
    return {
        line.split()[1]: lines[i + 1].strip().removeprefix("at ")
        for i, line in enumerate(lines)
        if line.startswith("  ") and line.split()[0] in {"error", "warning", "info"}
    }


def test_every_finding_of_a_yaml_pair_names_its_file_and_line() -> None:
    result = CliRunner().invoke(cli, ["breaking", str(V1), str(V2)])
    assert result.exit_code == 1
    placed = _placed(result.stdout)
    assert len(placed) == len(demo().findings)
    assert placed["operation-removed"] == f"fixtures/demo/petstore-v1.yaml:{DELETE_LINE}"
    assert placed["request-parameter-became-required"] == (
        f"fixtures/demo/petstore-v2.yaml:{LIMIT_LINE}"
    )
    assert placed["version-bump-missing"] == (
        f"fixtures/demo/petstore-v2.yaml:{line_of(V2, 'version:')}"
    )
    assert all(re.fullmatch(r"fixtures/demo/petstore-v[12]\.yaml:\d+", p) for p in placed.values())


def test_a_json_pair_is_placed_on_its_lines_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, revision = json_pair(tmp_path)
    monkeypatch.chdir(tmp_path)  # outside any git work tree: relative to the current directory
    result = CliRunner().invoke(cli, ["breaking", str(base), str(revision)])
    assert result.exit_code == 1
    line = line_of(revision, '"name": "limit"') - 1  # the parameter object opens a line above
    assert _placed(result.stdout)["request-parameter-became-required"] == f"revision.json:{line}"


def test_a_document_with_no_file_is_named_with_the_pointer(
    serve: Callable[[object], str],
) -> None:
    async def document(request: Request) -> Response:
        return Response(V1.read_bytes(), media_type="application/yaml")

    url = serve(Starlette(routes=[Route("/openapi.yaml", document)])) + "/openapi.yaml"
    result = CliRunner().invoke(cli, ["breaking", url, str(V2)])
    assert result.exit_code == 1
    placed = _placed(result.stdout)
    assert placed["operation-removed"] == f"{url}#/paths/~1pets~1{{petId}}/delete"
    assert placed["request-parameter-became-required"] == (
        f"fixtures/demo/petstore-v2.yaml:{LIMIT_LINE}"
    )


def test_a_finding_without_documents_or_pointer_names_the_document() -> None:
    text = render(report(finding(pointer=None)), OutputFormat.TEXT, RenderOptions())
    assert _placed(text) == {"operation-removed": "base.yaml"}  # removed: the base names it


def test_a_pointer_with_no_line_in_its_file_is_named_with_the_pointer() -> None:
    lost = finding(pointer="#/paths/~1nowhere/get")
    text = render(dataclasses.replace(demo(), findings=(lost,)), OutputFormat.TEXT)
    assert _placed(text) == {
        "operation-removed": "fixtures/demo/petstore-v1.yaml#/paths/~1nowhere/get"
    }


def test_an_operation_at_a_new_path_is_listed_with_its_base_path(tmp_path: Path) -> None:
    document = yaml.safe_load(PETSTORE.read_text())
    item = document["paths"].pop("/pets/{petId}")
    item["get"]["parameters"][0]["name"] = "id"
    item["get"]["operationId"] = "getPet"
    document["paths"]["/pets/{id}"] = item
    revision = tmp_path / "revision.yaml"
    revision.write_text(yaml.safe_dump(document))

    result = CliRunner().invoke(cli, ["diff", str(PETSTORE), str(revision)])
    assert result.exit_code == 0
    assert "GET /pets/{id} (base: /pets/{petId})\n  info    operation-id-changed" in result.stdout
    markdown = CliRunner().invoke(
        cli, ["diff", str(PETSTORE), str(revision), "--format", "markdown"]
    )
    assert "#### `GET /pets/{id}` (base: `/pets/{petId}`)" in markdown.stdout
