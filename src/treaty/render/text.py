"""Human-readable text, grouped by endpoint, every finding placed on its ``file:line``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treaty.redact import printable
from treaty.render._shared import grouped, located, moved_from, plural, shortlist, where
from treaty.report import Report, ReportKind
from treaty.rules.registry import Severity

if TYPE_CHECKING:
    from treaty.locate import Position
    from treaty.render import RenderOptions

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_TITLES = {
    ReportKind.BREAKING: "breaking changes",
    ReportKind.CHANGELOG: "changes",
    ReportKind.DIFF: "differences",
}


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def summary(report: Report) -> str:
    """One line: how many findings of each severity."""
    counts = report.counts()
    parts = [
        plural(counts[Severity.ERROR], "error"),
        plural(counts[Severity.WARNING], "warning"),
        f"{counts[Severity.INFO]} info",
    ]
    return ", ".join(parts)


def place(position: Position) -> str:
    """``file:line`` when both are known, else the file or document with the pointer.

    ``openapi.yaml:16``; ``https://api.example.com/openapi.json#/paths/~1pets/get`` for a
    document with no file (a URL, stdin, an app: a line in fetched text helps nobody);
    ``openapi.yaml#/components/…`` when the element was bundled from another file and has no
    line in this one.
    """
    if position.pointer is None or (position.file is not None and position.line is not None):
        return where(position)
    return f"{where(position)}{position.pointer}"


def render(report: Report, options: RenderOptions) -> str:
    """Findings grouped by the operation they affect first, most severe first."""
    title = _TITLES[report.kind]
    if not report.findings:
        notes = "".join(f"note: {printable(note)}\n" for note in report.notes)
        sides = f"{printable(report.base)} and {printable(report.revision)}"
        return f"No {title} between {sides}.\n{notes}"
    width = max(len(f.rule) for f in report.findings)
    places = {id(finding): printable(place(position)) for finding, position in located(report)}
    lines = [
        f"{plural(len(report.findings), title[:-1])} between {printable(report.base)} and "
        f"{printable(report.revision)}: {summary(report)}",
        "",
    ]
    for key, findings in grouped(report.findings):
        moved = moved_from(findings)
        heading = printable(f"{key} (base: {moved})" if moved else key)
        lines.append(_paint(heading, "1", options.color))
        for finding in findings:
            severity = finding.severity.value.ljust(7)
            lines.append(
                f"  {_paint(severity, _COLORS[finding.severity], options.color)} "
                f"{finding.rule.ljust(width)}  {printable(finding.message)}"
            )
            lines.append(f"  {'':7} {'':{width}}  at {places[id(finding)]}")
            others = [printable(str(op)) for op in finding.change.operations[1:]]
            if others:
                shown = shortlist(others, options.max_operations)
                lines.append(f"  {'':7} {'':{width}}  also affects: {shown}")
        lines.append("")
    for note in report.notes:
        lines.append(f"note: {printable(note)}")
    return "\n".join(lines).rstrip("\n") + "\n"
