"""`treaty init` in temporary repositories: what it detects, what it writes, what it refuses."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from treaty.cli import cli
from treaty.config import load_config
from treaty.errors import ExitCode
from treaty.init import CI, InitOptions, plan
from treaty.init.detect import detect

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "fixtures" / "demo"
V1 = (DEMO / "petstore-v1.yaml").read_text()
SHOP = """
from fastapi import FastAPI

app = FastAPI(title="Shop", version="1.0.0")


@app.get("/items/{item_id}")
def read_item(item_id: int) -> dict[str, int]:
    return {"id": item_id}
"""


def _files(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _init(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(root)
    return CliRunner().invoke(cli, ["init", *args])


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def test_a_spec_file_repository_gets_config_hooks_and_github_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _files(tmp_path, {"pyproject.toml": '[project]\nname = "pets"\n', "api/openapi.yaml": V1})
    (tmp_path / ".github").mkdir()
    result = _init(tmp_path, monkeypatch)
    assert result.exit_code == ExitCode.OK, result.output
    assert "appended to pyproject.toml:" in result.output
    assert "created .pre-commit-config.yaml:" in result.output
    assert "created .github/workflows/treaty.yml:" in result.output
    pyproject = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert pyproject["project"] == {"name": "pets"}
    [spec] = load_config(tmp_path / "pyproject.toml").specs
    assert spec.document_file == tmp_path / "api" / "openapi.yaml"
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"][0]
    assert hooks["repo"] == "local"
    assert [hook["id"] for hook in hooks["hooks"]] == ["treaty-validate", "treaty-breaking"]
    workflow = yaml.safe_load((tmp_path / ".github" / "workflows" / "treaty.yml").read_text())
    steps = workflow["jobs"]["treaty"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert "install" not in steps[1]["with"]  # a spec file needs nothing of the project


def test_the_hooks_written_are_the_published_hooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`repo: local` copies of .pre-commit-hooks.yaml: same ids, names, entries and files."""
    published = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    _files(tmp_path, {"openapi.yaml": V1, "shop.py": SHOP})
    assert _init(tmp_path, monkeypatch, "--ci", "none").exit_code == ExitCode.OK
    written = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    for hook in written["repos"][0]["hooks"]:
        origin = published[hook["id"]]
        assert hook["language"] == "system"
        for key in ("name", "entry", "files"):
            assert hook[key] == origin[key], key
        assert hook.get("pass_filenames", True) == origin.get("pass_filenames", True)


def test_a_fastapi_app_in_a_gitlab_repository(
    git_repo: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The config written is one `treaty check` runs with: the snapshot is written, then current."""
    repo = git_repo("shop")
    repo.commit({"shop_app.py": SHOP, ".gitlab-ci.yml": "lint:\n  script: [ruff]\n"}, "app")
    result = _init(repo.path, monkeypatch)
    assert result.exit_code == ExitCode.OK, result.output
    assert "note: found FastAPI app shop_app:app in shop_app.py" in result.output
    assert "next: pre-commit install; treaty check --update-snapshot" in result.output
    assert (repo.path / "treaty.toml").read_text() == (
        'app = "shop_app:app"\nsnapshot = "openapi.json"\n'
    )
    gitlab = yaml.safe_load((repo.path / ".gitlab-ci.yml").read_text())
    assert gitlab["lint"] == {"script": ["ruff"]}
    assert gitlab["include"][0]["remote"].endswith("/ci/treaty.gitlab-ci.yml")
    assert "-e ." in gitlab["treaty"]["variables"]["TREATY_INSTALL"]
    hooks = yaml.safe_load((repo.path / ".pre-commit-config.yaml").read_text())["repos"][0]
    assert [hook["id"] for hook in hooks["hooks"]] == ["treaty-code-first"]

    check = CliRunner().invoke(cli, ["check", "--update-snapshot"])
    assert check.exit_code == ExitCode.FINDINGS, check.output  # written: stage it
    assert "/items/{item_id}" in json.loads((repo.path / "openapi.json").read_text())["paths"]
    assert CliRunner().invoke(cli, ["check", "--update-snapshot"]).exit_code == ExitCode.OK


def test_one_app_and_one_document_the_document_is_its_snapshot(tmp_path: Path) -> None:
    _files(tmp_path, {"shop_app.py": SHOP, "api/openapi.json": '{"openapi": "3.1.0"}'})
    init = plan(tmp_path, InitOptions(ci=CI.NONE, pre_commit=False))
    assert [(e.app, e.snapshot, e.spec) for e in init.entries] == [
        ("shop_app:app", "api/openapi.json", None)
    ]


def test_apps_are_found_by_reading_the_code_never_by_importing_it(tmp_path: Path) -> None:
    boom = "raise SystemExit('imported!')\n"
    _files(
        tmp_path,
        {
            "svc/main.py": boom + "import fastapi\napplication = fastapi.FastAPI()\n",
            "src/web/__init__.py": "from starlette.applications import Starlette as S\napi = S()\n",
            "legacy.py": "from flask import Flask\nserver: Flask = Flask(__name__)\n",
            "factory.py": "from fastapi import FastAPI\ndef make():\n    app = FastAPI()\n",
            "homemade.py": "class FastAPI: ...\napp = FastAPI()\n",
            "broken.py": "from fastapi import FastAPI\napp = FastAPI(\n",
            "tests/test_app.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            ".venv/lib/x.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "1st/app.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )
    found = detect(tmp_path)
    assert [(a.target, a.framework) for a in found.apps] == [
        ("legacy:server", "Flask"),
        ("web:api", "Starlette"),
        ("svc.main:application", "FastAPI"),
    ]
    init = plan(tmp_path, InitOptions(ci=CI.NONE))
    assert [(e.name, e.app, e.snapshot) for e in init.entries] == [
        ("legacy", "legacy:server", "openapi-legacy.json"),
        ("web", "web:api", "openapi-web.json"),
        ("svc", "svc.main:application", "openapi-svc.json"),
    ]
    assert any("Flask serves no OpenAPI document" in note for note in init.notes)
    assert any("src/ layout" in note for note in init.notes)
    table = tomllib.loads(init.files[0].content)
    assert [spec["name"] for spec in table["specs"]] == ["legacy", "web", "svc"]


def test_spec_files_are_told_by_name_and_content(tmp_path: Path) -> None:
    _files(
        tmp_path,
        {
            "services/billing/openapi.yaml": V1,
            "services/users/openapi.yaml": V1,
            "docs/swagger.json": json.dumps({"swagger": "2.0", "info": {}, "paths": {}}),
            "openapi-generator-config.yaml": "generatorName: python\n",
            "fixtures/openapi.yaml": V1,
        },
    )
    assert detect(tmp_path).specs == (
        Path("docs/swagger.json"),
        Path("services/billing/openapi.yaml"),
        Path("services/users/openapi.yaml"),
    )
    init = plan(tmp_path, InitOptions(ci=CI.NONE))
    assert [e.name for e in init.entries] == ["docs", "billing", "users"]
    (tmp_path / "treaty.toml").write_text(init.files[0].content)
    assert [s.name for s in load_config(tmp_path / "treaty.toml").specs] == [
        "docs",
        "billing",
        "users",
    ]


def test_nothing_that_exists_is_replaced_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _files(tmp_path, {"openapi.yaml": V1, "treaty.toml": "fail-on = 'warning'\n"})
    before = _snapshot(tmp_path)
    refused = _init(tmp_path, monkeypatch)
    assert refused.exit_code == ExitCode.BAD_INPUT
    assert refused.output == "treaty: treaty.toml: already exists; --force replaces it\n"
    assert _snapshot(tmp_path) == before  # nothing written, not even the other files
    forced = _init(tmp_path, monkeypatch, "--force")
    assert forced.exit_code == ExitCode.OK, forced.output
    assert "overwrote treaty.toml:" in forced.output
    assert (tmp_path / "treaty.toml").read_text() == 'spec = "openapi.yaml"\n'

    (tmp_path / ".github").mkdir()
    (tmp_path / "treaty.toml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.treaty]\nspec = "openapi.yaml"\n')
    workflow = _init(tmp_path, monkeypatch, "--force")
    assert workflow.exit_code == ExitCode.OK, workflow.output
    assert "note: treaty.toml takes precedence over [tool.treaty]" in workflow.output
    assert "note: .pre-commit-config.yaml already runs treaty hooks" in workflow.output
    again = _init(tmp_path, monkeypatch, "--ci", "github")
    assert again.exit_code == ExitCode.BAD_INPUT
    assert "already exists" in again.output


def test_pyproject_with_a_treaty_table_is_refused_naming_the_way_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _files(tmp_path, {"openapi.yaml": V1, "pyproject.toml": '[tool.treaty]\nspec = "x.yaml"\n'})
    result = _init(tmp_path, monkeypatch, "--ci", "none")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.output == (
        "treaty: pyproject.toml: already has a [tool.treaty] table; --force writes treaty.toml, "
        "which takes precedence\n"
    )


def test_dry_run_prints_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _files(tmp_path, {"openapi.yaml": V1, "pyproject.toml": "[project]\nname = 'x'"})
    before = _snapshot(tmp_path)
    result = _init(tmp_path, monkeypatch, "--dry-run", "--ci", "gitlab")
    assert result.exit_code == ExitCode.OK, result.output
    assert "would append to pyproject.toml:\n    [tool.treaty]\n" in result.output
    assert "would create .gitlab-ci.yml:" in result.output
    assert "next:" not in result.output
    assert _snapshot(tmp_path) == before


def test_appending_keeps_what_the_files_had(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    precommit = (
        "# my hooks\nrepos:\n- repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "  rev: v0.6.0\n  hooks:\n  - id: ruff\n"
    )
    _files(
        tmp_path,
        {
            "openapi.yaml": V1,
            "pyproject.toml": "[project]\nname = 'x'",  # no final newline
            ".pre-commit-config.yaml": precommit,
        },
    )
    result = _init(tmp_path, monkeypatch)
    assert result.exit_code == ExitCode.OK, result.output
    text = (tmp_path / ".pre-commit-config.yaml").read_text()
    assert text.startswith(precommit)  # comments and layout untouched
    repos = yaml.safe_load(text)["repos"]
    assert [r["repo"] for r in repos] == ["https://github.com/astral-sh/ruff-pre-commit", "local"]
    assert "no .github/ or .gitlab-ci.yml" in result.output
    assert tomllib.loads((tmp_path / "pyproject.toml").read_text()) == {
        "project": {"name": "x"},
        "tool": {"treaty": {"spec": "openapi.yaml"}},
    }


@pytest.mark.parametrize(
    ("name", "text", "advice"),
    [
        (".pre-commit-config.yaml", "repos: []\n", "add this under `repos:` by hand"),
        (".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks: []\nci: {}\n", "by hand"),
        (".gitlab-ci.yml", "include: [{local: a.yml}]\n", "it has `include:` or a `treaty` job"),
    ],
)
def test_files_that_cannot_take_an_append_safely_get_advice_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, advice: str
) -> None:
    _files(tmp_path, {"openapi.yaml": V1, name: text})
    result = _init(tmp_path, monkeypatch, "--ci", "gitlab")
    assert result.exit_code == ExitCode.OK, result.output
    assert f"note: {name}: cannot append safely" in result.output and advice in result.output
    assert (tmp_path / name).read_text() == text


def test_a_tool_table_written_inline_sends_the_config_to_treaty_toml(tmp_path: Path) -> None:
    _files(tmp_path, {"openapi.yaml": V1, "pyproject.toml": "tool = { black = {} }\n"})
    init = plan(tmp_path, InitOptions(ci=CI.NONE, pre_commit=False))
    assert [(f.path, f.action) for f in init.files] == [(Path("treaty.toml"), "create")]
    assert "cannot take a [tool.treaty] table safely" in init.notes[0]


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        ({}, (), "found no OpenAPI document"),
        (
            {"pyproject.toml": "[project\n", "a.yaml": V1},
            ("--spec", "a.yaml"),
            "pyproject.toml: is not valid TOML",
        ),
        ({}, ("--spec", "missing.yaml"), "missing.yaml: no such file"),
        (
            {".pre-commit-config.yaml": "repos: [\n", "a.yaml": V1},
            ("--spec", "a.yaml"),
            "is not valid YAML",
        ),
        ({"a.yaml": V1}, ("--spec", "a.yaml", "--app", "m:app"), "give --spec or --app, not both"),
        ({}, ("--app", "shop.main"), "--app 'shop.main': expected module:attr"),
        (
            {"a.yaml": V1},
            ("--spec", "a.yaml", "--snapshot", "s.json"),
            "--snapshot goes with an app",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, str],
    args: tuple[str, ...],
    message: str,
) -> None:
    _files(tmp_path, files)
    before = _snapshot(tmp_path)
    result = _init(tmp_path, monkeypatch, "--ci", "none", *args)
    assert result.exit_code == ExitCode.BAD_INPUT
    assert message in result.output
    assert "Traceback" not in result.output
    assert _snapshot(tmp_path) == before


def test_explicit_app_and_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _init(
        tmp_path,
        monkeypatch,
        "--app",
        "svc.api:app",
        "--snapshot",
        "api.yaml",
        "--no-pre-commit",
        "--ci",
        "github",
    )
    assert result.exit_code == ExitCode.OK, result.output
    assert tomllib.loads((tmp_path / "treaty.toml").read_text()) == {
        "app": "svc.api:app",
        "snapshot": "api.yaml",
    }
    assert not (tmp_path / ".pre-commit-config.yaml").exists()
    workflow = (tmp_path / ".github" / "workflows" / "treaty.yml").read_text()
    assert 'install: "-e ."' in workflow


def test_a_folder_that_cannot_be_written_stops_init_before_any_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    if os.geteuid() == 0:
        (tmp_path / ".github").write_text("not a folder\n")  # root may write anywhere else
    else:
        (tmp_path / ".github").mkdir(mode=0o500)
    _files(tmp_path, {"openapi.yaml": V1})
    before = _snapshot(tmp_path)
    result = _init(tmp_path, monkeypatch, "--ci", "github")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.output.startswith("treaty: .github/workflows/treaty.yml: cannot write:")
    assert _snapshot(tmp_path) == before  # not even treaty.toml
