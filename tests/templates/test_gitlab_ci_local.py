"""ci/treaty.gitlab-ci.yml run by gitlab-ci-local (shell executor) on a scratch repository.

The template is included unchanged; the pipeline is a merge-request pipeline
(`CI_PIPELINE_SOURCE`, `CI_MERGE_REQUEST_DIFF_BASE_SHA` as GitLab sets them) and the job's
`pip install` is pointed at the treaty this test runs (`TREATY_INSTALL=--no-index treaty`:
already installed, so nothing is fetched). The job runs `treaty check` of this environment.
gitlab-ci-local's shell executor copies the work tree with rsync, which .ci/run installs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "fixtures" / "demo"
V1 = (DEMO / "petstore-v1.yaml").read_text()
V2 = (DEMO / "petstore-v2.yaml").read_text()


def _pipeline(repo: Any, tools: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Run the repository's pipeline as a merge request into main."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CI_", "GITHUB_", "GIT_"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    base = repo.git("merge-base", "HEAD", "main").strip()
    command = [
        str(tools / ".bin" / "gitlab-ci-local"),
        "--force-shell-executor",
        "--home",
        str(home),
        "--ignore-predefined-vars",
        "CI_PIPELINE_SOURCE",
        "--variable",
        "CI_PIPELINE_SOURCE=merge_request_event",
        "--variable",
        f"CI_MERGE_REQUEST_DIFF_BASE_SHA={base}",
        "--variable",
        "TREATY_INSTALL=--no-index treaty",
    ]
    return subprocess.run(
        command, cwd=repo.path, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _artifacts(repo: Any) -> Path:
    return repo.path / ".gitlab-ci-local" / "artifacts" / "treaty" / "treaty-reports"


@pytest.fixture
def scratch(git_repo: Callable[[str], Any]) -> Any:
    """main: the v1 spec, the config and the template included as a project would."""
    repo = git_repo("gitlab-project")
    repo.commit(
        {
            "pyproject.toml": '[tool.treaty]\nspec = "api/openapi.yaml"\n',
            "api/openapi.yaml": V1,
            "ci/treaty.gitlab-ci.yml": (ROOT / "ci" / "treaty.gitlab-ci.yml").read_text(),
            ".gitlab-ci.yml": "include:\n  - local: ci/treaty.gitlab-ci.yml\n",
            ".gitignore": ".gitlab-ci-local/\n",
        },
        "v1",
    )
    repo.git("remote", "add", "origin", "git@gitlab.invalid:shop/pets.git")  # never contacted
    return repo


def test_a_breaking_merge_request_fails_with_junit_and_code_quality(
    scratch: Any, npm_tools: Path, tmp_path: Path
) -> None:
    scratch.git("switch", "-q", "-c", "breaking")
    scratch.commit({"api/openapi.yaml": V2}, "v2")
    result = _pipeline(scratch, npm_tools, tmp_path / "home")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL" in result.stdout and "treaty" in result.stdout
    reports = _artifacts(scratch)
    suites = ET.parse(reports / "junit.xml").getroot()
    failed = {
        case.get("name", "") for case in suites.iter("testcase") if case.find("failure") is not None
    }
    assert any("operation-removed" in name for name in failed), failed
    issues = json.loads((reports / "codequality.json").read_text())
    removed = next(issue for issue in issues if issue["check_name"] == "operation-removed")
    assert removed["location"]["path"] == "api/openapi.yaml"
    assert removed["location"]["lines"]["begin"] > 0
    assert {issue["severity"] for issue in issues} >= {"critical"}
    assert "operation-removed" in (reports / "treaty.md").read_text()


def test_a_clean_merge_request_passes(scratch: Any, npm_tools: Path, tmp_path: Path) -> None:
    scratch.git("switch", "-q", "-c", "docs")
    document = yaml.safe_load(V1)
    document["info"]["description"] = "Documented at last."
    scratch.commit({"api/openapi.yaml": yaml.safe_dump(document)}, "docs only")
    result = _pipeline(scratch, npm_tools, tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS" in result.stdout
    reports = _artifacts(scratch)
    assert json.loads((reports / "codequality.json").read_text()) == []
    suites = ET.parse(reports / "junit.xml").getroot()
    assert not [case for case in suites.iter("testcase") if case.find("failure") is not None]
