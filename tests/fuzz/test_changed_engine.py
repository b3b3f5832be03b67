"""--changed-since against the real diff engine; the engine adapter against real schemathesis."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner
from fuzz_helpers import SPEC

from treaty.cli import cli
from treaty.fuzz.engine import execute
from treaty.fuzz.guard import installed
from treaty.fuzz.options import FuzzOptions
from treaty.fuzz.run import build_schema, new_guard
from treaty.redact import Redactor
from treaty.sources import load


def test_changed_since_selects_exactly_the_changed_operations(tmp_path: Path) -> None:
    root = yaml.safe_load(SPEC.read_text())
    root["paths"]["/orders/{orderId}"]["get"]["parameters"].append(
        {"name": "expand", "in": "query", "required": True, "schema": {"type": "string"}}
    )
    root["paths"]["/ping"] = {"get": {"responses": {"200": {"description": "pong"}}}}
    revision = tmp_path / "revision.yaml"
    revision.write_text(yaml.safe_dump(root))
    result = CliRunner().invoke(
        cli, ["fuzz", str(revision), "--url", "http://x", "--changed-since", str(SPEC), "--dry-run"]
    )
    assert result.exit_code == 0, result.stderr
    assert set(result.stdout.splitlines()) == {"GET /orders/{orderId}", "GET /ping"}


def test_engine_adapter_runs_the_real_schemathesis_engine(demo_url: str) -> None:
    options = FuzzOptions(
        base_url=demo_url, seed=1, max_examples=3, phases=("examples",), fill_missing=True
    )
    schema = build_schema(load(str(SPEC)), options, {"GET /legacy/export", "GET /health"})
    seen: list[str] = []
    outcome = execute(schema, Redactor(), progress=lambda label, n, f: seen.append(label))
    assert outcome.stop_reason == "completed"
    assert set(outcome.requests) <= {"GET /legacy/export", "GET /health"}
    assert [f.check for f in outcome.failures.values()] == ["content_type_conformance"]
    assert seen


def test_engine_stops_when_the_request_budget_is_spent(demo_url: str) -> None:
    options = FuzzOptions(
        base_url=demo_url, seed=1, max_examples=20, phases=("fuzzing",), max_requests=5
    )
    schema = build_schema(load(str(SPEC)), options, {"GET /health", "GET /me", "GET /items"})
    guard = new_guard(options)
    with installed(guard):
        outcome = execute(schema, Redactor(), guard=guard)
    assert outcome.stop_reason == "max_requests"
    assert not outcome.interrupted
    assert guard.sent == 5
    assert outcome.requests.total() <= 5
