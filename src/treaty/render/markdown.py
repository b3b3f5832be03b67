"""A merge-request comment: verdict, counts, one table per endpoint, details folded away.

Errors and warnings are listed in a table per endpoint; findings that concern no operation
(components, security schemes, the document) get their own table; info-level findings and
long lists of affected operations are folded in ``<details>``. The body stays under
``RenderOptions.max_chars`` (GitHub comments hold 65 536 characters) and says how many
findings were left out. Document text is untrusted: it is escaped so it cannot close a
table, inject HTML, mention people or reach a terminal (control characters are escapes).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from treaty.redact import printable
from treaty.render._shared import API_WIDE, grouped, moved_from, plural
from treaty.report import Finding, Report, ReportKind
from treaty.rules.registry import Severity

if TYPE_CHECKING:
    from treaty.render import RenderOptions

MARKER = "<!-- treaty-report -->"  # lets a CI job find and update its previous comment
_ICONS = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.INFO: "🔵"}
_TITLES = {
    ReportKind.BREAKING: "breaking change",
    ReportKind.CHANGELOG: "change",
    ReportKind.DIFF: "difference",
}
_API_WIDE_TITLE = "Not tied to an operation (components, security schemes, document)"
_TABLE_HEAD = ["| severity | check | message |", "|---|---|---|"]
_MAX_LISTED = 50  # operations listed in one finding's <details>
_RESERVE = 600  # room for the closing lines and the "left out" note


def text(value: str) -> str:
    """Untrusted text for a table cell: code spans kept, everything else made inert."""
    value = printable(" ".join(value.split()))
    parts = value.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code spans at all
        return _plain(value).replace("`", "\\`")
    return "`".join(
        part.replace("|", "\\|") if index % 2 else _plain(part) for index, part in enumerate(parts)
    )


def _plain(value: str) -> str:
    escaped = html.escape(value, quote=False).replace("|", "\\|")
    return escaped.replace("@", "@\u200b")  # no @mentions from documents


def code(value: str) -> str:
    """``value`` as a code span (a backtick inside cannot end it)."""
    return "`" + printable(" ".join(value.split())).replace("`", "\u02cb").replace("|", "\\|") + "`"


class _Budget:
    """Counts characters and the findings that fitted."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.rows = 0
        self.full = False

    def take(self, lines: list[str]) -> bool:
        size = sum(len(line) + 1 for line in lines)
        if self.full or size > self.left:
            self.full = True
            return False
        self.left -= size
        return True


def render(report: Report, options: RenderOptions) -> str:
    """The comment body."""
    budget = _Budget(options.max_chars - _RESERVE)
    lines = _heading(report)
    budget.take(lines)
    if not report.findings:
        return "\n".join(lines) + "\n"
    main = [f for f in report.findings if f.severity is not Severity.INFO]
    info = [f for f in report.findings if f.severity is Severity.INFO]
    lines += _tables(main, budget, options)
    if info:
        folded = _tables(info, budget, options)
        if folded:
            summary = f"{plural(len(info), 'info-level ' + _TITLES[report.kind])}"
            lines += ["<details>", f"<summary>{summary}</summary>", "", *folded, "</details>", ""]
    left_out = len(report.findings) - budget.rows
    if left_out:
        lines.append(
            f"_{plural(left_out, 'more finding')} left out to keep this comment under "
            f"{options.max_chars:,} characters; `--format json` or `html` lists every one._"
        )
        lines.append("")
    lines += [f"> note: {text(note)}" for note in report.notes]
    return "\n".join(lines).rstrip("\n") + "\n"


def _heading(report: Report) -> list[str]:
    counts = report.counts()
    title = _TITLES[report.kind]
    if counts[Severity.ERROR]:
        icon = "❌"
    elif counts[Severity.WARNING]:
        icon = "⚠️"
    else:
        icon = "✅"
    verdict = plural(len(report.findings), title) if report.findings else f"no {title}s"
    summary = " · ".join(
        f"**{plural(counts[s], s.value)}**" if counts[s] else plural(counts[s], s.value)
        for s in (Severity.ERROR, Severity.WARNING)
    )
    summary += f" · {counts[Severity.INFO]} info"
    return [
        MARKER,
        f"## {icon} treaty: {verdict}",
        "",
        f"{code(report.base)} → {code(report.revision)}",
        "",
        summary,
        "",
    ]


def _tables(findings: list[Finding], budget: _Budget, options: RenderOptions) -> list[str]:
    lines: list[str] = []
    for key, group in grouped(findings):
        title = _API_WIDE_TITLE if key == API_WIDE else code(key)
        moved = moved_from(group)
        title += f" (base: {code(moved)})" if moved else ""
        head = [f"#### {title}", "", *_TABLE_HEAD]
        rows: list[str] = []
        for finding in group:
            row = _row(finding, options)
            if not budget.take([*head, row] if not rows else [row]):
                break
            rows.append(row)
            budget.rows += 1
        if rows:
            lines += [*head, *rows, ""]
        if budget.full:
            break
    return lines


def _row(finding: Finding, options: RenderOptions) -> str:
    severity = f"{_ICONS[finding.severity]} {finding.severity.value}"
    cell = text(finding.message)
    others = [code(str(op)) for op in finding.change.operations[1:]]
    if others and len(others) <= options.max_operations:
        cell += "<br>also affects " + ", ".join(others)
    elif others:
        listed = "<br>".join(others[:_MAX_LISTED])
        if len(others) > _MAX_LISTED:
            listed += f"<br>… {len(others) - _MAX_LISTED} more"
        cell += (
            f"<details><summary>also affects {plural(len(others), 'operation')}</summary>"
            f"{listed}</details>"
        )
    return f"| {severity} | {code(finding.rule)} | {cell} |"
