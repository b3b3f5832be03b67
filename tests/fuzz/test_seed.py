"""Every run has a seed, printed at its start and stored in its report, and the seed repeats it.

"The same requests" is observed where it matters, on the server: ``CountingApp`` records the
method, path and query string of every request it receives, in order.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from fuzz_helpers import CliRun, invoke, serving, validate_report


def _fuzz(tmp: Path, *extra: str) -> tuple[CliRun, list[tuple[str, str, bytes]]]:
    """``treaty fuzz`` in a process of its own, from an empty directory, as a user runs it.

    In one process, a second run would also draw on constants Hypothesis mined from the
    modules the first run imported, and send other requests for that reason alone.
    """
    import hostile_apps

    tmp.mkdir()
    spec = tmp / "simple.json"
    spec.write_text(json.dumps(hostile_apps.SIMPLE_DOCUMENT))
    app = hostile_apps.CountingApp()
    with serving(app) as url:
        command = [
            sys.executable,
            "-m",
            "treaty",
            "fuzz",
            str(spec),
            "--url",
            url,
            "--max-examples",
            "10",
            "--output",
            f"json={tmp / 'report.json'}",
            *extra,
        ]
        done = subprocess.run(command, cwd=tmp, capture_output=True, text=True, timeout=120)
    report = json.loads((tmp / "report.json").read_text())
    return CliRun(done.returncode, done.stdout, done.stderr, {}, report), app.seen


def test_an_unseeded_run_prints_and_stores_the_seed_that_repeats_it(tmp_path: Path) -> None:
    first, sent = _fuzz(tmp_path / "first")
    validate_report(first.report)
    seed = first.report["seed"]
    assert isinstance(seed, int)
    assert re.search(rf"^treaty fuzz: seed {seed} \(--seed {seed} repeats this run\)$",
                     first.stderr, re.MULTILINE)  # fmt: skip
    assert re.search(rf"^  seed +{seed}$", first.stdout, re.MULTILINE)
    assert len(sent) > 20

    again, resent = _fuzz(tmp_path / "again", "--seed", str(seed))
    assert again.report["seed"] == seed
    assert resent == sent


def test_different_seeds_send_different_requests(tmp_path: Path) -> None:
    import hostile_apps

    spec = tmp_path / "simple.json"
    spec.write_text(json.dumps(hostile_apps.SIMPLE_DOCUMENT))
    sent = []
    for seed in ("1", "2"):
        app = hostile_apps.CountingApp()
        with serving(app) as url:
            invoke(["fuzz", str(spec), "--url", url, "--max-examples", "10", "--seed", seed],
                   tmp_path)  # fmt: skip
        sent.append(app.seen)
    assert sent[0] != sent[1]


def test_smoke_always_has_seed_zero(tmp_path: Path) -> None:
    import hostile_apps

    spec = tmp_path / "simple.json"
    spec.write_text(json.dumps(hostile_apps.SIMPLE_DOCUMENT))
    with serving(hostile_apps.CountingApp()) as url:
        run = invoke(["smoke", str(spec), "--url", url], tmp_path)
    assert run.report["seed"] == 0
    assert "treaty smoke: seed 0" in run.stderr
