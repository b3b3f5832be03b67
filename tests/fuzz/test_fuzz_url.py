"""`treaty fuzz --url` against the real demo API: every seeded break, nothing else, no secret."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fuzz_helpers import ALL_SECRETS, CORRECT, SEEDED, CliRun, found, validate_report


def test_fuzz_finds_every_seeded_violation(fuzz_run: CliRun) -> None:
    assert fuzz_run.exit_code == 1, fuzz_run.stderr
    assert found(fuzz_run) >= SEEDED


def test_fuzz_reports_nothing_on_correct_endpoints(fuzz_run: CliRun) -> None:
    assert not {op for op, _ in found(fuzz_run)} & CORRECT


def test_one_operation_breaking_two_ways_is_reported_twice(fuzz_run: CliRun) -> None:
    checks = {check for op, check in found(fuzz_run) if op == "GET /users/{userId}"}
    assert {"not_a_server_error", "response_schema_conformance"} <= checks


def test_failures_are_deduplicated(fuzz_run: CliRun) -> None:
    failures = fuzz_run.report["failures"]
    assert isinstance(failures, list)
    keys = [(f["operation"], f["check"], f["cause"]) for f in failures]
    assert len(keys) == len(set(keys))


def test_credentials_never_reach_any_output(fuzz_run: CliRun) -> None:
    texts = [fuzz_run.stdout, fuzz_run.stderr, *fuzz_run.outputs.values()]
    for secret in ALL_SECRETS:
        assert not any(secret in text for text in texts), secret
    assert "[redacted]" in fuzz_run.outputs["json"]


def test_json_report_carries_request_response_and_curl(fuzz_run: CliRun) -> None:
    report = fuzz_run.report
    assert report["schema_version"] == 3
    failures = report["failures"]
    assert isinstance(failures, list)
    for failure in failures:
        assert failure["operation"].split(" ")[0] in {"GET", "POST", "DELETE"}
        assert set(failure["request"]) >= {"method", "url", "headers", "body"}
        assert failure["curl"].startswith("curl")
    crash = next(f for f in failures if f["check"] == "not_a_server_error")
    assert crash["response"]["status"] == 500


def test_json_report_matches_the_checked_in_schema(fuzz_run: CliRun) -> None:
    validate_report(fuzz_run.report)


def test_junit_has_a_testcase_per_operation_and_check(fuzz_run: CliRun) -> None:
    root = ET.fromstring(fuzz_run.outputs["junit"])
    failed = {
        (case.get("classname"), case.get("name"))
        for case in root.iter("testcase")
        if case.find("failure") is not None
    }
    assert failed == found(fuzz_run)


def test_text_and_markdown_summaries(fuzz_run: CliRun) -> None:
    assert "requests sent" in fuzz_run.stdout
    assert "FAILED" in fuzz_run.stdout
    assert "| `not_a_server_error` |" in fuzz_run.outputs["markdown"]
