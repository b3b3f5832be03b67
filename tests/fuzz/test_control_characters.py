"""Text from a document never controls the reader's terminal or CI in fuzz and smoke output.

A generated document whose path key holds a newline with a GitHub workflow command, ANSI and
OSC escape sequences, a C1 control, a bidi override and a line separator, fuzzed against a real
app on 127.0.0.1 that answers every request with an undocumented 500: every report format, the
printed text report and the progress lines carry no raw control character, and the JSON report
still holds the exact path.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_helpers import CliRun, invoke, serving

from treaty.redact import printable

EVIL_PATH = (
    "/pets\n::error file=evil.py,line=1::pwned\r\x1b]0;retitled\x07\x1b[31mred\x1b[0m"
    "\x9b2J\u202eesrever\u2028next"
)
LABEL = f"GET {EVIL_PATH}"


async def _broken(scope: dict[str, object], receive: object, send: object) -> None:
    """An ASGI app that answers everything with a 500 the document does not declare."""
    assert scope["type"] == "http"
    await send({"type": "http.response.start", "status": 500,  # type: ignore[operator]
                "headers": [(b"content-type", b"text/plain")]})  # fmt: skip
    await send({"type": "http.response.body", "body": b"\x1b]0;owned\x07boom\n::error::x"})  # type: ignore[operator]


@pytest.fixture(scope="module")
def broken_url() -> Iterator[str]:
    with serving(_broken) as url:
        yield url


def _spec(tmp_path: Path) -> Path:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            EVIL_PATH: {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"type": "object"}, "example": {}}
                            },
                        }
                    }
                }
            }
        },
    }
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(document))
    return path


def _raw_controls(text: str) -> list[str]:
    return sorted({c for c in text if not c.isprintable() and c != "\n"})


def _check(run: CliRun) -> None:
    assert run.exit_code == 1, run.stdout + run.stderr
    for name, text in [("stdout", run.stdout), ("stderr", run.stderr), *run.outputs.items()]:
        assert _raw_controls(text) == [], name
        assert not any(line.lstrip().startswith("::") for line in text.splitlines()), name
    ET.fromstring(run.outputs["junit"])  # well-formed XML
    report = run.report
    assert LABEL in {failure["operation"] for failure in report["failures"]}  # type: ignore[attr-defined]
    assert printable(LABEL) in run.outputs["text"] and printable(LABEL) in run.stdout
    assert printable(LABEL) in run.outputs["markdown"]
    assert printable(LABEL) in ET.fromstring(run.outputs["junit"])[0].attrib["name"]
    # the server's body is shown, its line that would be a workflow command made inert
    assert "\\x3a:error::x" in run.outputs["text"]


@pytest.mark.parametrize("mode", ["fuzz", "smoke"])
def test_fuzz_and_smoke_outputs_escape_the_document_text(
    mode: str, broken_url: str, tmp_path: Path
) -> None:
    extra = ["--seed", "1", "--max-examples", "3"] if mode == "fuzz" else []
    run = invoke([mode, str(_spec(tmp_path)), "--url", broken_url, *extra], tmp_path)
    _check(run)


def test_dry_run_lists_the_operations_escaped(tmp_path: Path) -> None:
    run = invoke(
        ["fuzz", str(_spec(tmp_path)), "--url", "http://127.0.0.1:9", "--dry-run"], tmp_path
    )
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == [printable(LABEL)]
