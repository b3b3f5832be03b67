"""`treaty confirm`'s options against the bookshop: credentials, filters, budget, fail-on,
config, bad input. Real uvicorn servers on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from confirm_helpers import BASE, REVISION, Counting, confirm, shop
from fuzz_helpers import serving


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str, Counting, Counting]]:
    """v1 (released) and v2 (new), each request-counted."""
    old, new = Counting(shop.create_app(1)), Counting(shop.create_app(2))
    with serving(old) as old_url, serving(new) as new_url:
        yield old_url, new_url, old, new


def test_credentials_turn_not_exercised_into_confirmed(
    servers: tuple[str, str, Counting, Counting], tmp_path: Path
) -> None:
    _, new_url, _, _ = servers
    run = confirm(tmp_path, BASE, REVISION, "--url", new_url, "--include-path", "/admin/*",
                  "-H", f"X-Api-Key: {shop.API_KEY}", "--seed", "2", "--max-examples", "5",
                  "--no-config")  # fmt: skip
    found = run.verdict("response-property-required-removed", "GET /admin/audit")
    assert found["verdict"] == "confirmed"
    assert "checked_by" in found["reproductions"][0]["message"]
    assert shop.API_KEY not in run.outputs["json"], "credentials are redacted in reports"


def test_filters_and_read_only_say_why_a_finding_was_not_exercised(
    servers: tuple[str, str, Counting, Counting], tmp_path: Path
) -> None:
    _, new_url, _, _ = servers
    run = confirm(tmp_path, BASE, REVISION, "--url", new_url, "--read-only", "--seed", "2",
                  "--max-examples", "5", "--no-config")  # fmt: skip
    found = run.verdict("request-property-required-added", "POST /quotes")
    assert found["verdict"] == "not-exercised"
    assert "not selected" in found["reason"]
    assert all(op["operation"].startswith("GET ") for op in run.report["operations"])


def test_the_request_budget_holds_with_differential_resends(
    servers: tuple[str, str, Counting, Counting], tmp_path: Path
) -> None:
    old_url, new_url, old, new = servers
    before = old.requests + new.requests
    run = confirm(tmp_path, BASE, REVISION, "--url", new_url, "--old-url", old_url,
                  "--max-requests", "25", "--seed", "3", "--no-config")  # fmt: skip
    assert run.exit_code in (0, 1)
    assert 0 < old.requests + new.requests - before <= 25  # both deployments, one budget
    assert run.report["differential"]["compared"] > 0
    assert run.report["summary"]["stop_reason"] == "max_requests"


def test_an_old_deployment_compared_with_itself_shows_no_difference(tmp_path: Path) -> None:
    """Only volatile fields differ between identical calls: nothing may be reported."""
    with serving(shop.create_app(1)) as first, serving(shop.create_app(1)) as second:
        run = confirm(tmp_path, BASE, REVISION, "--url", first, "--old-url", second,
                      "--all-operations", "--seed", "5", "--max-examples", "10",
                      "--no-config")  # fmt: skip
    differential = run.report["differential"]
    assert differential["compared"] > 10
    assert differential["differences"] == []
    assert {v["verdict"] for v in run.report["findings"]} == {"not-observed", "not-exercised"}
    # user 2's crash happens on both: reported, marked pre-existing, and not a break
    assert run.report["undeclared"] and all(u["pre_existing"] for u in run.report["undeclared"])
    assert run.report["summary"]["undeclared"] == 0
    assert run.exit_code == 0


def test_fail_on_declared_fails_when_nothing_was_confirmed(tmp_path: Path) -> None:
    """The released server honours BASE: under the default policy that passes; under
    `declared` (from the command line, or `confirm-fail-on` in the config) it fails."""
    with serving(shop.create_app(1)) as url:
        common = ["--url", url, "--seed", "4", "--max-examples", "5"]
        passing = confirm(tmp_path, BASE, REVISION, *common, "--no-config")
        assert passing.exit_code == 0, passing.outputs["text"]
        assert passing.report["summary"]["confirmed"] == 0
        failing = confirm(tmp_path, BASE, REVISION, *common, "--no-config", "--fail-on", "declared")
        assert failing.exit_code == 1
        assert failing.report["failing"] == ["7 breaking change(s) declared"]
        config = tmp_path / "treaty.toml"
        config.write_text('confirm-fail-on = "declared"\n')
        configured = confirm(tmp_path, BASE, REVISION, *common, "--config", str(config))
        assert configured.exit_code == 1 and configured.report["fail_on"] == "declared"


def test_without_a_comparison_a_documented_404_is_not_observed_and_says_why(
    servers: tuple[str, str, Counting, Counting], tmp_path: Path
) -> None:
    _, new_url, _, _ = servers
    run = confirm(tmp_path, BASE, REVISION, "--url", new_url, "--include-path", "/gift-cards/*",
                  "--seed", "2", "--max-examples", "5", "--no-config")  # fmt: skip
    found = run.verdict("operation-removed", "GET /gift-cards/{code}")
    assert found["verdict"] == "not-observed"
    assert "which BASE documents" in found["reason"] and "--old-url" in found["reason"]


def test_no_breaking_change_sends_no_traffic(tmp_path: Path) -> None:
    with serving(shop.create_app(2)) as url:
        run = confirm(tmp_path, BASE, BASE, "--url", url, "--no-config")
    assert run.exit_code == 0
    assert run.report["findings"] == [] and run.report["operations"] == []
    assert "No breaking change in the static diff." in run.outputs["text"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([BASE], "give BASE (the released contract) and REVISION"),
        (
            [
                BASE,
                REVISION,
                "--url",
                "http://127.0.0.1:9",
                "--old-url",
                "http://127.0.0.1:9",
                "--old-app",
                "shop:v1",
            ],
            "give --old-url or --old-app, not both",
        ),
        ([BASE, REVISION], "give the target with --url BASE_URL or --app module:attr"),
        (
            [BASE, REVISION, "--url", "http://127.0.0.1:9", "--checks", "ignored_auth"],
            "check(s) not used by confirm: ignored_auth",
        ),
        ([BASE, REVISION, "--url", "http://127.0.0.1:9"], "cannot reach the target"),
        ([BASE, "missing.yaml", "--url", "http://127.0.0.1:9"], "missing.yaml"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    run = confirm(tmp_path, *args, "--no-config")
    assert run.exit_code == 2, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("treaty:")]
    assert len(lines) == 1 and message in lines[0], run.stderr
    assert "Traceback" not in run.stderr
    assert run.outputs == {}, "nothing is written when the run cannot start"


def test_a_wsgi_old_app_shares_the_request_budget(
    servers: tuple[str, str, Counting, Counting], tmp_path: Path
) -> None:
    import shop_wsgi

    _, new_url, _, new = servers
    before_new, before_old = new.requests, shop_wsgi.CALLS[0]
    run = confirm(tmp_path, BASE, REVISION, "--url", new_url, "--old-app", "shop_wsgi:app",
                  "--include-path", "/products", "--max-requests", "20", "--seed", "6",
                  "--no-config")  # fmt: skip
    sent = new.requests - before_new + shop_wsgi.CALLS[0] - before_old
    assert shop_wsgi.CALLS[0] > before_old, "the WSGI app was compared with"
    assert sent <= 20
    by_place = {(d["operation"], d["path"]) for d in run.report["differential"]["differences"]}
    assert ("GET /products", "/items/*/price") in by_place
    assert not {p for _, p in by_place} & {"/generated_at", "header:x-request-id"}
