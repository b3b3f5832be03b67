"""Start-up cost of treaty's short commands: repeated runs (hyperfine-style) and import times.

    .venv/bin/python benchmarks/startup.py [--runs 20] [--treaty PATH] [--corpus DIR]

Each command runs as a subprocess: two warm-up runs, then ``--runs`` measured runs; the table
gives the mean ± standard deviation, the minimum and the median of the wall time, and the
median CPU time (user + system, from ``wait4``: what a busy machine disturbs least). Commands:

- ``treaty --help``;
- ``treaty breaking`` on the README demo (``fixtures/demo/petstore-v1.yaml`` → ``v2``);
- ``treaty breaking`` on a small JSON pair (two synthetic ~140 KB documents, written to a
  temporary directory) and, when the corpus is there, on its pairs of ≤ 300 KB in all.

Then ``python -X importtime`` of the demo ``breaking`` run: the total import time and the
slowest modules imported directly by treaty's own (cumulative microseconds), and whether any
of the heavy modules a two-document comparison must not need was imported.

``--treaty PATH`` measures another installation (a checkout with its own venv);
``--against PATH`` adds a second one, and the two are run alternately, command by command, so
that a busy machine disturbs both alike (a before/after comparison). Child processes run
with bytecode caching on, as an installed tool does. The document cache is off
(``TREATY_NO_CACHE=1``) so every run parses.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402  # the benchmarks' own document generator

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEMO = [ROOT / "fixtures/demo/petstore-v1.yaml", ROOT / "fixtures/demo/petstore-v2.yaml"]
SMALL = 300 * 1024
HEAVY = ("httpx", "schemathesis", "hypothesis", "deepdiff", "jsonschema",
         "openapi_spec_validator", "treaty.render.html", "treaty.pipeline")  # fmt: skip


def child_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["TREATY_NO_CACHE"] = "1"
    env["NO_COLOR"] = "1"
    return env


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{' '.join(args)}: {errors.decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(commands: list[list[str]], runs: int) -> list[str]:
    """The same command of each installation, run alternately (so load hits them alike)."""
    env = child_env()
    for args in commands * 2:  # warm-up
        run_once(args, env)
    results: list[list[tuple[float, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for index, args in enumerate(commands):
            results[index].append(run_once(args, env))
    rows = []
    for measured in results:
        walls = [wall * 1000 for wall, _ in measured]
        cpu = statistics.median(cpu for _, cpu in measured) * 1000
        spread = statistics.stdev(walls) if len(walls) > 1 else 0.0
        rows.append(
            f"{statistics.mean(walls):.0f} ± {spread:.0f} ms | {min(walls):.0f} ms | "
            f"{statistics.median(walls):.0f} ms | {cpu:.0f} ms"
        )
    return rows


def import_times(
    python: str, arguments: list[str]
) -> tuple[float, list[tuple[int, str]], set[str]]:
    """Total import time (ms), the slowest modules treaty imports, and the modules loaded."""
    script = (
        "import sys, json\nfrom treaty.cli import cli\n"
        "try:\n    cli.main(sys.argv[1:], prog_name='treaty', standalone_mode=False)\n"
        "except SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [python, "-X", "importtime", "-c", script, *arguments],
        capture_output=True, text=True, env=child_env(), check=False,
    )  # fmt: skip
    lines = proc.stderr.splitlines()
    modules = set(json.loads(lines[-1]))
    total = 0
    slow: list[tuple[int, str]] = []
    for line in lines[:-1]:
        if not line.startswith("import time:") or "|" not in line or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        depth = (len(name) - len(name.lstrip())) // 2
        if depth == 0:
            total += int(cumulative)
        if depth <= 1:
            slow.append((int(cumulative), name.strip()))
    slow.sort(reverse=True)
    return total / 1000, slow[:12], modules


def small_pairs(corpus: Path) -> list[tuple[str, list[Path]]]:
    manifest = corpus / "MANIFEST.json"
    if not manifest.is_file():
        return []
    pairs = []
    for pair in json.loads(manifest.read_text())["pairs"]:
        files = [corpus / pair["base"], corpus / pair["revision"]]
        if all(f.is_file() for f in files) and sum(f.stat().st_size for f in files) <= SMALL:
            pairs.append((pair["id"], files))
    return pairs


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--treaty", type=Path, default=Path(sys.executable).with_name("treaty"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--against",
        type=Path,
        help="another installation's treaty script, run alternately with --treaty (before/after)",
    )
    args = parser.parse_args(argv)
    treaties = [str(args.treaty)] + ([str(args.against)] if args.against else [])
    python = str(args.treaty.with_name("python"))
    with tempfile.TemporaryDirectory(prefix="treaty-startup-") as scratch:
        json_pair = [Path(scratch, "base.json"), Path(scratch, "revision.json")]
        json_pair[0].write_text(json.dumps(synthetic.document(36), indent=1))
        json_pair[1].write_text(json.dumps(synthetic.revision(36), indent=1))
        commands: list[tuple[str, list[str]]] = [
            ("`treaty --help`", ["--help"]),
            ("`treaty breaking` README demo", ["breaking", *map(str, DEMO)]),
        ]
        kb = sum(f.stat().st_size for f in json_pair) // 2048
        commands.append(
            (f"`treaty breaking` JSON pair, 2 x {kb} KB", ["breaking", *map(str, json_pair)])
        )
        for pair_id, files in small_pairs(args.corpus):
            commands.append((f"`treaty breaking` {pair_id}", ["breaking", *map(str, files)]))
        print(f"#### start-up ({', '.join(treaties)}; {args.runs} runs, alternating)\n")
        print("| command | treaty | wall mean ± sd | min | median | CPU (median) |")
        print("|---|---|---|---|---|---|")
        for label, arguments in commands:
            rows = measure([[treaty, *arguments] for treaty in treaties], args.runs)
            for treaty, row in zip(treaties, rows, strict=True):
                print(f"| {label} | {Path(treaty).parents[2].name} | {row} |", flush=True)
    total, slow, modules = import_times(python, ["breaking", *map(str, DEMO)])
    print(f"\n#### `python -X importtime`, `treaty breaking` README demo: {total:.0f} ms\n")
    print("| module (top two levels) | cumulative |")
    print("|---|---|")
    for micros, name in slow:
        print(f"| `{name}` | {micros / 1000:.1f} ms |")
    loaded = [name for name in HEAVY if name in modules]
    print(f"\nheavy modules imported: {', '.join(loaded) if loaded else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
