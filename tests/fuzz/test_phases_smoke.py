"""`treaty smoke` sends one request per operation (extras shown); `--phases` picks phases.

Real servers on 127.0.0.1: hostile_apps.CountingApp (counts what reaches it) and the demo API.
"""

from __future__ import annotations

import json
from pathlib import Path

from fuzz_helpers import SPEC, invoke, serving, validate_report


def test_smoke_sends_one_request_per_operation_and_shows_the_extra_ones(tmp_path: Path) -> None:
    import hostile_apps

    spec = tmp_path / "simple.json"
    spec.write_text(json.dumps(hostile_apps.SIMPLE_DOCUMENT))
    app = hostile_apps.CountingApp()
    with serving(app) as url:
        run = invoke(["smoke", str(spec), "--url", url], tmp_path)
    validate_report(run.report)
    operations = run.report["operations"]
    assert isinstance(operations, list) and len(operations) == 2
    assert [op["requests"] for op in operations] == [1, 1]
    seen = [(method, path) for method, path, _ in app.seen]
    assert seen.count(("GET", "/things")) == 1
    assert sum(1 for method, path in seen if method == "GET" and path.startswith("/things/")) == 1
    summary = run.report["summary"]
    assert isinstance(summary, dict)
    assert summary["extra_requests"] == summary["requests"] - 2
    assert summary["extra_requests"] >= 1  # the reachability probe, at least
    extra = summary["extra_requests"]
    assert f"({summary['requests'] - extra} to the operations, {extra} extra" in run.outputs["text"]
    assert f"({extra} extra: probes, checks)" in run.outputs["markdown"]


def test_phases_runs_the_chosen_phases_only(tmp_path: Path) -> None:
    import demo_api

    with serving(demo_api.create_app()) as url:
        args = ["fuzz", str(SPEC), "--url", url, "--seed", "7", "--max-examples", "10",
                "--phases", "stateful", "--include-path", "/items*", "-q"]  # fmt: skip
        run = invoke(args, tmp_path)
    validate_report(run.report)
    failures = run.report["failures"]
    assert isinstance(failures, list) and failures, run.stdout
    assert {f["phase"] for f in failures} <= {"stateful", "volume"}
    assert ("DELETE /items/{itemId}", "use_after_free") in {
        (f["operation"], f["check"]) for f in failures
    }


def test_an_unknown_phase_is_one_line_and_exit_two(tmp_path: Path) -> None:
    run = invoke(["fuzz", str(SPEC), "--url", "http://127.0.0.1:9", "--phases", "examples,nope"],
                 tmp_path)  # fmt: skip
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1 and "unknown phase(s) nope in --phases" in run.stderr
