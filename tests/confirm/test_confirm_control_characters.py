"""`treaty confirm` reports keep document and server text inert, in every format.

The documents carry control characters and a GitHub workflow command in a path key, a
parameter and a property (tests/render/hostile_text.py); the deployment is a real uvicorn
server answering every request with a 500, so the breaks are confirmed and their names and
reproductions shown. No report may carry a raw control character or a line that starts a
workflow command; JSON keeps the exact names and JUnit stays well-formed XML.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from render.hostile_text import hostile_documents, raw_controls
from treaty.cli import cli


async def _broken(request: Request) -> Response:
    return Response('{"detail": "broken"}', 500, media_type="application/json")


APP = Starlette(routes=[Route("/{rest:path}", _broken, methods=["GET", "POST", "PUT", "DELETE"])])


@pytest.mark.parametrize("output_format", ["text", "json", "markdown", "junit", "html"])
def test_no_confirm_format_carries_a_raw_control_character(
    output_format: str, serve: Callable[[object], str], tmp_path: Path
) -> None:
    base, revision = hostile_documents(tmp_path)
    args = [str(base), str(revision), "--url", serve(APP), "--max-requests", "30"]
    result = CliRunner().invoke(cli, ["confirm", *args, "--format", output_format])
    assert result.exit_code in (0, 1), result.output
    assert raw_controls(result.stdout) == []
    assert not any(line.startswith("::") for line in result.stdout.splitlines())
    if output_format == "json":
        report = json.loads(result.stdout)
        assert any("\n::error" in finding["message"] for finding in report["findings"])
    if output_format == "junit":
        ET.fromstring(result.stdout)
