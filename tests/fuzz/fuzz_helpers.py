"""Fuzz fixtures: the demo API under a real uvicorn on 127.0.0.1, and one shared fuzz run."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "fixtures" / "specs" / "demo-api.yaml"
REPORT_SCHEMA = REPO / "fixtures" / "schemas" / "treaty-fuzz-report.schema.json"
APPS = REPO / "fixtures" / "apps"
SECRET = "s3cr3t-Bearer-Tok3n-42"
HEADER_SECRET = "hdr-Secr3t-value-77"
BASIC_PASSWORD = "basic-Passw0rd-99"
ALL_SECRETS = (SECRET, HEADER_SECRET, BASIC_PASSWORD)

#: The seeded violations of fixtures/apps/demo_api.py, as (operation, check).
SEEDED = {
    ("GET /users/{userId}", "not_a_server_error"),
    ("GET /users/{userId}", "response_schema_conformance"),
    ("GET /orders/{orderId}", "status_code_conformance"),
    ("GET /legacy/export", "content_type_conformance"),
    ("POST /signup", "negative_data_rejection"),
    ("GET /admin/stats", "ignored_auth"),
    ("DELETE /items/{itemId}", "use_after_free"),
    ("GET /items", "response_schema_conformance"),
}
CORRECT = {"GET /health", "POST /items", "GET /me"}

if str(APPS) not in sys.path:
    sys.path.insert(0, str(APPS))


def serve_app(app: object) -> tuple[str, object, threading.Thread]:
    import uvicorn

    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only then (else each POST waits ~40 ms)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="error", lifespan="off", timeout_graceful_shutdown=1)  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    return f"http://127.0.0.1:{port}", server, thread


def stop(server: object, thread: threading.Thread) -> None:
    server.should_exit = True  # type: ignore[attr-defined]
    thread.join(timeout=10)


@contextmanager
def serving(app: object) -> Iterator[str]:
    """Serve ``app`` for the block; yields its base URL."""
    url, server, thread = serve_app(app)
    try:
        yield url
    finally:
        stop(server, thread)


def validate_report(report: object) -> None:
    """Assert that ``report`` matches the checked-in JSON Schema of fuzz reports."""
    import jsonschema

    schema = json.loads(REPORT_SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(report)


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    """A fresh demo API (fresh state) for each test module."""
    import demo_api

    with serving(demo_api.create_app(token=SECRET)) as url:
        yield url


@dataclass(frozen=True)
class CliRun:
    exit_code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    report: dict[str, object]


def invoke(args: list[str], tmp: Path, env: dict[str, str] | None = None) -> CliRun:
    """Run ``treaty`` with json/junit/markdown/text outputs under ``tmp``."""
    from treaty.cli import cli

    paths = {fmt: tmp / f"report.{fmt}" for fmt in ("json", "junit", "markdown", "text")}
    outputs = [arg for fmt, path in paths.items() for arg in ("--output", f"{fmt}={path}")]
    result = CliRunner().invoke(cli, [*args, *outputs], env=env, catch_exceptions=False)
    texts = {fmt: path.read_text() for fmt, path in paths.items() if path.exists()}
    report = json.loads(texts["json"]) if "json" in texts else {}
    return CliRun(result.exit_code, result.stdout, result.stderr, texts, report)


def found(run: CliRun) -> set[tuple[str, str]]:
    failures = run.report["failures"]
    assert isinstance(failures, list)
    return {(f["operation"], f["check"]) for f in failures}


@pytest.fixture(scope="module")
def fuzz_run(demo_url: str, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    """One full fuzz of the demo API over HTTP, with every kind of credential."""
    tmp = tmp_path_factory.mktemp("fuzz")
    args = ["fuzz", str(SPEC), "--url", demo_url, "--seed", "7", "--max-examples", "15",
            "--workers", "2", "--bearer-env", "DEMO_TOKEN", "-H", f"X-Api-Key: {HEADER_SECRET}",
            "--auth", f"demo:{BASIC_PASSWORD}"]  # fmt: skip
    return invoke(args, tmp, env={"DEMO_TOKEN": SECRET})
