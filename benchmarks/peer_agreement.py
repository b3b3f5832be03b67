"""treaty's agreement with the breaking-change test suites of oasdiff and openapi-diff.

    .venv/bin/python benchmarks/peer_agreement.py --oasdiff GIT_DIR --openapi-diff GIT_DIR [-v]

Each GIT_DIR is a clone (bare or not) of ``oasdiff/oasdiff`` or ``OpenAPITools/openapi-diff``;
nothing of theirs is copied into treaty: their test documents are extracted to a temporary
directory for the run, and the verdict each test expects is read from its source:

- openapi-diff (``core/src/test/java``): ``assertSpecIncompatible`` and
  ``assertOpenApiBackwardIncompatible`` expect a breaking change; ``assertSpecUnchanged``,
  ``assertSpecChangedButCompatible``, ``assertOpenApiBackwardCompatible`` and
  ``assertOpenApiAreEquals`` expect none (``assertOpenApiChangedEndpoints`` says nothing
  about compatibility and is skipped).
- oasdiff (``checker/*_test.go``): a test that opens two files of ``data/`` and does not edit
  them in code; the level of every change it expects (``Level:`` when written, else the
  level ``checker/rules.go`` registers for its ``Id``), or ``require.Empty(t, errs)`` for
  none. ``ERR`` is breaking; ``INFO`` is not; a case that expects only ``WARN`` is counted
  apart (oasdiff itself does not call it breaking or safe).

treaty's verdict is the exit code of ``treaty breaking BASE REVISION`` (1: breaking, 0: not,
2: treaty refused the input), run in-process through click's CliRunner. ``-v`` lists every
miss with the findings treaty reported.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    suite: str
    name: str
    base: Path
    revision: Path
    expected: str  # "breaking", "safe" or "warning"


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(_git_dir(repo)), *args], check=True, capture_output=True
    ).stdout


def _git_dir(repo: Path) -> Path:
    return repo / ".git" if (repo / ".git").exists() else repo


def _extract(repo: Path, folder: str, into: Path) -> None:
    archive = _git(repo, "archive", "HEAD", folder)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def _sources(repo: Path, folder: str, suffix: str) -> dict[str, str]:
    names = _git(repo, "ls-tree", "-r", "--name-only", "HEAD", folder).decode().split()
    return {
        name: _git(repo, "show", f"HEAD:{name}").decode() for name in names if name.endswith(suffix)
    }


# ---- openapi-diff --------------------------------------------------------------------------

_JAVA_VERDICTS = {
    "assertSpecIncompatible": "breaking",
    "assertOpenApiBackwardIncompatible": "breaking",
    "assertSpecUnchanged": "safe",
    "assertSpecChangedButCompatible": "safe",
    "assertOpenApiBackwardCompatible": "safe",
    "assertOpenApiAreEquals": "safe",
}
_JAVA_CALL = re.compile(
    r"\b(" + "|".join(_JAVA_VERDICTS) + r")\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*[,)]"
)
_JAVA_CONST = re.compile(r"String\s+(\w+)\s*=\s*\"([^\"]+)\"")


def openapi_diff_cases(repo: Path, scratch: Path) -> list[Case]:
    root = "core/src/test/resources"
    _extract(repo, root, scratch)
    cases = []
    for path, text in _sources(repo, "core/src/test/java", ".java").items():
        consts = dict(_JAVA_CONST.findall(text))
        for call, left, right in _JAVA_CALL.findall(text):
            files = [_java_value(arg, consts) for arg in (left, right)]
            if None in files:
                continue
            base, revision = (scratch / root / str(f).lstrip("/") for f in files)
            if base.is_file() and revision.is_file():
                name = f"{Path(path).stem}:{files[0]}->{files[1]}"
                cases.append(Case("openapi-diff", name, base, revision, _JAVA_VERDICTS[call]))
    return _unique(cases)


def _java_value(arg: str, consts: dict[str, str]) -> str | None:
    if arg.startswith('"') and arg.endswith('"'):
        return arg[1:-1]
    return consts.get(arg)


# ---- oasdiff --------------------------------------------------------------------------------

_GO_OPEN = re.compile(r"\bs([12]), err :?= open\((?:(\w+)\()?\"([^\"]+)\"")
_GO_FOLDER = re.compile(r"(\w+)\s*=\s*dataFileFn\(\"([^\"]+)\"\)")
_GO_RULE = re.compile(r"newBackwardCompatibilityRule\(\s*(\w+),\s*(ERR|WARN|INFO)\b")
_GO_ID = re.compile(r"\bId:\s*checker\.(\w+)")
_GO_LEVEL = re.compile(r"\bLevel:\s*checker\.(ERR|WARN|INFO)\b")
_GO_EMPTY = re.compile(r"require\.(Empty\(t, errs\)|Len\(t, errs, 0\))")
# the documents are edited in code, or the diff runs with options: not reproducible from files
_GO_EDITED = re.compile(r"\bs[12]\.Spec\b|NewConfig\(\)\.With|\bs[12]\s*=")


def oasdiff_cases(repo: Path, scratch: Path) -> tuple[list[Case], Counter[str]]:
    _extract(repo, "data", scratch)
    levels = dict(_GO_RULE.findall(_git(repo, "show", "HEAD:checker/rules.go").decode()))
    helpers = _git(repo, "show", "HEAD:checker/helpers_test.go").decode()
    folders = {fn: f"data/{folder}/" for fn, folder in _GO_FOLDER.findall(helpers)}
    cases, skipped = [], Counter[str]()
    for path, text in _sources(repo, "checker", "_test.go").items():
        for body in re.split(r"\nfunc ", text)[1:]:
            name = body.split("(", 1)[0]
            if not name.startswith("Test"):
                continue
            opened = [
                (side, folders[fn] + file if fn else file.removeprefix("../"))
                for side, fn, file in _GO_OPEN.findall(body)
                if not fn or fn in folders
            ]
            if sorted(side for side, _ in opened) != ["1", "2"]:
                skipped["not one pair of files"] += 1
                continue
            if _GO_EDITED.search(body):
                skipped["documents edited in code"] += 1
                continue
            expected = _go_verdict(body, levels)
            if expected is None:
                skipped["no verdict"] += 1
                continue
            files = dict(opened)
            base, revision = scratch / files["1"], scratch / files["2"]
            if base.is_file() and revision.is_file():
                cases.append(Case("oasdiff", f"{Path(path).stem}:{name}", base, revision, expected))
    return _unique(cases), skipped


def _go_verdict(body: str, levels: dict[str, str]) -> str | None:
    found = _GO_LEVEL.findall(body) or [levels.get(i, "?") for i in _GO_ID.findall(body)]
    if not found:
        return "safe" if _GO_EMPTY.search(body) else None
    if "?" in found:
        return None
    if "ERR" in found:
        return "breaking"
    return "warning" if "WARN" in found else "safe"


def _unique(cases: list[Case]) -> list[Case]:
    """One case per (documents, verdict): several tests of one pair count once."""
    seen: dict[tuple[Path, Path, str], Case] = {}
    for case in cases:
        seen.setdefault((case.base, case.revision, case.expected), case)
    return sorted(seen.values(), key=lambda c: (c.suite, c.name))


# ---- treaty ---------------------------------------------------------------------------------


def treaty_verdict(case: Case) -> tuple[str, str]:
    from click.testing import CliRunner

    from treaty.cli import cli

    result = CliRunner().invoke(
        cli, ["breaking", str(case.base), str(case.revision), "--format", "text"]
    )
    verdict = {0: "safe", 1: "breaking", 2: "refused"}.get(result.exit_code, "crashed")
    return verdict, (result.stdout + result.stderr).strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oasdiff", type=Path)
    parser.add_argument("--openapi-diff", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="treaty-peers-") as tmp:
        scratch = Path(tmp)
        cases: list[Case] = []
        skipped: Counter[str] = Counter()
        if args.openapi_diff:
            cases += openapi_diff_cases(args.openapi_diff, scratch / "openapi-diff")
        if args.oasdiff:
            found, skipped = oasdiff_cases(args.oasdiff, scratch / "oasdiff")
            cases += found
        results = [(case, *treaty_verdict(case)) for case in cases]
    print("| suite | cases | agree | % | breaking missed | safe flagged | refused |")
    print("|---|---|---|---|---|---|---|")
    for suite in ("oasdiff", "openapi-diff", "both"):
        rows = [r for r in results if r[0].expected != "warning" and suite in (r[0].suite, "both")]
        if not rows:
            continue
        agree = sum(1 for case, got, _ in rows if got == case.expected)
        missed = sum(1 for c, got, _ in rows if c.expected == "breaking" and got == "safe")
        flagged = sum(1 for c, got, _ in rows if c.expected == "safe" and got == "breaking")
        refused = sum(1 for _, got, _ in rows if got in ("refused", "crashed"))
        print(
            f"| {suite} | {len(rows)} | {agree} | {100 * agree / len(rows):.1f} % "
            f"| {missed} | {flagged} | {refused} |"
        )
    warned = [r for r in results if r[0].expected == "warning"]
    print(
        f"\noasdiff WARN-only cases (not counted): {len(warned)}, treaty breaking on "
        f"{sum(1 for _, got, _ in warned if got == 'breaking')}"
    )
    print("oasdiff tests skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(skipped.items())))
    for case, got, output in results:
        if case.expected != "warning" and got != case.expected:
            print(f"\nMISS {case.suite} {case.name}: expected {case.expected}, treaty {got}")
            if args.verbose:
                print("    " + output.replace("\n", "\n    "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
