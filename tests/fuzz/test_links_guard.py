"""Link expressions for replay, and the run guard: exact request budget, body cap, restore."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import requests
from fuzz_helpers import invoke, serving
from urllib3.connection import HTTPConnection

from treaty.fuzz.guard import BudgetSpent, Guard, installed
from treaty.fuzz.links import UNRESOLVED, Exchange, evaluate

EXCHANGE = Exchange(
    status=201,
    path={"itemId": 4},
    query={"limit": 10},
    headers={"X-Trace": "t-1"},
    body={"name": "widget"},
    response_headers={"Location": "/items/9"},
    response_body={"id": 9, "items": [{"id": 1}, {"id": 2}]},
)


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("$response.body#/id", 9),
        ("$response.body#/items/1/id", 2),
        ("$response.header.location", "/items/9"),
        ("$request.path.itemId", 4),
        ("$request.query.limit", 10),
        ("$request.header.x-trace", "t-1"),
        ("$request.body#/name", "widget"),
        ("$statusCode", 201),
        ("items/{$response.body#/id}/tags", "items/9/tags"),
        ("constant", "constant"),
    ],
)
def test_link_expressions_evaluate_against_an_exchange(expression: str, value: object) -> None:
    assert evaluate(expression, EXCHANGE) == value


def test_wildcards_keep_the_recorded_choice_when_it_is_still_offered() -> None:
    assert evaluate("$response.body#/items/*/id", EXCHANGE, recorded=2) == 2
    assert evaluate("$response.body#/items/*/id", EXCHANGE, recorded=7) == 1


@pytest.mark.parametrize(
    "expression",
    ["$response.body#/missing", "$response.query.x", "$url", "$request.path", "{$nope}",
     "$response.body#bad", "$response.body#/id/*"],
)  # fmt: skip
def test_what_cannot_be_evaluated_is_unresolved(expression: str) -> None:
    assert evaluate(expression, EXCHANGE) is UNRESOLVED


def test_the_guard_is_exact_and_restores_requests(tmp_path: Path) -> None:
    import hostile_apps

    app = hostile_apps.CountingApp()
    original = requests.Session.get_adapter
    reading = HTTPConnection.getresponse
    guard = Guard(max_requests=2)
    with serving(app) as url, installed(guard):
        requests.get(f"{url}/things")
        requests.get(f"{url}/things")
        with pytest.raises(BudgetSpent):
            requests.get(f"{url}/things")
        with pytest.raises(RuntimeError), installed(Guard()):
            pass  # one run at a time
    assert app.total == 2
    assert guard.stop_reason == "max_requests"
    assert requests.Session.get_adapter is original
    assert HTTPConnection.getresponse is reading


@pytest.mark.parametrize("path", ["/slow-headers", "/slow-status"])
def test_the_guard_cuts_headers_that_trickle_at_the_timeout(path: str) -> None:
    """A header (or the status line itself) a byte every 0.1 s: each read gets its byte in
    time, the whole request does not; it ends as a read timeout naming the deadline."""
    import hostile_apps

    server = hostile_apps.WireServer(drip=0.1).start()
    try:
        with installed(Guard()), pytest.raises(requests.ReadTimeout, match=r"within 1s"):
            requests.get(f"{server.url}{path}", timeout=1)
    finally:
        server.stop()
    assert server.hits[path] == 1


def test_a_finished_request_leaves_its_kept_alive_connection_alone() -> None:
    """The deadline ends with the answer: the pooled connection is still good after it."""
    import hostile_apps

    app = hostile_apps.CountingApp()
    with serving(app) as url, installed(Guard()), requests.Session() as session:
        first = session.get(f"{url}/things", timeout=0.3)
        time.sleep(0.6)  # past the first request's deadline
        second = session.get(f"{url}/things", timeout=0.3)
    assert (first.status_code, second.status_code) == (200, 200)
    assert app.total == 2


def test_a_wsgi_app_counts_against_the_budget() -> None:
    guard = Guard(max_requests=1)
    app = guard.wrap_wsgi(lambda environ, start_response: [b""])
    app({}, lambda *args: None)
    with pytest.raises(BudgetSpent):
        app({}, lambda *args: None)


def test_max_requests_is_an_exact_bound_at_the_server(tmp_path: Path) -> None:
    import hostile_apps

    spec = tmp_path / "simple.json"
    spec.write_text(json.dumps(hostile_apps.SIMPLE_DOCUMENT))
    for budget, workers in ((5, "1"), (23, "4")):
        app = hostile_apps.CountingApp()
        with serving(app) as url:
            run = invoke(
                ["fuzz", str(spec), "--url", url, "--seed", "1", "--max-requests", str(budget),
                 "--workers", workers],
                tmp_path / str(budget),
            )  # fmt: skip
        assert run.exit_code in (0, 1), run.stderr
        # schemathesis's NUL-byte header probe is refused by uvicorn before the app sees it
        assert budget - 1 <= app.total <= budget
        assert run.report["summary"]["requests"] == budget  # type: ignore[index]
        assert run.report["summary"]["stop_reason"] == "max_requests"  # type: ignore[index]


async def _chunked(scope: dict[str, object], receive: object, send: object) -> None:
    """2 MiB in 64 KiB chunks, without a Content-Length."""
    start = {"type": "http.response.start", "status": 200, "headers": []}
    await send(start)  # type: ignore[operator]
    for _ in range(32):
        await send({"type": "http.response.body", "body": b"x" * 65536, "more_body": True})  # type: ignore[operator]
    await send({"type": "http.response.body", "body": b""})  # type: ignore[operator]


def test_a_streamed_body_over_the_cap_is_cut_off() -> None:
    from treaty.fuzz.guard import ResponseTooLarge

    with serving(_chunked) as url, installed(Guard(max_response_size=100_000)):
        with pytest.raises(ResponseTooLarge) as raised:
            requests.get(url)
        assert raised.value.head.startswith(b"xxxx")
        assert len(raised.value.head) == 4096
