"""Every file treaty writes is replaced atomically: killing the writer at any moment leaves the
old file or the new one, never a truncated mix.

The writer is a real child process killed with SIGKILL (no cleanup runs) at several moments
spread over a large write.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

OLD = b"old contents\n"
# Writes 64 MB through atomic_write, announcing the moment it starts.
_WRITER = (
    "import sys\nfrom pathlib import Path\nfrom treaty._fs import atomic_write\n"
    "data = b'n' * (64 * 1024 * 1024)\nprint('writing', flush=True)\n"
    "atomic_write(Path(sys.argv[1]), data)\n"
)


def _kill_after(argv: list[str], cwd: Path, delay: float, *, wait_for: bytes = b"") -> None:
    child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    if wait_for:
        assert child.stdout.readline().startswith(wait_for)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)


@pytest.mark.parametrize("delay", [0.0, 0.002, 0.01, 0.03, 0.1, 0.3])
def test_killing_a_large_write_leaves_the_old_or_the_new_file(tmp_path: Path, delay: float) -> None:
    target = tmp_path / "snapshot.json"
    target.write_bytes(OLD)
    _kill_after([sys.executable, "-c", _WRITER, str(target)], tmp_path, delay, wait_for=b"writing")
    data = target.read_bytes()
    assert data == OLD or data == b"n" * (64 * 1024 * 1024), (len(data), delay)


def _large_document(paths: int) -> dict[str, object]:
    item = {
        "get": {
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok " * 40}},
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {f"/things/{i}": item for i in range(paths)},
    }


@pytest.mark.parametrize(
    ("command", "paths"),
    [
        (["snapshot", "api.json", "--no-validate", "-o", "out.json"], 8_000),
        (["breaking", "api.json", "base.json", "--format", "json", "-o", "out.json"], 2_000),
    ],
    ids=["snapshot", "report"],
)
def test_killing_the_cli_mid_write_leaves_the_old_or_the_new_file(
    tmp_path: Path, command: list[str], paths: int
) -> None:
    output = "out.json"
    (tmp_path / "api.json").write_text(json.dumps(_large_document(paths)))
    (tmp_path / "base.json").write_text(json.dumps(_large_document(0)))
    argv = [sys.executable, "-m", "treaty", *command]
    start = time.monotonic()
    subprocess.run(argv, cwd=tmp_path, capture_output=True, check=False, timeout=120)
    duration = time.monotonic() - start
    new = (tmp_path / output).read_bytes()
    assert len(new) > 500_000
    for fraction in (0.5, 0.8, 0.9, 0.95, 0.99):
        (tmp_path / output).write_bytes(OLD)
        _kill_after(argv, tmp_path, duration * fraction)
        assert (tmp_path / output).read_bytes() in (OLD, new), fraction
