"""Text from a document never controls the reader's terminal or CI, in any format.

The documents are generated here: a path key holding a newline and a GitHub workflow
command, ANSI and OSC escape sequences, a C1 control, a bidi override, and a parameter and a
property named the same way. Every report format of the real CLI is checked for raw
control characters; the JSON formats must stay valid JSON that still carries the exact data.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from treaty.cli import cli
from treaty.redact import printable, printable_json
from treaty.render import OutputFormat

EVIL_PATH = (
    "/pets\n::error file=evil.py,line=1::pwned\r\x1b]0;retitled\x07\x1b[31mred\x1b[0m"
    "\x9b2J\u202eesrever\u2028next"
)
EVIL_NAME = "q\x1b[2J\n::warning::x\x00"
EVIL_PROPERTY = "p\x1b]8;;http://evil/\x07link\x1b]8;;\x07\n::error::y"
JSON_FORMATS = {"json", "sarif", "gitlab"}


def _documents(tmp_path: Path) -> tuple[Path, Path]:
    ok = {"200": {"description": "ok"}}
    schema = {"type": "object", "properties": {EVIL_PROPERTY: {"type": "string"}}}
    base = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            EVIL_PATH: {"get": {"responses": ok}},
            "/a": {
                "get": {
                    "parameters": [{"name": EVIL_NAME, "in": "query", "schema": {}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": schema}},
                        }
                    },
                }
            },
        },
    }
    revision = json.loads(json.dumps(base))
    del revision["paths"][EVIL_PATH]
    operation = revision["paths"]["/a"]["get"]
    operation["parameters"][0]["required"] = True
    properties = operation["responses"]["200"]["content"]["application/json"]["schema"]
    properties["properties"][EVIL_PROPERTY]["type"] = "integer"
    paths = tmp_path / "base.json", tmp_path / "revision.json"
    for path, document in zip(paths, (base, revision), strict=True):
        path.write_text(json.dumps(document))
    return paths


def _raw_controls(text: str) -> list[str]:
    """Characters of ``text`` that are not printable, the line breaks of the format aside."""
    return sorted({c for c in text if not c.isprintable() and c != "\n"})


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


@pytest.mark.parametrize("output_format", [f.value for f in OutputFormat])
def test_no_format_carries_a_raw_control_character(output_format: str, tmp_path: Path) -> None:
    base, revision = _documents(tmp_path)
    result = _run("breaking", base, revision, "--format", output_format)
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert _raw_controls(out) == []
    if output_format != "github":  # no line of any other format is a workflow command
        assert not any(line.startswith("::") for line in out.splitlines())
    if output_format in JSON_FORMATS:
        json.loads(out)  # still valid JSON
    if output_format == "junit":
        ET.fromstring(out)  # still well-formed XML


def test_the_github_format_issues_one_workflow_command_per_finding(tmp_path: Path) -> None:
    base, revision = _documents(tmp_path)
    lines = _run("breaking", base, revision, "--format", "github").stdout.splitlines()
    report = json.loads(_run("breaking", base, revision, "--format", "json").stdout)
    assert len(lines) == len(report["changes"])
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert not any("file=evil.py" in line.partition("::")[2].partition("::")[0] for line in lines)
    removed = next(line for line in lines if "operation-removed" in line)
    assert "%0A::error file=evil.py" in removed  # inside the annotation's message
    assert "\\x1b]0;retitled\\x07" in removed


def test_text_and_markdown_show_the_escapes(tmp_path: Path) -> None:
    base, revision = _documents(tmp_path)
    text = _run("breaking", base, revision).stdout
    assert f"GET {printable(EVIL_PATH)}" in text
    assert "\\u202eesrever\\u2028next" in text
    markdown = _run("breaking", base, revision, "--format", "markdown").stdout
    assert "\\x1b[31mred\\x1b[0m" in markdown and "\\x9b2J" in markdown


def test_the_json_report_keeps_the_exact_names(tmp_path: Path) -> None:
    base, revision = _documents(tmp_path)
    report = json.loads(_run("breaking", base, revision, "--format", "json").stdout)
    operations = {op for change in report["changes"] for op in change["operations"]}
    assert f"GET {EVIL_PATH}" in operations
    assert EVIL_NAME in {change["name"] for change in report["changes"]}


def test_validate_and_snapshot_check_escape_what_they_print(tmp_path: Path) -> None:
    base, revision = _documents(tmp_path)
    broken = json.loads(base.read_text())
    broken["info"][EVIL_PROPERTY] = 1  # an unexpected key the validator quotes back
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken))
    validated = _run("validate", bad)
    assert validated.exit_code == 1 and "\\x1b]8;;http://evil/\\x07" in validated.stdout
    snapshot = tmp_path / "snapshot.json"
    assert _run("snapshot", base, "-o", snapshot).exit_code == 0
    stale = _run("snapshot", revision, "-o", snapshot, "--check")
    assert stale.exit_code == 1 and "-    " in stale.stdout
    for out in (validated.stdout, stale.stdout, stale.stderr):
        assert _raw_controls(out) == []


def test_printable_json_changes_bytes_not_data() -> None:
    value = {"k\u202e": ["\x85", "\U000e0001 tag", "plain é 中"]}
    text = printable_json(json.dumps(value, ensure_ascii=False))
    assert json.loads(text) == value
    assert _raw_controls(text) == []
    assert "é 中" in text  # printable text is left as it is
