"""Loud when a run proves nothing: untestable operations and operations that only said 401/403."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fuzz_helpers import REPO, SECRET, SPEC, invoke, serving, validate_report

UNTESTABLE = REPO / "fixtures" / "specs" / "untestable.yaml"


def test_untestable_operations_are_listed_once_with_their_reason(tmp_path: Path) -> None:
    import hostile_apps

    with serving(hostile_apps.CountingApp()) as url:
        run = invoke(["fuzz", str(UNTESTABLE), "--url", url, "--seed", "1", "--max-examples", "5",
                      "--checks", "not_a_server_error"], tmp_path)  # fmt: skip
    assert run.exit_code == 0, run.stdout
    validate_report(run.report)
    untested = run.report["untested"]
    assert isinstance(untested, list)
    reasons = {item["operation"]: item["reason"] for item in untested}
    assert len(untested) == len(reasons)  # each once
    assert set(reasons) == {"GET /range", "POST /upload"}
    assert "query parameter 'q'" in reasons["GET /range"]
    assert "`minimum: 10` and `maximum: 1`" in reasons["GET /range"]
    assert "application/x-weird" in reasons["POST /upload"]
    for reason in reasons.values():
        assert "\n" not in reason
        assert "schemathesis" not in reason.lower()
        assert "http" not in reason
    assert run.report["summary"]["untested"] == 2  # type: ignore[index]
    assert run.stdout.count("GET /range: ") == 1
    assert run.outputs["markdown"].count("`GET /range`: ") == 1
    assert re.search(r"^  not tested +2$", run.stdout, re.MULTILINE)
    assert "error" not in run.stdout.lower()
    assert run.outputs["junit"].count("<skipped") == 2


@pytest.fixture(scope="module")
def demo(demo_url: str) -> str:
    return demo_url


def _me(url: str, tmp: Path, *extra: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    args = ["fuzz", str(SPEC), "--url", url, "--operation-id", "getMe", "--seed", "1",
            "--max-examples", "5", *extra]  # fmt: skip
    return invoke(args, tmp, env=env)


def test_an_operation_that_only_answers_401_is_not_verified(demo: str, tmp_path: Path) -> None:
    run = _me(demo, tmp_path)
    assert run.exit_code == 2, run.stdout
    validate_report(run.report)
    assert run.report["denied"] == ["GET /me"]
    assert run.report["failures"] == []
    assert "Warning: every answer was 401/403" in run.stdout
    assert "  GET /me\n" in run.stdout
    assert "NOT VERIFIED: 1 operation(s) answered only 401/403" in run.stdout
    assert "not verified" in run.outputs["markdown"]
    # one operation has no links to follow: said as a note, not as an error, in treaty's words
    assert "note: stateful phase skipped" in run.stdout
    assert "error" not in run.stdout.lower()
    assert "schemathesis" not in run.stdout.lower()


def test_accept_denied_keeps_the_warning_and_exits_zero(demo: str, tmp_path: Path) -> None:
    run = _me(demo, tmp_path, "--accept-denied")
    assert run.exit_code == 0, run.stdout
    assert run.report["denied"] == ["GET /me"]
    assert run.report["accept_denied"] is True
    assert "accepted with --accept-denied" in run.stdout
    assert "OK: no contract failure" in run.stdout


def test_with_credentials_the_operation_is_verified(demo: str, tmp_path: Path) -> None:
    run = _me(demo, tmp_path, "--bearer-env", "TOKEN", env={"TOKEN": SECRET})
    assert run.exit_code == 0, run.stdout
    assert run.report["denied"] == []
    assert "401/403" not in run.stdout
