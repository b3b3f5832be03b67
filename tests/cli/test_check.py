"""`treaty check` in real git repositories: a main branch, a feature branch, a config file."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from treaty.cli import cli
from treaty.config import load_config
from treaty.errors import ConfigError, ExitCode
from treaty.pipeline import CheckOptions, check, report_path

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo"
V1 = (DEMO / "petstore-v1.yaml").read_text()
V2 = (DEMO / "petstore-v2.yaml").read_text()
CONFIG = '[tool.treaty]\nspec = "api/openapi.yaml"\n'


@pytest.fixture
def repo(git_repo: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    """main has the v1 spec and a config; the cwd is the repository on branch `feature`."""
    repo = git_repo("service")
    repo.commit({"pyproject.toml": CONFIG, "api/openapi.yaml": V1}, "v1")
    repo.git("switch", "-q", "-c", "feature")
    monkeypatch.chdir(repo.path)
    for variable in ("CI_MERGE_REQUEST_DIFF_BASE_SHA", "GITHUB_BASE_REF", "CI_DEFAULT_BRANCH"):
        monkeypatch.delenv(variable, raising=False)
    return repo


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["check", *args])


def test_a_breaking_change_on_the_branch_fails(repo: Any) -> None:
    (repo.path / "api" / "openapi.yaml").write_text(V2)
    result = _run()
    assert result.exit_code == ExitCode.FINDINGS
    assert "operation-removed" in result.stdout
    assert "DELETE /pets/{petId} removed without deprecation" in result.stdout
    base = repo.git("rev-parse", "main").strip()
    assert result.stderr == (
        f"treaty: comparing api/openapi.yaml with merge-base of HEAD and main ({base[:12]})\n"
    )


def test_the_merge_base_not_the_tip_of_main_is_the_baseline(repo: Any) -> None:
    repo.git("switch", "-q", "main")
    repo.commit({"api/openapi.yaml": V2}, "main moved on (breaking, but not our branch's doing)")
    repo.git("switch", "-q", "feature")
    result = _run()
    assert result.exit_code == ExitCode.OK, result.output
    assert "No breaking changes" in result.stdout


def test_an_unchanged_spec_passes_and_fail_on_can_be_raised(repo: Any) -> None:
    assert _run().exit_code == ExitCode.OK
    (repo.path / "api" / "openapi.yaml").write_text(V2)
    assert _run("--fail-on", "never").exit_code == ExitCode.OK


def test_a_spec_added_in_the_branch_is_a_new_api(repo: Any) -> None:
    repo.commit({"api/users.yaml": V2}, "new API")
    result = _run("api/users.yaml")
    assert result.exit_code == ExitCode.OK
    assert result.stdout == ""
    assert "api/users.yaml is not in the baseline (merge-base of HEAD and main" in result.stderr
    assert "new API, nothing to compare" in result.stderr


def test_the_first_commit_of_a_repository_passes(
    git_repo: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_repo("fresh")
    (repo.path / "treaty.toml").write_text('spec = "openapi.yaml"\n')
    (repo.path / "openapi.yaml").write_text(V1)
    monkeypatch.chdir(repo.path)
    result = _run()
    assert result.exit_code == ExitCode.OK
    assert "no commit yet: nothing to compare" in result.stderr


def test_explicit_base_and_spec_argument(repo: Any) -> None:
    repo.commit({"api/openapi.yaml": V2}, "breaking")
    assert _run("--base", "HEAD").exit_code == ExitCode.OK
    result = _run("--base", "main", "api/openapi.yaml", "--format", "json")
    assert result.exit_code == ExitCode.FINDINGS
    rules = {change["id"] for change in json.loads(result.stdout)["changes"]}
    assert "operation-removed" in rules


def test_ci_variables_choose_the_baseline(repo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit({"api/openapi.yaml": V2}, "breaking")
    monkeypatch.setenv("CI_MERGE_REQUEST_DIFF_BASE_SHA", repo.git("rev-parse", "HEAD").strip())
    result = _run()
    assert result.exit_code == ExitCode.OK
    assert "merge request base" in result.stderr


def test_a_shallow_clone_says_what_to_fetch(
    repo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.commit({"api/openapi.yaml": V2}, "breaking")
    repo.git("switch", "-q", "main")
    repo.commit({"README": "more history on main\n"}, "main")
    clone = tmp_path / "ci-clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{repo.path}",
         str(clone)], check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(["git", "switch", "-q", "feature"], cwd=clone, check=True)
    monkeypatch.chdir(clone)
    result = _run()
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("treaty: baseline: no merge-base of HEAD and origin/main: this clone")
    assert "git fetch --unshallow origin main" in line


def test_config_policy_and_outputs(repo: Any) -> None:
    (repo.path / "pyproject.toml").write_text(
        CONFIG + 'disable = ["operation-removed"]\noutputs = { json = "reports/treaty.json" }\n'
        "[tool.treaty.policy]\nversion-bump = 'off'\n"
    )
    (repo.path / "api" / "openapi.yaml").write_text(V2)
    result = _run()
    assert result.exit_code == ExitCode.FINDINGS
    assert "operation-removed" not in result.stdout
    written = json.loads((repo.path / "reports" / "treaty.json").read_text())
    assert {c["id"] for c in written["changes"]} == {
        "request-parameter-became-required",
        "request-parameter-maximum-decreased",
        "response-property-format-removed",
        "response-property-type-changed",
        "request-property-became-not-nullable",
        "request-property-enum-value-removed",
    }


def test_several_specs_each_with_its_name_and_report(repo: Any) -> None:
    (repo.path / "treaty.toml").write_text(
        'outputs = { json = "reports/treaty.json" }\n'
        '[[specs]]\nname = "pets"\nspec = "api/openapi.yaml"\n'
        '[[specs]]\nname = "users"\nspec = "api/users.yaml"\n'
    )
    (repo.path / "api" / "users.yaml").write_text(V1)
    (repo.path / "api" / "openapi.yaml").write_text(V2)
    result = _run()
    assert result.exit_code == ExitCode.FINDINGS
    assert "treaty: users: api/users.yaml is not in the baseline" in result.stderr
    assert json.loads((repo.path / "reports" / "treaty-pets.json").read_text())["changes"]
    assert json.loads((repo.path / "reports" / "treaty-users.json").read_text())["changes"] == []
    only_users = _run("--spec-name", "users")
    assert only_users.exit_code == ExitCode.OK
    assert _run("--spec-name", "nope").exit_code == ExitCode.BAD_INPUT


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        ("[project]\nname = 'x'\n", "nothing to check: give a SPEC, or set `spec`"),
        ('[tool.treaty]\nspec = "https://x.invalid/o"\n', "compares a file in the repository"),
        ('[tool.treaty]\napp = "svc_none:app"\n', "`app` needs `snapshot`"),
    ],
)
def test_configurations_that_cannot_be_checked(repo: Any, pyproject: str, message: str) -> None:
    (repo.path / "pyproject.toml").write_text(pyproject)
    result = _run()
    assert result.exit_code == ExitCode.BAD_INPUT
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_report_paths() -> None:
    assert report_path(Path("r/{name}.sarif"), "pets", False) == Path("r/pets.sarif")
    assert report_path(Path("r/t.sarif"), "pets", True) == Path("r/t-pets.sarif")
    assert report_path(Path("r/t.sarif"), "pets", False) == Path("r/t.sarif")


def test_usage_mistakes(repo: Any) -> None:
    assert _run("--format", "yaml").exit_code == ExitCode.BAD_INPUT
    assert _run("a.yaml", "--spec-name", "x").exit_code == ExitCode.BAD_INPUT
    (repo.path / "pyproject.toml").write_text('[tool.treaty]\nfail-onn = "error"\n')
    result = _run()
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr == (
        f"treaty: {repo.path.resolve() / 'pyproject.toml'}: `tool.treaty.fail-onn`: unknown key "
        "(did you mean `fail-on`?)\n"
    )


# ---- apps and snapshots -------------------------------------------------------------------

APP = """
import json, pathlib

class App:
    def openapi(self):
        return json.loads((pathlib.Path(__file__).parent / "document.json").read_text())

app = App()
"""


def _app_repo(repo: Any, module: str) -> None:
    """An app (module `module`) whose document is v1, with its committed snapshot."""
    import yaml

    (repo.path / "pyproject.toml").write_text(
        f'[tool.treaty]\napp = "{module}:app"\nsnapshot = "openapi.json"\n'
    )
    (repo.path / f"{module}.py").write_text(APP)
    (repo.path / "document.json").write_text(json.dumps(yaml.safe_load(V1)))
    assert _run("--snapshot-only").exit_code == ExitCode.FINDINGS  # written: was missing
    assert _run("--snapshot-only").exit_code == ExitCode.OK
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "snapshot")
    repo.git("branch", "-f", "main", "HEAD")


def test_an_app_is_compared_with_the_snapshot_at_the_baseline(repo: Any) -> None:
    import yaml

    _app_repo(repo, "svc_compared")
    assert _run().exit_code == ExitCode.OK
    (repo.path / "document.json").write_text(json.dumps(yaml.safe_load(V2)))
    result = _run()
    assert result.exit_code == ExitCode.FINDINGS
    assert "operation-removed" in result.stdout
    assert "openapi.json: committed snapshot is stale" in result.stderr
    assert "run `treaty check --snapshot-only` and commit it" in result.stderr


def test_snapshot_only_rewrites_a_stale_snapshot_and_fails(repo: Any) -> None:
    _app_repo(repo, "svc_refresh")
    document = json.loads((repo.path / "document.json").read_text())
    document["info"]["title"] = "Renamed"
    (repo.path / "document.json").write_text(json.dumps(document))
    result = _run("--snapshot-only")
    assert result.exit_code == ExitCode.FINDINGS
    assert "snapshot was stale and has been updated from svc_refresh:app" in result.stderr
    assert json.loads((repo.path / "openapi.json").read_text())["info"]["title"] == "Renamed"
    stale = _run()  # only the title changed: not breaking, and the snapshot is current now
    assert stale.exit_code == ExitCode.OK, stale.output


def test_update_snapshot_writes_the_snapshot_and_compares_it(repo: Any) -> None:
    import yaml

    _app_repo(repo, "svc_update")
    current = _run("--update-snapshot")
    assert current.exit_code == ExitCode.OK, current.output
    assert "snapshot was stale" not in current.stderr
    (repo.path / "document.json").write_text(json.dumps(yaml.safe_load(V2)))
    result = _run("--update-snapshot")
    assert result.exit_code == ExitCode.FINDINGS
    assert "operation-removed" in result.stdout
    assert "openapi.json: snapshot was stale and has been updated from svc_update:app" in (
        result.stderr
    )
    assert "DELETE" not in json.dumps(json.loads((repo.path / "openapi.json").read_text()))
    again = _run("--update-snapshot")  # written now; the break against main remains
    assert again.exit_code == ExitCode.FINDINGS
    assert "operation-removed" in again.stdout and "stale" not in again.stderr
    both = _run("--update-snapshot", "--snapshot-only")
    assert both.exit_code == ExitCode.BAD_INPUT
    assert "--snapshot-only or --update-snapshot, not both" in both.output


def test_snapshot_only_without_an_app(repo: Any) -> None:
    result = _run("--snapshot-only")
    assert result.exit_code == ExitCode.OK
    assert "no spec sets `app` + `snapshot`" in result.stderr


# ---- the library --------------------------------------------------------------------------


def test_the_library_takes_the_environment_and_today(repo: Any) -> None:
    (repo.path / "api" / "openapi.yaml").write_text(V2)
    specs = load_config().specs
    results = check(specs, CheckOptions(today=dt.date(2030, 1, 1)), env={})
    assert [r.exit_code for r in results] == [ExitCode.FINDINGS]
    assert results[0].compared
    with pytest.raises(ConfigError, match="nothing to check"):
        check((), env={})


# ---- the CI templates ---------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def _template_command(text: str, variables: dict[str, str]) -> list[str]:
    """The `treaty check …` command of a CI template, continuation lines joined."""
    import re
    import shlex

    command = text[text.index("treaty check") :].replace("\\\n", " ").splitlines()[0]
    joined = re.sub(r"\$(\w+)", lambda m: variables[m.group(1)], command)
    return shlex.split(joined)[2:]  # without `treaty check`


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_gitlab_template_writes_reports_on_the_right_lines(
    repo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xml.etree.ElementTree as ET

    import yaml

    template = yaml.safe_load((ROOT / "ci" / "treaty.gitlab-ci.yml").read_text())
    job = template["treaty"]
    assert job["variables"]["GIT_DEPTH"] == "0"
    reports = job["artifacts"]["reports"]
    args = _template_command("\n".join(job["script"]), {"TREATY_ARGS": ""})
    repo.commit({"api/openapi.yaml": V2}, "breaking")
    monkeypatch.setenv("CI_MERGE_REQUEST_DIFF_BASE_SHA", repo.git("rev-parse", "main").strip())
    (repo.path / "treaty-reports").mkdir()
    result = _run(*args)
    assert result.exit_code == ExitCode.FINDINGS
    issues = json.loads((repo.path / reports["codequality"]).read_text())
    required = next(i for i in issues if i["check_name"] == "request-parameter-became-required")
    assert required["location"] == {
        "path": "api/openapi.yaml",
        "lines": {"begin": _line_of(V2, "- name: limit")},
    }
    suites = ET.parse(repo.path / reports["junit"]).getroot()
    assert "operation-removed" in ET.tostring(suites, encoding="unicode")
    assert "operation-removed" in (repo.path / "treaty-reports" / "treaty.md").read_text()
    assert (repo.path / "treaty-reports" / "treaty.html").read_text().startswith("<!")


def test_the_github_action_writes_sarif_on_the_right_lines(
    repo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    args = _template_command(step["run"], {"ARGS": "", "REPORTS": "out"})
    repo.commit({"api/openapi.yaml": V2}, "breaking")
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    (repo.path / "out").mkdir()
    result = _run(*args)
    assert result.exit_code == ExitCode.FINDINGS
    assert "::error file=api/openapi.yaml" in result.stdout  # annotations on the diff
    sarif = json.loads((repo.path / "out" / "treaty.sarif").read_text())
    located = {
        r["ruleId"]: r["locations"][0]["physicalLocation"] for r in sarif["runs"][0]["results"]
    }
    assert located["request-parameter-became-required"] == {
        "artifactLocation": {"uri": "api/openapi.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": _line_of(V2, "- name: limit")},
    }
    assert located["operation-removed"]["region"]["startLine"] == _line_of(V1, "delete:")
    for name in ("treaty.xml", "treaty.md", "treaty.html"):
        assert (repo.path / "out" / name).stat().st_size > 0


def test_the_ignore_file_accepts_expires_and_reports_stale_entries(repo: Any) -> None:
    (repo.path / "api" / "openapi.yaml").write_text(V2)
    (repo.path / ".treaty-ignore.yaml").write_text(
        "- id: operation-removed\n  operation: DELETE /pets/{petId}\n  reason: agreed\n"
        "- id: response-property-type-changed\n  component: Pet.id\n  reason: old\n"
        "  until: 2001-01-01\n"
        "- id: request-parameter-became-required\n  operation: GET /gone\n  reason: stale\n"
    )
    result = _run()
    assert result.exit_code == ExitCode.FINDINGS
    assert "operation-removed" not in result.stdout.replace("note:", "")
    assert "response-property-type-changed" in result.stdout
    assert "1 accepted change (.treaty-ignore.yaml)" in result.stdout
    assert (
        ".treaty-ignore.yaml:4: response-property-type-changed at Pet.id expired" in result.stdout
    )
    assert ".treaty-ignore.yaml:8: request-parameter-became-required at GET /gone matches" in (
        result.stdout
    )


def test_an_ignore_entry_without_a_reason_fails_loudly(repo: Any) -> None:
    (repo.path / ".treaty-ignore.yaml").write_text("- id: operation-removed\n  reason: ''\n")
    result = _run()
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.endswith(
        "/.treaty-ignore.yaml:1: `reason` is required and may not be empty\n"
    )


def test_removing_a_deprecated_operation_is_judged_by_the_injected_today(repo: Any) -> None:
    import yaml

    document = yaml.safe_load(V1)
    document["paths"]["/pets/{petId}"]["delete"].update(
        {"deprecated": True, "x-sunset": "2026-06-30"}
    )
    repo.git("switch", "-q", "main")
    repo.commit({"api/openapi.yaml": yaml.safe_dump(document)}, "deprecate DELETE")
    repo.git("switch", "-q", "feature")
    repo.git("reset", "-q", "--hard", "main")
    del document["paths"]["/pets/{petId}"]["delete"]
    (repo.path / "api" / "openapi.yaml").write_text(yaml.safe_dump(document))
    specs = load_config().specs

    def outcome(today: dt.date) -> tuple[ExitCode, set[str]]:
        (result,) = check(specs, CheckOptions(today=today, fail_on="error"), env={})
        return result.exit_code, {f.rule for f in result.report.findings}

    early, rules = outcome(dt.date(2026, 6, 1))
    assert early is ExitCode.FINDINGS and any("sunset" in rule for rule in rules), rules
    assert outcome(dt.date(2026, 7, 1))[0] is ExitCode.OK
