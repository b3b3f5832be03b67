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
# treaty's own modules that comparing two local documents never needs: `treaty check`'s
# pipeline and git baseline, git and HTTP sources, the ignore file (there is none here),
# validation, snapshots, and the renderers of the formats not asked for
UNUSED_BY_BREAKING = frozenset(
    {
        "treaty.pipeline",
        "treaty.baseline",
        "treaty.sources.git",
        "treaty.sources.http",
        "treaty.sources.app",
        "treaty.ignore",
        "treaty.validate",
        "treaty.snapshot",
        "treaty.fuzz",
        "treaty.confirm",
        "treaty.init",
    }
)
RENDERERS = frozenset(
    f"treaty.render.{name}"
    for name in ("text", "json", "markdown", "junit", "sarif", "github", "gitlab", "html", "ignore")
)

_PROBE = """
import json, sys
from treaty.cli import main
sys.argv = ["treaty", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)))
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


def _copy_demo(tmp_path: Path) -> None:
    for name in ("petstore-v1.yaml", "petstore-v2.yaml"):
        shutil.copy(DEMO / name, tmp_path / name)


def _top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


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
    _copy_demo(tmp_path)
    modules = _imported(args, tmp_path)
    assert "treaty" in modules
    assert not _top_level(modules) & HEAVY, sorted(_top_level(modules) & HEAVY)
    assert not modules & UNUSED_BY_BREAKING, sorted(modules & UNUSED_BY_BREAKING)


def test_help_imports_no_library_code(tmp_path: Path) -> None:
    """`treaty --help` lists the commands from their click declarations alone."""
    modules = _imported(["--help"], tmp_path)
    library = {
        name for name in modules if name.startswith("treaty.") and not name.startswith("treaty.cli")
    } - {"treaty.errors"}
    assert not library, sorted(library)


@pytest.mark.parametrize(
    ("output_format", "module"),
    [
        ("text", "treaty.render.text"),
        ("json", "treaty.render.json"),
        ("html", "treaty.render.html"),
    ],
)
def test_breaking_imports_only_the_renderer_it_uses(
    output_format: str, module: str, tmp_path: Path
) -> None:
    _copy_demo(tmp_path)
    args = ["breaking", "petstore-v1.yaml", "petstore-v2.yaml", "--format", output_format]
    modules = _imported(args, tmp_path)
    assert modules & RENDERERS == {module}


def test_an_ignore_file_is_read_when_there_is_one(tmp_path: Path) -> None:
    """Not importing the ignore module is an optimisation, never a skipped ignore file."""
    _copy_demo(tmp_path)
    (tmp_path / ".treaty-ignore.yaml").write_text("not: [a list\n")
    modules = _imported(["breaking", "petstore-v1.yaml", "petstore-v2.yaml"], tmp_path)
    assert "treaty.ignore" in modules
