"""A spec split into many files, compared from two git revisions and from the same plain files.

    .venv/bin/python benchmarks/git_sources.py [--files 1000] [--runs 5] [--treaty PATH]

Builds, in a temporary git repository, a synthetic OpenAPI document whose operations reach
``--files`` schema files through ``$ref``s (each schema file refers to a shared one, and every
tenth to its neighbour), commits it, changes a few files (a removed property, a narrowed enum,
a new required field) and commits again. It then times, as subprocesses (one warm-up run, then
the median of ``--runs``; document cache off):

- ``treaty breaking HEAD~1:api/openapi.yaml HEAD:api/openapi.yaml`` (every blob from git);
- ``treaty breaking old/api/openapi.yaml api/openapi.yaml`` (the same two trees as files);

and prints both, the ratio (git / files; the target is at most 1.2) and the number of git
processes one git run starts (from ``GIT_TRACE``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _schema(index: int, files: int, *, revised: bool) -> str:
    lines = [
        "type: object",
        "required: [id]" if not (revised and index % 97 == 3) else "required: [id, name]",
        "properties:",
        "  id: {type: integer, format: int64}",
        "  name: {type: string, maxLength: 200}",
        "  shared: {$ref: './shared.yaml'}",
    ]
    if not (revised and index % 89 == 5):
        lines.append(f"  note{index}: {{type: string, description: 'Field {index} of the API'}}")
    status = "[active, pending]" if revised and index % 83 == 7 else "[active, pending, archived]"
    lines.append(f"  status: {{type: string, enum: {status}}}")
    if index % 10 == 0 and index + 1 < files:
        lines.append(f"  next: {{$ref: './s{index + 1}.yaml'}}")
    return "\n".join(lines) + "\n"


def write_tree(root: Path, files: int, *, revised: bool) -> None:
    schemas = root / "api" / "schemas"
    schemas.mkdir(parents=True, exist_ok=True)
    (schemas / "shared.yaml").write_text("type: object\nproperties: {at: {type: string}}\n")
    paths = []
    for index in range(files):
        (schemas / f"s{index}.yaml").write_text(_schema(index, files, revised=revised))
        paths.append(
            f"  /r{index}:\n    get:\n      responses:\n        '200':\n"
            f"          description: ok\n          content:\n            application/json:\n"
            f"              schema: {{$ref: './schemas/s{index}.yaml'}}\n"
        )
    root_doc = "openapi: 3.0.3\ninfo: {title: split, version: '1'}\npaths:\n" + "".join(paths)
    (root / "api" / "openapi.yaml").write_text(root_doc)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def measure(args: list[str], cwd: Path, env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``runs`` runs after one warm-up."""
    results = []
    for index in range(runs + 1):
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise RuntimeError(f"{' '.join(args)} failed in {cwd}")
        if index:
            results.append((wall, usage.ru_utime + usage.ru_stime))
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def count_git_processes(args: list[str], cwd: Path, env: dict[str, str], scratch: Path) -> int:
    """The git commands one run starts, from git's own trace (``GIT_TRACE``)."""
    log = scratch / "git.trace"
    env = {**env, "GIT_TRACE": str(log)}
    subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=False)
    return sum("trace: built-in: git " in line for line in log.read_text().splitlines())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--treaty", type=Path, default=Path(sys.executable).with_name("treaty"))
    args = parser.parse_args(argv)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env |= {"TREATY_NO_CACHE": "1", "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1"}
    with tempfile.TemporaryDirectory(prefix="treaty-git-") as scratch_dir:
        scratch = Path(scratch_dir)
        repo = scratch / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        write_tree(repo, args.files, revised=False)
        git(repo, "add", "-A")
        git(repo, "-c", "user.name=b", "-c", "user.email=b@b.invalid", "commit", "-qm", "v1")
        write_tree(repo / "old", args.files, revised=False)  # untracked: BASE as plain files
        write_tree(repo, args.files, revised=True)
        git(repo, "add", "api")
        git(repo, "-c", "user.name=b", "-c", "user.email=b@b.invalid", "commit", "-qm", "v2")
        treaty = str(args.treaty)
        from_git = [treaty, "breaking", "HEAD~1:api/openapi.yaml", "HEAD:api/openapi.yaml"]
        from_files = [treaty, "breaking", "old/api/openapi.yaml", "api/openapi.yaml"]
        git_wall, git_cpu = measure(from_git, repo, env, args.runs)
        file_wall, file_cpu = measure(from_files, repo, env, args.runs)
        processes = count_git_processes(from_git, repo, env, scratch)
    print(f"#### {args.files + 2} files per revision ({treaty}, median of {args.runs})\n")
    print("| sources | wall | CPU (treaty + git) |")
    print("|---|---|---|")
    print(f"| two git revisions | {git_wall * 1000:.0f} ms | {git_cpu * 1000:.0f} ms |")
    print(f"| the same trees as files | {file_wall * 1000:.0f} ms | {file_cpu * 1000:.0f} ms |")
    print(f"\ngit / files: {git_wall / file_wall:.2f}x wall (target <= 1.2x)")
    print(f"git processes started by one git run: {processes}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
