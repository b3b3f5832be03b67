"""Every distinct failure the stateful (link) phase meets is a finding with its sequence.

fixtures/apps/linked_failures_app.py under a real uvicorn on 127.0.0.1: only a box the run
created (``POST /boxes``, then a link) breaks anything, each operation its own way. A plain
``schemathesis run`` prints one "Stateful tests" error for them (hypothesis found several
distinct failures, or a stored connection error stands in for the group); treaty reports
each as a failure of its operation, with the request sequence and a curl per step.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_helpers import CliRun, invoke, serving, validate_report

from treaty.fuzz import engine


@pytest.fixture(scope="module")
def linked_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliRun]:
    import linked_failures_app

    tmp = tmp_path_factory.mktemp("linked")
    spec = tmp / "linked.json"
    spec.write_text(json.dumps(linked_failures_app.DOCUMENT))
    with serving(linked_failures_app.linked_failures_app()) as url:
        args = ["fuzz", str(spec), "--url", url, "--seed", "1", "--phases", "stateful"]
        yield invoke([*args, "-q"], tmp)


def _failures(run: CliRun) -> dict[tuple[str, str], dict[str, object]]:
    failures = run.report["failures"]
    assert isinstance(failures, list)
    return {(f["operation"], f["check"]): f for f in failures}


@pytest.mark.parametrize(
    ("operation", "check", "method"),
    [
        ("GET /boxes/{id}", "network_error", "GET"),  # the body ends before its Content-Length
        ("DELETE /boxes/{id}", "network_error", "DELETE"),  # a redirect loop
        ("PUT /boxes/{id}/lid", "status_code_conformance", "PUT"),  # an undocumented 418
    ],
)
def test_each_failure_of_the_link_phase_is_a_finding_with_its_sequence(
    linked_run: CliRun, operation: str, check: str, method: str
) -> None:
    found = _failures(linked_run)[operation, check]
    assert found["phase"] == "stateful"
    sequence = found["sequence"]
    assert isinstance(sequence, list)
    assert [step["operation"] for step in sequence] == ["POST /boxes"]
    created = json.loads(sequence[0]["response"]["body"])["id"]
    request = found["request"]
    assert isinstance(request, dict)
    assert request["method"] == method
    assert request["url"].endswith(f"/{created}") or request["url"].endswith(f"/{created}/lid")
    curl = str(found["curl"]).splitlines()
    assert len(curl) == 2
    assert curl[0].startswith("curl -X POST ")
    assert curl[1].startswith(f"curl -X {method} ")
    assert str(created) in curl[1]


def test_no_failure_is_left_as_an_error_line(linked_run: CliRun) -> None:
    assert linked_run.exit_code == 1
    assert linked_run.report["errors"] == []
    assert "Stateful tests" not in linked_run.stdout + linked_run.stderr
    assert {operation for operation, _ in _failures(linked_run)} == {
        "GET /boxes/{id}",
        "DELETE /boxes/{id}",
        "PUT /boxes/{id}/lid",
    }
    validate_report(linked_run.report)
    for text in linked_run.outputs.values():  # every report names every broken operation
        assert "DELETE /boxes/{id}" in text
        assert "GET /boxes/{id}" in text


def test_a_group_ending_the_suite_keeps_each_other_problem_as_its_own_line() -> None:
    """hypothesis's group of a check failure (its scenario recorded it) and two errors that
    are no failure of the API: one line for each error, none for the group itself."""
    from schemathesis.core.failures import FailureGroup, ServerError
    from schemathesis.engine.events import NonFatalError
    from schemathesis.engine.run import PhaseName

    from treaty.redact import Redactor

    recorded = ServerError(operation="GET /boxes/{id}", status_code=500)
    group = BaseExceptionGroup(
        "Hypothesis found 3 distinct failures.",
        [FailureGroup([recorded]), ValueError("first\nproblem"), KeyError("second")],
    )
    event = NonFatalError(
        error=group,
        phase=PhaseName.STATEFUL_TESTING,
        label="Stateful tests",
        related_to_operation=False,
    )
    outcome = engine.Outcome()
    engine._on_error(event, outcome, Redactor.for_secrets(()), engine.Unanswered())
    assert outcome.errors == ["Stateful tests: first; problem", "Stateful tests: 'second'"]
    assert not outcome.failures


def test_leaves_of_nested_groups_in_order() -> None:
    first, second, third = ValueError("a"), KeyError("b"), OSError("c")
    group = ExceptionGroup("two", [first, ExceptionGroup("inner", [second, third])])
    assert engine._leaves(group) == [first, second, third]
    assert engine._leaves(first) == [first]


def test_replay_resends_each_broken_sequence_to_a_fresh_server(
    linked_run: CliRun, tmp_path: Path
) -> None:
    """A fresh server numbers its boxes from the start again: replay creates a new box and
    takes its id from the new answer, and each failure comes back."""
    import linked_failures_app

    report = tmp_path / "linked.json"
    report.write_text(json.dumps(linked_run.report))
    with serving(linked_failures_app.linked_failures_app()) as url:
        replayed = invoke(["fuzz", "--replay", str(report), "--url", url], tmp_path / "again")
    assert replayed.exit_code == 1, replayed.stdout
    verdicts = {(r["operation"], r["check"]): r for r in replayed.report["replays"]}  # type: ignore[union-attr]
    for key in [("GET /boxes/{id}", "network_error"), ("DELETE /boxes/{id}", "network_error")]:
        assert verdicts[key]["reproduced"], verdicts[key]
