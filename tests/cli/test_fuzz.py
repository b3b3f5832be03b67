"""`treaty fuzz` / `treaty smoke` wiring: exit codes and options."""

from __future__ import annotations

import sys
from pathlib import Path

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
