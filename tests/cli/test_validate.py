"""`treaty validate`: wiring, exit codes and every bad-input path as one line."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from treaty.cli import cli

REPO = Path(__file__).resolve().parents[2]
SPECS = REPO / "fixtures" / "specs"


def _run(*args: str, input: bytes | None = None) -> object:
    return CliRunner().invoke(cli, ["validate", *args], input=input)


def test_valid_documents_exit_0() -> None:
    result = _run(
        *(str(SPECS / n) for n in ["petstore-3.0.yaml", "petstore-3.1.json", "petstore-2.0.yaml"])
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(": valid (version ") == 3
    assert result.stderr == ""


def test_invalid_document_exits_1_with_pointer_and_line(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text((SPECS / "petstore-3.0.yaml").read_text().replace("in: query", "in: nowhere"))
    result = _run(str(path))
    assert result.exit_code == 1
    assert f"{path}:15: #/paths/~1pets/get/parameters/0: " in result.stdout
    assert result.stderr == ""


def test_json_format() -> None:
    result = _run("--format", "json", str(SPECS / "petstore-3.0.yaml"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documents"][0]["valid"] is True


def test_stdin() -> None:
    result = _run("-", input=(SPECS / "petstore-3.1.json").read_bytes())
    assert result.exit_code == 0
    assert result.stdout == "<stdin>: valid (version 3.1.0)\n"


def test_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = _run("--app", "fixtures.apps.noisy_app:app")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "fixtures.apps.noisy_app:app: valid (version 3.1.0)\n"


def test_no_source_is_a_usage_error() -> None:
    result = _run()
    assert result.exit_code == 2
    assert "give at least one SOURCE or --app" in result.stderr


def test_one_unreadable_source_among_valid_ones_exits_2(tmp_path: Path) -> None:
    result = _run(str(SPECS / "petstore-3.0.yaml"), str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert result.stdout.endswith(": valid (version 3.0.3)\n")
    assert result.stderr == f"treaty: {tmp_path / 'missing.yaml'}: no such file\n"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def bad_inputs(
    tmp_path: Path, git_repo: Callable[[str], object], serve: Callable[[object], str]
) -> dict[str, list[str]]:
    (tmp_path / "invalid.yaml").write_text("openapi: [\n")
    (tmp_path / "notapi.yaml").write_text("name: config\n")
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "dir.yaml").mkdir()
    repo = git_repo("repo")
    repo.commit({"openapi.yaml": "openapi: 3.0.3\n"}, "one")  # type: ignore[attr-defined]
    base = serve(Starlette(routes=[Route("/teapot", lambda r: PlainTextResponse("no", 418))]))
    return {
        "missing file": [str(tmp_path / "missing.yaml"), "no such file"],
        "invalid YAML": [str(tmp_path / "invalid.yaml"), "invalid YAML at line 2"],
        "not OpenAPI": [str(tmp_path / "notapi.yaml"), "not an OpenAPI document"],
        "empty file": [str(tmp_path / "empty.yaml"), "the document is empty"],
        "directory": [str(tmp_path / "dir.yaml"), "is a directory"],
        "unknown revision": ["nope:openapi.yaml", "unknown revision 'nope'", str(repo.path)],  # type: ignore[attr-defined]
        "not a repository": [
            "HEAD:openapi.yaml",
            "not a git repository",
            str(tmp_path / "dir.yaml"),
        ],
        "unreachable URL": [f"http://127.0.0.1:{_closed_port()}/o.json", "cannot connect"],
        "non-2xx URL": [f"{base}/teapot", "HTTP 418"],
        "app import error": [
            "--app=fixtures.apps.broken_app:app",
            "database not configured",
            str(REPO),
        ],
    }


@pytest.mark.parametrize(
    "case",
    ["missing file", "invalid YAML", "not OpenAPI", "empty file", "directory", "unknown revision",
     "not a repository", "unreachable URL", "non-2xx URL", "app import error"],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(
    case: str, bad_inputs: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    argument, problem, *cwd = bad_inputs[case]
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(Path(bad_inputs["directory"][0]).parent))
    if cwd:
        monkeypatch.chdir(cwd[0])
    result = _run(argument)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("treaty: ")
    assert problem in result.stderr
    assert "Traceback" not in result.stderr
