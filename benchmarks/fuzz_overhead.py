"""Overhead of `treaty fuzz` over plain schemathesis, two ways.

- engine (default): requests per second of treaty's library path against a plain
  schemathesis engine run, same phases (examples, coverage, fuzzing; no stateful and no
  volume step so the request mix is comparable), same seed, the demo API under uvicorn on
  127.0.0.1. Run: `.venv/bin/python benchmarks/fuzz_overhead.py [max_examples] [rounds]`.
- defaults: wall time of the two command lines with their default settings (`treaty fuzz`
  with every phase and the volume step, `schemathesis run --checks all`), same seed and
  `--max-examples`, each as a subprocess against a fresh server: the demo API, the shop API,
  and an API whose one slow endpoint answers after 3 s under a 2 s timeout (what made treaty
  20x slower than schemathesis on a real API, re-sending slow requests into the timeout).
  Run: `.venv/bin/python benchmarks/fuzz_overhead.py defaults [max_examples]`.
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


def serve(app: object = None) -> str:
    import demo_api
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app or demo_api.create_app(), log_level="error")  # type: ignore[arg-type]
    server = uvicorn.Server(config)
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


#: Seconds the slow endpoint waits, and the request timeout both tools get for that API.
SLOW_DELAY, SLOW_TIMEOUT = 3.0, 2.0


def defaults(examples: int) -> None:
    """Wall time of each command line with its defaults, per API."""
    import json
    import subprocess
    import tempfile

    import shop_api
    import slow_app

    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        slow_spec = Path(tmp) / "slow.json"
        slow_spec.write_text(json.dumps(slow_app.DOCUMENT))
        apis = [
            ("demo", REPO / "fixtures/specs/demo-api.yaml", None, ()),
            ("shop", REPO / "fixtures/apps/shop_api.yaml", shop_api.create_app, ()),
            ("slow endpoint", slow_spec, lambda: slow_app.slow_app(SLOW_DELAY), (SLOW_TIMEOUT,)),
        ]
        for name, spec, factory, timeout in apis:
            common = ["--seed", "1", "--max-examples", str(examples)]
            st_timeout = [arg for t in timeout for arg in ("--request-timeout", str(t))]
            tr_timeout = [arg for t in timeout for arg in ("--timeout", str(t))]
            commands = {
                "schemathesis": [str(bin_dir / "schemathesis"), "run", str(spec), "--checks",
                                 "all", *common, *st_timeout],
                "treaty": [str(bin_dir / "treaty"), "fuzz", str(spec), "-q", *common,
                           *tr_timeout],
            }  # fmt: skip
            for tool, command in commands.items():
                url = serve(factory() if factory else None)
                started = time.perf_counter()
                subprocess.run([*command, "--url", url], cwd=tmp, capture_output=True, check=False)
                print(f"{name:14s} {tool:12s} {time.perf_counter() - started:7.1f}s")


def main() -> None:
    if sys.argv[1:2] == ["defaults"]:
        defaults(int(sys.argv[2]) if len(sys.argv) > 2 else 20)
        return
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
