"""SARIF 2.1.0 for GitHub code scanning (schema: fixtures/schemas/sarif-2.1.0.json).

One run; ``tool.driver.rules`` holds only the checks the report uses, documented from the
catalogue. Each result is placed on its file (repository-relative, ``%SRCROOT%``) and line
when known; a finding with no file (a URL, stdin, an app) gets a logical location naming its
operation and JSON pointer instead. ``partialFingerprints`` hash the check, the operation and
the pointer, never the line, so an alert survives edits elsewhere in the file.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import TYPE_CHECKING
from urllib.parse import quote

from treaty.redact import printable, printable_json
from treaty.render._shared import (
    INFORMATION_URI,
    describe,
    fingerprints,
    group_key,
    located,
    tool_version,
)
from treaty.report import DOCUMENTATION_RULE, UNCLASSIFIED_RULE
from treaty.rules.registry import Severity

if TYPE_CHECKING:
    from treaty._json import JSONObject, JSONValue
    from treaty.locate import Position
    from treaty.render import RenderOptions
    from treaty.report import Finding, Report

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "treaty/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# checks outside the catalogue: the fallbacks of ``treaty.classify``
_BUILT_IN = {
    DOCUMENTATION_RULE: "A description, summary, title, example or extension changed.",
    UNCLASSIFIED_RULE: "A change no check in the catalogue judges (reported so none is lost).",
}


def render(report: Report, options: RenderOptions) -> str:
    """The SARIF log as pretty-printed JSON."""
    items = located(report)
    rule_ids = sorted({finding.rule for finding, _ in items})
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    results: list[JSONValue] = []
    for (finding, place), fingerprint in zip(
        items, fingerprints([f for f, _ in items]), strict=True
    ):
        results.append(_result(finding, place, fingerprint, index[finding.rule], options))
    log: JSONObject = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "treaty",
                        "version": tool_version(),
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(rule_id) for rule_id in rule_ids],
                    }
                },
                "results": results,
                "properties": {
                    "kind": report.kind.value,
                    "base": report.base,
                    "revision": report.revision,
                },
            }
        ],
    }
    return printable_json(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def _result(
    finding: Finding, place: Position, fingerprint: str, rule_index: int, options: RenderOptions
) -> JSONObject:
    location: JSONObject
    if place.file is not None:
        physical: JSONObject = {"artifactLocation": artifact(place.file)}
        if place.line is not None:
            physical["region"] = {"startLine": place.line}
        location = {"physicalLocation": physical}
    else:
        logical: JSONObject = {
            "name": printable(group_key(finding)),
            "fullyQualifiedName": printable(place.document + (place.pointer or "")),
            "kind": "resource",
        }
        location = {"logicalLocations": [logical]}
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": printable(describe(finding, options.max_operations))},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {
            "operations": [str(op) for op in finding.change.operations],
            "pointer": place.pointer,
            "side": place.side.value,
            "direction": finding.change.direction.value,
        },
    }


def artifact(file: str) -> JSONObject:
    """A repository-relative file under ``%SRCROOT%``; a file outside any tree by its URI."""
    path = PurePath(file)
    if path.is_absolute():  # not below a git work tree nor the current directory
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(file, safe="/"), "uriBaseId": "%SRCROOT%"}


def _descriptor(rule_id: str) -> JSONObject:
    """A rule as SARIF describes it, from the catalogue entry's documentation."""
    from treaty.rules import RULES

    rule = RULES.get(rule_id)
    if rule is None:
        text = _BUILT_IN.get(rule_id, rule_id)
        return {
            "id": rule_id,
            "shortDescription": {"text": text},
            "fullDescription": {"text": text},
            "defaultConfiguration": {"level": "note"},
        }
    summary, sections = sections_of(rule.doc)
    why = next((body for title, body in sections if title.startswith("Why")), "")
    return {
        "id": rule.id,
        "name": "".join(part.title() for part in rule.id.split("-")),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": " ".join(f"{summary} {why}".split())},
        "help": {"text": rule.doc.strip(), "markdown": help_markdown(summary, sections)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["openapi", "api-compatibility", rule.area.value]},
    }


def sections_of(doc: str) -> tuple[str, list[tuple[str, str]]]:
    """A rule docstring's summary and its ``Title:`` sections (indented bodies)."""
    summary_lines: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in doc.strip().splitlines():
        if line and not line[0].isspace() and line.endswith(":"):
            sections.append((line[:-1], []))
        elif sections:
            sections[-1][1].append(line.strip())
        elif line.strip():
            summary_lines.append(line.strip())
    bodies = [(title, "\n".join(lines).strip()) for title, lines in sections]
    return " ".join(summary_lines), bodies


def help_markdown(summary: str, sections: list[tuple[str, str]]) -> str:
    """The documentation as Markdown: prose sections as paragraphs, the example as code."""
    parts = [summary]
    for title, body in sections:
        if title == "Example":
            parts.append(f"**{title}**\n\n```yaml\n{body}\n```")
        else:
            parts.append(f"**{title}:** " + " ".join(body.split()))
    return "\n\n".join(parts)
