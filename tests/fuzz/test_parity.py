"""Issue #5's "done when": `treaty fuzz` with default settings finds at least what a plain
`schemathesis run --checks all` finds, every seeded violation, nothing on the correct
operations, and says how to reproduce each failure.

Both tools run as child processes with the same seed and example budget, each against a fresh
server (fresh state) and from an empty working directory (an empty Hypothesis example
database, and no demo app module in the fuzzer's process for Hypothesis to mine constants
from). Two demo APIs of different shapes: fixtures/apps/demo_api.py (FastAPI, OpenAPI 3.0)
and fixtures/apps/shop_api.py (Starlette, OpenAPI 3.1, links through paths and bodies).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from fuzz_helpers import CORRECT, REPO, SECRET, SEEDED

MAX_EXAMPLES = "10"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@dataclass(frozen=True)
class Api:
    name: str
    spec: Path
    module: str
    seeded: frozenset[tuple[str, str]]
    correct: frozenset[str]

    def app(self) -> object:
        module = __import__(self.module)
        if self.module == "demo_api":
            return module.create_app(token=SECRET)
        return module.create_app()


APIS = [
    Api("demo", REPO / "fixtures/specs/demo-api.yaml", "demo_api",
        frozenset(SEEDED), frozenset(CORRECT)),
    Api("shop", REPO / "fixtures/apps/shop_api.yaml", "shop_api",
        frozenset({
            ("GET /products", "not_a_server_error"),
            ("GET /shipping/quote", "response_schema_conformance"),
            ("POST /carts", "negative_data_rejection"),
            ("GET /carts/{cartId}", "content_type_conformance"),
            ("POST /carts/{cartId}/items", "status_code_conformance"),
            ("POST /orders", "ensure_resource_availability"),
            ("GET /orders", "missing_required_header"),
        }),
        frozenset({"GET /products/{productId}", "DELETE /carts/{cartId}",
                   "GET /orders/{orderId}"})),
]  # fmt: skip


def run_tool(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def schemathesis_pairs(ndjson: Path) -> set[tuple[str, str]]:
    """Every (operation, check) that failed in a schemathesis NDJSON event stream."""
    pairs = set()
    for line in ndjson.read_text().splitlines():
        finished = json.loads(line).get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        for case_id, checks in recorder.get("checks", {}).items():
            for check in checks:
                if check["status"] != "failure":
                    continue
                failure = check["failure_info"]["failure"]
                operation = failure.get("operation")
                if not operation:
                    case = recorder["cases"][failure.get("case_id") or case_id]["value"]
                    operation = f"{case['method']} {case['path']}"
                pairs.add((operation, check["name"]))
    return pairs


def test_schemathesis_pairs_reads_check_failures(tmp_path: Path) -> None:
    event = {"ScenarioFinished": {"recorder": {
        "cases": {"a": {"value": {"method": "GET", "path": "/x"}}},
        "checks": {"a": [
            {"name": "not_a_server_error", "status": "success"},
            {"name": "use_after_free", "status": "failure",
             "failure_info": {"failure": {"operation": "DELETE /x", "case_id": None}}},
            {"name": "status_code_conformance", "status": "failure",
             "failure_info": {"failure": {"operation": "", "case_id": None}}},
        ]},
    }}}  # fmt: skip
    stream = tmp_path / "events.ndjson"
    stream.write_text(json.dumps({"Initialize": {}}) + "\n" + json.dumps(event) + "\n")
    assert schemathesis_pairs(stream) == {
        ("DELETE /x", "use_after_free"),
        ("GET /x", "status_code_conformance"),
    }


# Every API at the default seed, and the shop API at seed 42 too: there plain schemathesis finds
# addCartItem's undocumented 400 in its fuzzing phase, which treaty (continue-on-failure on) missed
# while its seeded runs still shared a Hypothesis example database (./.hypothesis) between an
# operation's phases. ~11 s per case.
# The seed-42 case checks parity only: with 10 examples a seed decides whether the stateful
# phase chains createCart -> addCartItem -> createOrder -> getOrder, so "every seeded violation"
# is asserted at the default seed, where both demo APIs are measured.
CASES = [
    *(pytest.param(api, "7", True, id=f"{api.name}-7") for api in APIS),
    pytest.param(APIS[1], "42", False, id="shop-42"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("api", "seed", "every_seeded"), CASES)
def test_treaty_finds_what_schemathesis_finds(
    api: Api, seed: str, every_seeded: bool, tmp_path: Path, serve: Callable[[object], str]
) -> None:
    plain, ours = tmp_path / "schemathesis", tmp_path / "treaty"
    plain.mkdir()
    ours.mkdir()
    url = serve(api.app())  # each tool gets a fresh server, so a fresh state
    ran = run_tool(
        [str(SCHEMATHESIS), "run", str(api.spec), "--url", url, "--checks", "all",
         "--seed", seed, "--max-examples", MAX_EXAMPLES, "--report", "ndjson",
         "--report-ndjson-path", str(plain / "events.ndjson")],
        plain,
    )  # fmt: skip
    assert ran.returncode == 1, ran.stdout[-2000:] + ran.stderr[-2000:]
    baseline = schemathesis_pairs(plain / "events.ndjson")

    url = serve(api.app())
    ran = run_tool(
        [sys.executable, "-m", "treaty", "fuzz", str(api.spec), "--url", url,
         "--seed", seed, "--max-examples", MAX_EXAMPLES,
         "--output", f"json={ours / 'report.json'}"],
        ours,
    )  # fmt: skip
    assert ran.returncode == 1, ran.stdout[-2000:] + ran.stderr[-2000:]
    failures = json.loads((ours / "report.json").read_text())["failures"]
    found = {(f["operation"], f["check"]) for f in failures}

    assert baseline, "schemathesis found nothing: the NDJSON parsing is broken"
    assert baseline <= found, f"only schemathesis found: {sorted(baseline - found)}"
    if every_seeded:
        assert api.seeded <= found, f"seeded but not found: {sorted(api.seeded - found)}"
    false_alarms = sorted(pair for pair in found if pair[0] in api.correct)
    assert not false_alarms, f"failures on correct operations: {false_alarms}"
    for failure in failures:
        where = f"{failure['operation']} {failure['check']}"
        request = failure["request"]
        assert request["method"] and request["url"].startswith(url), where
        assert failure["curl"].startswith("curl "), where
        assert request["url"].split("?")[0] in failure["curl"], where
        if failure["check"] in {"use_after_free", "ensure_resource_availability"}:
            # the request alone cannot reproduce it: the creating (and deleting) steps come too
            assert failure["sequence"], where
            assert failure["curl"].count("curl ") == len(failure["sequence"]) + 1, where
