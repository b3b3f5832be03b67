"""SARIF 2.1.0: valid against the OASIS schema, rules from the catalogue, stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from treaty import api
from treaty.render import OutputFormat, render
from treaty.render.sarif import help_markdown, sections_of
from treaty.report import DOCUMENTATION_RULE, ReportKind
from treaty.rules import RULES
from treaty.rules.registry import Severity

from .helpers import DEMO, SCHEMAS, demo, finding, report

VALIDATOR = jsonschema.Draft4Validator(
    json.loads((SCHEMAS / "sarif-2.1.0.json").read_text()),
    format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
)


def _sarif(subject: Any) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render(subject, OutputFormat.SARIF))
    VALIDATOR.validate(log)
    return log


def test_the_demo_log_is_valid_and_lists_only_the_rules_it_uses() -> None:
    subject = demo()
    run = _sarif(subject)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "treaty"
    assert driver["informationUri"].startswith("https://")
    used = sorted({f.rule for f in subject.findings})
    assert [rule["id"] for rule in driver["rules"]] == used
    removed = next(r for r in driver["rules"] if r["id"] == "operation-removed")
    catalogue = RULES.get("operation-removed")
    assert catalogue is not None
    assert removed["shortDescription"]["text"] == catalogue.summary
    assert "404" in removed["fullDescription"]["text"]
    assert "Ship it safely" in removed["help"]["markdown"]
    assert removed["defaultConfiguration"] == {"level": "error"}
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning"}


def test_levels_and_a_result_without_a_file_gets_a_logical_location() -> None:
    subject = report(
        finding(severity=Severity.INFO, rule=DOCUMENTATION_RULE, message="docs changed"),
        finding(rule="not-in-the-catalogue", severity=Severity.WARNING),
        kind=ReportKind.DIFF,
    )
    run = _sarif(subject)["runs"][0]
    note, warning = run["results"]
    assert note["level"] == "note" and warning["level"] == "warning"
    assert note["locations"] == [
        {
            "logicalLocations": [
                {
                    "name": "GET /pets",
                    "fullyQualifiedName": "base.yaml#/paths/~1pets/get",
                    "kind": "resource",
                }
            ]
        }
    ]
    descriptors = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "description" in descriptors[DOCUMENTATION_RULE]["shortDescription"]["text"]
    assert descriptors["not-in-the-catalogue"]["shortDescription"]["text"] == "not-in-the-catalogue"


def test_fingerprints_survive_moved_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    v1, v2 = (DEMO / "petstore-v1.yaml").read_text(), (DEMO / "petstore-v2.yaml").read_text()
    Path("a.yaml").write_text(v1)
    Path("b.yaml").write_text(v2)
    Path("c.yaml").write_text("# a comment\n# and another\n" + v2)

    def results(revision: str) -> dict[str, tuple[str, int]]:
        log = _sarif(api.diff("a.yaml", revision))
        return {
            r["partialFingerprints"]["treaty/v1"]: (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in log["runs"][0]["results"]
        }

    before, after = results("b.yaml"), results("c.yaml")
    assert before.keys() == after.keys()
    moved = [fp for fp in before if before[fp][0] != "operation-removed"]
    assert moved and all(after[fp][1] == before[fp][1] + 2 for fp in moved)
    assert len(set(before)) == len(before)


def test_a_file_name_is_a_uri_reference() -> None:
    from treaty.locate import Position, Side
    from treaty.render import RenderOptions
    from treaty.render.sarif import _result

    place = Position(Side.REVISION, "my api.yaml", "#/paths", "specs/my api.yaml", None)
    result = _result(finding(), place, "f", 0, RenderOptions())
    physical = result["locations"][0]["physicalLocation"]  # type: ignore[index,call-overload]
    assert physical == {
        "artifactLocation": {"uri": "specs/my%20api.yaml", "uriBaseId": "%SRCROOT%"}
    }


def test_the_documentation_becomes_markdown_help() -> None:
    summary, sections = sections_of(
        "Summary line.\n\nWhy it breaks:\n    Clients\n    fail.\n\nExample:\n    base: {a: 1}\n"
    )
    assert summary == "Summary line."
    assert sections == [("Why it breaks", "Clients\nfail."), ("Example", "base: {a: 1}")]
    assert help_markdown(summary, sections) == (
        "Summary line.\n\n**Why it breaks:** Clients fail.\n\n"
        "**Example**\n\n```yaml\nbase: {a: 1}\n```"
    )


def test_a_file_outside_every_tree_is_named_by_its_file_uri() -> None:
    from treaty.render.sarif import artifact

    assert artifact("/srv/specs/api.json") == {"uri": "file:///srv/specs/api.json"}
    assert artifact("api/open api.json") == {
        "uri": "api/open%20api.json",
        "uriBaseId": "%SRCROOT%",
    }
