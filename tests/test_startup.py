"""The commands a pre-commit hook runs stay light: no fuzzing, HTTP or validator imports.

Timings live in ``benchmarks/`` (a timed test would be flaky on a shared machine); what is
checked here is the cause of slow start-up: which modules a fresh interpreter has imported
once the command has run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "fixtures" / "demo"
HEAVY = frozenset(
    {"schemathesis", "hypothesis", "httpx", "deepdiff", "openapi_spec_validator", "jsonschema"}
)

_PROBE = """
import json, sys
from treaty.cli import main
sys.argv = ["treaty", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def _imported(args: list[str], cwd: Path) -> set[str]:
    env = {**os.environ, "TREATY_CACHE_DIR": str(cwd / "cache"), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    marker = done.stderr.rpartition("\nMODULES ")
    assert marker[1], done.stderr
    return set(json.loads(marker[2]))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["breaking", "petstore-v1.yaml", "petstore-v2.yaml"],
        ["breaking", "petstore-v1.yaml", "petstore-v2.yaml", "--format", "json"],
    ],
    ids=["help", "version", "breaking", "breaking-json"],
)
def test_hook_commands_import_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    for name in ("petstore-v1.yaml", "petstore-v2.yaml"):
        shutil.copy(DEMO / name, tmp_path / name)
    modules = _imported(args, tmp_path)
    assert "treaty" in modules
    assert not modules & HEAVY, sorted(modules & HEAVY)
