"""The versioned JSON report (schema: fixtures/schemas/treaty-report.schema.json)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from treaty._json import JSONObject
from treaty.redact import printable_json
from treaty.report import SCHEMA_VERSION, Finding, Report

if TYPE_CHECKING:
    from treaty.render import RenderOptions


def finding_json(finding: Finding) -> JSONObject:
    """One finding as the JSON report's ``changes`` item."""
    change = finding.change
    return {
        "id": finding.rule,
        "severity": finding.severity.value,
        "direction": change.direction.value,
        "operation": str(change.operation) if change.operation else None,
        "operations": [str(op) for op in change.operations],
        "target": change.target.value,
        "aspect": change.aspect.value,
        "action": change.action.value,
        "scope": change.scope.value,
        "name": change.name,
        "parent": change.parent,
        "base_pointer": change.location.base_pointer,
        "revision_pointer": change.location.revision_pointer,
        "before": change.before,
        "after": change.after,
        "message": finding.message,
    }


def render(report: Report, options: RenderOptions) -> str:
    """The report as pretty-printed JSON with a trailing newline."""
    document: JSONObject = {
        "schema_version": SCHEMA_VERSION,
        "kind": report.kind.value,
        "base": report.base,
        "revision": report.revision,
        "summary": {severity.value: count for severity, count in report.counts().items()},
        "changes": [finding_json(finding) for finding in report.findings],
        "accepted": [finding_json(finding) for finding in report.accepted],
        "notes": list(report.notes),
    }
    return printable_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
