"""--app sources: real apps imported by path and asked in-process."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from treaty.errors import ErrorKind, SourceError
from treaty.sources import AppSource, LoadOptions, load

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_fastapi_app_is_asked_for_its_openapi() -> None:
    document = load(AppSource("fixtures.apps.petstore_app:app"))
    assert document.name == "fixtures.apps.petstore_app:app"
    assert document.version.startswith("3.1")
    assert "/pets/{pet_id}" in document.root["paths"]  # type: ignore[operator]


@pytest.mark.parametrize("attr", ["wsgi_app", "asgi_app"])
def test_plain_apps_are_requested_through_the_transport(attr: str) -> None:
    document = load(AppSource(f"fixtures.apps.plain_apps:{attr}"))
    assert document.version == "3.1.0"


def test_import_output_goes_to_stderr(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the app prints while it is imported: make sure an earlier test did not import it
    monkeypatch.delitem(sys.modules, "fixtures.apps.noisy_app", raising=False)
    load(AppSource("fixtures.apps.noisy_app:app"))
    out, err = capfd.readouterr()
    assert "noisy_app: starting up" not in out
    assert "noisy_app: starting up" in err


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (AppSource("fixtures.apps.broken_app:app"), "RuntimeError: database not configured"),
        (AppSource("fixtures.apps.no_such_module:app"), "ModuleNotFoundError"),
        (AppSource("fixtures.apps.plain_apps:missing"), "has no attribute 'missing'"),
        (AppSource("fixtures.apps.plain_apps:NOT_AN_APP"), "str object is not an ASGI or WSGI"),
        (AppSource("fixtures.apps.plain_apps"), "expected `module.path:attribute`"),
        (AppSource("fixtures.apps.plain_apps:failing_app"), "ValueError: boom"),
        (AppSource("fixtures.apps.plain_apps:wsgi_app", "/nope"), "GET /nope answered HTTP 404"),
        (AppSource("fixtures.apps.plain_apps:asgi_app", "/nope"), "GET /nope answered HTTP 404"),
    ],
)
def test_app_failures_are_one_line(source: AppSource, problem: str) -> None:
    with pytest.raises(SourceError) as caught:
        load(source)
    assert caught.value.kind is ErrorKind.APP
    assert problem in str(caught.value)
    assert str(caught.value).startswith(source.target + ": ")
    assert "\n" not in str(caught.value)


def test_an_app_that_never_answers_times_out() -> None:
    with pytest.raises(SourceError, match=r"did not finish within 0\.5s"):
        load(AppSource("fixtures.apps.plain_apps:hanging_app"), LoadOptions(timeout=0.5))


@pytest.mark.parametrize("attr", ["wsgi_app", "asgi_app"])
def test_an_answer_past_the_size_cap_is_refused_as_it_streams(attr: str) -> None:
    with pytest.raises(SourceError, match=r"GET /openapi.json answered more than 1000 bytes$"):
        load(AppSource(f"fixtures.apps.plain_apps:{attr}"), LoadOptions(max_bytes=1000))


def test_a_document_from_openapi_past_the_size_cap_is_refused() -> None:
    with pytest.raises(SourceError, match=r"app.openapi\(\) gave a document over 1000 bytes$"):
        load(AppSource("fixtures.apps.petstore_app:app"), LoadOptions(max_bytes=1000))


def test_the_app_runs_under_a_memory_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _modules(tmp_path, monkeypatch, greedy_app="hoard = bytearray(600 * 1024 * 1024)\napp = 1\n")
    with pytest.raises(SourceError, match=r"importing 'greedy_app' ran out of memory") as caught:
        load(AppSource("greedy_app:app"), LoadOptions(app_memory=400 * 1024 * 1024))
    assert "the limit is 400 MB" in str(caught.value)


def test_a_query_in_the_document_path_reaches_the_app() -> None:
    document = load(AppSource("fixtures.apps.plain_apps:asgi_app", "/openapi.json?v=1"))
    assert document.version == "3.1.0"


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("import os\nos._exit(0)\n", "exited with status 0 during importing 'ending_app'"),
        (
            "class App:\n    def openapi(self):\n        import os; os._exit(4)\napp = App()\n",
            "exited with status 4 during app.openapi(), before answering",
        ),
        (
            "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
            "killed by SIGKILL during importing 'ending_app', before answering",
        ),
    ],
)
def test_an_app_that_ends_its_process_is_an_error_never_an_empty_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, problem: str
) -> None:
    _modules(tmp_path, monkeypatch, ending_app=source)
    with pytest.raises(SourceError, match=re.escape(problem)):
        load(AppSource("ending_app:app"))


def _modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **sources: str) -> None:
    """Write each module into ``tmp_path`` and work there, as a user's project."""
    for name, source in sources.items():
        (tmp_path / f"{name}.py").write_text(source)
    monkeypatch.chdir(tmp_path)


def test_the_import_check_stops_after_importing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from treaty.sources.app import check_import

    quiet = "def app(environ, start_response):\n    raise SystemExit\n"
    _modules(tmp_path, monkeypatch, quiet_app=quiet, number_app="app = 1\n")
    check_import("quiet_app:app", 30)  # never called: importing is all it does
    with pytest.raises(SourceError, match="int object is not an ASGI or WSGI app"):
        check_import("number_app:app", 30)


def test_an_app_writing_into_the_answer_pipe_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The result pipe is the child's first free descriptor; an app that writes to it
    anyway gets an error, never a document of its making nor a crash of treaty's."""
    _modules(tmp_path, monkeypatch, meddling_app="import os\nos.write(3, b'X?\\n')\napp = 1\n")
    with pytest.raises(SourceError, match="garbled its answer during importing 'meddling_app'"):
        load(AppSource("meddling_app:app"))
