"""treaty's performance benchmark: start-up, a pre-commit check, every corpus pair, growth.

    .venv/bin/python benchmarks/bench.py [CORPUS] [--runs 5] [--stage-runs 3] [--pairs ID,...]

CORPUS defaults to ``../shared/corpus`` (next to the repository). For every pair listed in its
``MANIFEST.json`` the whole command ``treaty breaking BASE REVISION --format json`` runs as a
subprocess ``--runs`` times (after one warm-up run), and the median wall time, the median CPU
time (user + system, which a busy machine disturbs less than wall time) and the peak RSS are
reported. The stages are then timed in-process (median of ``--stage-runs``):

    load      read the bytes, parse JSON/YAML, bundle external $refs (none in the corpus)
    model     build the typed Spec: Swagger 2.0 read as 3.x, $ref'd parameters/responses resolved
    diff      pair operations, compare schemas (schema $refs are resolved here, lazily)
    classify  judge every change with the rule catalogue
    render    the JSON report

The corpus runs use ``TREATY_NO_CACHE=1`` (a cold parse); the ``warm`` column reruns the YAML
pairs with the parsed-document cache filled, as a pre-commit hook sees its baseline. The child
processes run with bytecode caching on (as an installed tool does, whatever
PYTHONDONTWRITEBYTECODE says here). Prints one Markdown table per section and the budgets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
MB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    """The median of several runs of one command."""

    wall: float  # seconds, median
    cpu: float  # user + system seconds, median
    rss: float  # MiB, peak over the runs
    codes: frozenset[int]


def treaty_command() -> list[str]:
    script = Path(sys.executable).with_name("treaty")
    return [str(script)] if script.exists() else [sys.executable, "-m", "treaty"]


def child_env(cache: Path, *, cached: bool) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["TREATY_CACHE_DIR"] = str(cache)
    env["NO_COLOR"] = "1"
    if cached:
        env.pop("TREATY_NO_CACHE", None)
    else:
        env["TREATY_NO_CACHE"] = "1"
    return env


def run_once(args: Sequence[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak RSS (MiB) and exit code of one child process.

    Linux reports a child's peak RSS as at least this process's RSS when it forked, which is
    why this process never loads documents itself: stages and synthetic documents are made in
    child processes too.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            errors.seek(0)
            raise RuntimeError(f"{' '.join(args)}: {errors.read().decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode


def measure(
    args: Sequence[str], env: dict[str, str], runs: int, before: Callable[[int], None] | None = None
) -> Run:
    """One warm-up run, then the median of ``runs`` runs (``before(i)`` prepares run i)."""
    results = []
    for index in range(runs + 1):
        if before is not None:
            before(index)
        result = run_once(args, env)
        if index:
            results.append(result)
    return Run(
        wall=statistics.median(r[0] for r in results),
        cpu=statistics.median(r[1] for r in results),
        rss=max(r[2] for r in results),
        codes=frozenset(r[3] for r in results),
    )


# --- in-process stages ---------------------------------------------------------------------


@contextmanager
def no_cache() -> Iterator[None]:
    old = os.environ.get("TREATY_NO_CACHE")
    os.environ["TREATY_NO_CACHE"] = "1"
    try:
        yield
    finally:
        if old is None:
            del os.environ["TREATY_NO_CACHE"]
        else:
            os.environ["TREATY_NO_CACHE"] = old


def stages(base: Path, revision: Path) -> tuple[dict[str, float], int, int]:
    """Seconds per stage of one in-process run, the number of changes and of findings."""
    from treaty.changes import DiffOptions, compute
    from treaty.classify import classify
    from treaty.render import OutputFormat, RenderOptions, render
    from treaty.report import Report, ReportKind
    from treaty.rules import RULES, RuleContext
    from treaty.rules.registry import Severity
    from treaty.sources import load
    from treaty.spec import build

    clock = time.perf_counter
    times: dict[str, float] = {}
    with no_cache():
        start = clock()
        documents = (load(str(base)), load(str(revision)))
    times["load"] = clock() - start
    start = clock()
    specs = (build(documents[0]), build(documents[1]))
    times["model"] = clock() - start
    start = clock()
    changes = compute(specs[0], specs[1], DiffOptions())
    times["diff"] = clock() - start
    start = clock()
    context = RuleContext(today=dt.date.today(), base=specs[0], revision=specs[1])
    findings = [
        finding
        for finding in classify(changes, RULES, context, None)
        if finding.severity is not Severity.INFO
    ]
    times["classify"] = clock() - start
    start = clock()
    report = Report(
        kind=ReportKind.BREAKING,
        base=str(base),
        revision=str(revision),
        findings=tuple(findings),
        base_document=documents[0],
        revision_document=documents[1],
    )
    render(report, OutputFormat.JSON, RenderOptions())
    times["render"] = clock() - start
    return times, len(changes), len(findings)


def median_stages(base: Path, revision: Path, runs: int) -> tuple[dict[str, float], int, int]:
    """The stages, timed in a child process (so this one stays small: see ``run_once``)."""
    args = [sys.executable, __file__, "--stages", str(base), str(revision), str(runs)]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    found = json.loads(subprocess.run(args, check=True, capture_output=True, env=env).stdout)
    return found["times"], found["changes"], found["findings"]


def _stages_main(base: str, revision: str, runs: str) -> int:
    samples = [stages(Path(base), Path(revision)) for _ in range(int(runs))]
    names = samples[0][0]
    medians = {name: statistics.median(s[0][name] for s in samples) for name in names}
    print(json.dumps({"times": medians, "changes": samples[0][1], "findings": samples[0][2]}))
    return 0


def write_synthetic(groups: int, kind: str, out: Path) -> Path:
    """A synthetic document, written by a child process (this one stays small)."""
    script = Path(__file__).with_name("synthetic.py")
    subprocess.run([sys.executable, str(script), str(groups), kind, str(out)], check=True)
    return out


# --- tables --------------------------------------------------------------------------------


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


@dataclass
class Budget:
    name: str
    measured: float
    limit: float
    unit: str

    def row(self) -> list[str]:
        shown = ms if self.unit == "s" else (lambda value: f"{value:.0f} MiB")
        verdict = "met" if self.measured < self.limit else "MISSED"
        return [self.name, shown(self.measured), shown(self.limit), verdict]


# --- sections ------------------------------------------------------------------------------


def startup(runs: int, cache: Path) -> tuple[str, list[Budget]]:
    env = child_env(cache, cached=True)
    rows, budgets = [], []
    for args in (["--help"], ["--version"]):
        result = measure([*treaty_command(), *args], env, runs)
        rows.append([f"`treaty {args[0]}`", ms(result.wall), ms(result.cpu), f"{result.rss:.0f}"])
        if args == ["--help"]:
            budgets.append(Budget("`treaty --help`", result.wall, 0.150, "s"))
    return table(["command", "wall (median)", "CPU (median)", "peak RSS MiB"], rows), budgets


def precommit(runs: int, work: Path) -> tuple[str, list[Budget]]:
    """``treaty breaking`` on two ~50 KB YAML documents, as a pre-commit hook runs it."""
    groups = 15  # 60 operations, about 50 KB of YAML
    base = write_synthetic(groups, "base", work / "openapi-base.yaml")
    text = write_synthetic(groups, "revision", work / "openapi.yaml").read_text()
    revision = work / "openapi.yaml"
    command = [*treaty_command(), "breaking", str(base), str(revision), "--format", "json"]
    rows, budgets = [], []

    def fresh_revision(index: int) -> None:  # the working copy changes at every commit
        revision.write_text(f"{text}# edit {index} {time.time_ns()}\n")

    cold = measure(command, child_env(work / "cold-cache", cached=False), runs, fresh_revision)
    cache = work / "hook-cache"
    warm = measure(command, child_env(cache, cached=True), runs, fresh_revision)
    size = f"{base.stat().st_size / 1000:.0f} + {revision.stat().st_size / 1000:.0f} KB"
    rows.append(["no cache", size, ms(cold.wall), ms(cold.cpu), f"{cold.rss:.0f}"])
    rows.append(["baseline cached", size, ms(warm.wall), ms(warm.cpu), f"{warm.rss:.0f}"])
    budgets.append(Budget("`treaty breaking`, two ~50 KB specs", warm.wall, 0.300, "s"))
    budgets.append(Budget("... the same without the cache", cold.wall, 0.300, "s"))
    header = ["pre-commit check", "size", "wall (median)", "CPU (median)", "peak RSS MiB"]
    return table(header, rows), budgets


_PAIR_BUDGETS = {
    "github-22.0.0-23.0.0": (2.0, 400.0),
    "kubernetes-1.31-1.32": (1.5, None),
    "stripe-b": (2.0, None),
}


def corpus(
    folder: Path, runs: int, stage_runs: int, only: set[str], work: Path
) -> tuple[str, list[Budget]]:
    manifest = json.loads((folder / "MANIFEST.json").read_text())
    rows, budgets = [], []
    for pair in manifest["pairs"]:
        if only and pair["id"] not in only:
            continue
        base, revision = folder / pair["base"], folder / pair["revision"]
        command = [*treaty_command(), "breaking", str(base), str(revision), "--format", "json"]
        cold = measure(command, child_env(work / "no-cache", cached=False), runs)
        warm = "—"
        if base.suffix == ".yaml" or revision.suffix == ".yaml":
            cached = measure(command, child_env(work / "corpus-cache", cached=True), runs)
            warm = ms(cached.wall)
        times, changes, findings = median_stages(base, revision, stage_runs)
        size = (base.stat().st_size + revision.stat().st_size) / 1e6
        rows.append(
            [
                pair["id"],
                f"{size:.1f}",
                ms(cold.wall),
                ms(cold.cpu),
                warm,
                f"{cold.rss:.0f}",
                *(ms(times[name]) for name in ("load", "model", "diff", "classify", "render")),
                f"{changes} / {findings}",
            ]
        )
        limits = _PAIR_BUDGETS.get(pair["id"])
        if limits is not None:
            budgets.append(Budget(f"{pair['id']}", cold.wall, limits[0], "s"))
            if limits[1] is not None:
                budgets.append(Budget(f"{pair['id']} peak RSS", cold.rss, limits[1], "MiB"))
    header = [
        "pair",
        "MB",
        "wall",
        "CPU",
        "warm cache",
        "RSS MiB",
        "load",
        "model",
        "diff",
        "classify",
        "render",
        "changes / findings",
    ]
    return table(header, rows), budgets


def growth(runs: int, stage_runs: int, work: Path) -> str:
    """Synthetic documents of 1x, 4x and 16x the operations: time and memory per operation."""
    rows = []
    first: tuple[float, float] | None = None
    for factor in (1, 4, 16):
        groups = 50 * factor
        base = write_synthetic(groups, "base", work / f"growth-{factor}-base.json")
        revision = write_synthetic(groups, "revision", work / f"growth-{factor}.json")
        command = [*treaty_command(), "breaking", str(base), str(revision), "--format", "json"]
        result = measure(command, child_env(work / "no-cache", cached=False), runs)
        times, changes, _ = median_stages(base, revision, stage_runs)
        work_time = sum(times.values())
        operations = 4 * groups
        if first is None:
            first = (work_time / operations, result.rss)
        rows.append(
            [
                f"{factor}x",
                operations,
                f"{(base.stat().st_size + revision.stat().st_size) / 1e6:.1f}",
                ms(result.wall),
                ms(work_time),
                f"{work_time / operations * 1e6:.0f} µs",
                f"{work_time / operations / first[0]:.2f}",
                f"{result.rss:.0f}",
                changes,
            ]
        )
    header = [
        "size",
        "operations",
        "MB",
        "wall",
        "in-process (all stages)",
        "per operation",
        "per-op vs 1x",
        "RSS MiB",
        "changes",
    ]
    return table(header, rows)


def machine() -> str:
    cpus = os.cpu_count()
    model = ""
    with_cpuinfo = Path("/proc/cpuinfo")
    if with_cpuinfo.exists():
        for line in with_cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    return (
        f"{platform.system()} {platform.machine()}, {cpus} cores {model}, Python "
        f"{platform.python_version()}, PyYAML {yaml.__version__} "
        f"(libyaml {'yes' if hasattr(yaml, 'CSafeLoader') else 'no'}); "
        f"load average at the end {', '.join(f'{value:.1f}' for value in load)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5, help="subprocess runs per command")
    parser.add_argument("--stage-runs", type=int, default=3, help="in-process runs per pair")
    parser.add_argument("--pairs", default="", help="comma-separated pair ids (default: all)")
    parser.add_argument("--skip", default="", help="sections to skip: startup,hook,corpus,growth")
    options = parser.parse_args(argv)
    skip = set(filter(None, options.skip.split(",")))
    only = set(filter(None, options.pairs.split(",")))
    budgets: list[Budget] = []
    out: list[str] = []
    with tempfile.TemporaryDirectory(prefix="treaty-bench-") as scratch:
        work = Path(scratch)
        sections: list[tuple[str, Callable[[], tuple[str, list[Budget]] | str]]] = [
            ("startup", lambda: startup(options.runs, work / "cache")),
            ("hook", lambda: precommit(options.runs, work)),
            (
                "corpus",
                lambda: corpus(options.corpus, options.runs, options.stage_runs, only, work),
            ),
            ("growth", lambda: growth(options.runs, options.stage_runs, work)),
        ]
        for name, section in sections:
            if name in skip or (name == "corpus" and not options.corpus.exists()):
                continue
            result: Any = section()
            text, found = result if isinstance(result, tuple) else (result, [])
            budgets += found
            out.append(f"### {name}\n\n{text}\n")
            print(out[-1], flush=True)
    if budgets:
        rows = [budget.row() for budget in budgets]
        print("### budgets (median wall time of the whole process)\n")
        print(table(["budget", "measured", "limit", "verdict"], rows) + "\n")
    print(f"Machine: {machine()}; {dt.date.today().isoformat()}; runs={options.runs}.")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--stages"]:
        raise SystemExit(_stages_main(*sys.argv[2:5]))
    raise SystemExit(main())
