"""Run a confirmation: old-contract traffic to the new deployment, verdicts, differences."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from treaty.changes.model import Action, Aspect, Change, Direction, Target
from treaty.confirm.exposure import Exposure
from treaty.confirm.model import ConfirmReport, Difference, Differential, FailOn, UndeclaredBreak
from treaty.confirm.verdicts import CONFIRM_CHECKS, element, judge, upgrade
from treaty.errors import ErrorKind, TreatyError
from treaty.fuzz.options import FuzzOptions
from treaty.report import Finding, Report
from treaty.rules.registry import Severity
from treaty.sources import LoadOptions

if TYPE_CHECKING:
    from treaty.classify import Policy
    from treaty.compare import SpecLike
    from treaty.confirm.differential import Comparer
    from treaty.fuzz.engine import Progress
    from treaty.fuzz.guard import Guard
    from treaty.sources import Document


_DEFAULT_LOAD = LoadOptions()


@dataclass(frozen=True, slots=True)
class ConfirmOptions:
    """What to confirm and how. ``fuzz`` names the new deployment and the safety rails
    (budget, rate limit, read-only, credentials); its checks and generation mode are set here.
    ``old_url``/``old_app`` turn on differential mode."""

    fuzz: FuzzOptions
    old_url: str | None = None
    old_app: str | None = None
    all_operations: bool = False
    fail_on: FailOn = FailOn.CONFIRMED
    #: the severity at which a static finding fails ``--fail-on declared`` (None: never)
    declared_severity: Severity | None = Severity.ERROR


def traffic_options(options: ConfirmOptions, touched: Sequence[tuple[str, str]]) -> FuzzOptions:
    """The fuzz settings of the old-contract traffic: only requests BASE allows, judged by
    what an existing client can see break, on the operations the findings touch (or all)."""
    fuzz = options.fuzz
    unknown = sorted(set(fuzz.checks) - set(CONFIRM_CHECKS))
    if unknown:
        raise TreatyError(
            f"check(s) not used by confirm: {', '.join(unknown)}; "
            f"choose from {', '.join(CONFIRM_CHECKS)}",
            kind=ErrorKind.USAGE,
        )
    selection = fuzz.selection
    if not options.all_operations:
        selection = replace(selection, changed=frozenset(touched))
    return replace(
        fuzz,
        checks=fuzz.checks or CONFIRM_CHECKS,
        generation_mode="positive",
        selection=selection,
        volume=0,  # no bulk creation: confirm sends what old clients send
    )


def confirm(
    base: Document,
    static: Report,
    options: ConfirmOptions,
    *,
    explaining: Sequence[Finding] = (),
    progress: Progress | None = None,
) -> ConfirmReport:
    """Send old-contract traffic to the new deployment and judge every breaking finding.

    ``static`` is the ``treaty breaking`` report of BASE -> REVISION; ``explaining`` every
    finding that may explain a runtime difference (the changelog, accepted ones included).
    """
    from treaty.fuzz import targets
    from treaty.fuzz.run import planned, run

    breaking = [f for f in static.findings if f.severity is not Severity.INFO]
    base_ops = {op.label: op for op in targets.operations(base.root)}
    touched = sorted(
        {
            (base_ops[label].method, base_ops[label].path)
            for finding in breaking
            for label in element(finding).labels
            if label in base_ops
        }
    )
    fuzz = traffic_options(options, touched)
    selected = [op.label for op in planned(base, fuzz)]
    exposure = Exposure()
    from treaty.fuzz.run import new_guard

    guard = new_guard(fuzz)  # one budget for the traffic and differential re-sends
    comparer = _comparer(base, fuzz, options, set(selected), guard)
    observers: list[Any] = [exposure.observe]
    if comparer is not None:
        observers.append(comparer.observe)

    def observe(case: Any, response: Any) -> None:
        for observer in observers:
            observer(case, response)

    traffic = run(  # ungrouped: each answer is judged against the findings on its own
        base, fuzz, mode="confirm", progress=progress, observe=observe, guard=guard, grouped=False
    )
    verdicts, undeclared, unjudged = judge(
        breaking, traffic, exposure, base_ops, exercised=selected
    )
    differential = None
    if comparer is not None:
        differential = _labelled(comparer.result(), [*breaking, *explaining])
        verdicts = upgrade(verdicts, differential.differences)
        undeclared = tuple(_pre_existing(u, comparer) for u in undeclared)
    declared_failing = tuple(
        f
        for f in breaking
        if options.declared_severity is not None
        and f.severity.rank >= options.declared_severity.rank
    )
    return ConfirmReport(
        static=static,
        traffic=traffic,
        verdicts=verdicts,
        undeclared=undeclared,
        unjudged=unjudged,
        differential=differential,
        fail_on=options.fail_on,
        declared_failing=declared_failing,
    )


def _comparer(
    base: Document, fuzz: FuzzOptions, options: ConfirmOptions, labels: set[str], guard: Guard
) -> Comparer | None:
    if options.old_url is None and options.old_app is None:
        return None
    from treaty.confirm.differential import Comparer, declared_headers
    from treaty.fuzz.run import build_schema
    from treaty.redact import Redactor

    old = replace(fuzz, base_url=options.old_url, app=options.old_app)
    if old.base_url is not None:
        old = replace(old, base_url=old.base_url.rstrip("/"))
    schema = build_schema(base, old, labels, guard)  # a WSGI --old-app is counted too
    kwargs: dict[str, Any] = {"timeout": fuzz.timeout}
    if old.app is None:
        kwargs["verify"] = fuzz.tls_verify
    redactor = Redactor.for_secrets(fuzz.auth.secrets())
    target = f"app:{old.app}" if old.app is not None else redactor.url(old.base_url or "")
    return Comparer(
        old_schema=schema,
        redactor=redactor,
        kwargs=kwargs,
        declared_headers=declared_headers(base.root),
        old_target=target,
    )


def _labelled(result: Differential, findings: Sequence[Finding]) -> Differential:
    """Each difference with the findings that explain it (same operation, same element)."""
    elements = [element(f) for f in findings]
    differences = []
    for difference in result.differences:
        segments = set(re.split(r"[/:]", difference.path)) - {"", "*"}
        explained = []
        for target in elements:
            if difference.operation not in target.labels:
                continue
            change = target.finding.change
            if _removes_operation(change):
                matches = True  # whatever the new deployment answers there, it is the removal
            elif difference.kind == "status":
                matches = target.side is not Direction.RESPONSE or change.target is Target.RESPONSE
            else:
                matches = target.side is not Direction.REQUEST and bool(
                    {n.lower() for n in target.names} & {s.lower() for s in segments}
                )
            if matches:
                explained.append(target.finding.rule)
        differences.append(_declared(difference, tuple(dict.fromkeys(explained))))
    return replace(result, differences=tuple(differences))


def _removes_operation(change: Change) -> bool:
    return (
        change.action is Action.REMOVED
        and change.aspect is Aspect.EXISTENCE
        and change.target in (Target.OPERATION, Target.PATH)
    )


def _declared(difference: Difference, rules: tuple[str, ...]) -> Difference:
    return replace(difference, declared_by=rules)


def _pre_existing(found: UndeclaredBreak, comparer: Comparer) -> UndeclaredBreak:
    request = found.failure.request
    same = comparer.same_answer(request.method, request.url, request.body)
    return replace(found, pre_existing=bool(same))


def confirm_documents(
    base: SpecLike,
    revision: SpecLike,
    options: ConfirmOptions,
    *,
    load_options: LoadOptions = _DEFAULT_LOAD,
    policy: Policy | None = None,
    progress: Progress | None = None,
) -> ConfirmReport:
    """Diff BASE -> REVISION, then confirm each breaking change on the deployment.

    The static diff is ``treaty breaking``'s (``policy`` applied); old-contract traffic is
    generated from BASE, which must be a document (not a ``Spec``) so requests can be built.
    """
    from treaty.compare import diff
    from treaty.report import ReportKind

    changelog = diff(
        base, revision, kind=ReportKind.CHANGELOG, load_options=load_options, policy=policy
    )
    if changelog.base_document is None:
        raise TreatyError("confirm needs BASE as a document, not a Spec", kind=ErrorKind.USAGE)
    static = replace(
        changelog,
        kind=ReportKind.BREAKING,
        findings=tuple(f for f in changelog.findings if f.severity is not Severity.INFO),
    )
    return confirm(
        changelog.base_document,
        static,
        options,
        explaining=(*changelog.findings, *changelog.accepted),
        progress=progress,
    )
