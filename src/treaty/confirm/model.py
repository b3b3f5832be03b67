"""What a confirmation run found: treaty-owned, frozen, schemathesis-free."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from treaty.errors import ExitCode
from treaty.fuzz.results import FuzzFailure, FuzzReport, RecordedRequest
from treaty.report import Finding, Report

#: Version of the JSON report layout (fixtures/schemas/treaty-confirm-report.schema.json).
SCHEMA_VERSION = 1


class Verdict(StrEnum):
    """What old-contract traffic showed about one breaking finding."""

    CONFIRMED = "confirmed"  # a request BASE allows broke on the deployment
    NOT_OBSERVED = "not-observed"  # requests reached the element; the deployment honoured BASE
    NOT_EXERCISED = "not-exercised"  # nothing reached the element (auth, state, budget...)


class FailOn(StrEnum):
    """When ``treaty confirm`` exits 1."""

    CONFIRMED = "confirmed"  # a declared break confirmed at runtime, or an undeclared break
    DECLARED = "declared"  # also every breaking static finding, whatever the runtime showed
    ANY = "any"  # also every undeclared difference between the two deployments


@dataclass(frozen=True, slots=True)
class FindingVerdict:
    """One breaking finding of the static diff and what the deployment showed."""

    finding: Finding
    verdict: Verdict
    reason: str
    operations: tuple[str, ...]  # "METHOD /path" labels of BASE the finding touches
    requests: int  # old-contract requests sent to those operations
    failures: tuple[FuzzFailure, ...] = ()  # the reproductions, for a confirmed verdict
    #: curl commands of identical requests the old deployment served and the new one refused
    #: (a verdict confirmed by differential mode)
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UndeclaredBreak:
    """An old-contract failure the static diff does not explain."""

    failure: FuzzFailure
    #: differential mode: the old deployment answered the same request the same way, so the
    #: failure predates this change (reported, but not a break of this change)
    pre_existing: bool = False


@dataclass(frozen=True, slots=True)
class Difference:
    """One way the new deployment answers an identical request differently from the old one.

    ``path`` is ``status``, ``header:<name>`` or a JSON pointer into the body with array
    indices as ``*``; ``declared_by`` names the static findings that explain it (empty:
    undeclared).
    """

    operation: str
    kind: str  # "status" | "header" | "body"
    path: str
    change: str  # "changed" | "added" | "removed" | "type"
    old: str
    new: str
    request: RecordedRequest
    curl: str
    occurrences: int = 1
    declared_by: tuple[str, ...] = ()

    @property
    def declared(self) -> bool:
        return bool(self.declared_by)


@dataclass(frozen=True, slots=True)
class Differential:
    """The comparison of two deployments on identical requests."""

    old_target: str
    compared: int  # exchanges sent to both deployments
    differences: tuple[Difference, ...] = ()
    #: per operation, the body paths and headers that changed between two identical calls to
    #: the same deployment (timestamps, generated ids): never reported as differences
    volatile: tuple[tuple[str, tuple[str, ...]], ...] = ()
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConfirmReport:
    """The outcome of one ``treaty confirm`` run."""

    static: Report
    traffic: FuzzReport  # the old-contract requests and what the checks said of them
    verdicts: tuple[FindingVerdict, ...]
    undeclared: tuple[UndeclaredBreak, ...] = ()
    unjudged: tuple[FuzzFailure, ...] = ()  # timeouts, lost connections: no verdict possible
    differential: Differential | None = None
    fail_on: FailOn = FailOn.CONFIRMED
    #: the static findings that fail ``--fail-on declared`` (the config's fail-on severity)
    declared_failing: tuple[Finding, ...] = field(default=())

    def count(self, verdict: Verdict) -> int:
        return sum(1 for v in self.verdicts if v.verdict is verdict)

    @property
    def breaks(self) -> tuple[UndeclaredBreak, ...]:
        """The undeclared breaks this change introduced (pre-existing ones left out)."""
        return tuple(u for u in self.undeclared if not u.pre_existing)

    @property
    def undeclared_differences(self) -> tuple[Difference, ...]:
        if self.differential is None:
            return ()
        return tuple(d for d in self.differential.differences if not d.declared)

    def failing(self) -> list[str]:
        """Why the run fails under its ``fail_on`` policy, one reason per kind (empty: pass)."""
        reasons = []
        if self.count(Verdict.CONFIRMED):
            reasons.append(f"{self.count(Verdict.CONFIRMED)} declared break(s) confirmed")
        if self.breaks:
            reasons.append(f"{len(self.breaks)} undeclared break(s)")
        if self.fail_on is not FailOn.CONFIRMED and self.declared_failing:
            reasons.append(f"{len(self.declared_failing)} breaking change(s) declared")
        if self.fail_on is FailOn.ANY and self.undeclared_differences:
            reasons.append(f"{len(self.undeclared_differences)} undeclared difference(s)")
        return reasons

    @property
    def exit_code(self) -> int:
        if self.failing():
            return int(ExitCode.FINDINGS)
        return 130 if self.traffic.interrupted else int(ExitCode.OK)
