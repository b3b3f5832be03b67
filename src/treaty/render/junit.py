"""JUnit XML for the test-report views of GitLab and Jenkins (fixtures/schemas/junit-10.xsd).

One ``<testsuite>`` per report and one ``<testcase>`` per check per affected operation
(``classname`` = the operation, ``GET /pets``, or ``API-wide``; ``name`` = the check id), so
a change to a shared component fails every endpoint it breaks. Errors are ``<failure>``s
whose body gives each message, ``file:line`` and JSON pointer. Warnings and info are passed
test cases carrying the same text in ``<system-out>``: both CI systems show it, and neither
turns the pipeline red for a change the documents cannot decide (``--fail-on`` decides the
exit code). A report with no findings holds one passed test case, because Jenkins treats a
report with no test cases as an error.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from treaty.redact import printable
from treaty.render._shared import API_WIDE, located, where
from treaty.rules.registry import Severity

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from treaty.locate import Position
    from treaty.render import RenderOptions
    from treaty.report import Finding, Report


def clean(text: str) -> str:
    """``text`` with control characters (some of which XML 1.0 cannot carry) as escapes."""
    return printable(text)


def cases(report: Report) -> dict[tuple[str, str], list[tuple[Finding, Position]]]:
    """Findings per (operation, check), in report order."""
    grouped: dict[tuple[str, str], list[tuple[Finding, Position]]] = defaultdict(list)
    for finding, place in located(report):
        operations = [str(op) for op in finding.change.operations] or [API_WIDE]
        for operation in operations:
            grouped[(operation, finding.rule)].append((finding, place))
    return grouped


def render(report: Report, options: RenderOptions) -> str:
    """The report as one JUnit ``<testsuite>``."""
    from xml.etree.ElementTree import Element, SubElement, indent, tostring

    grouped = cases(report)
    failures = sum(
        any(f.severity is Severity.ERROR for f, _ in items) for items in grouped.values()
    )
    suite = Element(
        "testsuite",
        {
            "name": clean(f"treaty {report.kind.value}: {report.base} -> {report.revision}"),
            "tests": str(max(len(grouped), 1)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
            "time": "0",
        },
    )
    for (operation, rule), items in sorted(grouped.items(), key=lambda kv: _order(kv[0])):
        _testcase(SubElement(suite, "testcase"), operation, rule, items)
    if not grouped:
        SubElement(suite, "testcase", {"classname": "treaty", "name": report.kind.value})
    indent(suite)
    body = tostring(suite, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _order(key: tuple[str, str]) -> tuple[bool, str, str, str]:
    operation, rule = key
    method, _, path = operation.partition(" ")
    return (operation == API_WIDE, path, method, rule)


def _testcase(
    case: Element, operation: str, rule: str, items: list[tuple[Finding, Position]]
) -> None:
    from xml.etree.ElementTree import SubElement

    case.attrib.update({"classname": clean(operation), "name": rule, "time": "0"})
    details = "\n\n".join(
        f"{f.severity.value}: {clean(f.message)}\nat {clean(where(p))}\n"
        f"pointer: {clean(p.pointer or '(none)')}"
        for f, p in items
    )
    errors = [f for f, _ in items if f.severity is Severity.ERROR]
    if errors:
        summary = errors[0].message + (f" (+{len(errors) - 1} more)" if len(errors) > 1 else "")
        failure = SubElement(case, "failure", {"type": rule, "message": clean(summary)})
        failure.text = details
    else:
        SubElement(case, "system-out").text = details
