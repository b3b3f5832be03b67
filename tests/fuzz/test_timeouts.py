"""A timeout is not a contract violation unless the run has a response-time budget.

The target (fixtures/apps/hostile_apps.py ``CountingApp``) answers correctly, but a search with
a long query takes 2 s: longer than ``--timeout``. Whether a request is slow depends on its
input, which is what made Hypothesis shrink timeouts by re-sending slow requests (20 slow
requests at these settings before, and ~100 more from the stateful phase).
"""

from __future__ import annotations

import json
from pathlib import Path

from fuzz_helpers import CliRun, invoke, serving, validate_report

SLOW_QUERY = 8  # bytes of query string above which the answer takes DELAY seconds
DELAY = 2.0
# well under DELAY, and far above what a fast answer takes on a loaded machine: the timeout
# covers the whole answer, status line and headers included
TIMEOUT = 1


def _fuzz(tmp: Path, *extra: str) -> tuple[CliRun, int]:
    import hostile_apps

    spec = tmp / "simple.json"
    spec.write_text(json.dumps(hostile_apps.SIMPLE_DOCUMENT))
    app = hostile_apps.CountingApp(delay=DELAY, slow_query=SLOW_QUERY)
    with serving(app) as url:
        args = ["fuzz", str(spec), "--url", url, "--seed", "1", "--max-examples", "30",
                "--timeout", str(TIMEOUT), *extra,
                # the app accepts anything, a correct answer to valid requests only
                "--exclude-checks", "negative_data_rejection,unsupported_method"]  # fmt: skip
        run = invoke(args, tmp)
    return run, app.slowed


def test_a_timeout_is_reported_apart_once_and_not_shrunk(tmp_path: Path) -> None:
    run, slowed = _fuzz(tmp_path)
    assert run.exit_code == 0, run.stdout
    validate_report(run.report)
    assert run.report["failures"] == []
    unjudged = run.report["unjudged"]
    assert isinstance(unjudged, list)
    assert [item["operation"] for item in unjudged] == ["GET /things"]
    request = unjudged[0]["request"]
    assert request["method"] == "GET"
    assert "/things?" in request["url"]
    assert request["headers"]["User-Agent"]
    assert unjudged[0]["curl"].startswith("curl ")
    assert request["url"].split("?")[0] in unjudged[0]["curl"]
    assert unjudged[0]["message"] == f"no answer within {TIMEOUT}s"
    assert run.report["summary"]["unjudged"] == 1  # type: ignore[index]
    # the first timeout ends the scenario, and the operation is not called again: no shrinking,
    # no stateful phase re-sending it
    assert slowed == 1, slowed
    assert "could not judge (timeouts)  1" in run.stdout
    assert "OK: no contract failure; 1 operation(s) could not be judged" in run.stdout
    assert "could not judge" in run.outputs["markdown"].lower()
    assert "<skipped" in run.outputs["junit"]


def test_with_a_response_time_budget_a_timeout_is_a_failure(tmp_path: Path) -> None:
    run, slowed = _fuzz(tmp_path, "--max-response-time", "5")
    assert run.exit_code == 1, run.stdout
    validate_report(run.report)
    failures = run.report["failures"]
    assert isinstance(failures, list)
    assert [(f["operation"], f["check"]) for f in failures] == [("GET /things", "request_timeout")]
    assert run.report["unjudged"] == []
    assert slowed == 1, slowed
