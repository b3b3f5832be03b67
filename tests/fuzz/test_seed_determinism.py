"""A seeded run sends the same requests whatever local code the process has imported.

Hypothesis mines literals from every local module loaded in the process and mixes them into
generated data; treaty turns that off for its runs (treaty/fuzz/determinism.py), so importing a
module full of literals between two runs with the same seed changes nothing on the wire.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

from fuzz_helpers import serving

from treaty.fuzz.options import FuzzOptions
from treaty.fuzz.run import run
from treaty.sources import load

MINED = [f"mined-literal-{n:03d}" for n in range(300)]


def _requests(spec: Path, seed: int) -> list[tuple[str, str, bytes]]:
    import hostile_apps

    app = hostile_apps.CountingApp()
    with serving(app) as url:
        options = FuzzOptions(base_url=url, seed=seed, max_examples=15, volume=0)
        run(load(str(spec)), options)
    return app.seen


def test_local_literals_do_not_change_a_seeded_run(tmp_path: Path) -> None:
    import json

    import hostile_apps

    spec = tmp_path / "simple.json"
    spec.write_text(json.dumps(hostile_apps.SIMPLE_DOCUMENT))
    before = _requests(spec, seed=3)
    module = tmp_path / "local_literals.py"
    literals = "\n".join(f"L{n} = {value!r}" for n, value in enumerate(MINED))
    numbers = "\n".join(f"N{n} = {987_000 + n}" for n in range(300))
    module.write_text(f"{literals}\n{numbers}\n")
    sys.path.insert(0, str(tmp_path))
    try:
        importlib.import_module("local_literals")
        after = _requests(spec, seed=3)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("local_literals", None)
    assert len(before) > 20
    assert after == before
    sent = " ".join(f"{path}?{query.decode(errors='replace')}" for _, path, query in after)
    assert "mined-literal" not in sent
    assert not {str(987_000 + n) for n in range(300)} & set(re.split(r"[^0-9]+", sent))


def test_the_hypothesis_hook_is_restored_after_a_run() -> None:
    from hypothesis.internal.conjecture import providers

    from treaty.fuzz.determinism import no_local_constants

    original = providers._get_local_constants
    with no_local_constants():
        assert providers._get_local_constants is not original
        assert len(providers._get_local_constants()) == 0
    assert providers._get_local_constants is original


def test_a_run_keeps_its_examples_to_itself(tmp_path: Path, monkeypatch: object) -> None:
    """The run's example database lives in a temporary directory of its own: nothing in the
    working directory, nothing left behind, nothing an earlier run saved is replayed."""
    import json
    import tempfile

    import hostile_apps
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    spec = tmp_path / "simple.json"
    spec.write_text(json.dumps(hostile_apps.SIMPLE_DOCUMENT))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    # a temporary directory of the test's own, so other runs on the machine cannot show up in it
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    before = {p.name for p in temp.glob("treaty-examples-*")}
    first = _requests(spec, seed=5)
    second = _requests(spec, seed=5)
    assert first == second, "a second run replays nothing the first one saved"
    assert list(work.iterdir()) == []
    assert {p.name for p in temp.glob("treaty-examples-*")} == before
