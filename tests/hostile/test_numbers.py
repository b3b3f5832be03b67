"""Numbers JSON cannot carry are refused with the file and where; every other number is kept
exactly, through the diff, the messages and every report format.

treaty's policy: NaN, infinities and literals a double turns into infinity or 0 (``1e400``,
``1e-400``) are refused (exit 2, one line naming the file and the place); integers are kept to
the last digit (up to Python's 4 300-digit limit, past which they are refused) and compared
exactly, never through float.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from treaty.cli import cli

HUGE = int("9" * 4001)
SCHEMA_KEYWORDS = ("maximum", "minimum", "exclusiveMaximum", "multipleOf", "maxLength")


def _document(keyword: str, value: object, schema_type: str = "integer") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": schema_type}
    if value is not None:
        schema[keyword] = value
    body = {"application/json": {"schema": {"type": "object", "properties": {"n": schema}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "numbers", "version": "1"},
        "paths": {
            "/a": {
                "post": {
                    "parameters": [{"name": "q", "in": "query", "schema": schema}],
                    "requestBody": {"content": body},
                    "responses": {"200": {"description": "ok", "content": body}},
                }
            }
        },
    }


def _write(path: Path, document: dict[str, Any]) -> str:
    path.write_text(json.dumps(document))
    return str(path)


def _pair(
    tmp_path: Path, keyword: str, base: object, revision: object, schema_type: str = "integer"
) -> tuple[str, str]:
    return (
        _write(tmp_path / "base.json", _document(keyword, base, schema_type)),
        _write(tmp_path / "revision.json", _document(keyword, revision, schema_type)),
    )


def _findings(args: list[str]) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.stderr == "", result.stderr
    return result.exit_code, json.loads(result.stdout)["changes"]


@pytest.mark.parametrize("command", ["breaking", "diff", "changelog"])
@pytest.mark.parametrize("keyword", SCHEMA_KEYWORDS)
def test_a_4001_digit_bound_is_compared_and_reported_exactly(
    tmp_path: Path, command: str, keyword: str
) -> None:
    base, revision = _pair(tmp_path, keyword, HUGE, 10, "number")  # integer would round bounds
    code, changes = _findings([command, base, revision])
    assert changes, "a bound cut from 10**4001 to 10 is a change"
    loosened = keyword == "minimum"  # cut from 10**4001 to 10, a minimum admits more values
    assert code == (1 if command == "breaking" and not loosened else 0)
    befores = [json.dumps(change["before"]) for change in changes]
    assert all("9" * 4001 in before for before in befores), befores


@pytest.mark.parametrize("command", ["breaking", "diff", "changelog"])
def test_a_huge_bound_renders_in_every_format(tmp_path: Path, command: str) -> None:
    base, revision = _pair(tmp_path, "maximum", 10, HUGE)
    for output_format in ("text", "markdown", "junit", "sarif", "github", "gitlab", "html"):
        result = CliRunner().invoke(cli, [command, base, revision, "--format", output_format])
        assert result.exit_code == 0, (output_format, result.output)
        assert "9" * 4001 in result.stdout, output_format


def test_integers_past_two_to_the_53_are_not_rounded_together(tmp_path: Path) -> None:
    """As doubles 2**53 + 1 and 2**53 are one number; as JSON they are two bounds."""
    base, revision = _pair(tmp_path, "maximum", 2**53 + 1, 2**53)
    code, changes = _findings(["breaking", base, revision])
    assert code == 1
    assert {change["id"] for change in changes} >= {"request-parameter-maximum-decreased"}
    assert changes[0]["before"] == {"value": 2**53 + 1, "exclusive": False}


@pytest.mark.parametrize(
    ("base", "revision", "verdict"),
    [(0.1, 0.3, "changed"), (0.3, 0.1, "relaxed"), (0.25, 0.5, "changed"), (0.3, 0.2, "changed")],
)
def test_decimal_multiples_are_related_exactly(
    tmp_path: Path, base: float, revision: float, verdict: str
) -> None:
    """In doubles ``0.3 % 0.1`` is not 0; the values written are what counts."""
    _, changes = _findings(["diff", *_pair(tmp_path, "multipleOf", base, revision, "number")])
    ids = {change["id"] for change in changes}
    assert f"request-parameter-multiple-of-{verdict}" in ids, ids


@pytest.mark.parametrize("bad", [0, -2])
def test_a_multiple_of_that_is_not_positive_does_not_crash(tmp_path: Path, bad: int) -> None:
    base, revision = _pair(tmp_path, "multipleOf", 3, bad)
    code, changes = _findings(["breaking", base, revision])
    assert code == 1  # an invalid multipleOf relates to nothing: treated as a changed one
    assert "request-parameter-multiple-of-changed" in {change["id"] for change in changes}


@pytest.mark.parametrize(
    ("literal", "problem"),
    [
        ("NaN", "NaN is not a JSON number"),
        ("Infinity", "Infinity is not a JSON number"),
        ("-Infinity", "-Infinity is not a JSON number"),
        ("1e400", "1e400 is out of range (it would become infinity)"),
        ("1e-400", "1e-400 is out of range (it would become 0)"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "snapshot", "breaking", "diff"])
def test_numbers_json_cannot_carry_are_refused_with_the_pointer(
    tmp_path: Path, literal: str, problem: str, command: str
) -> None:
    good = _write(tmp_path / "good.json", _document("maximum", 10))
    text = json.dumps(_document("maximum", 123456789)).replace("123456789", literal)
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    output = tmp_path / "snapshot.json"
    args = {
        "validate": ["validate", str(bad)],
        "snapshot": ["snapshot", str(bad), "-o", str(output)],
        "breaking": ["breaking", good, str(bad)],
        "diff": ["diff", good, str(bad)],
    }[command]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    pointer = "#/paths/~1a/post/parameters/0/schema/maximum"
    assert result.stderr == f"treaty: {bad}: invalid JSON at {pointer}: {problem}\n"
    assert not output.exists()


@pytest.mark.parametrize(
    ("literal", "problem"),
    [
        (".nan", "NaN is not a JSON number"),
        ("-.inf", "(infinity) is not a JSON number"),
        ("1.5e+999", "out of range"),
    ],
)
def test_yaml_numbers_json_cannot_carry_are_refused_with_the_line(
    tmp_path: Path, literal: str, problem: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        f"components:\n  schemas:\n    N: {{type: number, maximum: {literal}}}\n"
    )
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"treaty: {bad}: invalid YAML at line 6, column ")
    assert problem in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("literal", ["0x" + "f" * 4000, "0o" + "7" * 5000])
def test_a_yaml_integer_past_the_digit_limit_is_refused_whatever_its_base(
    tmp_path: Path, literal: str
) -> None:
    """A decimal literal that long fails to parse; hex and octal ones (YAML 1.2's other integer
    forms) parse but could never be printed or written, so they are refused the same way."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx: {literal}\n")
    good = _write(tmp_path / "good.json", _document("maximum", 10))
    for args in (["validate", str(bad)], ["breaking", good, str(bad)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert result.stderr == (
            f"treaty: {bad}: invalid YAML at line 4, column 4: a number has too many digits\n"
        )


def test_a_snapshot_keeps_every_digit(tmp_path: Path) -> None:
    source = _write(tmp_path / "doc.json", _document("maximum", HUGE, "number"))
    output = tmp_path / "snapshot.json"
    result = CliRunner().invoke(cli, ["snapshot", source, "-o", str(output)])
    assert result.exit_code == 0, result.output
    written = json.loads(output.read_text())
    assert written["paths"]["/a"]["post"]["parameters"][0]["schema"]["maximum"] == HUGE
