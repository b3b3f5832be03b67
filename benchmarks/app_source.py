"""What asking an ``--app`` in a child process costs, against asking it in-process.

Each run is a fresh interpreter (a CLI run is one) in the repository root, timing only the
step that gets the document: *child* = ``treaty.sources.app.fetch_document`` (the child
interpreter, the app's imports in it, the pipe); *in-process* = importing the app and
``json.dumps(app.openapi())`` in the same interpreter (what treaty did before #15). The two
alternate, so load on the machine falls on both; medians and minima are printed, and the
added cost is the difference of the medians.

    .venv/bin/python benchmarks/app_source.py [--runs 15] [--app fixtures.apps.petstore_app:app]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import time
from treaty.sources import AppSource
from treaty.sources.app import fetch_document
start = time.perf_counter()
fetch_document(AppSource({target!r}), 60.0, 100 * 1024 * 1024)
print(time.perf_counter() - start)
"""
IN_PROCESS = """
import importlib, json, sys, time
sys.path.insert(0, '.')
start = time.perf_counter()
module, _, attr = {target!r}.partition(':')
app = getattr(importlib.import_module(module), attr)
json.dumps(app.openapi()).encode()
print(time.perf_counter() - start)
"""


def _once(code: str, target: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code.format(target=target)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--app", default="fixtures.apps.petstore_app:app")
    args = parser.parse_args()
    times: dict[str, list[float]] = {"child": [], "in-process": []}
    _once(CHILD, args.app)  # warm the bytecode caches of both
    for _ in range(args.runs):
        times["child"].append(_once(CHILD, args.app))
        times["in-process"].append(_once(IN_PROCESS, args.app))
    print(f"| `{args.app}`, {args.runs} runs | median | min |")
    print("|---|---|---|")
    for name, values in times.items():
        median, best = statistics.median(values) * 1000, min(values) * 1000
        print(f"| {name} | {median:.0f} ms | {best:.0f} ms |")
    added = statistics.median(times["child"]) - statistics.median(times["in-process"])
    print(f"\nadded by the child process: {added * 1000:.0f} ms (difference of the medians)")


if __name__ == "__main__":
    main()
