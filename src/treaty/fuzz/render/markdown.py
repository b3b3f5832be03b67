"""Markdown report, for pull-request comments and job summaries."""

from __future__ import annotations

from treaty.fuzz.results import FuzzReport
from treaty.redact import printable_line


def render(report: FuzzReport) -> str:
    """A summary table, a failures table and one collapsible reproduction per failure.

    Each line is escaped with :func:`~treaty.redact.printable_line` (multi-line messages and curl
    commands are split into lines first), so nothing from the document or the server starts a
    line or reaches the terminal as a control sequence.
    """
    verdict = "❌ contract broken" if report.failures else "✅ no contract failure"
    if report.unverified and not report.failures:
        verdict = "⚠️ not verified: operations answered only 401/403"
    lines = [
        f"## treaty {report.mode}: {verdict}",
        "",
        f"Target `{report.target}`, {len(report.operations)} operations, "
        f"{report.requests} requests"
        + (f" ({report.extra_requests} extra: probes, checks)" if report.extra_requests else "")
        + f", {report.duration:.1f}s"
        + (f", seed {report.seed}" if report.seed is not None else "")
        + (" (interrupted)" if report.interrupted else ""),
        "",
    ]
    if report.failures:
        lines += ["| Check | Failures |", "| --- | ---: |"]
        lines += [f"| `{check}` | {count} |" for check, count in report.failures_per_check.items()]
        lines += ["", "| Operation | Check | Problem | Status |", "| --- | --- | --- | ---: |"]
        for failure in report.failures:
            status = failure.response.status if failure.response is not None else "-"
            if len(failure.variants) > 1:
                status = failure.answers
            title = failure.title.replace("|", "\\|")
            lines.append(f"| `{failure.operation}` | `{failure.check}` | {title} | {status} |")
        lines.append("")
        for failure in report.failures:
            lines += [
                f"<details><summary>{failure.operation}: {failure.check}</summary>",
                "",
                "```",
                *failure.message.splitlines(),
                "```",
                "",
                "```sh",
                *failure.curl.splitlines(),
                "```",
                "</details>",
                "",
            ]
    if report.unjudged:
        lines += [
            "**Could not judge** (no answer within `--timeout`; with `--max-response-time` "
            "these are failures):",
            "",
        ]
        lines += [f"- `{request.operation}`: `{request.curl}`" for request in report.unjudged]
    if report.untested:
        lines += ["", "**Not tested:**", ""]
        lines += [f"- `{item.operation}`: {item.reason}" for item in report.untested]
    if report.denied:
        said = "accepted" if report.accept_denied else "credentials missing or wrong?"
        lines += ["", f"**Only 401/403 answers** ({said}):", ""]
        lines += [f"- `{operation}`" for operation in report.denied]
    return "\n".join(printable_line(line) for line in lines).rstrip("\n") + "\n"
