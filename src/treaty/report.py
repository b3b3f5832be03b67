"""Findings and the report every renderer receives."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from treaty.changes.model import Change, OperationKey
from treaty.errors import ExitCode
from treaty.rules.registry import Severity

if TYPE_CHECKING:
    from treaty.sources import Document

SCHEMA_VERSION = "1.0"
DOCUMENTATION_RULE = "documentation-changed"
UNCLASSIFIED_RULE = "unclassified-change"


class ReportKind(StrEnum):
    """Which command produced the report, which decides what it shows."""

    BREAKING = "breaking"  # errors and warnings
    CHANGELOG = "changelog"  # every consumer-affecting change
    DIFF = "diff"  # everything, documentation included


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A change judged by a rule: what the user reads."""

    rule: str
    severity: Severity
    change: Change
    message: str

    @property
    def operation(self) -> OperationKey | None:
        return self.change.operation


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """The findings of one comparison, with the identities of both documents."""

    kind: ReportKind
    base: str
    revision: str
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = field(default=())
    # findings a project accepted on purpose (its ignore file): not counted, shown on request
    accepted: tuple[Finding, ...] = field(default=())
    # the compared documents, kept so renderers can place findings on lines (``treaty.locate``);
    # None when the report was built without them (tests, replays)
    base_document: Document | None = field(default=None, compare=False, repr=False)
    revision_document: Document | None = field(default=None, compare=False, repr=False)

    def counts(self) -> dict[Severity, int]:
        """Findings per severity (every severity present, zero included)."""
        counted = Counter(finding.severity for finding in self.findings)
        return {severity: counted.get(severity, 0) for severity in Severity}

    def at_least(self, severity: Severity) -> tuple[Finding, ...]:
        """The findings at or above ``severity``."""
        return tuple(f for f in self.findings if f.severity.rank >= severity.rank)

    def exit_code(self, fail_on: Severity | None = Severity.ERROR) -> ExitCode:
        """FINDINGS when anything at or above ``fail_on`` was found; None never fails."""
        if fail_on is not None and self.at_least(fail_on):
            return ExitCode.FINDINGS
        return ExitCode.OK
