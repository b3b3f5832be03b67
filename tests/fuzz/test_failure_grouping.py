"""Failures are grouped by root cause, in every report format.

fixtures/apps/many_codes_app.py answers ``GET /answer`` with many undocumented status codes
(and some 5xx), served by a real uvicorn on 127.0.0.1: one finding per check lists them all.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fuzz_helpers import CliRun, invoke, serving, validate_report

from treaty.fuzz.grouping import group
from treaty.fuzz.results import FuzzFailure, RecordedRequest, Variant


@pytest.fixture(scope="module")
def grouped_run(tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    import many_codes_app

    tmp = tmp_path_factory.mktemp("grouping")
    spec = tmp / "many-codes.json"
    spec.write_text(json.dumps(many_codes_app.DOCUMENT))
    with serving(many_codes_app.many_codes_app()) as url:
        args = ["fuzz", str(spec), "--url", url, "--seed", "5", "--max-examples", "60"]
        return invoke(args, tmp)


def _failures(run: CliRun, check: str) -> list[dict[str, object]]:
    failures = run.report["failures"]
    assert isinstance(failures, list)
    return [f for f in failures if f["operation"] == "GET /answer" and f["check"] == check]


def test_many_undocumented_codes_are_one_finding_listing_them(grouped_run: CliRun) -> None:
    import many_codes_app

    assert grouped_run.exit_code == 1, grouped_run.stdout
    validate_report(grouped_run.report)
    [undocumented] = _failures(grouped_run, "status_code_conformance")
    variants = undocumented["variants"]
    assert isinstance(variants, list)
    codes = [int(v["value"]) for v in variants]
    assert len(codes) >= 8, codes  # the run saw many of them...
    assert codes == sorted(codes)
    assert set(codes) <= set(many_codes_app.CODES)  # ...and only what the server answered
    assert undocumented["occurrences"] == sum(v["occurrences"] for v in variants)
    response = undocumented["response"]
    assert isinstance(response, dict) and response["status"] in codes  # the kept reproduction


def test_server_errors_are_grouped_too(grouped_run: CliRun) -> None:
    import many_codes_app

    [server] = _failures(grouped_run, "not_a_server_error")
    variants = server["variants"]
    assert isinstance(variants, list)
    assert {int(v["value"]) for v in variants} <= set(many_codes_app.SERVER_CODES)
    assert not any(f["operation"] == "GET /fine" for f in grouped_run.report["failures"])  # type: ignore[union-attr]


def test_every_format_lists_the_codes(grouped_run: CliRun) -> None:
    [undocumented] = _failures(grouped_run, "status_code_conformance")
    variants = undocumented["variants"]
    assert isinstance(variants, list)
    codes = [str(v["value"]) for v in variants]
    outputs = grouped_run.outputs
    text = outputs["text"].splitlines()
    header = next(
        i for i, line in enumerate(text) if "GET /answer  [status_code_conformance]" in line
    )
    text_line = text[header + 1]
    assert f"{len(codes)} distinct answers" in text_line
    assert all(code in text_line for code in codes)
    row = next(
        line for line in outputs["markdown"].splitlines()
        if line.startswith("| `GET /answer` | `status_code_conformance`")
    )  # fmt: skip
    assert all(code in row for code in codes)
    suites = ET.fromstring(outputs["junit"])
    [case] = [c for c in suites.iter("testcase") if c.get("name") == "status_code_conformance"]
    [failure] = list(case.iter("failure"))
    assert all(code in (failure.text or "") for code in codes)
    per_check = grouped_run.report["summary"]["failures_per_check"]  # type: ignore[index]
    assert per_check["status_code_conformance"] == 1


def test_grouped_report_replays(grouped_run: CliRun, tmp_path: Path) -> None:
    """--replay reads a grouped report back and resends its smallest reproduction."""
    import many_codes_app

    report = tmp_path / "grouped.json"
    report.write_text(grouped_run.outputs["json"])
    with serving(many_codes_app.many_codes_app()) as url:
        again = invoke(["fuzz", "--replay", str(report), "--url", url], tmp_path)
    assert again.exit_code == 1, again.stdout
    replays = again.report["replays"]
    assert isinstance(replays, list) and replays and all(r["reproduced"] for r in replays)
    [undocumented] = _failures(again, "status_code_conformance")
    [before] = _failures(grouped_run, "status_code_conformance")
    assert undocumented["variants"] == before["variants"]


def _failure(operation: str, check: str, cause: str, curl: str = "curl x") -> FuzzFailure:
    request = RecordedRequest("GET", "http://127.0.0.1/x")
    return FuzzFailure(operation, check, "t", "m", cause, "fuzzing", request, None, curl)


def test_only_answer_keyed_failures_fold() -> None:
    """Distinct places in the contract (schema paths, headers) stay distinct findings."""
    failures = [
        _failure("GET /a", "status_code_conformance", "UndefinedStatusCode:418", "curl long one"),
        _failure("GET /a", "status_code_conformance", "UndefinedStatusCode:1000", "curl short"),
        _failure("GET /b", "status_code_conformance", "UndefinedStatusCode:418"),
        _failure("GET /a", "response_schema_conformance", "JsonSchemaError:properties/id"),
        _failure("GET /a", "response_schema_conformance", "JsonSchemaError:properties/name"),
        _failure("GET /a", "request_timeout", "request_timeout:ReadTimeout"),
    ]
    folded = {(f.operation, f.check, f.cause): f for f in group(failures)}
    assert len(folded) == 5
    both = folded["GET /a", "status_code_conformance", "UndefinedStatusCode"]
    assert both.variants == (Variant("418"), Variant("1000"))  # numeric order
    assert both.curl == "curl short"  # the smallest reproduction
    assert both.occurrences == 2
    assert folded["GET /b", "status_code_conformance", "UndefinedStatusCode"].answers == "418"
