"""The configuration file: discovery, keys, defaults, specs, errors naming key and file."""

from __future__ import annotations

from pathlib import Path

import pytest

from treaty.config import Config, find_config, known_check_ids, load_config
from treaty.errors import ConfigError
from treaty.rules import RULES
from treaty.rules.registry import Severity

FULL = """
spec = "api/openapi.yaml"
base = "origin/develop"
fail-on = "warning"
ignore-file = "ci/accepted.yaml"
include-paths = ["/v1/*"]
exclude-paths = ["/v1/internal/*"]
disable = ["operation-removed"]
outputs = { json = "reports/treaty.json", text = "reports/treaty.txt" }

[severity]
request-parameter-became-required = "warning"

[policy]
deprecation-days = 90
stability = false
version-bump = "off"
extensible-enums = true
"""


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_of_a_single_spec_config(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, "treaty.toml", FULL))
    assert config.path == tmp_path / "treaty.toml"
    assert config.root == tmp_path
    (spec,) = config.specs
    assert spec.name == "default"
    assert spec.spec == str(tmp_path / "api" / "openapi.yaml")
    assert spec.document_file == tmp_path / "api" / "openapi.yaml"
    assert spec.base == "origin/develop"
    assert spec.fail_on is Severity.WARNING
    assert spec.ignore_file == tmp_path / "ci" / "accepted.yaml"
    assert spec.include_paths == ("/v1/*",)
    assert spec.exclude_paths == ("/v1/internal/*",)
    assert spec.disable == frozenset({"operation-removed"})
    assert spec.severity == {"request-parameter-became-required": Severity.WARNING}
    assert dict(spec.outputs) == {
        "json": tmp_path / "reports" / "treaty.json",
        "text": tmp_path / "reports" / "treaty.txt",
    }
    assert (spec.deprecation_days, spec.stability, spec.version_bump) == (90, False, None)
    assert spec.extensible_enums is True


def test_policy_carries_the_settings_and_the_ignore_entries(tmp_path: Path) -> None:
    _write(tmp_path, "ci/accepted.yaml", "- id: operation-removed\n  reason: agreed\n")
    (spec,) = load_config(_write(tmp_path, "treaty.toml", FULL)).specs
    policy = spec.policy()
    assert policy.disabled == frozenset({"operation-removed"})
    assert policy.severities == {"request-parameter-became-required": Severity.WARNING}
    assert (policy.include_paths, policy.exclude_paths) == (("/v1/*",), ("/v1/internal/*",))
    assert [entry.id for entry in policy.ignore] == ["operation-removed"]
    assert policy.ignore_file == str(tmp_path / "ci" / "accepted.yaml")
    assert (policy.deprecation_days, policy.stability, policy.version_bump) == (90, False, None)
    assert policy.extensible_enums is True


def test_defaults_three_lines_are_enough(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, "pyproject.toml", '[tool.treaty]\nspec = "o.yaml"\n'))
    (spec,) = config.specs
    assert spec.fail_on is Severity.ERROR
    assert spec.ignore_file == tmp_path / ".treaty-ignore.yaml"
    assert spec.version_bump is Severity.WARNING and spec.stability is True
    policy = spec.policy()  # no ignore file: no entries, no error
    assert policy.ignore == () and policy.ignore_file is None


def test_fail_on_never_and_version_bump_levels(tmp_path: Path) -> None:
    text = 'spec = "o.yaml"\nfail-on = "never"\n[policy]\nversion-bump = "error"\n'
    (spec,) = load_config(_write(tmp_path, "treaty.toml", text)).specs
    assert spec.fail_on is None and spec.version_bump is Severity.ERROR


def test_urls_stay_sources(tmp_path: Path) -> None:
    text = 'spec = "https://example.com/openapi.json"\n'
    (spec,) = load_config(_write(tmp_path, "treaty.toml", text)).specs
    assert spec.spec == "https://example.com/openapi.json"
    assert spec.document_file is None


def test_app_and_snapshot(tmp_path: Path) -> None:
    text = 'app = "svc.main:app"\nsnapshot = "openapi.json"\napp-openapi-path = "/docs.json"\n'
    (spec,) = load_config(_write(tmp_path, "treaty.toml", text)).specs
    assert spec.app == "svc.main:app" and spec.app_openapi_path == "/docs.json"
    assert spec.document_file == tmp_path / "openapi.json"


def test_several_specs_inherit_top_level_defaults(tmp_path: Path) -> None:
    text = """
fail-on = "warning"
disable = ["operation-removed"]

[[specs]]
name = "billing"
spec = "billing/openapi.yaml"

[[specs]]
name = "users"
app = "users.app:app"
snapshot = "users/openapi.json"
fail-on = "error"
[specs.policy]
deprecation-days = 30
"""
    config = load_config(_write(tmp_path, "treaty.toml", text))
    billing, users = config.specs
    assert billing.name == "billing" and billing.fail_on is Severity.WARNING
    assert billing.disable == users.disable == frozenset({"operation-removed"})
    assert users.fail_on is Severity.ERROR and users.deprecation_days == 30
    assert billing.ignore_file == users.ignore_file == tmp_path / ".treaty-ignore.yaml"
    assert config.select(["users"]) == (users,)
    assert config.select([]) == (billing, users)
    with pytest.raises(ConfigError, match=r"no spec named 'nope' \(configured: billing, users\)"):
        config.select(["nope"])


def test_a_command_line_source_uses_its_configured_spec_or_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = 'fail-on = "warning"\n[[specs]]\nname = "a"\nspec = "a.yaml"\nfail-on = "info"\n'
    config = load_config(_write(tmp_path, "treaty.toml", text))
    monkeypatch.chdir(tmp_path)
    assert config.for_source("a.yaml").name == "a"
    assert config.for_source("a.yaml").fail_on is Severity.INFO
    other = config.for_source("b.yaml")
    assert other.name == "b.yaml" and other.fail_on is Severity.WARNING
    assert other.spec == str(tmp_path / "b.yaml")


def test_no_config_gives_defaults_and_no_spec(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    config = load_config(start=tmp_path)
    assert config == Config(path=None, root=tmp_path, defaults=config.defaults, specs=())
    assert config.defaults.ignore_file == tmp_path / ".treaty-ignore.yaml"
    with pytest.raises(ConfigError, match=r"^treaty: no spec named 'x' \(configured: none\)"):
        config.select(["x"])


def test_find_config_walks_up_to_the_work_tree_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    deep = repo / "a" / "b"
    deep.mkdir(parents=True)
    (repo / ".git").mkdir()
    _write(tmp_path, "treaty.toml", 'spec = "outside.yaml"\n')  # above the work tree: ignored
    assert find_config(deep) is None
    _write(repo, "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.treaty]: skipped
    assert find_config(deep) is None
    _write(repo, "pyproject.toml", '[tool.treaty]\nspec = "o.yaml"\n')
    assert find_config(deep) == repo / "pyproject.toml"
    _write(repo, "treaty.toml", 'spec = "o.yaml"\n')  # treaty.toml wins in the same folder
    assert find_config(deep) == repo / "treaty.toml"
    _write(repo / "a", "treaty.toml", 'spec = "o.yaml"\n')  # the nearest folder wins
    assert find_config(deep) == repo / "a" / "treaty.toml"
    assert load_config(start=deep).path == repo / "a" / "treaty.toml"


def test_find_config_stops_at_the_filesystem_root(tmp_path: Path) -> None:
    assert find_config(tmp_path) in (None, *[p / "treaty.toml" for p in tmp_path.parents])


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("treaty.toml", 'fial-on = "error"\n', r"`fial-on`: unknown key \(did you mean `fail-on`"),
        ("treaty.toml", "[policy]\ndays = 3\n", r"`policy.days`: unknown key"),
        (
            "pyproject.toml",
            "[tool.treaty]\nspecs = [{name = 'a', spek = 'a.yaml'}]\n",
            r"`tool.treaty.specs\[0\].spek`: unknown key \(did you mean `spec`",
        ),
        ("treaty.toml", "spec = 3\n", r"`spec`: expected a non-empty string"),
        ("treaty.toml", 'fail-on = "fatal"\n', r"`fail-on`: expected one of error, warning"),
        ("treaty.toml", 'disable = "operation-removed"\n', r"`disable`: expected an array"),
        ("treaty.toml", 'disable = ["operation-remove"]\n', r"unknown check id 'operation-remove'"),
        ("treaty.toml", "severity = 3\n", r"`severity`: expected a table"),
        ("treaty.toml", '[severity]\nnope = "error"\n', r"`severity`: unknown check id 'nope'"),
        (
            "treaty.toml",
            '[severity]\noperation-removed = "fatal"\n',
            r"`severity.operation-removed`: expected one of error, warning, info",
        ),
        ("treaty.toml", "outputs = [1]\n", r"`outputs`: expected a table"),
        ("treaty.toml", "outputs = {jsno = 'r.json'}\n", r"`outputs.jsno`: unknown report format"),
        ("treaty.toml", "policy = 1\n", r"`policy`: expected a table"),
        ("treaty.toml", "[policy]\ndeprecation-days = -1\n", r"integer >= 0"),
        ("treaty.toml", "[policy]\ndeprecation-days = true\n", r"integer >= 0"),
        ("treaty.toml", '[policy]\nstability = "yes"\n', r"`policy.stability`: expected true"),
        (
            "treaty.toml",
            "[policy]\nextensible-enums = 1\n",
            r"`policy.extensible-enums`: expected true",
        ),
        ("treaty.toml", '[policy]\nversion-bump = "major"\n', r"`policy.version-bump`"),
        ("treaty.toml", "specs = 1\n", r"`specs`: expected an array of tables"),
        ("treaty.toml", "[[specs]]\nspec = 'a.yaml'\n", r"`specs\[0\].name`: every"),
        (
            "treaty.toml",
            "[[specs]]\nname = 'a'\n[[specs]]\nname = 'a'\n",
            r"`specs\[1\].name`: duplicate spec name 'a'",
        ),
        ("treaty.toml", 'snapshot = "o.json"\n', r"`snapshot`: a snapshot is generated from"),
        (
            "treaty.toml",
            'spec = "o.yaml"\napp = "m:app"\n',
            r"`app`: give `spec` \(a committed document\) or `app` \+ `snapshot`",
        ),
        ("treaty.toml", "spec = [", r"not valid TOML"),
        ("pyproject.toml", "[project]\nname = 'x'\n", r"no \[tool.treaty\] table"),
    ],
)
def test_mistakes_name_the_key_and_the_file(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(ConfigError, match=message) as raised:
        load_config(path)
    assert raised.value.where == str(path)
    assert len(str(raised.value).splitlines()) == 1


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "treaty.toml")
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "dir.toml")


def test_known_check_ids_cover_the_catalogue() -> None:
    ids = known_check_ids()
    assert {rule.id for rule in RULES} <= ids
    assert {"documentation-changed", "unclassified-change"} <= ids
    assert "version-bump-missing" in ids  # the policies' checks can be disabled and accepted


def test_ignore_file_entries_are_checked_against_known_ids(tmp_path: Path) -> None:
    _write(tmp_path, ".treaty-ignore.yaml", "- id: operation-remove\n  reason: typo\n")
    (spec,) = load_config(_write(tmp_path, "treaty.toml", 'spec = "o.yaml"\n')).specs
    with pytest.raises(ConfigError, match=r"did you mean `operation-removed`"):
        spec.policy()
