"""Operations that moved path: judged like the removal of the old path they are."""

from __future__ import annotations

from treaty.changes.model import Action, Aspect, Change, Direction, Flag, Target
from treaty.rules.operations import sunset_pending
from treaty.rules.registry import Area, RuleContext, Severity, rule

_MOVED = (Target.OPERATION, Aspect.PATH, Action.CHANGED)


def _deprecated(change: Change) -> bool:
    return Flag.DEPRECATED_BEFORE in change.flags


@rule(
    id="operation-moved",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=_MOVED,
    message="{operation} moved to `{after}` without deprecation",
)
def operation_moved(change: Change, ctx: RuleContext) -> bool:
    """An operation moved to another path (the same operationId, or the same operation
    under a new path) without the old path being deprecated first.

    Why it breaks:
        Clients call the old path and get 404 or 405. treaty reports the move once, naming
        both paths, and compares what the operation holds as for any other operation; a
        renamed path parameter (`/pets/{id}` -> `/pets/{petId}`) is no move and no change.

    Ship it safely:
        Serve both paths: keep the old one, `deprecated: true` with an `x-sunset` date,
        and remove it after that date.

    Example:
        base:      paths: {/pets: {get: {operationId: listPets}}}
        revision:  paths: {/animals: {get: {operationId: listPets}}}
    """
    return not _deprecated(change)


@rule(
    id="operation-moved-before-sunset",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=_MOVED,
    message="deprecated {operation} moved to `{after}` before its sunset date {sunset}",
)
def operation_moved_before_sunset(change: Change, ctx: RuleContext) -> bool:
    """A deprecated operation moved to another path before the sunset date it announced.

    Why it breaks:
        Clients were promised the old path until `x-sunset`; they are still calling it.

    Ship it safely:
        Serve the old path until its sunset date has passed.

    Example:
        base:      {/pets: {get: {operationId: listPets, deprecated: true, x-sunset: "2099-01-01"}}}
        revision:  {/animals: {get: {operationId: listPets}}}
    """
    return _deprecated(change) and sunset_pending(change, ctx)


@rule(
    id="operation-moved-after-deprecation",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=_MOVED,
    message="deprecated {operation} moved to `{after}`",
)
def operation_moved_after_deprecation(change: Change, ctx: RuleContext) -> bool:
    """A deprecated operation moved to another path (after its sunset date, or with none).

    Why it is safe:
        Clients were told to stop using the old path.

    Ship it safely:
        Announce an `x-sunset` date so clients know when the old path goes.

    Example:
        base:      {/pets: {get: {operationId: listPets, deprecated: true, x-sunset: "2020-01-01"}}}
        revision:  {/animals: {get: {operationId: listPets}}}
    """
    return _deprecated(change) and not sunset_pending(change, ctx)
