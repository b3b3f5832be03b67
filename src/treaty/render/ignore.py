"""``--format ignore``: the report's findings as ignore-file entries, ready to paste.

One entry per (check, component) for changes inside a schema component, else per (check,
operation). ``reason`` is left empty on purpose: an entry pasted without a reason is refused
when the ignore file is loaded, so accepting a breaking change is always a written decision.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from treaty.ignore import component_path
from treaty.redact import printable_json
from treaty.report import Report

if TYPE_CHECKING:
    from treaty.render import RenderOptions

_HEADER = (
    "# Accepted changes for .treaty-ignore.yaml: write a reason for each entry (an empty\n"
    "# reason is refused); `until: YYYY-MM-DD` makes an entry stop applying after that day.\n"
)


def render(report: Report, options: RenderOptions) -> str:
    """YAML entries for every finding of ``report``."""
    entries: list[tuple[str, str, str | None]] = []
    for finding in report.findings:
        component = component_path(finding.change)
        if component is not None:
            places: list[tuple[str, str | None]] = [("component", component)]
        elif finding.change.operations:
            places = [("operation", str(op)) for op in finding.change.operations]
        else:
            places = [("", None)]
        for key, value in places:
            entry = (finding.rule, key, value)
            if entry not in entries:
                entries.append(entry)
    if not entries:
        return _HEADER + "# (nothing to accept: the report has no findings)\n"
    lines = [_HEADER.rstrip("\n")]
    for check_id, key, value in entries:
        lines.append(f"- id: {check_id}")
        if value is not None:
            lines.append(f"  {key}: {printable_json(json.dumps(value, ensure_ascii=False))}")
        lines.append("  reason: ''  # required: why this change is accepted")
    return "\n".join(lines) + "\n"
