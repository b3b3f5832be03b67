"""Shared helpers of the confirm tests: the bookshop's paths, a request counter, a CLI run."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))  # shared fuzz helpers

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "fixtures" / "confirm"
BASE, REVISION = str(DEMO / "base.yaml"), str(DEMO / "revision.yaml")
SCHEMA = REPO / "fixtures" / "schemas" / "treaty-confirm-report.schema.json"
FORMATS = ("json", "text", "markdown", "junit", "html")
VOLATILE = {"/generated_at", "/time", "/uptime", "/id", "/created_at", "header:x-request-id"}

if str(DEMO) not in sys.path:
    sys.path.insert(0, str(DEMO))

import shop  # noqa: E402  # fixtures/confirm, on the path above

__all__ = ["BASE", "FORMATS", "REPO", "REVISION", "SCHEMA", "VOLATILE", "Counting", "Run",
           "confirm", "shop"]  # fmt: skip


class Counting:
    """An ASGI wrapper that counts the HTTP requests its app receives."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.requests = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.requests += 1
        await self.app(scope, receive, send)


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]

    @property
    def report(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.outputs["json"])
        return data

    def verdict(self, rule: str, operation: str) -> dict[str, Any]:
        for finding in self.report["findings"]:
            if finding["check_id"] == rule and operation in finding["operations"]:
                return dict(finding)
        raise AssertionError(f"no {rule} finding on {operation}")


def confirm(tmp: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    from treaty.cli import cli

    paths = {fmt: tmp / f"confirm.{fmt}" for fmt in FORMATS}
    outputs = [arg for fmt, path in paths.items() for arg in ("-o", f"{fmt}={path}")]
    result = CliRunner().invoke(cli, ["confirm", *args, *outputs], env=env)
    texts = {fmt: path.read_text() for fmt, path in paths.items() if path.exists()}
    return Run(result.exit_code, result.stdout, result.stderr, texts)
