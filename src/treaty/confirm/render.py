"""Reports of a confirmation run: text, json, markdown, junit and html, pure functions.

Every format shows the same thing in the same order: undeclared breaks first (the
implementation changed without the spec saying so), then each breaking finding of the static
diff with its runtime verdict and reproductions, then the differences between the two
deployments. The JSON layout is fixtures/schemas/treaty-confirm-report.schema.json.

Names and messages come from documents and servers nobody here controls: every format writes
their control characters as escapes (``redact.printable``), line by line where a block (a
server's message) is meant to keep its lines, so none can start a CI workflow command or
reach a terminal; JSON keeps the exact strings (``redact.printable_json``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Mapping
from enum import StrEnum
from html import escape as _escape_html
from types import MappingProxyType
from typing import Any
from xml.etree import ElementTree as ET

from treaty.confirm.model import (
    SCHEMA_VERSION,
    ConfirmReport,
    Difference,
    FindingVerdict,
    UndeclaredBreak,
    Verdict,
)
from treaty.fuzz.results import FuzzFailure
from treaty.redact import printable, printable_json


class ConfirmFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    JUNIT = "junit"
    HTML = "html"


_MARK = {Verdict.CONFIRMED: "✗", Verdict.NOT_OBSERVED: "~", Verdict.NOT_EXERCISED: "?"}
_ORDER = {Verdict.CONFIRMED: 0, Verdict.NOT_OBSERVED: 1, Verdict.NOT_EXERCISED: 2}


def escape(value: str) -> str:
    """Untrusted text for the page: control characters as escapes, then HTML-escaped."""
    return _escape_html(printable(value))


def _block(value: str) -> str:
    """A block of lines with each line's control characters escaped."""
    return "\n".join(printable(line) for line in value.split("\n"))


def _escape_block(value: str) -> str:
    return _escape_html(_block(value))


def render(report: ConfirmReport, output_format: ConfirmFormat) -> str:
    """``report`` in ``output_format``."""
    return RENDERERS[output_format](report)


def ordered(report: ConfirmReport) -> list[FindingVerdict]:
    """Verdicts as reports list them: confirmed first, then not observed, then not exercised."""
    return sorted(report.verdicts, key=lambda v: _ORDER[v.verdict])


def headline(report: ConfirmReport) -> str:
    """One line: the counts, and whether the run fails."""
    parts = [
        f"{report.count(Verdict.CONFIRMED)} confirmed",
        f"{report.count(Verdict.NOT_OBSERVED)} not observed",
        f"{report.count(Verdict.NOT_EXERCISED)} not exercised",
        f"{len(report.breaks)} undeclared",
    ]
    if report.differential is not None:
        parts.append(f"{len(report.undeclared_differences)} undeclared difference(s)")
    failing = report.failing()
    verdict = "FAIL: " + "; ".join(failing) if failing else "pass"
    return (
        f"treaty confirm: {len(report.verdicts)} breaking change(s) checked against "
        f"{report.traffic.target}: {', '.join(parts)} ({verdict}, --fail-on {report.fail_on})"
    )


# ---- text ---------------------------------------------------------------------------------


def text(report: ConfirmReport) -> str:
    lines = [headline(report), _traffic_line(report), ""]
    if report.undeclared:
        lines.append("Undeclared breaks (the spec did not change; the deployment did):")
        for found in report.undeclared:
            lines += _text_failure(found.failure, "  ", _pre(found))
        lines.append("")
    if report.verdicts:
        lines.append("Declared breaking changes:")
        for verdict in ordered(report):
            finding = verdict.finding
            lines.append(
                f"  {_MARK[verdict.verdict]} {verdict.verdict:<13} {finding.rule} "
                f"({finding.severity}) {', '.join(verdict.operations) or '-'}"
            )
            lines.append(f"      {finding.message}")
            lines.append(f"      {verdict.reason}")
            for failure in verdict.failures:
                lines += _text_failure(failure, "      ", "")
            lines += [f"      {curl}" for curl in verdict.evidence]
        lines.append("")
    else:
        lines += ["No breaking change in the static diff.", ""]
    if report.unjudged:
        lines.append("Could not judge (no usable answer):")
        for failure in report.unjudged:
            lines.append(f"  {failure.operation}: {failure.title}")
            lines.append(f"    {failure.curl}")
        lines.append("")
    differential = report.differential
    if differential is not None:
        lines.append(
            f"Differences from the old deployment {differential.old_target} "
            f"({differential.compared} identical requests compared):"
        )
        if not differential.differences:
            lines.append("  none")
        for difference in differential.differences:
            lines.append("  " + _difference_line(difference))
            lines.append(f"    {difference.curl}")
        volatile = [f"{op}: {', '.join(paths)}" for op, paths in differential.volatile if paths]
        if volatile:
            lines.append("  volatile, never compared: " + "; ".join(volatile))
        for error in differential.errors:
            lines.append(f"  not compared: {error}")
        lines.append("")
    return "\n".join(printable(line) for line in lines).rstrip("\n") + "\n"


def _traffic_line(report: ConfirmReport) -> str:
    traffic = report.traffic
    seed = f", seed {traffic.seed}" if traffic.seed is not None else ""
    stop = f", stopped: {traffic.stop_reason}" if traffic.stop_reason != "completed" else ""
    return (
        f"{traffic.requests} old-contract request(s) to {len(traffic.operations)} operation(s) "
        f"in {traffic.duration:.1f}s{seed}{stop}"
    )


def _text_failure(failure: FuzzFailure, indent: str, note: str) -> list[str]:
    status = f" -> {failure.response.status}" if failure.response is not None else ""
    first = failure.message.strip().splitlines()[0] if failure.message.strip() else failure.title
    return [
        f"{indent}{failure.operation}: {failure.title} [{failure.check}]{status}{note}",
        f"{indent}  {first}",
        f"{indent}  {failure.curl}",
    ]


def _pre(found: UndeclaredBreak) -> str:
    return " (pre-existing: the old deployment answers the same)" if found.pre_existing else ""


def _difference_line(difference: Difference) -> str:
    label = (
        "declared by " + ", ".join(difference.declared_by) if difference.declared else "UNDECLARED"
    )
    where = "status" if difference.kind == "status" else difference.path
    values = f"{difference.old or '(absent)'} -> {difference.new or '(absent)'}"
    return (
        f"{difference.operation} {where} {difference.change}: {values} "
        f"[{difference.occurrences}x, {label}]"
    )


# ---- json ---------------------------------------------------------------------------------


def as_json(report: ConfirmReport) -> str:
    traffic = report.traffic
    differential = report.differential
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": "treaty",
        "command": "confirm",
        "base": report.static.base,
        "revision": report.static.revision,
        "target": traffic.target,
        "seed": traffic.seed,
        "fail_on": str(report.fail_on),
        "exit_code": report.exit_code,
        "failing": report.failing(),
        "summary": {
            "findings": len(report.verdicts),
            "confirmed": report.count(Verdict.CONFIRMED),
            "not_observed": report.count(Verdict.NOT_OBSERVED),
            "not_exercised": report.count(Verdict.NOT_EXERCISED),
            "undeclared": len(report.breaks),
            "pre_existing": len(report.undeclared) - len(report.breaks),
            "unjudged": len(report.unjudged),
            "differences": len(differential.differences) if differential else 0,
            "undeclared_differences": len(report.undeclared_differences),
            "requests": traffic.requests,
            "duration": traffic.duration,
            "stop_reason": traffic.stop_reason,
            "interrupted": traffic.interrupted,
        },
        "undeclared": [
            {**_failure(u.failure), "pre_existing": u.pre_existing} for u in report.undeclared
        ],
        "findings": [
            {
                "check_id": v.finding.rule,
                "severity": str(v.finding.severity),
                "message": v.finding.message,
                "operations": list(v.operations),
                "verdict": str(v.verdict),
                "reason": v.reason,
                "requests": v.requests,
                "reproductions": [_failure(f) for f in v.failures],
                "evidence": list(v.evidence),
            }
            for v in ordered(report)
        ],
        "unjudged": [_failure(f) for f in report.unjudged],
        "differential": None
        if differential is None
        else {
            "old_target": differential.old_target,
            "compared": differential.compared,
            "differences": [_difference(d) for d in differential.differences],
            "volatile": {op: list(paths) for op, paths in differential.volatile},
            "errors": list(differential.errors),
        },
        "operations": [
            {
                "operation": stat.operation,
                "requests": stat.requests,
                "statuses": {str(code): count for code, count in stat.statuses},
            }
            for stat in traffic.operations
        ],
        "errors": list(traffic.errors),
    }
    return printable_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _failure(failure: FuzzFailure) -> dict[str, Any]:
    return {
        "operation": failure.operation,
        "check": failure.check,
        "title": failure.title,
        "message": failure.message,
        "request": {
            "method": failure.request.method,
            "url": failure.request.url,
            "headers": dict(failure.request.headers),
            "body": failure.request.body,
        },
        "status": failure.response.status if failure.response is not None else None,
        "curl": failure.curl,
        "occurrences": failure.occurrences,
    }


def _difference(difference: Difference) -> dict[str, Any]:
    return {
        "operation": difference.operation,
        "kind": difference.kind,
        "path": difference.path,
        "change": difference.change,
        "old": difference.old,
        "new": difference.new,
        "occurrences": difference.occurrences,
        "declared": difference.declared,
        "declared_by": list(difference.declared_by),
        "curl": difference.curl,
    }


# ---- markdown -----------------------------------------------------------------------------


def markdown(report: ConfirmReport) -> str:
    failing = report.failing()
    mark = "❌" if failing else "✅"
    lines = [
        f"## treaty confirm {mark} {'; '.join(failing) if failing else 'no confirmed break'}",
        "",
        f"`{report.static.base}` → `{report.static.revision}` against `{report.traffic.target}`: "
        + _traffic_line(report)
        + ".",
        "",
    ]
    if report.undeclared:
        lines += [
            "### Undeclared breaks",
            "",
            "| Operation | Check | Status | Problem |",
            "| --- | --- | ---: | --- |",
        ]
        for found in report.undeclared:
            failure = found.failure
            status = failure.response.status if failure.response is not None else "-"
            lines.append(
                f"| `{failure.operation}` | `{failure.check}` | {status} | "
                f"{_cell(failure.title)}{_cell(_pre(found))} |"
            )
        lines.append("")
    if report.verdicts:
        lines += [
            "### Declared breaking changes",
            "",
            "| Verdict | Check | Operations | Change | Evidence |",
            "| --- | --- | --- | --- | --- |",
        ]
        for verdict in ordered(report):
            ops = ", ".join(f"`{op}`" for op in verdict.operations) or "-"
            lines.append(
                f"| **{verdict.verdict}** | `{verdict.finding.rule}` | {ops} | "
                f"{_cell(verdict.finding.message)} | {_cell(verdict.reason)} |"
            )
        lines.append("")
        for verdict in ordered(report):
            for failure in verdict.failures:
                lines += _details(f"{verdict.finding.rule}: {failure.operation}", failure)
        for found in report.undeclared:
            lines += _details(f"undeclared: {found.failure.operation}", found.failure)
        for verdict in ordered(report):
            if verdict.evidence:
                lines += [f"<details><summary>{escape(verdict.finding.rule)}: compared with the "
                          "old deployment</summary>", "", "```sh", *verdict.evidence, "```",
                          "</details>", ""]  # fmt: skip
    differential = report.differential
    if differential is not None:
        lines += [
            f"### Differences from `{differential.old_target}`",
            "",
            f"{differential.compared} identical requests sent to both deployments.",
            "",
        ]
        if differential.differences:
            lines += [
                "| Operation | Where | Change | Old → new | Declared by |",
                "| --- | --- | --- | --- | --- |",
            ]
            for d in differential.differences:
                by = ", ".join(f"`{r}`" for r in d.declared_by) or "**undeclared**"
                lines.append(
                    f"| `{d.operation}` | `{d.path}` | {d.change} | "
                    f"{_cell(d.old or '(absent)')} → {_cell(d.new or '(absent)')} | {by} |"
                )
            lines.append("")
    return "\n".join(printable(line) for line in lines).rstrip("\n") + "\n"


def _cell(value: str) -> str:
    return " ".join(value.replace("|", "\\|").split())


def _details(summary: str, failure: FuzzFailure) -> list[str]:
    return [
        f"<details><summary>{escape(summary)}</summary>",
        "",
        "```",
        *failure.message.strip().splitlines(),
        "```",
        "",
        "```sh",
        failure.curl,
        "```",
        "</details>",
        "",
    ]


# ---- junit --------------------------------------------------------------------------------


def junit(report: ConfirmReport) -> str:
    """A test case per breaking finding (failed when confirmed, skipped when not exercised)
    and one failed case per undeclared break and undeclared difference."""
    suites = ET.Element("testsuites", name="treaty confirm", time=f"{report.traffic.duration:.3f}")
    declared = ET.SubElement(suites, "testsuite", name="declared breaking changes")
    for verdict in ordered(report):
        case = ET.SubElement(
            declared,
            "testcase",
            name=f"{verdict.finding.rule}: {', '.join(verdict.operations) or '-'}",
            classname="confirm.declared",
        )
        if verdict.verdict is Verdict.CONFIRMED:
            node = ET.SubElement(case, "failure", message=verdict.finding.message, type="confirmed")
            node.text = "\n\n".join(
                [f"{f.message.strip()}\n{f.curl}" for f in verdict.failures]
                + [f"{verdict.reason}\n{curl}" for curl in verdict.evidence]
            )
        elif verdict.verdict is Verdict.NOT_EXERCISED:
            ET.SubElement(case, "skipped", message=verdict.reason)
        else:
            out = ET.SubElement(case, "system-out")
            out.text = verdict.reason
    undeclared = ET.SubElement(suites, "testsuite", name="undeclared breaks")
    for found in report.undeclared:
        failure = found.failure
        case = ET.SubElement(
            undeclared,
            "testcase",
            name=f"{failure.operation}: {failure.check}",
            classname="confirm.undeclared",
        )
        if found.pre_existing:
            ET.SubElement(
                case, "skipped", message="pre-existing: the old deployment answers the same"
            )
        else:
            node = ET.SubElement(case, "failure", message=failure.title, type=failure.check)
            node.text = f"{failure.message.strip()}\n\n{failure.curl}"
    if report.differential is not None:
        suite = ET.SubElement(suites, "testsuite", name="differences")
        for d in report.differential.differences:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{d.operation} {d.path} {d.change}",
                classname="confirm.difference",
            )
            if not d.declared:
                node = ET.SubElement(case, "failure", message="undeclared difference", type=d.kind)
                node.text = f"{d.old} -> {d.new}\n{d.curl}"
    total = failures = 0
    for suite in suites:
        cases = suite.findall("testcase")
        suite_failures = sum(1 for c in cases if c.find("failure") is not None)
        suite_skipped = sum(1 for c in cases if c.find("skipped") is not None)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        suite.set("skipped", str(suite_skipped))
        total, failures = total + len(cases), failures + suite_failures
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", "0")
    for node in suites.iter():  # XML 1.0 cannot carry most control characters at all
        node.attrib = {name: printable(value) for name, value in node.attrib.items()}
        if node.text:
            node.text = _block(node.text)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


# ---- html ---------------------------------------------------------------------------------

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem;
       padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem .5rem; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; word-break: break-word; }
code, pre { font: 13px/1.4 ui-monospace, monospace; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: .5rem;
      margin: .3rem 0; }
.confirmed, .undeclared { color: #b00020; font-weight: 600; }
.not-observed { color: #8a6d00; } .not-exercised { color: #555; }
.fail { color: #b00020; } .pass { color: #1a7f37; }
"""


def html(report: ConfirmReport) -> str:
    failing = report.failing()
    style_hash = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        f"content=\"default-src 'none'; style-src 'sha256-{style_hash}'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>treaty confirm</title>",
        f"<style>{_STYLE}</style></head><body>",
        f'<h1>treaty confirm: <span class="{"fail" if failing else "pass"}">'
        f"{escape('; '.join(failing) if failing else 'no confirmed break')}</span></h1>",
        f"<p><code>{escape(report.static.base)}</code> → <code>{escape(report.static.revision)}"
        f"</code> against <code>{escape(report.traffic.target)}</code>: "
        f"{escape(_traffic_line(report))}.</p>",
    ]
    if report.undeclared:
        parts.append('<h2 id="undeclared">Undeclared breaks</h2><table><thead><tr>'
                     "<th>Operation</th><th>Check</th><th>Problem</th><th>Reproduce</th>"
                     "</tr></thead><tbody>")  # fmt: skip
        for found in report.undeclared:
            f = found.failure
            parts.append(
                f'<tr class="{"pre-existing" if found.pre_existing else "undeclared"}">'
                f"<td><code>{escape(f.operation)}</code></td><td>{escape(f.check)}</td>"
                f"<td>{escape(f.title + _pre(found))}"
                f"<pre>{_escape_block(f.message.strip())}</pre></td>"
                f"<td><pre>{escape(f.curl)}</pre></td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append('<h2 id="declared">Declared breaking changes</h2>')
    if report.verdicts:
        parts.append("<table><thead><tr><th>Verdict</th><th>Check</th><th>Operations</th>"
                     "<th>Change</th><th>Evidence</th></tr></thead><tbody>")  # fmt: skip
        for v in ordered(report):
            curls = [f.curl for f in v.failures] + list(v.evidence)
            repro = "".join(f"<pre>{escape(curl)}</pre>" for curl in curls)
            parts.append(
                f'<tr class="finding"><td class="{v.verdict}">{escape(str(v.verdict))}</td>'
                f"<td><code>{escape(v.finding.rule)}</code></td>"
                f"<td>{'<br>'.join(f'<code>{escape(op)}</code>' for op in v.operations)}</td>"
                f"<td>{escape(v.finding.message)}</td><td>{escape(v.reason)}{repro}</td></tr>"
            )
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No breaking change in the static diff.</p>")
    differential = report.differential
    if differential is not None:
        parts.append(
            f'<h2 id="differences">Differences from <code>{escape(differential.old_target)}'
            f"</code></h2><p>{differential.compared} identical requests compared.</p>"
        )
        if differential.differences:
            parts.append("<table><thead><tr><th>Operation</th><th>Where</th><th>Change</th>"
                         "<th>Old → new</th><th>Declared by</th></tr></thead><tbody>")  # fmt: skip
            for d in differential.differences:
                by = (
                    escape(", ".join(d.declared_by))
                    if d.declared
                    else '<span class="undeclared">undeclared</span>'
                )
                parts.append(
                    f"<tr><td><code>{escape(d.operation)}</code></td><td><code>{escape(d.path)}"
                    f"</code></td><td>{escape(d.change)}</td><td>{escape(d.old or '(absent)')} → "
                    f"{escape(d.new or '(absent)')}</td><td>{by}</td></tr>"
                )
            parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


Renderer = Callable[[ConfirmReport], str]

RENDERERS: Mapping[ConfirmFormat, Renderer] = MappingProxyType(
    {
        ConfirmFormat.TEXT: text,
        ConfirmFormat.JSON: as_json,
        ConfirmFormat.MARKDOWN: markdown,
        ConfirmFormat.JUNIT: junit,
        ConfirmFormat.HTML: html,
    }
)
