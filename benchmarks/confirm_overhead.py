"""Cost of `treaty confirm` on the bookshop demo (fixtures/confirm), against a plain fuzz run.

Three runs per round against the new bookshop (version 2) under uvicorn on 127.0.0.1, all with
the same seed, examples and phases, on the operations the breaking findings touch:

- plain:        `treaty.fuzz.run.run` of BASE, positive generation, confirm's checks — the
                old-contract traffic alone, with nothing judged;
- confirm:      `api.confirm` (the static diff, the same traffic, the verdicts and reports);
- differential: `api.confirm` with the old bookshop (version 1) as `--old-url`.

Prints requests sent (differential re-sends included) and wall time of each, the median over
rounds after one warm-up round, and confirm's overhead over the plain run (target: under 10 %).
Run: `.venv/bin/python benchmarks/confirm_overhead.py [max_examples] [rounds]`.
"""

from __future__ import annotations

import socket
import statistics
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "fixtures" / "confirm"
sys.path.insert(0, str(DEMO))
BASE, REVISION = str(DEMO / "base.yaml"), str(DEMO / "revision.yaml")
PHASES = ("examples", "coverage", "fuzzing")


def serve(app: object) -> str:
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="off"))  # type: ignore[arg-type]
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


def main() -> None:
    import shop

    from treaty import api
    from treaty.confirm.run import ConfirmOptions, traffic_options
    from treaty.fuzz.options import FuzzOptions
    from treaty.fuzz.run import run
    from treaty.sources import load

    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    new, old = serve(shop.create_app(2)), serve(shop.create_app(1))
    fuzz = FuzzOptions(base_url=new, seed=1, max_examples=examples, phases=PHASES)
    options = ConfirmOptions(fuzz)
    base = load(BASE)
    static = api.diff(BASE, REVISION)  # the operations the breaking findings touch
    touched = sorted(
        {(op.method.upper(), op.path) for f in static.findings for op in f.change.operations}
    )
    results: dict[str, list[tuple[int, float]]] = {"plain": [], "confirm": [], "differential": []}
    for round_ in range(rounds + 1):  # round 0 warms imports and caches up, and is dropped
        started = time.perf_counter()
        plain = run(base, traffic_options(options, touched))
        results["plain"].append((plain.requests, time.perf_counter() - started))
        started = time.perf_counter()
        report = api.confirm(BASE, REVISION, options)
        results["confirm"].append((report.traffic.requests, time.perf_counter() - started))
        started = time.perf_counter()
        report = api.confirm(BASE, REVISION, replace(options, old_url=old))
        results["differential"].append((report.traffic.requests, time.perf_counter() - started))
        if round_ == 0:
            results = {name: [] for name in results}
    medians = {}
    for name, samples in results.items():
        requests = samples[-1][0]
        wall = statistics.median(t for _, t in samples)
        medians[name] = wall
        print(f"{name:13} {requests:5d} requests  {wall:6.2f} s  (median of {rounds})")
    overhead = (medians["confirm"] - medians["plain"]) / medians["plain"] * 100
    print(f"confirm overhead over the plain run: {overhead:+.1f} %")


if __name__ == "__main__":
    main()
