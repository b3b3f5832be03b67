"""Reports the renderer tests share: the demo pair, a JSON pair, hand-built edge cases."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from treaty import api
from treaty.changes.model import Action, Aspect, Change, Direction, Location, OperationKey, Target
from treaty.report import Finding, Report, ReportKind
from treaty.rules.registry import Severity

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "fixtures" / "demo"
SCHEMAS = ROOT / "fixtures" / "schemas"
PETSTORE_JSON = ROOT / "fixtures" / "specs" / "petstore-3.1.json"


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line of ``path`` containing ``needle``."""
    lines = path.read_text().splitlines()
    return next(i for i, text in enumerate(lines, 1) if needle in text)


def demo(kind: ReportKind = ReportKind.BREAKING) -> Report:
    """The demo pair: six errors and a warning, on known lines of both files."""
    return api.diff(DEMO / "petstore-v1.yaml", DEMO / "petstore-v2.yaml", kind=kind)


def json_pair(directory: Path) -> tuple[Path, Path]:
    """petstore-3.1.json and a copy whose ``limit`` parameter became required."""
    document = json.loads(PETSTORE_JSON.read_text())
    document["paths"]["/pets"]["get"]["parameters"][0]["required"] = True
    revision = directory / "revision.json"
    revision.write_text(json.dumps(document, indent=2))
    return PETSTORE_JSON, revision


def finding(
    rule: str = "operation-removed",
    severity: Severity = Severity.ERROR,
    message: str = "GET /pets removed without deprecation",
    operations: tuple[OperationKey, ...] = (OperationKey("get", "/pets"),),
    pointer: str | None = "#/paths/~1pets/get",
) -> Finding:
    """A finding built by hand (no documents behind it)."""
    change = Change(
        target=Target.OPERATION,
        aspect=Aspect.EXISTENCE,
        action=Action.REMOVED,
        direction=Direction.NONE,
        location=Location(base_pointer=pointer, revision_pointer=None),
        operations=operations,
        before={"operationId": "listPets"},
    )
    return Finding(rule=rule, severity=severity, change=change, message=message)


def report(*findings: Finding, kind: ReportKind = ReportKind.BREAKING) -> Report:
    """A report of ``findings`` with no documents (positions unknown)."""
    return Report(kind=kind, base="base.yaml", revision="revision.yaml", findings=findings)


def only(report: Report, *rules: str) -> Report:
    """``report`` keeping the findings of ``rules``."""
    return dataclasses.replace(
        report, findings=tuple(f for f in report.findings if f.rule in rules)
    )
