"""The ``--app`` worker's steps, run in this process on the fixture apps.

In production the worker runs in a child process (tests/hostile/test_apps.py and
tests/sources/test_app.py drive it there); here its functions are called directly, so what
each step answers is checked beside the frames it announces.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from treaty.sources import app_worker
from treaty.sources.app_worker import Failure

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.syspath_prepend(str(REPO))


def _run(target: str, path: str = "/openapi.json", limit: int = 10**7) -> tuple[bytes, bytes]:
    out = io.BytesIO()
    document = app_worker._document(app_worker._Steps(out), target, path, limit)
    return document, out.getvalue()


def test_a_fastapi_app_is_asked_for_its_openapi_and_the_steps_are_announced() -> None:
    document, frames = _run("fixtures.apps.petstore_app:app")
    assert document.startswith(b"{") and b'"openapi"' in document
    assert frames == b"Simporting 'fixtures.apps.petstore_app'\nSapp.openapi()\n"


@pytest.mark.parametrize("attr", ["wsgi_app", "asgi_app"])
def test_plain_apps_answer_a_get(attr: str) -> None:
    document, frames = _run(f"fixtures.apps.plain_apps:{attr}")
    assert document == (REPO / "fixtures" / "specs" / "petstore-3.1.json").read_bytes()
    assert frames.endswith(b"SGET /openapi.json\n")


@pytest.mark.parametrize("attr", ["wsgi_app", "asgi_app"])
def test_an_answer_is_refused_as_soon_as_it_passes_the_cap(attr: str) -> None:
    with pytest.raises(Failure, match=r"^GET /openapi.json answered more than 100 bytes$"):
        _run(f"fixtures.apps.plain_apps:{attr}", limit=100)


@pytest.mark.parametrize(
    ("target", "path", "problem"),
    [
        ("fixtures.apps.plain_apps:wsgi_app", "/nope", "GET /nope answered HTTP 404"),
        ("fixtures.apps.plain_apps:asgi_app", "/nope?x=1", "GET /nope?x=1 answered HTTP 404"),
        ("fixtures.apps.plain_apps:NOT_AN_APP", "/openapi.json", "str object is not an ASGI"),
        ("fixtures.apps.plain_apps:NOT_AN_APP", "", "str object is not an ASGI"),
        ("fixtures.apps.plain_apps:missing", "/openapi.json", "has no attribute 'missing'"),
        ("fixtures.apps.plain_apps", "/openapi.json", "expected `module.path:attribute`"),
    ],
)
def test_what_is_no_document_is_a_failure(target: str, path: str, problem: str) -> None:
    with pytest.raises(Failure, match=re.escape(problem)):
        _run(target, path)


def test_import_only_gives_nothing_but_checks_the_app() -> None:
    assert _run("fixtures.apps.plain_apps:wsgi_app", path="") == (
        b"",
        b"Simporting 'fixtures.apps.plain_apps'\n",
    )


def test_an_app_that_swallows_the_refusal_is_still_refused(tmp_path: Path) -> None:
    (tmp_path / "swallowing_app.py").write_text(
        "async def app(scope, receive, send):\n"
        "    await send({'type': 'http.response.start', 'status': 200, 'headers': []})\n"
        "    try:\n"
        "        await send({'type': 'http.response.body', 'body': b'x' * 500})\n"
        "    except Exception:\n"
        "        pass\n"
    )
    sys.path.insert(0, str(tmp_path))
    try:
        with pytest.raises(Failure, match="answered more than 100 bytes"):
            _run("swallowing_app:app", limit=100)
    finally:
        sys.path.remove(str(tmp_path))
