"""Project policies applied to judged findings (the ``Policy`` a config file sets).

The rules judge each change on its own. Policies judge with the project's context: which
paths matter, how stable each operation promised to be, how long a deprecation must last,
which breaking changes were accepted on purpose, and whether the version number says so.
They run after classification, in this order:

1. path filters drop what the project does not check (``include-paths``/``exclude-paths``);
   with ``extensible-enums``, values added to a response enum are lowered to info;
2. stability: changes to `draft` or `alpha` operations are lowered to info; an operation of
   the revision whose level is not one is reported (unless its change of level already is);
3. deprecation: removing a deprecated operation, parameter or property is allowed only once
   its sunset date has passed; removing it earlier is an error saying when it is allowed;
4. version bump: a breaking change (accepted or not) without a semver major bump is reported;
5. accepted changes (the ignore file, the version bump among them) are taken out, with notes
   for expired and stale entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from treaty._json import JSONValue
from treaty.changes.labels import element_label
from treaty.changes.model import (
    Action,
    Aspect,
    Change,
    Direction,
    Flag,
    Location,
    OperationKey,
    Scope,
    Target,
)
from treaty.classify import Policy, show, where
from treaty.errors import TreatyError
from treaty.report import Finding
from treaty.rules.enums import RESPONSE_ENUM_VALUE_ADDED
from treaty.rules.operations import (
    STABILITY_LEVELS,
    parse_date,
    stability_rank,
    unreadable_date,
)
from treaty.rules.registry import Area, RuleContext, Severity
from treaty.spec.pointer import resolve

REMOVED_BEFORE_SUNSET = "removed-before-sunset"
DEPRECATED_REMOVED = "deprecated-removed"
VERSION_BUMP_MISSING = "version-bump-missing"
STABILITY_INVALID = "operation-stability-invalid"

# levels whose operations promise nothing: their changes are reported as info
_UNSTABLE = STABILITY_LEVELS.index("alpha")
_DEPRECATION_DATE_KEYS = ("x-deprecated-at", "x-deprecation-date")
# MAJOR.MINOR.PATCH with optional pre-release/build; MAJOR.MINOR is read as MAJOR.MINOR.0
_SEMVER = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.+-]*)?$")


@dataclass(frozen=True, slots=True)
class PolicyCheck:
    """A check the policies add to the catalogue (``treaty checks`` lists them beside rules)."""

    id: str
    severity: Severity
    summary: str
    detail: str
    message: str
    direction: Direction = Direction.NONE
    area: Area = Area.POLICY

    @property
    def doc(self) -> str:
        return f"{self.summary}\n\n{self.detail}"


POLICY_CHECKS = (
    PolicyCheck(
        REMOVED_BEFORE_SUNSET,
        Severity.ERROR,
        "A deprecated operation, parameter or property was removed before its sunset date.",
        "Clients were promised the element until its `x-sunset` date (or, with the "
        "`deprecation-days` policy, until that many days after its `x-deprecated-at` date). "
        "With `deprecation-days` set, an element that announced neither date cannot be "
        "removed. The message says when removal becomes allowed.",
        "deprecated {element} removed before its sunset date: removal is allowed from {date}",
    ),
    PolicyCheck(
        DEPRECATED_REMOVED,
        Severity.INFO,
        "A deprecated property was removed after its sunset date.",
        "Clients were told to stop using it and the announced date has passed "
        "(with no date announced and no `deprecation-days` policy, deprecation is enough).",
        "deprecated {element} removed after its sunset date {date}",
    ),
    PolicyCheck(
        STABILITY_INVALID,
        Severity.WARNING,
        "An operation of the revision has an `x-stability-level` that is not a level.",
        "Levels are `draft`, `alpha`, `beta` and `stable`. treaty cannot tell what such an "
        "operation promises, so its breaking changes are judged as for a stable one. A new "
        "operation or one whose value did not change is reported here (oasdiff refuses "
        "such a document); a level changed to such a value is `operation-stability-unknown`.",
        "{operation} has x-stability-level {after}, which is not draft, alpha, beta or stable",
    ),
    PolicyCheck(
        VERSION_BUMP_MISSING,
        Severity.WARNING,
        "A breaking change shipped without a semver major bump of `info.version`.",
        "When both versions are semver (`1.4.2`), a breaking change needs a new major "
        "version (a new minor version below 1.0.0). Set the severity with the `version-bump` "
        "policy or turn the check off.",
        "{count} breaking changes but info.version went from {before} to {after}: "
        "a major version bump is expected",
    ),
)


@dataclass(frozen=True, slots=True)
class PolicyOutcome:
    """The findings that remain, and what the policies want the reader told."""

    findings: tuple[Finding, ...]
    accepted: tuple[Finding, ...]
    notes: tuple[str, ...]


def apply_policy(findings: Sequence[Finding], policy: Policy, ctx: RuleContext) -> PolicyOutcome:
    """Apply every policy of ``policy`` to ``findings`` (see the module documentation)."""
    kept: Iterable[Finding] = _in_paths(findings, policy)
    if policy.extensible_enums:
        kept = [_open_enum(finding, policy) for finding in kept]
    if policy.stability:
        kept = [_stability(finding, ctx) for finding in kept]
        kept.extend(_invalid_stability(kept, policy, ctx))
    else:  # x-stability-level means nothing to this project
        kept = (f for f in kept if f.change.aspect is not Aspect.STABILITY)
    kept = [_deprecation(finding, policy, ctx) for finding in kept]
    kept = [f for f in kept if f.rule not in policy.disabled]
    # an accepted breaking change still ships, so it still needs the version bump; and the
    # bump finding can itself be accepted like any other
    kept.extend(_version_bump(kept, policy, ctx))
    accepted: tuple[Finding, ...] = ()
    notes: list[str] = []
    if policy.ignore:
        from treaty.ignore import apply

        outcome = apply(kept, policy.ignore, ctx.today)
        kept = list(outcome.kept)
        accepted = tuple(finding for finding, _ in outcome.accepted)
        notes.extend(outcome.notes(policy.ignore_file))
    return PolicyOutcome(tuple(kept), accepted, tuple(notes))


# ---- paths --------------------------------------------------------------------------------


def _in_paths(findings: Iterable[Finding], policy: Policy) -> list[Finding]:
    if not policy.include_paths and not policy.exclude_paths:
        return list(findings)
    kept = []
    for finding in findings:
        operations = finding.change.operations
        if not operations:  # document-level: components alone, security schemes, servers
            kept.append(finding)
            continue
        wanted = tuple(op for op in operations if _path_wanted(op.path, policy))
        if wanted == operations:
            kept.append(finding)
        elif wanted:
            change = dataclasses.replace(finding.change, operations=wanted)
            kept.append(dataclasses.replace(finding, change=change))
    return kept


def _path_wanted(path: str, policy: Policy) -> bool:
    included = not policy.include_paths or any(
        fnmatchcase(path, glob) for glob in policy.include_paths
    )
    return included and not any(fnmatchcase(path, glob) for glob in policy.exclude_paths)


# ---- extensible enums ---------------------------------------------------------------------

_ENUM_ADDITIONS = frozenset(rule.id for rule in RESPONSE_ENUM_VALUE_ADDED)


def _open_enum(finding: Finding, policy: Policy) -> Finding:
    """A value added to a response enum is info when the project's enums are all open (an
    explicit ``[severity]`` for the check still wins)."""
    if finding.rule not in _ENUM_ADDITIONS or finding.rule in policy.severities:
        return finding
    return dataclasses.replace(
        finding,
        severity=Severity.INFO,
        message=f"{finding.message} (allowed: the project's enums are extensible)",
    )


# ---- stability ----------------------------------------------------------------------------


def _stability(finding: Finding, ctx: RuleContext) -> Finding:
    """Lower to info a finding that concerns only draft or alpha operations."""
    operations = finding.change.operations
    if finding.severity is Severity.INFO or not operations:
        return finding
    if finding.change.aspect is Aspect.STABILITY:  # lowering a level is judged by its rule
        return finding
    ranks = [_rank(op, ctx) for op in operations]
    if all(rank is not None and rank <= _UNSTABLE for rank in ranks):
        level = _level(operations[0], ctx) or "alpha"
        return dataclasses.replace(
            finding,
            severity=Severity.INFO,
            message=f"{finding.message} (allowed: {_plural(operations)} {level})",
        )
    return finding


def _invalid_stability(
    findings: Sequence[Finding], policy: Policy, ctx: RuleContext
) -> list[Finding]:
    """A finding per revision operation whose level is no level, unless already reported."""
    if ctx.revision is None or STABILITY_INVALID in policy.disabled:
        return []
    reported = {
        key
        for finding in findings
        if finding.change.aspect is Aspect.STABILITY
        for key in finding.change.operations
    }
    severity = policy.severities.get(STABILITY_INVALID, Severity.WARNING)
    found = []
    for key, operation in sorted(ctx.revision.operations.items()):
        level = operation.stability
        if level is None or stability_rank(level) is not None or key in reported:
            continue
        if not _path_wanted(key.path, policy):
            continue
        change = Change(
            target=Target.OPERATION,
            aspect=Aspect.STABILITY,
            action=Action.ADDED,
            direction=Direction.NONE,
            location=Location(base_pointer=None, revision_pointer=operation.pointer),
            operations=(key,),
            after=level,
        )
        message = (
            f"{key} has x-stability-level {show(level)}, which is not draft, alpha, beta or stable"
        )
        found.append(
            Finding(rule=STABILITY_INVALID, severity=severity, change=change, message=message)
        )
    return found


def _level(key: OperationKey, ctx: RuleContext) -> str | None:
    """The stability an operation promised: the base's level, or the revision's when new."""
    for spec in (ctx.base, ctx.revision):
        operation = spec.operations.get(key) if spec is not None else None
        if operation is not None:
            return operation.stability
    return None


def _rank(key: OperationKey, ctx: RuleContext) -> int | None:
    return stability_rank(_level(key, ctx))


def _plural(operations: Sequence[OperationKey]) -> str:
    return "the operation is" if len(operations) == 1 else "every operation affected is"


# ---- deprecation --------------------------------------------------------------------------

_LIFECYCLE_TARGETS = frozenset({Target.OPERATION, Target.PARAMETER, Target.PROPERTY})


def _deprecation(finding: Finding, policy: Policy, ctx: RuleContext) -> Finding:
    """Judge the removal of a deprecated element by its sunset date."""
    change = finding.change
    # a moved operation is the removal of its old path
    moved = change.target is Target.OPERATION and change.aspect is Aspect.PATH
    removed = change.action is Action.REMOVED and change.aspect is Aspect.EXISTENCE
    if (
        not (removed or moved)
        or change.target not in _LIFECYCLE_TARGETS
        or ctx.base is None
        or change.location.base_pointer is None
    ):
        return finding
    node = _node(ctx.base.root, change.location.base_pointer)
    if not (Flag.DEPRECATED_BEFORE in change.flags or node.get("deprecated") is True):
        return finding
    due, why = _due(node, policy)
    element = _describe(change)
    verb = "moved" if moved else "removed"
    if due is None and why:  # a date was announced that is no date: as if not yet passed
        if finding.severity is Severity.ERROR and finding.rule.endswith("before-sunset"):
            return finding  # the rule already says so
        text = f"deprecated {element} {verb}, but {why}: treaty cannot tell when removal is allowed"
        return _rejudge(finding, REMOVED_BEFORE_SUNSET, policy, text)
    if due is not None and due <= ctx.today:
        if finding.severity is Severity.INFO:
            return finding
        return _rejudge(
            finding, DEPRECATED_REMOVED, policy, f"deprecated {element} {verb} after {why}"
        )
    if due is None and policy.deprecation_days is None:
        if finding.severity is Severity.INFO or change.target is not Target.PROPERTY:
            return finding
        return _rejudge(finding, DEPRECATED_REMOVED, policy, f"deprecated {element} {verb}")
    if finding.severity is Severity.ERROR and finding.rule.endswith("before-sunset"):
        return finding  # the rule already says so
    if due is None:
        text = (
            f"deprecated {element} {verb}, but it announced no `x-sunset` or "
            f"`x-deprecated-at` date: the deprecation policy ({policy.deprecation_days} days) "
            "needs one to know when removal is allowed"
        )
    else:
        text = f"deprecated {element} {verb} before {why}: removal is allowed from {due}"
    return _rejudge(finding, REMOVED_BEFORE_SUNSET, policy, text)


def _node(root: JSONValue, pointer: str) -> dict[str, JSONValue]:
    try:
        node = resolve(root, pointer)
    except TreatyError:
        return {}
    return node if isinstance(node, dict) else {}


def _due(node: dict[str, JSONValue], policy: Policy) -> tuple[dt.date | None, str]:
    """When removal becomes allowed, and the words that explain the date.

    ``(None, words)`` when a date was announced that is no date (``x-sunset: 2024-02-30``):
    the words say which. A deprecation period that ends past the calendar (9999-12-31 plus
    any days, or ``deprecation-days`` = 10**16) ends on its last day: removal is never due.
    """
    sunset_text = node.get("x-sunset")
    if unreadable_date(sunset_text):
        return None, f"its `x-sunset` {show(sunset_text)!r} is not a date"
    sunset = parse_date(sunset_text)
    if sunset is not None:
        return sunset, f"its sunset date {sunset}"
    days = policy.deprecation_days
    if days is None:
        return None, ""
    for key in _DEPRECATION_DATE_KEYS:
        if unreadable_date(node.get(key)):
            return None, f"its `{key}` {show(node.get(key))!r} is not a date"
        since = parse_date(node.get(key))
        if since is not None:
            last = (dt.date.max - since).days  # timedelta and date both overflow past it
            due = dt.date.max if days > last else since + dt.timedelta(days=days)
            return due, f"the end of its deprecation period ({key} {since} + {days} days)"
    return None, ""


def _describe(change: Change) -> str:
    if change.target is Target.OPERATION:
        return str(change.operation) if change.operation else "operation"
    if change.target is Target.PARAMETER:
        label = where(change)
        return f"{label} of {change.operation}" if change.operation else label
    return f"property `{element_label(change) or 'property'}`"


def _rejudge(finding: Finding, rule: str, policy: Policy, message: str) -> Finding:
    default = next(check.severity for check in POLICY_CHECKS if check.id == rule)
    severity = policy.severities.get(rule, default)
    return dataclasses.replace(finding, rule=rule, severity=severity, message=message)


# ---- version bump -------------------------------------------------------------------------


def _version_bump(
    findings: Sequence[Finding], policy: Policy, ctx: RuleContext
) -> tuple[Finding, ...]:
    if policy.version_bump is None or VERSION_BUMP_MISSING in policy.disabled:
        return ()
    if ctx.base is None or ctx.revision is None:
        return ()
    breaking = [f for f in findings if f.severity is Severity.ERROR]
    before, after = _semver(ctx.base.info.version), _semver(ctx.revision.info.version)
    if not breaking or before is None or after is None or _bumped(before, after):
        return ()
    needed = "major" if before[0] > 0 else "minor (or major)"
    severity = policy.severities.get(VERSION_BUMP_MISSING, policy.version_bump)
    base_version, revision_version = ctx.base.info.version, ctx.revision.info.version
    change = Change(
        target=Target.DOCUMENT,
        aspect=Aspect.INFO,
        action=Action.CHANGED if base_version != revision_version else Action.ADDED,
        direction=Direction.NONE,
        location=Location(
            base_pointer=f"{ctx.base.info.pointer}/version",
            revision_pointer=f"{ctx.revision.info.pointer}/version",
        ),
        scope=Scope.DOCUMENT,
        name="version",
        before=base_version,
        after=revision_version,
    )
    changes = "1 breaking change" if len(breaking) == 1 else f"{len(breaking)} breaking changes"
    moved = (
        f"stayed {show(revision_version)}"
        if base_version == revision_version
        else f"went from {show(base_version)} to {show(revision_version)}"
    )
    message = f"{changes} but info.version {moved}: a {needed} version bump is expected"
    return (Finding(rule=VERSION_BUMP_MISSING, severity=severity, change=change, message=message),)


def _semver(version: str | None) -> tuple[int, int, int] | None:
    match = _SEMVER.match(version or "")
    if match is None:
        return None
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch or 0)


def _bumped(before: tuple[int, int, int], after: tuple[int, int, int]) -> bool:
    if before[0] == 0 and after[0] == 0:
        return after[1] > before[1]
    return after[0] > before[0]
