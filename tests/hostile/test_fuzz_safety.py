"""`treaty fuzz` against hostile targets: bounded time and memory, findings, no leaked secret.

Every target is a real server on 127.0.0.1 (fixtures/apps/hostile_apps.py); treaty runs in a
subprocess with a wall-time limit and an address-space limit (RLIMIT_AS), so a hang or a
runaway allocation fails the test instead of the machine.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))  # shared fuzz helpers

from fuzz_helpers import (  # needs the path above
    ALL_SECRETS,
    BASIC_PASSWORD,
    HEADER_SECRET,
    SECRET,
    CliRun,
    invoke,
    serving,
    validate_report,
)

MEMORY_LIMIT = 512 * 1024 * 1024  # address space, not RSS: the interpreter alone takes ~150 MB
WALL_LIMIT = 90
FORMATS = ("json", "junit", "markdown", "text")
CREDENTIALS = ["--bearer-env", "FUZZ_TOKEN", "-H", f"X-Api-Key: {HEADER_SECRET}",
               "--auth", f"demo:{BASIC_PASSWORD}"]  # fmt: skip


#: The fuzz run, the replay of its report, and the off-host server (with its visitor count).
Hostile = tuple[CliRun, CliRun, object]


def _texts(run: CliRun) -> list[str]:
    return [run.stdout, run.stderr, *run.outputs.values()]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _start(args: list[str], out: Path) -> tuple[subprocess.Popen[str], dict[str, Path]]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {fmt: out / f"report.{fmt}" for fmt in FORMATS}
    command = [sys.executable, "-m", "treaty", *args]
    command += [arg for fmt, path in paths.items() for arg in ("--output", f"{fmt}={path}")]
    env = {**os.environ, "FUZZ_TOKEN": SECRET}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        preexec_fn=_limits,  # runs in the child before exec: the limit is treaty's alone
    )  # fmt: skip
    return process, paths


def _finish(process: subprocess.Popen[str], paths: dict[str, Path]) -> CliRun:
    stdout, stderr = process.communicate(timeout=WALL_LIMIT)  # raises if the limit passes
    outputs = {fmt: path.read_text() for fmt, path in paths.items() if path.exists()}
    report = json.loads(outputs["json"]) if "json" in outputs else {}
    return CliRun(process.returncode, stdout, stderr, outputs, report)


def treaty(args: list[str], out: Path) -> CliRun:
    """Run treaty in a subprocess under the time and memory limits."""
    process, paths = _start(args, out)
    return _finish(process, paths)


def _failures(run: CliRun) -> dict[tuple[str, str], dict[str, object]]:
    failures = run.report["failures"]
    assert isinstance(failures, list)
    return {(f["operation"], f["check"]): f for f in failures}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    """One fuzz run (and a replay of its report) against the hostile API, with every credential.

    ``/redirect`` points at another host and port: a second server that counts its visitors.
    """
    import hostile_apps

    tmp = tmp_path_factory.mktemp("hostile")
    spec = tmp / "hostile.json"
    spec.write_text(json.dumps(hostile_apps.DOCUMENT))
    elsewhere = hostile_apps.CountingApp()
    with serving(elsewhere) as other:
        off_host = other.replace("127.0.0.1", "localhost") + f"/landing?token={SECRET}"
        with serving(hostile_apps.hostile_app(off_host)) as url:
            common = ["--url", url, "--timeout", "0.5", *CREDENTIALS]
            run = treaty(["fuzz", str(spec), "--seed", "1", "--max-examples", "5", *common],
                         tmp / "fuzz")  # fmt: skip
            replayed = treaty(["fuzz", "--replay", str(tmp / "fuzz" / "report.json"), *common],
                              tmp / "replay")  # fmt: skip
    yield run, replayed, elsewhere


def test_a_hostile_target_is_reported_within_bounds(hostile: Hostile) -> None:
    run, _, _ = hostile
    assert run.exit_code == 1, run.stderr
    validate_report(run.report)
    assert set(run.outputs) == set(FORMATS)


def test_a_hang_is_reported_as_could_not_judge_with_its_request(hostile: Hostile) -> None:
    run = hostile[0]
    assert ("GET /hang", "request_timeout") not in _failures(run)  # no --max-response-time
    unjudged = run.report["unjudged"]
    assert isinstance(unjudged, list)
    (hang,) = (item for item in unjudged if item["operation"] == "GET /hang")
    assert hang["response"] is None
    assert hang["request"]["url"].endswith("/hang")
    assert "/hang" in str(hang["curl"])
    assert hang["occurrences"] == 1  # one request waited for; the operation was not called again


def test_a_10_mb_body_is_not_read_and_its_excerpt_is_truncated(
    hostile: Hostile,
) -> None:
    failure = _failures(hostile[0])["GET /big", "response_too_large"]
    response = failure["response"]
    assert isinstance(response, dict)
    assert response["status"] == 200
    assert len(response["body"]) <= 2001
    assert response["body"].endswith("…")


def test_invalid_json_under_a_json_content_type_is_a_failure(
    hostile: Hostile,
) -> None:
    failure = _failures(hostile[0])["GET /bad-json", "response_schema_conformance"]
    assert "JSON" in str(failure["title"])


def test_a_redirect_off_the_target_host_is_reported_and_not_followed(
    hostile: Hostile,
) -> None:
    run, _, elsewhere = hostile
    failure = _failures(run)["GET /redirect", "status_code_conformance"]
    response = failure["response"]
    assert isinstance(response, dict)
    assert response["status"] == 302
    assert "localhost" in response["headers"]["location"]
    assert elsewhere.total == 0  # type: ignore[attr-defined]  # neither the run nor its replay


def test_credentials_never_reach_any_output_or_replay(hostile: Hostile) -> None:
    run, replayed, _ = hostile
    assert replayed.exit_code == 1, replayed.stderr
    validate_report(replayed.report)
    echo = _failures(run)["GET /echo", "response_schema_conformance"]
    assert "[redacted]" in str(echo["response"])  # the server echoed them; the report did not
    for text in [*_texts(run), *_texts(replayed)]:
        for secret in ALL_SECRETS:
            assert secret not in text


def test_connection_resets_are_a_failure_of_their_operation(tmp_path: Path) -> None:
    import hostile_apps

    spec = tmp_path / "resets.json"
    spec.write_text(json.dumps(hostile_apps.RESET_DOCUMENT))
    server = hostile_apps.ResetServer().start()
    try:
        run = invoke(["fuzz", str(spec), "--url", server.url, "--seed", "1",
                      "--max-examples", "3"], tmp_path)  # fmt: skip
    finally:
        server.stop()
    assert run.exit_code == 1, run.stderr
    checks = {(f["operation"], f["check"]) for f in run.report["failures"]}  # type: ignore[union-attr]
    assert ("GET /reset", "network_error") in checks
    assert server.resets >= 1
    validate_report(run.report)


def test_ctrl_c_leaves_complete_reports_of_what_ran(tmp_path: Path) -> None:
    import hostile_apps

    spec = tmp_path / "slow.json"
    spec.write_text(json.dumps(hostile_apps.SIMPLE_DOCUMENT))
    slow = hostile_apps.CountingApp(delay=0.2)
    with serving(slow) as url:
        args = ["fuzz", str(spec), "--url", url, "--seed", "1", "--checks", "not_a_server_error"]
        process, paths = _start([*args, *CREDENTIALS], tmp_path)
        deadline = time.monotonic() + 60
        while slow.total < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be interrupted"
        interrupted_at = time.monotonic()
        process.send_signal(signal.SIGINT)
        run = _finish(process, paths)
    assert run.exit_code == 130, run.stderr
    assert time.monotonic() - interrupted_at < 10
    validate_report(run.report)
    summary = run.report["summary"]
    assert isinstance(summary, dict)
    assert summary["interrupted"] is True
    assert summary["stop_reason"] == "interrupted"
    assert 8 <= summary["requests"] <= slow.total + 1  # the NUL-byte probe never reaches the app
    operations = run.report["operations"]
    assert isinstance(operations, list)
    assert sum(op["requests"] for op in operations) >= 1
    assert set(run.outputs) == set(FORMATS)
    assert "interrupted" in run.outputs["text"]
    for text in _texts(run):
        for secret in ALL_SECRETS:
            assert secret not in text


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CliRun, float]]:
    """One fuzz run, in a subprocess, against a raw-socket server that breaks HTTP itself."""
    import hostile_apps

    tmp = tmp_path_factory.mktemp("wire")
    spec = tmp / "wire.json"
    spec.write_text(json.dumps(hostile_apps.WIRE_DOCUMENT))
    server = hostile_apps.WireServer(drip=0.3).start()
    try:
        started = time.monotonic()
        run = treaty(["fuzz", str(spec), "--url", server.url, "--seed", "1",
                      "--max-examples", "3", "--timeout", "2", "-q"], tmp)  # fmt: skip
        yield run, time.monotonic() - started
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("operation", "check", "title"),
    [
        ("GET /slowloris", "request_timeout", "Request timed out"),
        ("GET /slow-headers", "request_timeout", "Request timed out"),
        ("GET /short", "network_error", "Connection failed"),
        ("GET /deep", "response_too_deep", "Response JSON nested too deep"),
        ("GET /bad-status", "network_error", "Connection failed"),
        ("GET /loop", "network_error", "Redirect loop"),
    ],
)
def test_each_broken_answer_is_a_failure_of_its_operation_with_its_request(
    wire: tuple[CliRun, float], operation: str, check: str, title: str
) -> None:
    run, _ = wire
    listed = run.report["unjudged" if check == "request_timeout" else "failures"]
    assert isinstance(listed, list)
    [failure] = [f for f in listed if f["operation"] == operation]
    assert (failure["check"], failure["title"]) == (check, title)
    path = operation.partition(" ")[2]
    assert failure["request"]["url"].endswith(path) and path in failure["curl"]


def test_a_broken_wire_never_crashes_treaty_and_every_report_is_written(
    wire: tuple[CliRun, float],
) -> None:
    run, _ = wire
    assert run.exit_code == 1, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert set(run.outputs) == set(FORMATS)
    validate_report(run.report)
    assert not run.report["errors"]
    assert not any(f["operation"] == "GET /fine" for f in run.report["failures"])  # type: ignore[union-attr]


def test_a_status_http_does_not_define_is_undocumented_not_a_server_error(
    wire: tuple[CliRun, float],
) -> None:
    """schemathesis calls every code of 500 or more a server error (and valid data refused);
    667 is neither, only undocumented."""
    run, _ = wire
    checks = {f["check"] for f in run.report["failures"] if f["operation"] == "GET /weird"}  # type: ignore[union-attr]
    assert "status_code_conformance" in checks
    assert not checks & {"not_a_server_error", "positive_data_acceptance"}


def test_timeout_bounds_a_body_that_trickles_in(wire: tuple[CliRun, float]) -> None:
    """/slowloris sends its 1000-byte body a byte every 0.3 s: a read timeout alone would
    wait 300 s for it; the whole request is cut at --timeout (2 s), and not sent again."""
    run, elapsed = wire
    [slow] = [f for f in run.report["unjudged"] if f["operation"] == "GET /slowloris"]  # type: ignore[union-attr]
    assert "2s" in slow["message"]
    assert elapsed < WALL_LIMIT / 2  # and in fact well under a minute on a quiet machine


def test_timeout_bounds_headers_that_trickle_in(wire: tuple[CliRun, float]) -> None:
    """/slow-headers sends its status line, then one header a byte every 0.3 s: each read
    gets a byte in time, so a read timeout alone would wait 300 s; the whole request,
    headers included, is cut at --timeout (2 s), reported once, and not sent again."""
    run, elapsed = wire
    [slow] = [f for f in run.report["unjudged"] if f["operation"] == "GET /slow-headers"]  # type: ignore[union-attr]
    assert "2s" in slow["message"]
    assert slow["request"]["url"].endswith("/slow-headers")
    assert "/slow-headers" in slow["curl"]
    assert not [f for f in run.report["failures"] if f["operation"] == "GET /slow-headers"]  # type: ignore[union-attr]
    assert elapsed < WALL_LIMIT / 2


def test_max_time_bounds_the_whole_run(tmp_path: Path) -> None:
    """Every answer takes 1 s; --max-time 3 ends the run with what it has, reports written."""
    import hostile_apps

    spec = tmp_path / "simple.json"
    spec.write_text(json.dumps(hostile_apps.SIMPLE_DOCUMENT))
    slow = hostile_apps.CountingApp(delay=1.0)
    with serving(slow) as url:
        started = time.monotonic()
        run = treaty(["fuzz", str(spec), "--url", url, "--seed", "1", "--max-time", "3",
                      "--timeout", "2", "--checks", "not_a_server_error", "-q"],
                     tmp_path)  # fmt: skip
        elapsed = time.monotonic() - started
    assert run.exit_code == 0, run.stderr
    assert run.report["summary"]["stop_reason"] == "max_time"  # type: ignore[index]
    assert set(run.outputs) == set(FORMATS)
    validate_report(run.report)
    # --max-time + --timeout + interpreter start-up and report writing, with room for a busy CI
    assert elapsed < 3 + 2 + 15
    assert run.report["summary"]["requests"] <= slow.total + 1  # type: ignore[index]


def test_reports_are_written_when_treaty_itself_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in treaty after the engine ran (simulated in the volume step: a real one cannot
    be provoked on purpose) still writes every report, says so, and never exits 0 or 1."""
    import hostile_apps

    import treaty.fuzz.volume

    def broken(*args: object) -> None:
        raise RuntimeError("volume step broke")

    monkeypatch.setattr(treaty.fuzz.volume, "build_up", broken)
    spec = tmp_path / "simple.json"
    spec.write_text(json.dumps(hostile_apps.SIMPLE_DOCUMENT))
    with serving(hostile_apps.CountingApp()) as url:
        run = invoke(["fuzz", str(spec), "--url", url, "--seed", "1", "--max-examples", "2",
                      "--checks", "not_a_server_error", "-q"], tmp_path)  # fmt: skip
    assert run.exit_code == 3, run.stdout
    assert set(run.outputs) == set(FORMATS)
    validate_report(run.report)
    assert run.report["summary"]["stop_reason"] == "internal_error"  # type: ignore[index]
    assert run.report["errors"] == ["internal error: RuntimeError: volume step broke"]
    assert "error: internal error: RuntimeError: volume step broke" in run.stdout


def test_the_wire_in_process_too(tmp_path: Path) -> None:
    """The same hostile wire, in this process (where coverage and a debugger see the guard)."""
    import hostile_apps

    spec = tmp_path / "wire.json"
    spec.write_text(json.dumps(hostile_apps.WIRE_DOCUMENT))
    server = hostile_apps.WireServer(drip=0.3).start()
    try:
        run = invoke(["fuzz", str(spec), "--url", server.url, "--seed", "2", "--max-examples",
                      "2", "--timeout", "1.5", "--exclude-path", "/weird", "-q"],
                     tmp_path)  # fmt: skip
    finally:
        server.stop()
    assert run.exit_code == 1, run.stdout
    found = {(f["operation"], f["check"]) for f in run.report["failures"]}  # type: ignore[union-attr]
    assert {("GET /deep", "response_too_deep"), ("GET /loop", "network_error"),
            ("GET /short", "network_error")} <= found  # fmt: skip
    unjudged = [f["operation"] for f in run.report["unjudged"]]  # type: ignore[union-attr]
    assert unjudged == ["GET /slow-headers", "GET /slowloris"]
    validate_report(run.report)


def test_json_depth_ignores_brackets_in_strings() -> None:
    from treaty.fuzz.guard import json_depth

    assert json_depth(b'{"a": [1, {"b": "[[[{{{"}]}') == 3
    assert json_depth(b'"\\"[[["') == 0
    assert json_depth(b"[]") == 1 and json_depth(b"") == 0
