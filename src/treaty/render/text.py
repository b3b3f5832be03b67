"""Human-readable text, grouped by endpoint."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from treaty.report import Finding, Report, ReportKind
from treaty.rules.registry import Severity

if TYPE_CHECKING:
    from treaty.render import RenderOptions

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_TITLES = {
    ReportKind.BREAKING: "breaking changes",
    ReportKind.CHANGELOG: "changes",
    ReportKind.DIFF: "differences",
}


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(report: Report) -> str:
    """One line: how many findings of each severity."""
    counts = report.counts()
    parts = [
        _plural(counts[Severity.ERROR], "error"),
        _plural(counts[Severity.WARNING], "warning"),
        f"{counts[Severity.INFO]} info",
    ]
    return ", ".join(parts)


def render(report: Report, options: RenderOptions) -> str:
    """Findings grouped by the operation they affect first, most severe first."""
    title = _TITLES[report.kind]
    if not report.findings:
        return f"No {title} between {report.base} and {report.revision}.\n"
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        key = str(finding.operation) if finding.operation else "API-wide"
        groups[key].append(finding)
    width = max(len(f.rule) for f in report.findings)
    lines = [
        f"{_plural(len(report.findings), title[:-1])} between {report.base} and "
        f"{report.revision}: {summary(report)}",
        "",
    ]
    for key in sorted(groups, key=lambda k: (k == "API-wide", _path_first(k))):
        lines.append(_paint(key, "1", options.color))
        for finding in sorted(groups[key], key=lambda f: (-f.severity.rank, f.rule)):
            severity = finding.severity.value.ljust(7)
            lines.append(
                f"  {_paint(severity, _COLORS[finding.severity], options.color)} "
                f"{finding.rule.ljust(width)}  {finding.message}"
            )
            others = finding.change.operations[1:]
            if others:
                shown = ", ".join(str(op) for op in others[: options.max_operations])
                more = len(others) - options.max_operations
                suffix = f" (+{more} more)" if more > 0 else ""
                lines.append(f"  {'':7} {'':{width}}  also affects: {shown}{suffix}")
        lines.append("")
    for note in report.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines).rstrip("\n") + "\n"


def _path_first(key: str) -> tuple[str, str]:
    method, _, path = key.partition(" ")
    return (path, method)
