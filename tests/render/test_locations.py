"""Every format that shows locations puts findings on the right file and line."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from treaty import api
from treaty.render import OutputFormat, RenderOptions, render
from treaty.render.html import sides

from .helpers import DEMO, demo, finding, json_pair, line_of, only

V1, V2 = DEMO / "petstore-v1.yaml", DEMO / "petstore-v2.yaml"
DELETE_LINE = line_of(V1, "delete:")
LIMIT_LINE = line_of(V2, "- name: limit")


def test_github_annotations_sit_on_the_removed_operation_and_the_required_parameter() -> None:
    report = only(demo(), "operation-removed", "request-parameter-became-required")
    lines = render(report, OutputFormat.GITHUB).splitlines()
    assert lines == [
        f"::error file=fixtures/demo/petstore-v1.yaml,line={DELETE_LINE},title=operation-removed"
        "::DELETE /pets/{petId} removed without deprecation",
        f"::error file=fixtures/demo/petstore-v2.yaml,line={LIMIT_LINE},"
        "title=request-parameter-became-required::query parameter `limit` became required "
        "(GET /pets)",
    ]


def test_sarif_regions_gitlab_lines_and_junit_bodies_agree() -> None:
    report = only(demo(), "operation-removed", "request-parameter-became-required")
    sarif = json.loads(render(report, OutputFormat.SARIF))
    places = {
        r["ruleId"]: r["locations"][0]["physicalLocation"] for r in sarif["runs"][0]["results"]
    }
    assert places["operation-removed"] == {
        "artifactLocation": {"uri": "fixtures/demo/petstore-v1.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": DELETE_LINE},
    }
    assert places["request-parameter-became-required"]["region"] == {"startLine": LIMIT_LINE}

    gitlab = {
        i["check_name"]: i["location"] for i in json.loads(render(report, OutputFormat.GITLAB))
    }
    assert gitlab["operation-removed"] == {
        "path": "fixtures/demo/petstore-v1.yaml",
        "lines": {"begin": DELETE_LINE},
    }
    assert gitlab["request-parameter-became-required"]["lines"] == {"begin": LIMIT_LINE}

    junit = render(report, OutputFormat.JUNIT)
    assert f"at fixtures/demo/petstore-v1.yaml:{DELETE_LINE}" in junit
    assert f"at fixtures/demo/petstore-v2.yaml:{LIMIT_LINE}" in junit


def test_html_shows_both_sides_with_their_lines() -> None:
    report = only(demo(), "request-parameter-became-required")
    base, revision = sides(report, report.findings[0])
    assert base is not None and base.line == line_of(V1, "- name: limit")
    assert revision is not None and revision.line == LIMIT_LINE
    page = render(report, OutputFormat.HTML)
    assert f"fixtures/demo/petstore-v1.yaml:{base.line}" in page
    assert f"fixtures/demo/petstore-v2.yaml:{LIMIT_LINE}" in page
    assert "required: true" in page and "required: false" in page


def test_a_json_document_is_placed_on_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, revision = json_pair(tmp_path)
    monkeypatch.chdir(tmp_path)
    report = only(api.diff(base, revision), "request-parameter-became-required")
    assert len(report.findings) == 1
    line = line_of(revision, '"name": "limit"') - 1  # the parameter object opens a line above
    annotation = render(report, OutputFormat.GITHUB)
    assert annotation.startswith(f"::error file=revision.json,line={line},")
    sarif = json.loads(render(report, OutputFormat.SARIF))
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": line}


def test_every_format_renders_the_demo_and_an_empty_report() -> None:
    report = demo()
    empty = only(report)
    for output_format in OutputFormat:
        for subject in (report, empty):
            text = render(subject, output_format, RenderOptions())
            assert text == "" or text.endswith("\n"), output_format
    assert render(empty, OutputFormat.GITHUB) == ""  # nothing to annotate


def test_a_pointer_the_documents_do_not_hold_has_a_file_but_no_line() -> None:
    lost = finding(pointer="#/paths/~1nowhere/get")
    subject = dataclasses.replace(demo(), findings=(lost,))
    annotation = render(subject, OutputFormat.GITHUB)
    assert annotation.startswith("::error file=fixtures/demo/petstore-v1.yaml,title=")
    page = render(subject, OutputFormat.HTML)
    assert "operationId: listPets" in page  # the change's own value stands in
