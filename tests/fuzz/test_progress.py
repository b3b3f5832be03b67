"""Long runs report progress on stderr: never silent, off with --quiet.

fixtures/apps/slow_app.py under a real uvicorn on 127.0.0.1: ``GET /slow`` answers after
2 s, so a run spends most of its time waiting; stderr (not a terminal under CliRunner) gets a
plain progress line at each interval, also while a request is in flight.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from fuzz_helpers import serving

from treaty.cli import cli

LINE = re.compile(
    r"^treaty fuzz: (?P<phase>[a-z_]+) phase, (?P<done>\d+)/(?P<total>\d+) operations, "
    r"(?P<requests>\d+) requests, (?P<failures>\d+) failures, (?P<elapsed>\d+)s$"
)


def _run(tmp: Path, delay: float, *extra: str) -> tuple[int, str, str]:
    import slow_app

    spec = tmp / "slow.json"
    spec.write_text(json.dumps(slow_app.DOCUMENT))
    with serving(slow_app.slow_app(delay)) as url:
        args = ["fuzz", str(spec), "--url", url, "--seed", "1", "--max-examples", "2", *extra]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_slow_run_prints_a_plain_progress_line_every_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import treaty.cli.fuzz

    monkeypatch.setattr(treaty.cli.fuzz, "PROGRESS_EVERY_LOG", 1.0)
    code, out, err = _run(tmp_path, 2.0, "--include-path", "/slow", "--max-requests", "6")
    assert code == 0, out
    lines = [LINE.match(line) for line in err.splitlines() if line.startswith("treaty fuzz: ")]
    progress = [m for m in lines if m is not None]
    assert "\r" not in err and "\x1b" not in err  # plain lines in a log, no terminal codes
    assert len(progress) >= 2, err
    elapsed = [int(m["elapsed"]) for m in progress]
    # a line at every interval, also while a 2 s request is in flight
    assert all(later - earlier <= 2 for earlier, later in itertools.pairwise(elapsed))
    requests = [int(m["requests"]) for m in progress]
    assert requests == sorted(requests) and requests[-1] >= 1
    assert {m["total"] for m in progress} == {"1"}
    phases = {"probing", "examples", "coverage", "fuzzing", "stateful", "volume"}
    assert {m["phase"] for m in progress} <= phases


def test_quiet_turns_progress_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import treaty.cli.fuzz

    monkeypatch.setattr(treaty.cli.fuzz, "PROGRESS_EVERY_LOG", 0.2)
    code, out, err = _run(tmp_path, 0.5, "--include-path", "/slow", "--max-requests", "3", "-q")
    assert code == 0, out
    assert not [line for line in err.splitlines() if LINE.match(line)], err
    assert "seed 1" in err  # the seed line stays: it is how a run is repeated
