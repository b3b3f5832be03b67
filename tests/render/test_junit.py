"""JUnit XML: valid against the Jenkins junit-10 XSD, one test case per check per operation."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from treaty.changes.model import OperationKey
from treaty.render import OutputFormat, render
from treaty.report import Report, ReportKind
from treaty.rules.registry import Severity

from .helpers import SCHEMAS, demo, finding, only, report

xmlschema = pytest.importorskip("xmlschema")
XSD = xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))


def _suite(subject: Report) -> ET.Element:
    text = render(subject, OutputFormat.JUNIT)
    XSD.validate(text)
    return ET.fromstring(text)


def test_a_shared_component_change_fails_every_operation_it_breaks() -> None:
    subject = only(demo(), "response-property-type-changed", "operation-removed")
    suite = _suite(subject)
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    assert set(cases) == {
        ("GET /pets", "response-property-type-changed"),
        ("GET /pets/{petId}", "response-property-type-changed"),
        ("POST /pets", "response-property-type-changed"),
        ("DELETE /pets/{petId}", "operation-removed"),
    }
    assert suite.get("tests") == "4" and suite.get("failures") == "4"
    failure = cases[("GET /pets", "response-property-type-changed")].find("failure")
    assert failure is not None
    assert failure.get("message") == "type of `Pet.id` changed from [integer] to [string]"
    assert failure.text is not None
    assert "at fixtures/demo/petstore-v2.yaml:" in failure.text
    assert "pointer: #/components/schemas/Pet/" in failure.text


def test_warnings_pass_with_their_text_and_several_findings_share_a_case() -> None:
    ops = (OperationKey("get", "/pets"),)
    subject = report(
        finding(rule="r", severity=Severity.WARNING, message="maybe", operations=ops),
        finding(rule="e", message="first", operations=ops),
        finding(rule="e", message="second", operations=ops),
        finding(rule="api", severity=Severity.WARNING, message="doc-wide", operations=()),
    )
    suite = _suite(subject)
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    assert suite.get("tests") == "3" and suite.get("failures") == "1"
    warning = cases[("GET /pets", "r")]
    assert warning.find("failure") is None
    assert (warning.findtext("system-out") or "").startswith("warning: maybe\nat base.yaml")
    failure = cases[("GET /pets", "e")].find("failure")
    assert failure is not None and failure.get("message") == "first (+1 more)"
    assert "second" in (failure.text or "")
    assert ("API-wide", "api") in cases


def test_an_empty_report_still_has_a_passed_test_case() -> None:
    suite = _suite(report(kind=ReportKind.CHANGELOG))
    [case] = suite.iter("testcase")
    assert (case.get("classname"), case.get("name")) == ("treaty", "changelog")
    assert suite.get("tests") == "1" and suite.get("failures") == "0"


def test_characters_xml_cannot_carry_are_escaped() -> None:
    subject = report(finding(message='bad \x00 byte \x1b[31m <tag> & "q"'))
    suite = _suite(subject)
    failure = next(suite.iter("failure"))
    assert failure.get("message") == 'bad \\x00 byte \\x1b[31m <tag> & "q"'
