"""HTTP semantics are not contract breaks; standard formats in responses are.

fixtures/apps/semantics_app.py is a correct API that answers 304/412 to conditional requests,
204 under a documented JSON 2XX and bodiless HEADs, served by a real uvicorn on 127.0.0.1.
Only its ``/stale`` (a 304 nobody asked for) and ``/formats/bad/*`` operations break the contract.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_helpers import CliRun, found, invoke, serving


def _fuzz(document: dict[str, object], tmp: Path, *extra: str) -> CliRun:
    import semantics_app

    spec = tmp / "semantics.json"
    spec.write_text(json.dumps(document))
    with serving(semantics_app.semantics_app()) as url:
        args = ["fuzz", str(spec), "--url", url, "--seed", "3", "--max-examples", "10", *extra]
        return invoke(args, tmp)


@pytest.fixture(scope="module")
def semantics_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliRun]:
    import semantics_app

    yield _fuzz(semantics_app.DOCUMENT, tmp_path_factory.mktemp("semantics"))


def test_only_real_breaks_are_reported(semantics_run: CliRun) -> None:
    import semantics_app

    assert semantics_run.exit_code == 1, semantics_run.stdout
    expected = {("GET /stale", "status_code_conformance")} | {
        (f"GET /formats/bad/{fmt}", "response_schema_conformance") for fmt in semantics_app.FORMATS
    }
    assert found(semantics_run) == expected


def test_conditional_requests_were_answered_304_and_412(semantics_run: CliRun) -> None:
    """The excused answers really happened: the run is not green because nothing was sent."""
    statuses = {
        stat["operation"]: {status for status, _ in stat["statuses"]}
        for stat in semantics_run.report["operations"]  # type: ignore[union-attr]
    }
    assert 304 in statuses["GET /notes/{noteId}"]
    assert 412 in statuses["PUT /notes/{noteId}"]
    assert 204 in statuses["DELETE /notes/{noteId}"]
    assert 200 in statuses["HEAD /notes/{noteId}"]


def test_a_304_without_a_conditional_header_is_still_undocumented(semantics_run: CliRun) -> None:
    failures = semantics_run.report["failures"]
    assert isinstance(failures, list)
    stale = next(f for f in failures if f["operation"] == "GET /stale")
    assert stale["response"]["status"] == 304
    assert not any(name.lower().startswith("if-") for name in stale["request"]["headers"])


def test_standard_formats_are_checked_in_openapi_3_1(tmp_path: Path) -> None:
    import semantics_app

    run = _fuzz(semantics_app.DOCUMENT_31, tmp_path, "--include-path", "/formats/*")
    assert found(run) == {
        (f"GET /formats/bad/{fmt}", "response_schema_conformance") for fmt in semantics_app.FORMATS
    }
    messages = {f["operation"]: f["message"] for f in run.report["failures"]}  # type: ignore[union-attr]
    assert 'is not a "date-time"' in messages["GET /formats/bad/date-time"]


def test_an_empty_body_needs_no_content_type(semantics_run: CliRun) -> None:
    """A 401 with no content carries nothing to label (RFC 9110 §8.3): neither a missing
    Content-Type nor an undocumented one is a failure. schemathesis flags both."""
    statuses = {
        stat["operation"]: {status for status, _ in stat["statuses"]}
        for stat in semantics_run.report["operations"]  # type: ignore[union-attr]
    }
    assert 401 in statuses["GET /secret"] and 401 in statuses["GET /secret-html"]
    assert not {op for op, _ in found(semantics_run)} & {"GET /secret", "GET /secret-html"}
