"""What several renderers share: grouping by endpoint, fingerprints, positions, the version."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from treaty.locate import Position
    from treaty.report import Finding, Report

API_WIDE = "API-wide"  # the group of findings that concern no operation
INFORMATION_URI = "https://pypi.org/project/treaty/"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def shortlist(items: Sequence[str], limit: int) -> str:
    """``a, b, c (+4 more)``: the first ``limit`` items and how many were left out."""
    more = len(items) - limit
    return ", ".join(items[:limit]) + (f" (+{more} more)" if more > 0 else "")


def describe(finding: Finding, max_operations: int) -> str:
    """The finding's message, with the operations it affects when it does not name them."""
    operations = [str(op) for op in finding.change.operations]
    text = finding.message
    if operations and operations[0] not in text:
        text += f" ({operations[0]})"
    if len(operations) > 1:
        text += f"; also affects {shortlist(operations[1:], max_operations)}"
    return text


def group_key(finding: Finding) -> str:
    """The endpoint a finding is listed under: its first operation, else API-wide."""
    return str(finding.operation) if finding.operation else API_WIDE


def grouped(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings per endpoint (path, then method; API-wide last), most severe first in each."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[group_key(finding)].append(finding)
    order = sorted(groups, key=lambda k: (k == API_WIDE, *_path_first(k)))
    return [(key, sorted(groups[key], key=lambda f: (-f.severity.rank, f.rule))) for key in order]


def moved_from(findings: Iterable[Finding]) -> str | None:
    """The base path of a group's operation when the revision holds it at another path.

    An operation matched across a path parameter rename (``/pets/{id}`` and ``/pets/{petId}``)
    or the prefix options is listed under its revision path; the base path is what a reader
    looks for in the base document. None when the paths are the same (or nothing tells).
    """
    from treaty.sources.lines import pointer_tokens

    for finding in findings:
        location = finding.change.location
        if location.base_pointer is None or location.revision_pointer is None:
            continue
        base, revision = (
            pointer_tokens(location.base_pointer),
            pointer_tokens(location.revision_pointer),
        )
        # `len(base) > 1`: a schema `$ref`ed to `#/paths` itself has the pointer `#/paths`
        if base[:1] == revision[:1] == ["paths"] and len(base) > 1 and base[1:2] != revision[1:2]:
            return base[1]
    return None


def _path_first(key: str) -> tuple[str, str]:
    method, _, path = key.partition(" ")
    return (path, method)


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """A stable identity per finding: rule, operation and pointer, never the line.

    The same finding gets the same fingerprint on every run, wherever it moved in the file,
    so SARIF and Code Quality consumers can tell new findings from known ones. Findings that
    would share one (rare: same rule and element) get ``-2``, ``-3``… in report order.
    """
    seen: dict[str, int] = {}
    result: list[str] = []
    for finding in findings:
        key = "\0".join((finding.rule, group_key(finding), finding.change.pointer or ""))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        count = seen.get(digest, 0) + 1
        seen[digest] = count
        result.append(digest if count == 1 else f"{digest}-{count}")
    return result


def located(report: Report) -> list[tuple[Finding, Position]]:
    """Every finding of ``report`` with its position in the source files."""
    from treaty.locate import position

    return [(finding, position(report, finding)) for finding in report.findings]


def where(place: Position) -> str:
    """``file:line``, ``file``, or the document name when there is no file."""
    if place.file is None:
        return place.document
    return f"{place.file}:{place.line}" if place.line is not None else place.file


def tool_version() -> str:
    """treaty's installed version (``0+unknown`` from a bare source tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("treaty")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"
