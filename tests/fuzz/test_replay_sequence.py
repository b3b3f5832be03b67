"""A multi-request failure carries its sequence; --replay resends it with fresh linked values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fuzz_helpers import SECRET, SPEC, CliRun, found, invoke, serving, validate_report

ITEMS = ["--operation-id", "createItem,deleteItem,getItem"]


@pytest.fixture(scope="module")
def stateful_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[CliRun, Path]:
    """A stateful fuzz of the item operations only: a use-after-free must start with a POST."""
    import demo_api

    tmp = tmp_path_factory.mktemp("stateful")
    with serving(demo_api.create_app(token=SECRET)) as url:
        run = invoke(
            ["fuzz", str(SPEC), "--url", url, "--seed", "7", "--max-examples", "15", *ITEMS,
             "--bearer-env", "TOKEN"],
            tmp,
            env={"TOKEN": SECRET},
        )  # fmt: skip
    return run, tmp / "report.json"


def _use_after_free(run: CliRun) -> dict[str, object]:
    failures = run.report["failures"]
    assert isinstance(failures, list)
    return next(f for f in failures if f["check"] == "use_after_free")


def test_a_stateful_failure_carries_every_step_redacted(stateful_run: tuple[CliRun, Path]) -> None:
    run, _ = stateful_run
    validate_report(run.report)
    failure = _use_after_free(run)
    sequence = failure["sequence"]
    assert isinstance(sequence, list)
    assert [step["operation"] for step in sequence][:1] == ["POST /items"]
    assert "DELETE /items/{itemId}" in [step["operation"] for step in sequence]
    assert failure["replay"]["operation"] == "GET /items/{itemId}"  # type: ignore[index]
    linked = [b for step in sequence for b in step["bindings"]] + failure["bindings"]  # type: ignore[operator]
    assert any(binding["expression"].startswith("$response.body#") for binding in linked)
    assert all(step["request"]["headers"]["Authorization"] == "[redacted]" for step in sequence)
    assert SECRET not in json.dumps(run.report)
    assert len(str(failure["curl"]).splitlines()) == len(sequence) + 1


def test_replay_resends_the_sequence_against_a_fresh_server(
    stateful_run: tuple[CliRun, Path], tmp_path: Path
) -> None:
    import demo_api

    _, report = stateful_run
    with serving(demo_api.create_app(token=SECRET)) as url:  # new state: new ids
        replayed = invoke(
            ["fuzz", "--replay", str(report), "--url", url, "--bearer-env", "TOKEN"],
            tmp_path,
            env={"TOKEN": SECRET},
        )
    assert replayed.exit_code == 1, replayed.stdout
    validate_report(replayed.report)
    assert ("DELETE /items/{itemId}", "use_after_free") in found(replayed)
    verdicts = {(r["operation"], r["check"]): r for r in replayed.report["replays"]}  # type: ignore[union-attr]
    verdict = verdicts["DELETE /items/{itemId}", "use_after_free"]
    assert verdict["reproduced"]
    assert "sent as recorded" not in verdict["detail"]
    assert SECRET not in replayed.stdout + json.dumps(replayed.report)


def test_replay_against_a_fixed_server_reproduces_nothing(
    stateful_run: tuple[CliRun, Path], tmp_path: Path
) -> None:
    import demo_api

    _, report = stateful_run
    with serving(demo_api.create_app(token=SECRET, fixed=True)) as url:
        replayed = invoke(
            ["fuzz", "--replay", str(report), "--url", url, "--bearer-env", "TOKEN"],
            tmp_path,
            env={"TOKEN": SECRET},
        )
    verdicts = {(r["operation"], r["check"]): r for r in replayed.report["replays"]}  # type: ignore[union-attr]
    assert not verdicts["DELETE /items/{itemId}", "use_after_free"]["reproduced"]
    assert "not reproduced: DELETE /items/{itemId} [use_after_free]" in replayed.stdout
    others = [v for key, v in verdicts.items() if key[1] != "use_after_free"]
    assert replayed.exit_code == (1 if any(v["reproduced"] for v in others) else 0)


def test_a_version_1_report_still_replays(demo_url: str, tmp_path: Path) -> None:
    first = invoke(
        ["fuzz", str(SPEC), "--url", demo_url, "--seed", "3", "--max-examples", "5",
         "--include-path", "/legacy/*"],
        tmp_path / "first",
    )  # fmt: skip
    old = dict(first.report, schema_version=1)
    old.pop("replays")
    for failure in old["failures"]:  # type: ignore[union-attr]
        for key in ("sequence", "parent", "bindings"):
            failure.pop(key)
        failure["replay"].pop("operation")
    (tmp_path / "v1.json").write_text(json.dumps(old))
    replayed = invoke(["fuzz", "--replay", str(tmp_path / "v1.json"), "--url", demo_url], tmp_path)
    assert replayed.exit_code == 1
    assert found(replayed) == {("GET /legacy/export", "content_type_conformance")}
