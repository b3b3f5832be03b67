"""GitHub workflow commands and GitLab Code Quality."""

from __future__ import annotations

import json
from typing import Any

from treaty.changes.model import OperationKey
from treaty.render import OutputFormat, RenderOptions, render
from treaty.render.github import escape_data, escape_property
from treaty.report import ReportKind
from treaty.rules.registry import Severity

from .helpers import demo, finding, report

MANY = tuple(OperationKey("get", f"/items/{n}") for n in range(6))


def test_workflow_command_values_are_escaped_as_the_toolkit_does() -> None:
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_each_severity_has_its_command_and_no_file_means_no_file_property() -> None:
    subject = report(
        finding(severity=Severity.INFO, rule="i", message="info\nline"),
        finding(severity=Severity.WARNING, rule="w:1", message="careful"),
        finding(rule="e", message="broken", operations=MANY),
        kind=ReportKind.CHANGELOG,
    )
    lines = render(subject, OutputFormat.GITHUB, RenderOptions(max_operations=2)).splitlines()
    assert lines == [
        "::error title=e::broken (GET /items/0); also affects GET /items/1, GET /items/2 (+3 more)",
        "::warning title=w%3A1::careful (GET /pets)",
        "::notice title=i::info%0Aline (GET /pets)",
    ]


def _issues(subject: Any) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(render(subject, OutputFormat.GITLAB))
    for issue in issues:  # the fields GitLab documents as required
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str) and issue["location"]["path"]
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
    return issues


def test_code_quality_has_the_required_fields_and_unique_stable_fingerprints() -> None:
    subject = demo()
    issues = _issues(subject)
    assert len(issues) == len(subject.findings)
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    assert fingerprints == [i["fingerprint"] for i in _issues(demo())]
    assert {i["severity"] for i in issues if i["check_name"] == "operation-removed"} == {"critical"}


def test_severities_and_findings_without_a_file_or_twins() -> None:
    twin = finding(severity=Severity.WARNING)
    subject = report(twin, twin, finding(severity=Severity.INFO, rule="i"))
    issues = _issues(subject)
    assert [i["severity"] for i in issues] == ["minor", "minor", "info"]
    assert issues[0]["location"] == {"path": "base.yaml", "lines": {"begin": 1}}
    assert issues[1]["fingerprint"] == issues[0]["fingerprint"] + "-2"
