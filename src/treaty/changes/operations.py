"""Operation-level facts: existence, operationId, deprecation, sunset, stability, tags."""

from __future__ import annotations

from collections.abc import Iterator

from treaty.changes.facts import Site, listed
from treaty.changes.model import Aspect, Change, Flag, Target
from treaty.spec.document import Operation


def _site(base: Operation | None, revision: Operation | None) -> Site:
    named = revision or base
    assert named is not None
    flags = {
        flag
        for flag, side in ((Flag.DEPRECATED_BEFORE, base), (Flag.DEPRECATED_AFTER, revision))
        if side is not None and side.deprecated
    }
    return Site(
        target=Target.OPERATION,
        base=base.pointer if base else None,
        revision=revision.pointer if revision else None,
        operations=(named.key,),
        flags=frozenset(flags),
    )


def added_operation(revision: Operation) -> Change:
    """An operation only the revision has."""
    return _site(None, revision).added()


def removed_operation(base: Operation) -> Change:
    """An operation only the base has; its sunset and stability tell whether removal was due."""
    return _site(base, None).removed(before={"sunset": base.sunset, "stability": base.stability})


def operation_changes(
    base: Operation, revision: Operation, *, moved: bool = False
) -> Iterator[Change]:
    """The facts of a matched operation that belong to the operation itself.

    A ``moved`` operation's deprecation and sunset were the old path's: the move is judged
    by them (``moves.moved_operation``), the new path starts its own lifecycle.
    """
    site = _site(base, revision)
    yield from site.presence(Aspect.OPERATION_ID, base.operation_id, revision.operation_id)
    if not moved:
        yield from site.compare(Aspect.DEPRECATED, base.deprecated, revision.deprecated)
        yield from site.compare(Aspect.SUNSET, base.sunset, revision.sunset)
    yield from site.compare(Aspect.STABILITY, base.stability, revision.stability)
    yield from site.compare(Aspect.TAGS, listed(base.tags), listed(revision.tags))
