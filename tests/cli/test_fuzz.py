"""`treaty fuzz` / `treaty smoke` wiring: exit codes and options."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from treaty.cli import cli

REPO = Path(__file__).resolve().parents[2]
SPEC = str(REPO / "fixtures" / "specs" / "demo-api.yaml")
sys.path.insert(0, str(REPO / "fixtures" / "apps"))


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_dry_run_lists_selected_operations_and_exits_zero() -> None:
    code, out, _ = run("fuzz", SPEC, "--url", "http://127.0.0.1:9", "--dry-run", "--read-only",
                       "--include-path", "/items*")  # fmt: skip
    assert code == 0
    assert out.splitlines() == ["GET /items", "GET /items/{itemId}"]


def test_dry_run_honours_gitlab_shards() -> None:
    env = {"CI_NODE_TOTAL": "2"}
    lists = [
        set(run("fuzz", SPEC, "--url", "http://x", "--dry-run", env={**env, "CI_NODE_INDEX": i})[1]
            .splitlines())
        for i in ("1", "2")
    ]  # fmt: skip
    assert not lists[0] & lists[1]
    assert len(lists[0] | lists[1]) == 11


def test_clean_operations_exit_zero() -> None:
    code, out, _ = run("fuzz", SPEC, "--app", "demo_api:app", "--include-path", "/health",
                       "--seed", "1", "--max-examples", "3")  # fmt: skip
    assert code == 0, out
    assert "OK: no contract failure" in out


def test_smoke_breaks_exit_one() -> None:
    code, out, _ = run("smoke", SPEC, "--app", "demo_api:app", "--operation-id", "exportLegacy")
    assert code == 1
    assert "content_type_conformance" in out


def test_unreachable_url_is_one_line_and_exit_two() -> None:
    code, _, err = run("fuzz", SPEC, "--url", "http://127.0.0.1:9", "--timeout", "2")
    assert code == 2
    assert err.count("\n") == 1
    assert "cannot reach the target" in err


def test_bad_inputs_exit_two() -> None:
    assert run("fuzz", SPEC)[0] == 2  # no target
    assert run("fuzz", SPEC, "--url", "http://x", "--shard", "5/2", "--dry-run")[0] == 2
    assert run("fuzz", SPEC, "--url", "http://x", "--bearer-env", "NOPE_UNSET_VAR")[0] == 2
    assert run("fuzz", SPEC, "--url", "http://x", "-H", "bad header")[0] == 2
    assert run("fuzz", SPEC, "--url", "http://x", "--output", "pdf=x.pdf")[0] == 2
    assert run("fuzz", SPEC, "--url", "http://x", "--rate-limit", "fast")[0] == 2
    assert run("fuzz", SPEC, "--app", "demo_api:nope")[0] == 2
    assert run("fuzz", SPEC, "--app", "demo_api:app", "--checks", "no_such_check")[0] == 2
    assert run("fuzz", "--url", "http://x")[0] == 2  # no SPEC


def test_budget_and_check_options_are_accepted() -> None:
    code, out, _ = run("fuzz", SPEC, "--app", "demo_api:app", "--operation-id", "getOrder",
                       "--checks", "status_code_conformance", "--max-requests", "5",
                       "--max-response-time", "5", "--rate-limit", "1000/s", "--max-time", "30",
                       "--seed", "2", "--workers", "1", "--insecure")  # fmt: skip
    assert code in (0, 1)
    assert "requests sent" in out


@pytest.mark.parametrize(
    ("filters", "problem"),
    [
        (["--operation-id", "getNope"], "--operation-id getNope matches no operation"),
        (["--tag", "misc,nope"], "--tag nope matches no operation"),
        (["--include-path", "/nothing*"], "--include-path /nothing* matches no operation"),
        (["--include-method", "patch"], "--include-method PATCH matches no operation"),
        (["--tag", "misc", "--include-method", "delete"],
         "--include-method and --tag together leave no operation"),
        (["--exclude-path", "/*"], "--exclude-path leaves no operation"),
        (["--changed-since", SPEC], "--changed-since: no operation was added or changed"),
    ],
)  # fmt: skip
def test_a_filter_that_matches_nothing_is_one_line_and_exit_two(
    filters: list[str], problem: str
) -> None:
    for extra in ([], ["--dry-run"]):  # a real run stops before sending anything
        code, out, err = run("fuzz", SPEC, "--url", "http://127.0.0.1:9", *filters, *extra)
        assert code == 2, err
        assert err.splitlines() == [f"treaty: {SPEC}: {problem}"]
        assert out == ""


def test_smoke_of_a_document_with_only_unsafe_methods_names_the_implied_filter(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "writes.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
        "paths: {/x: {post: {responses: {'200': {description: ok}}}}}\n"
    )
    code, _, err = run("smoke", str(spec), "--url", "http://127.0.0.1:9")
    assert code == 2
    assert "smoke without --all-methods) leaves no operation" in err


def test_dry_run_validates_checks() -> None:
    code, out, err = run("fuzz", SPEC, "--url", "http://x", "--dry-run", "--checks", "nope_check")
    assert code == 2
    assert "unknown check(s): nope_check" in err
    assert out == ""


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[::1/", "malformed IPv6 host"),
        ("http://user:hunter2@[::1/items", "malformed IPv6 host"),
        ("http://[fe80::zz]/", "malformed IPv6 host"),
        ("http://127.0.0.1:99999", "invalid port"),
        ("ftp://127.0.0.1/", "expected an http:// or https:// URL"),
        ("http:///items", "no host"),
    ],
)
@pytest.mark.parametrize("command", ["fuzz", "smoke"])
def test_a_malformed_url_is_one_line_and_exit_two(command: str, url: str, problem: str) -> None:
    code, out, err = run(command, SPEC, "--url", url)
    assert code == 2, out
    assert err.count("\n") == 1 and f"invalid --url: {problem}" in err
    assert "hunter2" not in err and "Traceback" not in err


@pytest.mark.parametrize("option", ["--timeout", "--max-time", "--max-response-time"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0"])
def test_a_duration_that_is_not_seconds_is_one_line_and_exit_two(option: str, value: str) -> None:
    code, out, err = run("fuzz", SPEC, "--url", "http://127.0.0.1:9", option, value)
    assert code == 2, out
    assert err.count("\n") == 1
    assert f"invalid {option}" in err and "seconds above 0" in err


def test_a_bracketed_ipv6_url_is_accepted() -> None:
    code, out, _ = run("fuzz", SPEC, "--url", "http://[::1]:9/", "--dry-run")
    assert code == 0 and "GET /health" in out
