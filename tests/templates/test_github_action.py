"""action.yml run the way a GitHub runner runs a composite action, on a scratch pull request.

The harness reads the action, evaluates each step's `if:` and every `${{ }}` with the
inputs, `steps.*.outputs` and `github` contexts, runs `run:` steps with the runner's bash
(`bash --noprofile --norc -eo pipefail`) and the `GITHUB_*` variables and files (OUTPUT,
STEP_SUMMARY, PATH, ENV, EVENT_PATH), and collects the action's outputs. Steps that `uses:`
another action cannot run here: `actions/setup-python` is stood in for by a fresh virtualenv
put on the PATH (as setup-python does), whose `pip` sees this test environment's packages
through a .pth file, so the action's own `pip install "$GITHUB_ACTION_PATH"` really builds
and installs treaty from this checkout, without the network; the upload steps are recorded
with their evaluated inputs.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "fixtures" / "demo"
V1 = (DEMO / "petstore-v1.yaml").read_text()
V2 = (DEMO / "petstore-v2.yaml").read_text()

# ---- GitHub expressions (the subset: literals, contexts, ! && || == !=, functions) ---------

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>\d+(?:\.\d+)?)|(?P<op>&&|\|\||==|!=|!|\(|\)|,)"
    r"|(?P<name>[A-Za-z_][\w.\-]*))"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while text[position:].strip():
        match = _TOKEN.match(text, position)
        assert match is not None, f"cannot read expression at {text[position:]!r}"
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _truthy(value: object) -> bool:
    return value not in (None, False, "", 0)


def _equal(left: object, right: object) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        return left.lower() == right.lower()  # GitHub compares strings ignoring case
    return left == right


class Expression:
    """Evaluates one expression against ``context`` and the job's status."""

    def __init__(self, context: dict[str, Any], workspace: Path, failed: bool) -> None:
        self.context, self.workspace, self.failed = context, workspace, failed
        self.tokens: list[tuple[str, str]] = []

    def evaluate(self, text: str) -> object:
        self.tokens = _tokens(text)
        value = self._or()
        assert not self.tokens, f"unread: {self.tokens}"
        return value

    def _take(self, value: str | None = None) -> tuple[str, str] | None:
        if self.tokens and (value is None or self.tokens[0][1] == value):
            return self.tokens.pop(0)
        return None

    def _or(self) -> object:
        value = self._and()
        while self._take("||"):
            right = self._and()
            value = value if _truthy(value) else right
        return value

    def _and(self) -> object:
        value = self._compare()
        while self._take("&&"):
            right = self._compare()
            value = right if _truthy(value) else value
        return value

    def _compare(self) -> object:
        value = self._unary()
        for operator in ("==", "!="):
            if self._take(operator):
                equal = _equal(value, self._unary())
                return equal if operator == "==" else not equal
        return value

    def _unary(self) -> object:
        if self._take("!"):
            return not _truthy(self._unary())
        return self._primary()

    def _primary(self) -> object:
        token = self._take()
        assert token is not None, "expression ends too early"
        kind, text = token
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            return float(text)
        if text == "(":
            value = self._or()
            assert self._take(")")
            return value
        if text in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[text]
        if self._take("("):
            args = []
            while not self._take(")"):
                args.append(self._or())
                self._take(",")
            return self._call(text, args)
        value: object = self.context
        for part in text.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def _call(self, name: str, args: list[object]) -> object:
        if name in ("always", "success", "failure", "cancelled"):
            return {"always": True, "success": not self.failed, "failure": self.failed}.get(
                name, False
            )
        if name == "format":
            return re.sub(r"\{(\d+)\}", lambda m: str(args[int(m.group(1)) + 1]), str(args[0]))
        if name == "hashFiles":
            files = sorted(
                path
                for path in self.workspace.rglob("*")
                if path.is_file()
                and any(
                    fnmatch.fnmatch(str(path.relative_to(self.workspace)), str(p)) for p in args
                )
            )
            digest = hashlib.sha256(b"".join(path.read_bytes() for path in files))
            return digest.hexdigest() if files else ""
        raise AssertionError(f"function {name}() is not in the harness")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def substitute(text: str, evaluate: Callable[[str], object]) -> str:
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: _text(evaluate(m.group(1))), text)


# ---- the runner -----------------------------------------------------------------------------


@dataclass
class StepRun:
    name: str
    outcome: str  # success | failure | skipped
    output: str = ""
    uses: str | None = None
    with_: dict[str, str] = field(default_factory=dict)


@dataclass
class JobRun:
    steps: list[StepRun]
    outputs: dict[str, str]
    summary: str

    @property
    def failed(self) -> bool:
        return any(step.outcome == "failure" for step in self.steps)

    def step(self, name: str) -> StepRun:
        return next(step for step in self.steps if step.name == name)


class Runner:
    """One job that runs the action at ROOT in ``workspace``."""

    def __init__(self, workspace: Path, temp: Path, event: dict[str, Any]) -> None:
        self.workspace, self.temp = workspace, temp
        self.event_path = temp / "event.json"
        self.event_path.write_text(json.dumps(event))
        self.paths: list[str] = []  # GITHUB_PATH additions, newest first
        self.env: dict[str, str] = {}  # GITHUB_ENV additions
        self.github = {
            "token": "ghs_harness-token",
            "event": event,
            "event_name": "pull_request",
            "workspace": str(workspace),
            "action_path": str(ROOT),
        }

    def base_env(self, base_ref: str, head_ref: str) -> dict[str, str]:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=self.workspace, capture_output=True, text=True
        ).stdout.strip()
        return {
            "PATH": os.pathsep.join([*self.paths, "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": str(self.temp / "home"),
            "TREATY_CACHE_DIR": os.environ.get("TREATY_CACHE_DIR", str(self.temp / "cache")),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(self.event_path),
            "GITHUB_BASE_REF": base_ref,
            "GITHUB_HEAD_REF": head_ref,
            "GITHUB_REF": f"refs/pull/{self.event['pull_request']['number']}/merge",
            "GITHUB_SHA": sha,
            "GITHUB_REPOSITORY": "shop/pets",
            "RUNNER_OS": "Linux",
            "RUNNER_TEMP": str(self.temp),
            **self.env,
        }

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.event_path.read_text())

    def run(
        self, given: dict[str, str], base_ref: str = "main", head_ref: str = "feature"
    ) -> JobRun:
        action = yaml.safe_load((ROOT / "action.yml").read_text())
        inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
        inputs.update(given)
        steps_context: dict[str, Any] = {}
        summary = self.temp / "summary.md"
        summary.write_text("")
        runs: list[StepRun] = []
        for index, step in enumerate(action["runs"]["steps"]):
            context = {"inputs": inputs, "steps": steps_context, "github": self.github}
            failed = any(run.outcome == "failure" for run in runs)
            evaluate = Expression(context, self.workspace, failed).evaluate
            name = step.get("name") or step.get("uses") or f"step {index}"
            condition = str(step.get("if", "success()"))
            if not re.search(r"\b(always|success|failure|cancelled)\(", condition):
                condition = f"success() && ({condition})"
            if not _truthy(evaluate(condition)):
                runs.append(StepRun(name, "skipped", uses=step.get("uses")))
                continue
            if "uses" in step:
                with_ = {
                    k: substitute(str(v), evaluate) for k, v in (step.get("with") or {}).items()
                }
                runs.append(self._uses(name, step["uses"], with_))
                continue
            output_file = self.temp / f"output-{index}"
            output_file.write_text("")
            env = self.base_env(base_ref, head_ref)
            env.update(
                {k: substitute(str(v), evaluate) for k, v in (step.get("env") or {}).items()}
            )
            env.update(
                GITHUB_OUTPUT=str(output_file),
                GITHUB_STEP_SUMMARY=str(summary),
                GITHUB_PATH=str(self.temp / f"path-{index}"),
                GITHUB_ENV=str(self.temp / f"env-{index}"),
            )
            script = self.temp / f"step-{index}.sh"
            script.write_text(substitute(step["run"], evaluate))
            assert step["shell"] == "bash"
            proc = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=self.workspace,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            outputs = dict(
                line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line
            )
            if "id" in step:
                steps_context[step["id"]] = {"outputs": outputs}
            outcome = "success" if proc.returncode == 0 else "failure"
            runs.append(StepRun(name, outcome, proc.stdout + proc.stderr))
        context = {"inputs": inputs, "steps": steps_context, "github": self.github}
        evaluate = Expression(context, self.workspace, False).evaluate
        outputs = {k: substitute(v["value"], evaluate) for k, v in action["outputs"].items()}
        return JobRun(runs, outputs, summary.read_text())

    def _uses(self, name: str, uses: str, with_: dict[str, str]) -> StepRun:
        if uses.startswith("actions/setup-python@"):
            venv = self.temp / f"python-{with_['python-version']}"
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            inner = subprocess.run(
                [
                    str(venv / "bin" / "python"),
                    "-c",
                    "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            Path(inner, "_test_environment.pth").write_text(sysconfig.get_paths()["purelib"])
            self.paths.insert(0, str(venv / "bin"))
            # pip finds every requirement installed already and builds treaty offline
            self.env.update(PIP_NO_INDEX="1", PIP_NO_BUILD_ISOLATION="0")
        return StepRun(name, "success", uses=uses, with_=with_)


# ---- the scratch pull request --------------------------------------------------------------


@pytest.fixture
def pull_request(git_repo: Callable[[str], Any], tmp_path: Path) -> Any:
    repo = git_repo("github-project")
    repo.commit(
        {"pyproject.toml": '[tool.treaty]\nspec = "api/openapi.yaml"\n', "api/openapi.yaml": V1},
        "v1",
    )
    repo.git("switch", "-q", "-c", "feature")
    (tmp_path / "runner" / "home").mkdir(parents=True)
    return repo


def test_a_breaking_pull_request_fails_the_job_with_every_report(
    pull_request: Any, tmp_path: Path
) -> None:
    pull_request.commit({"api/openapi.yaml": V2}, "v2")
    runner = Runner(pull_request.path, tmp_path / "runner", {"pull_request": {"number": 7}})
    job = runner.run({"reports-dir": "out/reports"})
    assert job.step("Install treaty").outcome == "success", job.step("Install treaty").output
    check = job.step("treaty check")
    assert check.outcome == "success", check.output  # the step records the exit code
    assert "::error file=api/openapi.yaml" in check.output  # annotations on the diff
    assert job.outputs == {"exit-code": "1"}
    assert job.failed and job.step("Fail on breaking changes").outcome == "failure"
    reports = pull_request.path / "out" / "reports"
    assert sorted(p.name for p in reports.iterdir()) == [
        "treaty.html",
        "treaty.md",
        "treaty.sarif",
        "treaty.xml",
    ]
    assert "operation-removed" in job.summary
    upload = job.step("Upload SARIF")
    assert upload.outcome == "success" and upload.with_["sarif_file"] == "out/reports"
    assert job.step("Keep the reports").with_ == {"name": "treaty-reports", "path": "out/reports"}
    assert job.step("Comment on the pull request").outcome == "skipped"  # comment: false


def test_a_clean_pull_request_passes_and_skips_the_failure(
    pull_request: Any, tmp_path: Path
) -> None:
    document = yaml.safe_load(V1)
    document["info"]["description"] = "Documented at last."
    pull_request.commit({"api/openapi.yaml": yaml.safe_dump(document)}, "docs")
    runner = Runner(pull_request.path, tmp_path / "runner", {"pull_request": {"number": 8}})
    job = runner.run({"upload-sarif": "false", "args": "--fail-on warning"})
    assert not job.failed, [(s.name, s.outcome, s.output) for s in job.steps]
    assert job.outputs == {"exit-code": "0"}
    assert job.step("Fail on breaking changes").outcome == "skipped"
    assert job.step("Upload SARIF").outcome == "skipped"  # upload-sarif: false
    assert "no breaking changes" in job.summary.lower() or "0 breaking" in job.summary


def test_the_expression_subset_reads_like_github() -> None:
    context = {"inputs": {"comment": "true", "reports-dir": "r"}, "steps": {}, "github": {}}
    evaluate = Expression(context, Path(), failed=False).evaluate
    assert evaluate("inputs.comment == 'TRUE'") is True
    assert evaluate("!inputs.missing && format('{0}/*.sarif', inputs.reports-dir) != ''") is True
    assert evaluate("steps.check.outputs.exit-code != '0'") is True
    assert substitute("exit ${{ steps.check.outputs.exit-code }}", evaluate) == "exit "
