"""Run the real ``treaty`` CLI in a child process with a memory cap and a deadline.

Every hostile input must end in one clear line and exit 2: no traceback, no hang, no crash.
Running in a child process is what lets a test observe a segfault, an exhausted address space
or a process that never exits, none of which an in-process ``CliRunner`` survives.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

#: Address-space cap for the child: generous for the interpreter, fatal to runaway parsing.
MEMORY_LIMIT = 1024 * 1024 * 1024
#: Wall-clock cap for one run; every case here finishes in a second or two.
TIMEOUT = 60.0

# Runs the CLI with the app timeout shortened (there is no flag for it), so a hung --app is
# reported after 2 s instead of the default 30 s; everything else is the real CLI.
_SHORT_APP_TIMEOUT = (
    "import sys\n"
    "from treaty.sources.location import LoadOptions\n"
    "LoadOptions.__init__.__kwdefaults__['timeout'] = 2.0\n"
    "from treaty.cli import main\n"
    "sys.argv[0] = 'treaty'\n"
    "main()\n"
)


@dataclass(frozen=True)
class Run:
    """What one CLI run did."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_treaty(
    *args: str | Path,
    cwd: Path,
    stdin: bytes | None = None,
    short_app_timeout: bool = False,
    timeout: float = TIMEOUT,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``python -m treaty ARGS`` in ``cwd`` (never through a shell) and collect the result."""
    argv = [str(arg) for arg in args]
    entry = ["-c", _SHORT_APP_TIMEOUT] if short_app_timeout else ["-m", "treaty"]
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, *entry, *argv],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
        check=False,
        # the parsed-YAML cache goes beside the inputs, never into the user's ~/.cache
        env={**os.environ, "TREATY_CACHE_DIR": str(cwd / ".treaty-cache"), **(env or {})},
    )
    return Run(
        args=tuple(argv),
        returncode=proc.returncode,
        stdout=proc.stdout.decode("utf-8", "replace"),
        stderr=proc.stderr.decode("utf-8", "replace"),
        seconds=time.monotonic() - start,
    )


def assert_one_line_error(run: Run, name: str, problem: str = "") -> None:
    """Exit 2 with exactly one stderr line ``treaty: <name>: …<problem>…`` and nothing else."""
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 2, (run.returncode, run.stderr)
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"treaty: {name}: "), lines[0]
    assert problem in lines[0], lines[0]
    assert run.stdout == "", run.stdout


def assert_load_refused(directory: Path, name: str, data: bytes, command: str, problem: str) -> Run:
    """``validate`` or ``snapshot -o out.json`` of ``data`` written as ``directory/name`` is
    one line naming ``name`` and ``problem``, and no snapshot is written (no cache in play)."""
    (directory / name).write_bytes(data)
    args = (command, name) + (("-o", "out.json") if command == "snapshot" else ())
    run = run_treaty(*args, cwd=directory, env={"TREATY_NO_CACHE": "1"})
    assert_one_line_error(run, name, problem)
    assert not (directory / "out.json").exists()
    return run
