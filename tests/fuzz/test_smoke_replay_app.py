"""smoke is deterministic; replay reproduces; --app fuzzes in-process."""

from __future__ import annotations

import json
from pathlib import Path

from fuzz_helpers import SEEDED, SPEC, CliRun, found, invoke, validate_report


def _stable(run: CliRun) -> dict[str, object]:
    report = dict(run.report)
    summary = dict(report.pop("summary"))  # type: ignore[arg-type]
    summary.pop("duration")
    return {**report, "summary": summary}


def test_smoke_is_deterministic_and_finds_example_breaks(demo_url: str, tmp_path: Path) -> None:
    args = ["smoke", str(SPEC), "--url", demo_url]
    first = invoke(args, tmp_path / "a")
    second = invoke(args, tmp_path / "b")
    assert first.exit_code == 1
    validate_report(first.report)
    assert _stable(first) == _stable(second)
    assert ("GET /users/{userId}", "response_schema_conformance") in found(first)
    operations = first.report["operations"]
    assert isinstance(operations, list)
    assert all(op["operation"].startswith("GET") for op in operations)
    assert all(op["requests"] <= 3 for op in operations)


def test_smoke_all_methods_includes_unsafe_operations(demo_url: str, tmp_path: Path) -> None:
    run = invoke(
        ["smoke", str(SPEC), "--url", demo_url, "--all-methods", "--tag", "items"], tmp_path
    )
    operations = run.report["operations"]
    assert isinstance(operations, list)
    assert {"POST /items", "DELETE /items/{itemId}"} <= {op["operation"] for op in operations}


def test_replay_reproduces_the_failures_of_a_report(demo_url: str, tmp_path: Path) -> None:
    first = invoke(
        ["fuzz", str(SPEC), "--url", demo_url, "--seed", "3", "--max-examples", "5",
         "--include-path", "/users/*", "--include-path", "/legacy/*"],
        tmp_path / "first",
    )  # fmt: skip
    assert first.exit_code == 1
    report_path = tmp_path / "first" / "report.json"
    replayed = invoke(["fuzz", "--replay", str(report_path), "--url", demo_url], tmp_path / "re")
    assert replayed.exit_code == 1, replayed.stderr
    assert replayed.report["mode"] == "replay"
    assert found(replayed) == found(first)
    validate_report(replayed.report)
    assert all(result["reproduced"] for result in replayed.report["replays"])
    assert "reproduced: GET /users/{userId}" in replayed.stdout


def test_fuzz_in_process_app_finds_the_same_breaks(tmp_path: Path) -> None:
    import demo_api

    run = invoke(
        ["fuzz", str(SPEC), "--app", "demo_api:app", "--seed", "7", "--max-examples", "15",
         "--bearer-env", "TOKEN"],
        tmp_path,
        env={"TOKEN": demo_api.DEFAULT_TOKEN},
    )  # fmt: skip
    assert run.exit_code == 1, run.stderr
    assert found(run) >= SEEDED
    texts = [run.stdout, run.stderr, *run.outputs.values()]
    assert not any(demo_api.DEFAULT_TOKEN in text for text in texts)
    assert json.loads(run.outputs["json"])["target"] == "app:demo_api:app"
