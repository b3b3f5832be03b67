"""Plain-text report: every failure once, with its curl command, then a summary table."""

from __future__ import annotations

from treaty.fuzz.excerpt import elide
from treaty.fuzz.results import FuzzReport
from treaty.redact import printable_line

EXCERPT_LINES = 8


def render(report: FuzzReport) -> str:
    """Failures first (each once, with reproduction), then the summary table.

    Every line is escaped with :func:`~treaty.redact.printable_line` once it is built: a label,
    path, message or body from the document or the server can neither start a line of its
    own (a CI workflow command) nor send escape sequences to the terminal.
    """
    lines: list[str] = []
    for number, failure in enumerate(report.failures, start=1):
        lines.append(f"{number}. {failure.operation}  [{failure.check}]  {failure.title}")
        if len(failure.variants) > 1:
            lines.append(f"   {len(failure.variants)} distinct answers: {failure.answers}")
        # whole: convert.message already elided a schema failure's JSON by structure
        lines.extend(f"   {line}" for line in failure.message.splitlines() if line)
        if failure.occurrences > 1:
            lines.append(f"   seen {failure.occurrences} times; the smallest request:")
        lines.extend(f"   {line}" for line in failure.curl.splitlines())
        if failure.response is not None:
            lines.append(f"   -> HTTP {failure.response.status}")
            lines.extend(f"      {line}" for line in body_lines(failure.response.body))
        lines.append("")
    if report.unjudged:
        lines.append(
            "Could not judge (no answer within --timeout; with --max-response-time these are "
            "failures):"
        )
        for number, request in enumerate(report.unjudged, start=1):
            seen = f" (seen {request.occurrences} times)" if request.occurrences > 1 else ""
            lines.append(f"{number}. {request.operation}  {request.message}{seen}")
            lines.extend(f"   {line}" for line in request.curl.splitlines())
        lines.append("")
    if report.untested:
        lines.append("Not tested (the document asks for what cannot be generated or sent):")
        lines.extend(f"  {item.operation}: {item.reason}" for item in report.untested)
        lines.append("")
    if report.denied:
        said = (
            "accepted with --accept-denied"
            if report.accept_denied
            else "credentials missing or wrong?"
        )
        lines.append(f"Warning: every answer was 401/403, so nothing was verified ({said}):")
        lines.extend(f"  {operation}" for operation in report.denied)
        lines.append("")
    lines.extend(summary(report))
    return "\n".join(printable_line(line) for line in lines) + "\n"


def body_lines(body: str) -> list[str]:
    """A response body's first lines: JSON elided by structure, other text cut by lines.

    A body that is not JSON (or was cut to its excerpt length in the report) shows its first
    lines as received.
    """
    import json

    try:
        value = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, cut short, or nested beyond any reason
        return [line[:200] for line in body.splitlines()[:EXCERPT_LINES]]
    return elide(value, EXCERPT_LINES).splitlines()


def summary(report: FuzzReport) -> list[str]:
    """The summary table: operations, requests, failures per check, duration."""
    sent = str(report.requests)
    if report.extra_requests:
        operations = report.requests - report.extra_requests
        sent += f" ({operations} to the operations, {report.extra_requests} extra: probes, checks)"
    rows = [("operations", str(len(report.operations))), ("requests sent", sent)]
    rows += [
        (f"failures: {check}", str(count)) for check, count in report.failures_per_check.items()
    ]
    rows.append(("failures (distinct)", str(len(report.failures))))
    if report.unjudged:
        rows.append(("could not judge (timeouts)", str(len(report.unjudged))))
    if report.untested:
        rows.append(("not tested", str(len({item.operation for item in report.untested}))))
    if report.denied:
        rows.append(("only 401/403 answers", str(len(report.denied))))
    rows.append(("duration", f"{report.duration:.1f}s"))
    if report.seed is not None:
        rows.append(("seed", str(report.seed)))
    if report.stop_reason != "completed":
        rows.append(("stopped", report.stop_reason))
    width = max(len(name) for name, _ in rows)
    out = [f"{report.mode} summary ({report.target})"]
    out += [f"  {name.ljust(width)}  {value}" for name, value in rows]
    out += [f"  note: {note}" for note in report.notes]
    out += [f"  error: {error}" for error in report.errors]
    for result in report.replays:
        verdict = "reproduced" if result.reproduced else "not reproduced"
        out.append(f"  {verdict}: {result.operation} [{result.check}] {result.detail}".rstrip())
    verdict = "FAILED: the API broke its contract" if report.failures else "OK: no contract failure"
    if report.unverified and not report.failures:
        verdict = (
            f"NOT VERIFIED: {len(report.unverified)} operation(s) answered only 401/403; "
            "check the credentials, or pass --accept-denied if that is expected"
        )
    if report.unjudged:
        verdict += f"; {len(report.unjudged)} operation(s) could not be judged (timeouts)"
    if report.interrupted:
        verdict += " (interrupted: partial results)"
    out.append(verdict)
    return out
