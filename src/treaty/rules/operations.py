"""Operation rules: endpoints added and removed, lifecycle, operationId, tags, servers."""

from __future__ import annotations

import datetime as dt
import re

from treaty._json import JSONValue
from treaty.changes.model import Action, Aspect, Change, Direction, Flag, Scope, Target
from treaty.rules.registry import Area, RuleContext, Severity, always, rule

_REMOVED = (Target.OPERATION, Aspect.EXISTENCE, Action.REMOVED)


# RFC 3339: a full-date, or a date-time with a time zone (``T``, ``t`` or a space between)
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)([Zz]|[+-]\d{2}:\d{2})"
)


def parse_date(value: JSONValue) -> dt.date | None:
    """The date of an ``x-sunset`` or ``x-deprecated-at``: an RFC 3339 full-date or date-time
    (the date as written); None if absent or not such a date.

    The whole value is read: ``2024-01-01T25:00:00Z`` and ``2024-02-30`` are not dates (see
    :func:`unreadable_date`), nor is ``20240101``, which ISO 8601 allows and RFC 3339 does not.
    """
    if not isinstance(value, str):  # the loader reads YAML dates as ISO text
        return None
    try:
        if _FULL_DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
        parts = _DATE_TIME.fullmatch(value)
        if parts is None:
            return None
        day, time, zone = parts.groups()
        time = time.replace(":60", ":59", 1) if time[6:8] == "60" else time  # a leap second
        zone = "+00:00" if zone in "Zz" else zone
        return dt.datetime.fromisoformat(f"{day}T{time}{zone}").date()
    except ValueError:  # hour 25, February 30th, zone +24:00…
        return None


def unreadable_date(value: JSONValue) -> bool:
    """Whether a date was announced that is no date: a removal then cannot be judged against
    it, so it is judged as if the date had not passed (the announcement is still in force)."""
    return value is not None and parse_date(value) is None


def sunset_pending(change: Change, ctx: RuleContext) -> bool:
    """Whether a removed (or moved) element's announced sunset has not passed, or cannot be
    read (``x-sunset: 2024-02-30``): clients may still be relying on it."""
    before = change.before
    raw = before.get("sunset") if isinstance(before, dict) else None
    sunset = parse_date(raw)
    return unreadable_date(raw) or (sunset is not None and sunset > ctx.today)


def _deprecated(change: Change) -> bool:
    return Flag.DEPRECATED_BEFORE in change.flags


@rule(
    id="operation-removed",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=_REMOVED,
    message="{operation} removed without deprecation",
)
def operation_removed(change: Change, ctx: RuleContext) -> bool:
    """An operation was removed without first being deprecated.

    Why it breaks:
        Every client calling it now gets 404 or 405.

    Ship it safely:
        Mark it `deprecated: true` with an `x-sunset` date, then remove it after that date.

    Example:
        base:      paths: {/pets: {get: {...}, delete: {...}}}
        revision:  paths: {/pets: {get: {...}}}
    """
    return not _deprecated(change)


@rule(
    id="operation-removed-before-sunset",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=_REMOVED,
    message="deprecated {operation} removed before its sunset date {sunset}",
)
def operation_removed_before_sunset(change: Change, ctx: RuleContext) -> bool:
    """A deprecated operation was removed before the sunset date it announced.

    Why it breaks:
        Clients were promised the operation until `x-sunset`; they are still calling it.
        An `x-sunset` that is no date (`2024-02-30`, `2024-01-01T25:00:00Z`) is judged as
        not passed: the operation was announced to stay until some day nobody can tell.

    Ship it safely:
        Wait until the sunset date has passed.

    Example:
        base:      {delete: {deprecated: true, x-sunset: "2099-01-01"}}
        revision:  (operation removed)
    """
    return _deprecated(change) and sunset_pending(change, ctx)


@rule(
    id="operation-removed-after-deprecation",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=_REMOVED,
    message="deprecated {operation} removed",
)
def operation_removed_after_deprecation(change: Change, ctx: RuleContext) -> bool:
    """A deprecated operation was removed (after its sunset date, or with none announced).

    Why it is safe:
        Clients were told to stop using it.

    Ship it safely:
        Announce an `x-sunset` date so clients know when removal happens.

    Example:
        base:      {delete: {deprecated: true, x-sunset: "2020-01-01"}}
        revision:  (operation removed)
    """
    return _deprecated(change) and not sunset_pending(change, ctx)


@rule(
    id="operation-added",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} added",
)
def operation_added(change: Change, ctx: RuleContext) -> bool:
    """A new operation was added.

    Why it is safe:
        Existing clients do not call it.

    Ship it safely:
        Nothing to do.

    Example:
        base:      paths: {/pets: {get: {...}}}
        revision:  paths: {/pets: {get: {...}, post: {...}}}
    """
    return True


@rule(
    id="operation-id-changed",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.OPERATION_ID, Action.CHANGED),
    message="operationId of {operation} changed from `{before}` to `{after}`",
)
def operation_id_changed(change: Change, ctx: RuleContext) -> bool:
    """The operationId of an operation changed.

    Why it is safe:
        Nothing changes on the wire, but generated clients rename the method: SDK users
        see a compile error on upgrade. Raise this check if you publish SDKs.

    Ship it safely:
        Keep operationIds stable.

    Example:
        base:      {get: {operationId: listPets}}
        revision:  {get: {operationId: getPets}}
    """
    return True


@rule(
    id="operation-id-added",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.OPERATION_ID, Action.ADDED),
    message="operationId `{after}` added to {operation}",
)
def operation_id_added(change: Change, ctx: RuleContext) -> bool:
    """An operationId was added to an operation.

    Why it is safe:
        Nothing changes on the wire.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {get: {}}
        revision:  {get: {operationId: listPets}}
    """
    return True


@rule(
    id="operation-id-removed",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.OPERATION_ID, Action.REMOVED),
    message="operationId `{before}` removed from {operation}",
)
def operation_id_removed(change: Change, ctx: RuleContext) -> bool:
    """The operationId of an operation was removed.

    Why it is safe:
        Nothing changes on the wire; generated clients pick another method name.

    Ship it safely:
        Keep operationIds stable.

    Example:
        base:      {get: {operationId: listPets}}
        revision:  {get: {}}
    """
    return True


@rule(
    id="operation-deprecated",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.DEPRECATED, Action.CHANGED),
    message="{operation} deprecated",
)
def operation_deprecated(change: Change, ctx: RuleContext) -> bool:
    """An operation was marked deprecated.

    Why it is safe:
        It still works; clients are told to move away.

    Ship it safely:
        Add an `x-sunset` date.

    Example:
        base:      {get: {}}
        revision:  {get: {deprecated: true}}
    """
    return change.after is True


@rule(
    id="operation-reactivated",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.DEPRECATED, Action.CHANGED),
    message="{operation} is no longer deprecated",
)
def operation_reactivated(change: Change, ctx: RuleContext) -> bool:
    """A deprecated operation is no longer deprecated.

    Why it is safe:
        It keeps working.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {get: {deprecated: true}}
        revision:  {get: {}}
    """
    return change.after is not True


@rule(
    id="operation-sunset-moved-earlier",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.SUNSET, Action.CHANGED),
    message="sunset of {operation} moved earlier, from {before} to {after}",
)
def operation_sunset_moved_earlier(change: Change, ctx: RuleContext) -> bool:
    """The announced sunset date of an operation moved earlier.

    Why it breaks:
        Clients planned their migration around the announced date.

    Ship it safely:
        Only ever move a sunset date later.

    Example:
        base:      {get: {deprecated: true, x-sunset: "2030-01-01"}}
        revision:  {get: {deprecated: true, x-sunset: "2029-01-01"}}
    """
    before, after = parse_date(change.before), parse_date(change.after)
    return before is not None and after is not None and after < before


@rule(
    id="operation-sunset-changed",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.SUNSET, Action.CHANGED),
    message="sunset of {operation} changed from {before} to {after}",
)
def operation_sunset_changed(change: Change, ctx: RuleContext) -> bool:
    """The sunset date of an operation was added or postponed (or dropped with deprecation).

    Why it is safe:
        Clients get at least as much time as announced.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {get: {deprecated: true}}
        revision:  {get: {deprecated: true, x-sunset: "2030-01-01"}}
    """
    return not any(
        other.predicate(change, ctx)
        for other in (operation_sunset_moved_earlier, operation_sunset_removed)
    ) and not operation_sunset_invalid.predicate(change, ctx)


@rule(
    id="operation-sunset-removed",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.SUNSET, Action.CHANGED),
    message="sunset date {before} removed from deprecated {operation}",
)
def operation_sunset_removed(change: Change, ctx: RuleContext) -> bool:
    """The sunset date of an operation that stays deprecated was removed.

    Why it breaks:
        Clients planned their migration around the announced date. Without one, a
        deprecated operation may be removed at any time (see the deprecation policy): the
        date moved earlier, to now.

    Ship it safely:
        Keep the date, or move it later; drop it only when the operation is no longer
        deprecated.

    Example:
        base:      {get: {deprecated: true, x-sunset: "2030-01-01"}}
        revision:  {get: {deprecated: true}}
    """
    dated = parse_date(change.before) is not None
    return dated and change.after is None and Flag.DEPRECATED_AFTER in change.flags


@rule(
    id="operation-sunset-invalid",
    severity=Severity.WARNING,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.SUNSET, Action.CHANGED),
    message="sunset of {operation} is not a date: {after}",
)
def operation_sunset_invalid(change: Change, ctx: RuleContext) -> bool:
    """The `x-sunset` of an operation was set to a value that is not a date.

    Why it breaks:
        Neither clients nor treaty can tell when the operation may be removed, so its
        removal cannot be judged against the announced date. `x-sunset` is an RFC 3339
        date (`2030-01-01`) or date-time.

    Ship it safely:
        Write the date as `YYYY-MM-DD`.

    Example:
        base:      {get: {deprecated: true, x-sunset: "2030-01-01"}}
        revision:  {get: {deprecated: true, x-sunset: "next year"}}
    """
    return change.after is not None and parse_date(change.after) is None


# x-stability-level, least to most stable; an operation without one is stable
STABILITY_LEVELS = ("draft", "alpha", "beta", "stable")


def stability_rank(level: JSONValue) -> int | None:
    """The rank of an ``x-stability-level`` value (absent = stable); None for unknown values."""
    if level is None:
        return len(STABILITY_LEVELS) - 1
    if isinstance(level, str) and level.lower() in STABILITY_LEVELS:
        return STABILITY_LEVELS.index(level.lower())
    return None


_STABILITY = (Target.OPERATION, Aspect.STABILITY, Action.CHANGED)


def _stability_moved(change: Change) -> int | None:
    before, after = stability_rank(change.before), stability_rank(change.after)
    return None if before is None or after is None else after - before


@rule(
    id="operation-stability-decreased",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.STABILITY, Action.CHANGED),
    message="stability of {operation} lowered from {before} to {after}",
)
def operation_stability_decreased(change: Change, ctx: RuleContext) -> bool:
    """The `x-stability-level` of an operation was lowered (e.g. stable to beta).

    Why it breaks:
        Clients built on a stable endpoint lose its compatibility guarantees.

    Ship it safely:
        Create a new endpoint at the lower level instead.

    Example:
        base:      {get: {x-stability-level: stable}}
        revision:  {get: {x-stability-level: beta}}
    """
    moved = _stability_moved(change)
    return moved is not None and moved < 0


@rule(
    id="operation-stability-changed",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.STABILITY, Action.CHANGED),
    message="stability of {operation} changed from {before} to {after}",
)
def operation_stability_changed(change: Change, ctx: RuleContext) -> bool:
    """The `x-stability-level` of an operation was raised.

    Why it is safe:
        Clients get stronger guarantees.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {get: {x-stability-level: beta}}
        revision:  {get: {x-stability-level: stable}}
    """
    moved = _stability_moved(change)
    return moved is not None and moved > 0


@rule(
    id="operation-tags-changed",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.OPERATION, Aspect.TAGS, Action.CHANGED),
    message="tags of {operation} changed from {before} to {after}",
)
def operation_tags_changed(change: Change, ctx: RuleContext) -> bool:
    """The tags of an operation changed.

    Why it is safe:
        Tags group operations in documentation and SDK modules; nothing changes on the wire.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {get: {tags: [pets]}}
        revision:  {get: {tags: [animals]}}
    """
    return True


@rule(
    id="server-removed",
    severity=Severity.WARNING,
    direction=Direction.NONE,
    area=Area.SERVERS,
    on=(Target.SERVER, Aspect.URL, Action.REMOVED),
    scopes=(Scope.DOCUMENT, Scope.OPERATION),
    message="server {before} removed",
)
def server_removed(change: Change, ctx: RuleContext) -> bool:
    """A server URL was removed from `servers` (or `host`/`basePath`).

    Why it breaks:
        Clients configured with that URL may stop working; whether the server still
        answers there is not in the document, so this is a warning.

    Ship it safely:
        Keep the old URL working and listed until clients move.

    Example:
        base:      servers: [{url: "https://api.example.com/v1"}]
        revision:  servers: [{url: "https://api.example.com/v2"}]
    """
    return True


@rule(
    id="server-added",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.SERVERS,
    on=(Target.SERVER, Aspect.URL, Action.ADDED),
    scopes=(Scope.DOCUMENT, Scope.OPERATION),
    message="server {after} added",
)
def server_added(change: Change, ctx: RuleContext) -> bool:
    """A server URL was added.

    Why it is safe:
        Existing clients keep their configured URL.

    Ship it safely:
        Nothing to do.

    Example:
        base:      servers: [{url: "https://api.example.com"}]
        revision:  servers: [{url: "https://api.example.com"}, {url: "https://eu.example.com"}]
    """
    return always(change, ctx)


@rule(
    id="operation-stability-unknown",
    severity=Severity.WARNING,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=_STABILITY,
    message="stability of {operation} changed from {before} to {after}, which treaty cannot rank",
)
def operation_stability_unknown(change: Change, ctx: RuleContext) -> bool:
    """The `x-stability-level` of an operation changed to or from a value that is not a level.

    Why it breaks:
        Levels are `draft`, `alpha`, `beta` and `stable`; any other value cannot be compared,
        so treaty cannot tell whether the promise to clients was lowered.

    Ship it safely:
        Use one of the four levels.

    Example:
        base:      {get: {x-stability-level: beta}}
        revision:  {get: {x-stability-level: preview}}
    """
    return _stability_moved(change) is None
