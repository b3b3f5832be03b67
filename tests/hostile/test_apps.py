"""``--app`` targets that misbehave: each is one line and exit 2, or works with clean stdout.

The app modules are written into ``tmp_path`` and imported from there (the cwd is on
``sys.path``), in the child process treaty starts for them. Apps that never answer run with
the app timeout cut to 2 s; the child is then killed, and treaty exits at once.
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
    "os_exit_on_import": "import os\nos._exit(0)\n",
    "os_exit_in_openapi": _app("os._exit(0)", "import os\n"),
    "crashes_on_import": "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n",
    "returns_nan": _app("return {'openapi': '3.0.3', 'x': float('nan')}"),
    "streams_asgi": (
        "async def app(scope, receive, send):\n"
        "    await send({'type': 'http.response.start', 'status': 200, 'headers': []})\n"
        "    while True:\n"
        "        await send({'type': 'http.response.body', 'body': b'x' * 65536,"
        " 'more_body': True})\n"
    ),
    "streams_wsgi": (
        "def app(environ, start_response):\n"
        "    start_response('200 OK', [])\n"
        "    while True:\n"
        "        yield b'x' * 65536\n"
    ),
    "leaves_threads": _app(
        f"return {VALID}",
        "import threading, time\nthreading.Thread(target=time.sleep, args=(3600,)).start()\n",
    ),
    "spawns_a_sleeper": _app(
        f"return {VALID}",
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(3599.25)'])\n",
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
    ("os_exit_on_import", "exited with status 0 during importing 'os_exit_on_import'"),
    ("os_exit_in_openapi", "exited with status 0 during app.openapi(), before answering"),
    ("crashes_on_import", "killed by SIGSEGV during importing 'crashes_on_import'"),
    ("returns_nan", "app.openapi() did not return JSON"),
    ("streams_asgi", "GET /openapi.json answered more than 104857600 bytes"),
    ("streams_wsgi", "GET /openapi.json answered more than 104857600 bytes"),
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
    assert run.seconds < 15  # the hung child is killed at the time limit


@pytest.mark.parametrize("module", ["os_exit_on_import", "crashes_on_import", "hangs_on_import"])
def test_snapshot_check_never_passes_on_an_app_that_gave_nothing(apps: Path, module: str) -> None:
    """A pre-commit hook must not pass on nothing: exit 2 and no snapshot written."""
    out = apps / "openapi.json"
    run = run_treaty(
        "snapshot", "--app", f"{module}:app", "-o", out, "--check", cwd=apps, short_app_timeout=True
    )
    assert_one_line_error(run, f"{module}:app")
    assert not out.exists()


@pytest.mark.parametrize("module", ["leaves_threads", "spawns_a_sleeper"])
def test_what_an_app_leaves_running_ends_with_its_process(apps: Path, module: str) -> None:
    run = run_treaty("validate", "--app", f"{module}:app", cwd=apps)
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"{module}:app: valid (version 3.0.3)\n"
    assert run.seconds < 15
    assert "time.sleep(3599.25)" not in _processes()


def _processes() -> str:
    """Every command line running on the machine (Linux /proc)."""
    lines = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                lines.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:  # it ended while being read
                continue
    return "\n".join(lines)


@pytest.mark.parametrize("module", ["os_exit_on_import", "crashes_on_import"])
def test_fuzz_never_passes_on_an_app_that_exits_while_importing(apps: Path, module: str) -> None:
    """The fuzzer runs the app in its own process, after importing it once in a child."""
    spec = Path(__file__).parents[2] / "fixtures" / "specs" / "petstore-3.0.yaml"
    run = run_treaty("fuzz", spec, "--app", f"{module}:app", "--max-examples", "1", cwd=apps)
    assert "Traceback" not in run.stderr
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert run.stderr.splitlines()[-1].startswith(f"treaty: {module}:app: the app's process")


def test_an_app_that_prints_keeps_stdout_clean(apps: Path) -> None:
    run = run_treaty("validate", "--app", "noisy:app", cwd=apps)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "noisy:app: valid (version 3.0.3)\n"
    assert run.stderr.splitlines() == ["import noise", "more noise", "call noise"]
