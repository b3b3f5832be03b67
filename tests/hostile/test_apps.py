"""``--app`` targets that misbehave: each is one line and exit 2, or works with clean stdout.

The app modules are written into ``tmp_path`` and imported from there (the cwd is on
``sys.path``). Apps that never answer run with the app timeout cut to 2 s; the process must
then exit at once, although the hung worker thread cannot be stopped (it is a daemon).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile.runner import assert_one_line_error, run_treaty

VALID = "{'openapi': '3.0.3', 'info': {'title': 't', 'version': '1'}, 'paths': {}}"


def _app(body: str, prelude: str = "") -> str:
    """A module whose ``app`` has an ``.openapi()`` method running ``body``."""
    return f"{prelude}class App:\n    def openapi(self):\n        {body}\napp = App()\n"


APPS = {
    "raises_on_import": "raise RuntimeError('database not configured')\n",
    "exits_on_import": "import sys\nsys.exit(0)\n",
    "hangs_on_import": "import time\ntime.sleep(3600)\n",
    "never_returns": _app("time.sleep(3600)", "import time\n"),
    "returns_none": _app("return None"),
    "returns_objects": _app("return {'openapi': object()}"),
    "returns_a_cycle": _app("return d", "d = {'openapi': '3.0.3'}\nd['self'] = d\n"),
    "not_an_app": "app = 42\n",
    "hanging_asgi": (
        "import asyncio\nasync def app(scope, receive, send):\n    await asyncio.sleep(3600)\n"
    ),
    "noisy": _app(
        f"print('call noise'); return {VALID}",
        "import sys\nprint('import noise')\nsys.stdout.write('more noise\\n')\n",
    ),
}

FAILING = [
    ("raises_on_import", "RuntimeError: database not configured"),
    ("exits_on_import", "SystemExit"),
    ("hangs_on_import", "did not finish within 2s"),
    ("never_returns", "did not finish within 2s"),
    ("hanging_asgi", "did not finish within 2s"),
    ("returns_none", "expected a mapping"),
    ("returns_objects", "did not return JSON"),
    ("returns_a_cycle", "did not return JSON"),
    ("not_an_app", "int object is not an ASGI or WSGI app"),
]


@pytest.fixture
def apps(tmp_path: Path) -> Path:
    for name, source in APPS.items():
        (tmp_path / f"{name}.py").write_text(source)
    return tmp_path


@pytest.mark.parametrize(("module", "problem"), FAILING)
def test_misbehaving_apps_are_one_line(apps: Path, module: str, problem: str) -> None:
    run = run_treaty("validate", "--app", f"{module}:app", cwd=apps, short_app_timeout=True)
    assert_one_line_error(run, f"{module}:app", problem)
    assert run.seconds < 15  # the hung daemon thread does not keep the process alive


def test_an_app_that_prints_keeps_stdout_clean(apps: Path) -> None:
    run = run_treaty("validate", "--app", "noisy:app", cwd=apps)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "noisy:app: valid (version 3.0.3)\n"
    assert run.stderr.splitlines() == ["import noise", "more noise", "call noise"]
