"""Overhead of `treaty fuzz` over a plain schemathesis engine run, in requests per second.

Both sides run the same phases (examples, coverage, fuzzing; no stateful and no volume step so
the request mix is comparable) with the same seed against the same demo API served by uvicorn
on 127.0.0.1. Run: `.venv/bin/python benchmarks/fuzz_overhead.py [max_examples] [rounds]`.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "fixtures" / "apps"))
PHASES = ("examples", "coverage", "fuzzing")


def serve() -> str:
    import demo_api
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(demo_api.create_app(), log_level="error"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


def plain(url: str, examples: int) -> tuple[int, float]:
    """schemathesis alone: from_dict + engine, counting requests from its own events."""
    import schemathesis
    import yaml
    from schemathesis.config import SchemathesisConfig
    from schemathesis.engine import events, from_schema

    root = yaml.safe_load((REPO / "fixtures" / "specs" / "demo-api.yaml").read_text())
    phases = {name: {"enabled": name in PHASES} for name in (*PHASES, "stateful")}
    config = SchemathesisConfig.from_dict(
        {
            "seed": 1,
            "base-url": url,
            "continue-on-failure": True,
            "phases": phases,
            "generation": {"max-examples": examples},
        }
    )
    schema = schemathesis.openapi.from_dict(root, config=config)
    started, requests = time.perf_counter(), 0
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            requests += len(event.recorder.interactions)
    return requests, time.perf_counter() - started


def treaty(url: str, examples: int) -> tuple[int, float]:
    """treaty's full path: load, select, configure, run, convert, redact."""
    from treaty.fuzz.options import FuzzOptions
    from treaty.fuzz.run import run
    from treaty.sources import load

    options = FuzzOptions(base_url=url, seed=1, max_examples=examples, phases=PHASES)
    started = time.perf_counter()
    report = run(load(str(REPO / "fixtures" / "specs" / "demo-api.yaml")), options)
    # per-operation requests, as schemathesis counts them: report.requests also has the probes
    return sum(op.requests for op in report.operations), time.perf_counter() - started


def main() -> None:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rates: dict[str, list[float]] = {"schemathesis": [], "treaty": []}
    for _ in range(rounds):
        for name, runner in (("schemathesis", plain), ("treaty", treaty)):
            requests, seconds = runner(serve(), examples)
            rates[name].append(requests / seconds)
            rate = requests / seconds
            print(f"{name:12s} {requests:5d} requests in {seconds:6.2f}s = {rate:7.1f}/s")
    best = {name: max(values) for name, values in rates.items()}
    overhead = (best["schemathesis"] - best["treaty"]) / best["schemathesis"] * 100
    print(f"best: schemathesis {best['schemathesis']:.1f}/s, treaty {best['treaty']:.1f}/s, "
          f"overhead {overhead:+.1f}%")  # fmt: skip


if __name__ == "__main__":
    main()
