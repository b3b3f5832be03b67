"""JUnit XML: a testsuite per operation, a testcase per operation and check.

Names, messages and bodies are escaped with :func:`~treaty.redact.printable` (text nodes
line by line): control characters are not allowed in XML 1.0, and CI systems print these
fields to their logs.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from treaty.fuzz.results import FuzzReport
from treaty.redact import printable, printable_line


def _lines(text: str) -> str:
    return "\n".join(printable_line(line) for line in text.split("\n"))


def render(report: FuzzReport) -> str:
    """One testcase per (operation, check) that failed, and one passing case per clean operation."""
    suites = ET.Element(
        "testsuites",
        name=f"treaty {report.mode}",
        tests="0",
        failures=str(len(report.failures)),
        time=f"{report.duration:.3f}",
    )
    total = 0
    for stat in report.operations:
        failures = [f for f in report.failures if f.operation == stat.operation]
        label = printable(stat.operation)
        suite = ET.SubElement(suites, "testsuite", name=label)
        checks = sorted({f.check for f in failures})
        for check in checks:
            case = ET.SubElement(suite, "testcase", name=printable(check), classname=label)
            for failure in (f for f in failures if f.check == check):
                node = ET.SubElement(
                    case, "failure", message=printable(failure.title), type=printable(check)
                )
                answers = f"answers: {failure.answers}\n" if len(failure.variants) > 1 else ""
                node.text = _lines(f"{answers}{failure.message}\n\n{failure.curl}")
        unjudged = [r for r in report.unjudged if r.operation == stat.operation]
        if not checks:
            case = ET.SubElement(suite, "testcase", name="contract", classname=label)
            for request in unjudged:  # nothing failed, and some of it could not be judged
                skipped = ET.SubElement(case, "skipped", message="could not judge: timeout")
                skipped.text = _lines(f"{request.message}\n\n{request.curl}")
            reasons = [item.reason for item in report.untested if item.operation == stat.operation]
            if stat.operation in report.denied:
                reasons.append("every answer was 401/403: credentials missing or wrong?")
            for reason in reasons:
                ET.SubElement(case, "skipped", message=printable(reason))
        count = max(1, len(checks))
        total += count
        suite.set("tests", str(count))
        suite.set("failures", str(len(checks)))
    suites.set("tests", str(total))
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
