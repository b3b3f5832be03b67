"""Every entry `--format ignore` prints accepts the finding it came from once pasted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from treaty.cli import cli

PETSTORE = Path(__file__).resolve().parents[2] / "fixtures" / "specs" / "petstore-3.0.yaml"


def _breaking(*args: str) -> Result:
    return CliRunner().invoke(cli, ["breaking", "base.yaml", "revision.yaml", *args])


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """base.yaml and revision.yaml whose findings need every kind of entry: an operation, a
    schema component, the whole API (a server) and the version bump."""
    monkeypatch.chdir(tmp_path)
    document = yaml.safe_load(PETSTORE.read_text())
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(document))
    del document["paths"]["/pets"]["post"]
    document["components"]["schemas"]["Error"]["properties"]["code"]["type"] = "string"
    document["servers"] = [{"url": "https://other.example.com/v2"}]
    (tmp_path / "revision.yaml").write_text(yaml.safe_dump(document))
    return tmp_path


def test_pasted_entries_accept_every_finding_and_none_is_stale(pair: Path) -> None:
    before = _breaking()
    assert before.exit_code == 1
    generated = _breaking("--format", "ignore")
    assert generated.exit_code == 1
    text = generated.stdout
    kinds = {
        "operation": '  operation: "POST /pets"',
        "component": '  component: "Error.code"',
        "everywhere": "- id: server-removed\n  reason:",
        "version bump": "- id: version-bump-missing\n  reason:",
    }
    for kind, entry in kinds.items():
        assert entry in text, kind
    entries = len(re.findall(r"^- id: ", text, flags=re.MULTILINE))
    filled = text.replace("reason: ''", "reason: accepted in the round-trip test")
    (pair / ".treaty-ignore.yaml").write_text(filled)

    after = _breaking()
    assert after.exit_code == 0, after.stdout
    assert "matches nothing" not in after.stdout + after.stderr
    assert f"{entries} accepted changes (.treaty-ignore.yaml)" in after.stdout + after.stderr


def test_an_accepted_break_still_needs_the_version_bump(pair: Path) -> None:
    entries = "".join(
        f"- id: {check}\n  reason: on purpose\n"
        for check in ("operation-removed", "response-property-type-changed", "server-removed")
    )
    (pair / ".treaty-ignore.yaml").write_text(entries)
    result = _breaking("--fail-on", "warning")
    assert result.exit_code == 1
    assert "version-bump-missing" in result.stdout
    assert "2 breaking changes but info.version stayed 1.0" in result.stdout
