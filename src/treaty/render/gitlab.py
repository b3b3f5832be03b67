"""GitLab Code Quality: the JSON array GitLab shows in merge requests.

Each finding becomes one issue with the fields GitLab requires (``description``,
``check_name``, ``fingerprint``, ``severity``, ``location.path``, ``location.lines.begin``).
Severities: error -> ``critical`` (a client that followed the old contract fails),
warning -> ``minor``, info -> ``info``. A finding whose document has no file (a URL, stdin,
an app) is placed at line 1 of the document's name; one with no known line at line 1.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from treaty.redact import printable, printable_json
from treaty.render._shared import describe, fingerprints, located
from treaty.rules.registry import Severity

if TYPE_CHECKING:
    from treaty._json import JSONValue
    from treaty.render import RenderOptions
    from treaty.report import Report

SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(report: Report, options: RenderOptions) -> str:
    """The Code Quality report: a JSON array, one object per finding."""
    items = located(report)
    issues: list[JSONValue] = []
    for (finding, place), fingerprint in zip(
        items, fingerprints([f for f, _ in items]), strict=True
    ):
        issues.append(
            {
                "type": "issue",
                "check_name": finding.rule,
                "description": printable(describe(finding, options.max_operations)),
                "categories": ["Compatibility"],
                "severity": SEVERITIES[finding.severity],
                "fingerprint": fingerprint,
                "location": {
                    "path": printable(place.file if place.file is not None else place.document),
                    "lines": {"begin": place.line or 1},
                },
            }
        )
    return printable_json(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"
