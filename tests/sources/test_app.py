"""--app sources: real apps imported by path and asked in-process."""

from __future__ import annotations

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
    (tmp_path / "greedy_app.py").write_text("hoard = bytearray(600 * 1024 * 1024)\napp = None\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SourceError, match=r"importing 'greedy_app' ran out of memory") as caught:
        load(AppSource("greedy_app:app"), LoadOptions(app_memory=400 * 1024 * 1024))
    assert "the limit is 400 MB" in str(caught.value)


def test_a_query_in_the_document_path_reaches_the_app() -> None:
    document = load(AppSource("fixtures.apps.plain_apps:asgi_app", "/openapi.json?v=1"))
    assert document.version == "3.1.0"
