"""The pre-commit hooks of this checkout, run by a real `pre-commit` in a temporary repository.

`test_hooks_as_published` installs the hooks the way users do (`repo:` this checkout at its
HEAD commit, `language: python`: pre-commit builds a virtualenv and pip-installs treaty into
it, ~30 s). The other tests mirror `.pre-commit-hooks.yaml` as `repo: local` hooks with
`language: system` running this environment's `treaty`, so they take a few seconds and test
the current working tree.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
HOOKS = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
DEMO = REPO_ROOT / "fixtures" / "demo"
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
TREATY = Path(sys.executable).with_name("treaty")
CONFIG = '[tool.treaty]\nspec = "openapi.yaml"\n'

pytestmark = pytest.mark.skipif(
    not PRE_COMMIT.exists() or not TREATY.exists(), reason="pre-commit/treaty not installed"
)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CI_", "GITHUB_", "GIT_", "PRE_COMMIT"))
    }
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    return env


def _run(repo: Any, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=repo.path, env=env, capture_output=True, text=True, check=False
    )


def _out(result: subprocess.CompletedProcess[str]) -> str:
    """What a hook printed (`git commit` passes it on on stderr, `pre-commit run` on stdout)."""
    return result.stdout + result.stderr


def _local_config(*hook_ids: str) -> str:
    """`repo: local` copies of the published hooks, running this environment's treaty."""
    hooks = []
    for hook in HOOKS:
        if hook["id"] in hook_ids:
            entry = str(hook["entry"]).replace("treaty", str(TREATY), 1)
            hooks.append({**hook, "entry": entry, "language": "system"})
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


def test_the_manifest_offers_the_three_hooks() -> None:
    assert [hook["id"] for hook in HOOKS] == [
        "treaty-validate",
        "treaty-breaking",
        "treaty-snapshot",
        "treaty-code-first",
    ]
    assert all(hook["language"] == "python" for hook in HOOKS)
    assert all(hook["entry"].startswith("treaty ") for hook in HOOKS)
    result = subprocess.run(
        [str(PRE_COMMIT), "validate-manifest", str(REPO_ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_breaking_commit_fails_and_a_safe_one_passes(
    git_repo: Callable[[str], Any], tmp_path: Path
) -> None:
    repo = git_repo("newcomer")
    env = _env(tmp_path)
    files = {
        "pyproject.toml": CONFIG,
        "openapi.yaml": (DEMO / "petstore-v1.yaml").read_text(),
        ".pre-commit-config.yaml": _local_config("treaty-validate", "treaty-breaking"),
    }
    for name, text in files.items():
        (repo.path / name).write_text(text)
    assert _run(repo, env, str(PRE_COMMIT), "install").returncode == 0
    repo.git("add", "-A")
    first = _run(repo, env, "git", "commit", "-m", "first spec")  # no baseline yet: passes
    assert first.returncode == 0, first.stdout + first.stderr

    repo.git("switch", "-q", "-c", "feature")
    spec = yaml.safe_load((DEMO / "petstore-v1.yaml").read_text())
    spec["info"]["description"] = "Now documented."
    (repo.path / "openapi.yaml").write_text(yaml.safe_dump(spec))
    repo.git("add", "openapi.yaml")
    safe = _run(repo, env, "git", "commit", "-m", "docs only")
    assert safe.returncode == 0, safe.stdout + safe.stderr

    (repo.path / "openapi.yaml").write_text((DEMO / "petstore-v2.yaml").read_text())
    repo.git("add", "openapi.yaml")
    breaking = _run(repo, env, "git", "commit", "-m", "breaking")
    assert breaking.returncode == 1
    output = breaking.stdout + breaking.stderr
    assert "treaty breaking changes" in output and "Failed" in output
    assert "operation-removed" in output
    assert "DELETE /pets/{petId} removed without deprecation" in output
    assert repo.git("log", "--format=%s", "-1").strip() == "docs only"  # nothing committed


def test_the_snapshot_hook_regenerates_a_stale_snapshot(
    git_repo: Callable[[str], Any], tmp_path: Path
) -> None:
    repo = git_repo("app")
    env = _env(tmp_path)
    document = yaml.safe_load((DEMO / "petstore-v1.yaml").read_text())
    app = (
        "import json, pathlib\n\nclass App:\n    def openapi(self):\n"
        "        return json.loads((pathlib.Path(__file__).parent / 'doc.json').read_text())\n"
        "\napp = App()\n"
    )
    files = {
        "pyproject.toml": '[tool.treaty]\napp = "petapp:app"\nsnapshot = "openapi.json"\n',
        "petapp.py": app,
        "doc.json": json.dumps(document),
        ".pre-commit-config.yaml": _local_config("treaty-snapshot", "treaty-breaking"),
    }
    for name, text in files.items():
        (repo.path / name).write_text(text)
    repo.git("add", "-A")
    missing = _run(repo, env, str(PRE_COMMIT), "run", "--all-files")
    assert missing.returncode == 1
    assert "openapi.json: snapshot was stale and has been updated" in missing.stdout
    assert (repo.path / "openapi.json").exists()
    repo.git("add", "-A")
    assert _run(repo, env, str(PRE_COMMIT), "run", "--all-files").returncode == 0


FASTAPI_APP = """
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="Shop", version="1.0.0")


class Item(BaseModel):
    name: str
    price: float
{extra_model}

@app.get("/items/{{item_id}}")
def read_item(item_id: int) -> Item:
    return Item(name="pen", price=1.0)
{extra_route}
"""


def _shop(extra_route: str = "", extra_model: str = "") -> str:
    return FASTAPI_APP.format(extra_route=extra_route, extra_model=extra_model)


DELETE_ROUTE = """

@app.delete("/items/{item_id}")
def delete_item(item_id: int) -> None:
    return None
"""


def test_the_code_first_hook_checks_a_python_only_commit(
    git_repo: Callable[[str], Any], tmp_path: Path
) -> None:
    """A FastAPI app, its committed snapshot, and commits that change only the app's code."""
    repo = git_repo("code-first")
    env = _env(tmp_path)
    files = {
        "pyproject.toml": '[tool.treaty]\napp = "shop:app"\nsnapshot = "openapi.json"\n',
        "shop.py": _shop(extra_route=DELETE_ROUTE),
        ".pre-commit-config.yaml": _local_config("treaty-code-first"),
    }
    for name, text in files.items():
        (repo.path / name).write_text(text)
    assert _run(repo, env, str(PRE_COMMIT), "install").returncode == 0
    repo.git("add", "-A")
    first = _run(repo, env, "git", "commit", "-m", "the app, no snapshot yet")
    assert first.returncode == 1  # the hook wrote the snapshot: review and stage it
    assert "openapi.json: snapshot was stale and has been updated from shop:app" in _out(first)
    assert "/items/{item_id}" in json.loads((repo.path / "openapi.json").read_text())["paths"]
    repo.git("add", "openapi.json")
    staged = _run(repo, env, "git", "commit", "-m", "the app and its snapshot")
    assert staged.returncode == 0, staged.stdout + staged.stderr

    repo.git("switch", "-q", "-c", "feature")
    (repo.path / "shop.py").write_text(
        _shop(
            extra_route=DELETE_ROUTE + '\n\n@app.get("/health")\ndef health() -> str:\n'
            '    return "ok"\n'
        )
    )
    repo.git("add", "shop.py")
    safe = _run(repo, env, "git", "commit", "-m", "a new endpoint")
    assert safe.returncode == 1  # the snapshot changed: the hook rewrote it, stage it
    assert "snapshot was stale and has been updated" in _out(safe)
    assert "/health" in json.loads((repo.path / "openapi.json").read_text())["paths"]
    repo.git("add", "openapi.json")
    staged = _run(repo, env, "git", "commit", "-m", "a new endpoint")
    assert staged.returncode == 0, staged.stdout + staged.stderr
    assert "openapi.json" in repo.git("show", "--name-only", "--format=", "HEAD")

    (repo.path / "shop.py").write_text(_shop(extra_model="    colour: str\n"))
    repo.git("add", "shop.py")  # only Python: a route removed, a required field in the body
    breaking = _run(repo, env, "git", "commit", "-m", "drop delete and health")
    assert breaking.returncode == 1
    output = _out(breaking)
    assert "treaty code-first check" in output and "Failed" in output
    assert "operation-removed" in output
    assert "DELETE /items/{item_id}" in output
    repo.git("add", "openapi.json")  # staging the new snapshot does not make a break pass
    again = _run(repo, env, "git", "commit", "-m", "drop delete and health")
    assert again.returncode == 1
    assert "operation-removed" in _out(again)
    assert "snapshot was stale" not in _out(again)
    assert repo.git("log", "--format=%s", "-1").strip() == "a new endpoint"


def test_what_treaty_init_writes_runs_under_pre_commit(
    git_repo: Callable[[str], Any], tmp_path: Path
) -> None:
    """`treaty init` in a FastAPI repository, then pre-commit with the config it wrote."""
    repo = git_repo("initialised")
    env = _env(tmp_path)
    env["PATH"] = f"{TREATY.parent}{os.pathsep}{env.get('PATH', '')}"  # `treaty` of this env
    (repo.path / "shop.py").write_text(_shop(extra_route=DELETE_ROUTE))
    init = _run(repo, env, str(TREATY), "init", "--ci", "none")
    assert init.returncode == 0, _out(init)
    assert "created .pre-commit-config.yaml" in init.stdout
    assert _run(repo, env, str(PRE_COMMIT), "install").returncode == 0
    repo.git("add", "-A")
    assert _run(repo, env, "git", "commit", "-m", "app").returncode == 1  # snapshot written
    repo.git("add", "-A")
    staged = _run(repo, env, "git", "commit", "-m", "app")
    assert staged.returncode == 0, _out(staged)
    (repo.path / "shop.py").write_text(_shop())
    repo.git("add", "shop.py")
    breaking = _run(repo, env, "git", "commit", "-m", "no more deletes")
    assert breaking.returncode == 1
    assert "DELETE /items/{item_id} removed without deprecation" in _out(breaking)


@pytest.mark.slow
def test_hooks_as_published(git_repo: Callable[[str], Any], tmp_path: Path) -> None:
    """`repo:` this checkout at HEAD, installed by pre-commit itself (needs the hooks file and
    the code committed; uses pip's configured index to build the hook environment)."""
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    committed = subprocess.run(
        ["git", "cat-file", "-e", f"{head}:.pre-commit-hooks.yaml"], cwd=REPO_ROOT, check=False
    )
    if committed.returncode != 0 or shutil.which("git") is None:
        pytest.skip("the hooks file is not committed in this checkout")
    repo = git_repo("published")
    env = _env(tmp_path)
    config = {
        "repos": [
            {
                "repo": str(REPO_ROOT),
                "rev": head,
                "hooks": [{"id": "treaty-validate"}, {"id": "treaty-breaking"}],
            }
        ]
    }
    repo.commit(
        {
            "pyproject.toml": CONFIG,
            "openapi.yaml": (DEMO / "petstore-v1.yaml").read_text(),
            ".pre-commit-config.yaml": yaml.safe_dump(config),
        },
        "v1",
    )
    passing = _run(repo, env, str(PRE_COMMIT), "run", "--all-files")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "treaty validate" in passing.stdout and "Passed" in passing.stdout

    repo.git("switch", "-q", "-c", "feature")
    (repo.path / "openapi.yaml").write_text((DEMO / "petstore-v2.yaml").read_text())
    repo.git("add", "openapi.yaml")
    failing = _run(repo, env, str(PRE_COMMIT), "run")
    assert failing.returncode == 1
    assert "operation-removed" in failing.stdout
