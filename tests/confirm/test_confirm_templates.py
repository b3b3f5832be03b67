"""The post-deploy templates (ci/treaty-confirm.*), run the way their runners would.

A real temporary git repository holds BASE on main and REVISION on a merge-request branch; the
"review app" is the new bookshop under uvicorn. The GitLab job's script lines run in bash with
the merge-request variables GitLab sets; the GitHub workflow's step runs with the environment a
`deployment_status` event gives. The `pip install` lines are the registry's job and are skipped:
treaty is already installed in this interpreter's environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from confirm_helpers import BASE, REPO, REVISION, shop
from fuzz_helpers import serving

BIN = str(Path(sys.executable).parent)


def _repository(git_repo: Callable[[str], Any]) -> tuple[Path, str]:
    """A service repository: BASE released on main, REVISION on the merge-request branch."""
    repo = git_repo("service")
    base = str(repo.commit({"openapi.yaml": Path(BASE).read_text()}, "release 1"))
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit({"openapi.yaml": Path(REVISION).read_text()}, "version 2")
    return Path(repo.path), base


def _run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


def test_the_gitlab_job_fails_a_review_app_that_breaks_old_clients(
    git_repo: Callable[[str], Any],
) -> None:
    job = yaml.safe_load((REPO / "ci" / "treaty-confirm.gitlab-ci.yml").read_text())
    job = job["treaty-confirm"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    lines = [line for line in job["script"] if not line.startswith("pip install")]
    path, base = _repository(git_repo)
    with serving(shop.create_app(2)) as new, serving(shop.create_app(1)) as old:
        env = {str(k): str(v) for k, v in job["variables"].items()}
        env["CI_MERGE_REQUEST_DIFF_BASE_SHA"], env["CI_ENVIRONMENT_URL"] = base, new
        env["TREATY_OLD_URL"], env["TREATY_CONFIRM_ARGS"] = old, "--seed 3 --max-examples 5"
        done = _run("\n".join(lines), path, env)
    assert done.returncode == 1, done.stderr
    reports = path / "treaty-reports"
    assert {p.name for p in reports.iterdir()} == {
        "confirm-junit.xml", "confirm.md", "confirm.json", "confirm.html"
    }  # fmt: skip
    assert job["artifacts"]["reports"]["junit"] == "treaty-reports/confirm-junit.xml"
    report = json.loads((reports / "confirm.json").read_text())
    assert report["base"] == f"{base}:openapi.yaml"
    assert report["summary"]["confirmed"] >= 1
    assert report["differential"]["old_target"] == old
    assert (reports / "confirm.md").read_text().startswith("## treaty confirm ❌")


def test_the_gitlab_job_passes_a_review_app_that_keeps_the_contract(
    git_repo: Callable[[str], Any],
) -> None:
    job = yaml.safe_load((REPO / "ci" / "treaty-confirm.gitlab-ci.yml").read_text())
    lines = [line for line in job["treaty-confirm"]["script"] if not line.startswith("pip")]
    path, base = _repository(git_repo)
    with serving(shop.create_app(1)) as released:  # the spec changed, the server did not
        env = {"TREATY_SPEC": "openapi.yaml", "TREATY_URL": released, "TREATY_OLD_URL": "",
               "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_ENVIRONMENT_URL": "",
               "TREATY_CONFIRM_ARGS": "--seed 3 --max-examples 5 --no-config"}  # fmt: skip
        done = _run("\n".join(lines), path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads((path / "treaty-reports" / "confirm.json").read_text())["failing"] == []


def test_the_github_workflow_step_runs_on_a_successful_deployment(
    git_repo: Callable[[str], Any], tmp_path: Path
) -> None:
    workflow = yaml.safe_load((REPO / "ci" / "treaty-confirm.github.yml").read_text())
    assert workflow[True] == "deployment_status"  # YAML 1.1 reads the `on` key as True
    job = workflow["jobs"]["confirm"]
    assert job["if"] == "github.event.deployment_status.state == 'success'"
    step = next(s for s in job["steps"] if s.get("name") == "treaty confirm")
    path, _ = _repository(git_repo)
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "main"], cwd=path, check=True)
    summary = tmp_path / "summary.md"
    with serving(shop.create_app(2)) as new:
        env = {"TREATY_SPEC": "openapi.yaml", "TREATY_URL": new, "TREATY_OLD_URL": "",
               "TREATY_BASE": "origin/main", "GITHUB_STEP_SUMMARY": str(summary)}  # fmt: skip
        done = _run(step["run"] + " --seed 3 --max-examples 5", path, env)
        summary_step = next(s for s in job["steps"] if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
        _run(summary_step["run"], path, env)
    assert done.returncode == 1, done.stderr
    assert summary.read_text().startswith("## treaty confirm ❌")
    assert {p.name for p in (path / "treaty-reports").iterdir()} >= {"confirm.md", "confirm.json"}
