"""Match old-contract failures to the static findings that predict them: pure functions.

A failure is *explained* by a breaking finding when both concern the same operation and the
same side of the exchange: a rejected request or an unexpected status answers a request-side
or operation-level finding (a new required property, a removed operation, new security), a
response body BASE's clients cannot read answers a response-side finding. When an operation has
several such findings, the one whose element the failure names wins (``price`` in
``"price" is a required property``); when none is named, each candidate is credited, and the
reason says the match was by operation only. Failures no finding explains are *undeclared*.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from treaty.changes.model import Action, Aspect, Direction, Target
from treaty.confirm.exposure import Exposure, OperationExposure
from treaty.confirm.model import Difference, FindingVerdict, UndeclaredBreak, Verdict
from treaty.fuzz.results import TRANSPORT_CHECKS, FuzzFailure, FuzzReport
from treaty.report import Finding

#: Checks that judge the response body, headers or media type against BASE.
BODY_CHECKS = frozenset(
    {"response_schema_conformance", "content_type_conformance", "response_headers_conformance"}
)
#: Checks that judge whether the request was served as BASE promised.
STATUS_CHECKS = frozenset(
    {
        "status_code_conformance",
        "positive_data_acceptance",
        "not_a_server_error",
        "ensure_resource_availability",
    }
)
#: The checks old-contract traffic runs: what an existing client can observe breaking.
CONFIRM_CHECKS = tuple(sorted(BODY_CHECKS | STATUS_CHECKS))

_AUTH = frozenset({401, 403})
_GONE = frozenset({404, 405, 410, 501})
_POINTER_WORDS = frozenset(
    {"schema", "properties", "items", "content", "responses", "parameters", "requestBody",
     "headers", "allOf", "anyOf", "oneOf", "paths", "components", "schemas"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Element:
    """What a finding says changed, in the terms a failure or an exchange would show."""

    finding: Finding
    labels: tuple[str, ...]
    side: Direction
    names: frozenset[str]
    status: int | None  # the response status the change is under, when it names one


def element(finding: Finding) -> _Element:
    """The operations, side, names and status a finding is about."""
    change = finding.change
    names = set()
    if change.name:
        names.add(change.name.rsplit(".", 1)[-1])
    status = None
    if change.parent:
        head, _, rest = change.parent.partition(" ")
        if ":" in head and not rest:  # "query:limit"
            names.add(head.split(":", 1)[1])
        elif head.isdigit():
            status = int(head)
    pointer = change.location.base_pointer or change.location.revision_pointer or ""
    last = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    if last and last not in _POINTER_WORDS and not last.isdigit() and not last.startswith("#"):
        names.add(last)
    return _Element(
        finding=finding,
        labels=tuple(dict.fromkeys(str(op) for op in change.operations)),
        side=change.direction,
        names=frozenset(n for n in names if n),
        status=status,
    )


def judge(
    findings: Sequence[Finding],
    traffic: FuzzReport,
    exposure: Exposure,
    base_operations: Iterable[str],
    *,
    exercised: Iterable[str] = (),
) -> tuple[tuple[FindingVerdict, ...], tuple[UndeclaredBreak, ...], tuple[FuzzFailure, ...]]:
    """A verdict per finding, the failures nobody declared, and the failures no one can judge.

    ``base_operations`` are BASE's operation labels; ``exercised`` the ones the run selected.
    """
    elements = [element(f) for f in findings]
    credited: dict[int, list[FuzzFailure]] = {i: [] for i in range(len(elements))}
    by_operation: dict[int, bool] = {}
    undeclared: list[UndeclaredBreak] = []
    unjudged: list[FuzzFailure] = []
    for failure in traffic.failures:
        if failure.check in TRANSPORT_CHECKS:
            unjudged.append(failure)
            continue
        candidates = [i for i, e in enumerate(elements) if _compatible(failure, e)]
        if not candidates:
            undeclared.append(UndeclaredBreak(failure))
            continue
        named = [i for i in candidates if _affinity(failure, elements[i])]
        for index in named or candidates:
            credited[index].append(failure)
            by_operation[index] = by_operation.get(index, True) and not named
    base = set(base_operations)
    selected = set(exercised)
    verdicts = tuple(
        _verdict(e, credited[i], by_operation.get(i, False), traffic, exposure, base, selected)
        for i, e in enumerate(elements)
    )
    return verdicts, tuple(undeclared), tuple(unjudged)


def _compatible(failure: FuzzFailure, target: _Element) -> bool:
    if failure.operation not in target.labels:
        return False
    status = failure.response.status if failure.response is not None else None
    if failure.check in BODY_CHECKS:
        if target.side is Direction.NONE:
            # the error page of a removed or newly protected operation: whatever its body,
            # it is the operation-level change that old clients see
            return status in _AUTH | _GONE
        if target.side is not Direction.RESPONSE:
            return False
        return target.status is None or status is None or target.status == status
    if failure.check in STATUS_CHECKS:
        if target.side is not Direction.RESPONSE:
            return True
        return target.finding.change.target is Target.RESPONSE and target.names >= {str(status)}
    return False


def _affinity(failure: FuzzFailure, target: _Element) -> bool:
    """Whether ``failure`` points at this finding's element rather than just its operation."""
    status = failure.response.status if failure.response is not None else None
    change = target.finding.change
    if status in _AUTH and change.target in (Target.SECURITY, Target.SECURITY_SCHEME):
        return True
    if (
        status in _GONE
        and change.aspect in (Aspect.EXISTENCE, Aspect.PATH)  # removed, or moved away
        and change.target in (Target.PATH, Target.OPERATION)
    ):
        return True
    text = " ".join(
        (failure.message, failure.cause, failure.response.body if failure.response else "")
    )
    return any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) for name in target.names)


def _verdict(
    target: _Element,
    failures: list[FuzzFailure],
    by_operation: bool,
    traffic: FuzzReport,
    exposure: Exposure,
    base: set[str],
    selected: set[str],
) -> FindingVerdict:
    labels = tuple(label for label in target.labels if label in base)
    requests = sum(stat.requests for stat in traffic.operations if stat.operation in labels)
    if failures:
        ops = ", ".join(dict.fromkeys(f.operation for f in failures))
        how = " (matched by operation: the failure names no element of this change)"
        return FindingVerdict(
            finding=target.finding,
            verdict=Verdict.CONFIRMED,
            reason=f"old-contract requests broke on {ops}" + (how if by_operation else ""),
            operations=labels,
            requests=requests,
            failures=tuple(failures),
        )
    missing = _not_exercised(target, labels, traffic, exposure, base, selected)
    if missing is not None:
        return FindingVerdict(
            finding=target.finding,
            verdict=Verdict.NOT_EXERCISED,
            reason=missing,
            operations=labels,
            requests=requests,
        )
    reached = _reached(target, labels, exposure)
    gone = _merge([exposure.of(label) for label in labels])
    if gone and set(gone) <= _GONE and target.side is Direction.NONE:
        reached += (
            f"; every answer was {_codes(gone)}, which BASE documents: the operation may be gone "
            "or the requests named nothing that exists (--old-url tells them apart)"
        )
    return FindingVerdict(
        finding=target.finding,
        verdict=Verdict.NOT_OBSERVED,
        reason=f"{reached}; the deployment still honoured BASE (evidence, not proof)",
        operations=labels,
        requests=requests,
    )


def upgrade(
    verdicts: Sequence[FindingVerdict], differences: Sequence[Difference]
) -> tuple[FindingVerdict, ...]:
    """Differential evidence: a finding not confirmed by BASE's checks is confirmed when the old
    deployment served an identical request (2xx) that the new one refuses, and the finding
    explains that status difference."""
    upgraded = []
    for verdict in verdicts:
        refused = [
            d
            for d in differences
            if verdict.verdict is Verdict.NOT_OBSERVED
            and d.kind == "status"
            and verdict.finding.rule in d.declared_by
            and d.old.startswith("2")
            and not d.new.startswith("2")
        ]
        if not refused:
            upgraded.append(verdict)
            continue
        first = refused[0]
        count = sum(d.occurrences for d in refused)
        upgraded.append(
            replace(
                verdict,
                verdict=Verdict.CONFIRMED,
                reason=(
                    f"the old deployment served {count} identical request(s) that the new one "
                    f"answers {first.new} ({first.operation}): confirmed by comparison"
                ),
                evidence=tuple(dict.fromkeys(d.curl for d in refused)),
            )
        )
    return tuple(upgraded)


def _not_exercised(
    target: _Element,
    labels: tuple[str, ...],
    traffic: FuzzReport,
    exposure: Exposure,
    base: set[str],
    selected: set[str],
) -> str | None:
    """Why no old-contract request reached the element, or None when some did."""
    if not labels:
        return "no operation of BASE has this element (nothing an old client sends reaches it)"
    sent = [label for label in labels if label in selected]
    if not sent:
        return f"{_names(labels)} not selected (filters or --read-only)"
    seen = [exposure.of(label) for label in sent]
    answered = sum(s.answered for s in seen)
    if answered == 0:
        stopped = traffic.stop_reason if traffic.stop_reason != "completed" else "no request"
        return f"no request to {_names(sent)} got an answer ({stopped})"
    statuses = _merge(seen)
    if all(code in _AUTH for code in statuses):
        return (
            f"every response from {_names(sent)} was {_codes(statuses)}: give credentials "
            "(-H, --auth or --bearer-env)"
        )
    if target.side is Direction.RESPONSE:
        wanted = sum(s.responses_with(target.status) for s in seen)
        what = f"status {target.status}" if target.status is not None else "a 2xx status"
        if wanted == 0:
            return f"no response with {what} (got {_codes(statuses)}): state or input missing"
        change = target.finding.change
        if change.action is not Action.REMOVED and target.names:
            carried = sum(s.response_carried(n, target.status) for s in seen for n in target.names)
            if carried == 0:
                return f"no response with {what} carried {_quoted(target.names)}"
    elif target.side is Direction.REQUEST and target.names:
        change = target.finding.change
        if change.action is not Action.ADDED:
            carried = sum(s.request_names.get(n, 0) for s in seen for n in target.names)
            if carried == 0:
                return f"no request to {_names(sent)} carried {_quoted(target.names)}"
    return None


def _reached(target: _Element, labels: tuple[str, ...], exposure: Exposure) -> str:
    seen = [exposure.of(label) for label in labels]
    answered = sum(s.answered for s in seen)
    text = f"{answered} old-contract request(s) to {_names(labels)}"
    if (
        target.side is Direction.REQUEST
        and target.names
        and target.finding.change.action is not Action.ADDED
    ):
        carried = sum(s.request_names.get(n, 0) for s in seen for n in target.names)
        text += f", {carried} carrying {_quoted(target.names)}"
    elif target.side is Direction.RESPONSE:
        wanted = sum(s.responses_with(target.status) for s in seen)
        text += f", {wanted} answered with {target.status or '2xx'}"
    return text


def _merge(seen: list[OperationExposure]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for s in seen:
        for code, count in s.statuses.items():
            merged[code] = merged.get(code, 0) + count
    return merged


def _codes(statuses: dict[int, int]) -> str:
    return ", ".join(f"{code} ({count}x)" for code, count in sorted(statuses.items()))


def _names(labels: Iterable[str]) -> str:
    return ", ".join(labels)


def _quoted(names: Iterable[str]) -> str:
    return " or ".join(f"`{n}`" for n in sorted(names))
