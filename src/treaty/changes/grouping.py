"""One root cause, one finding: schema changes reached from many operations, reported once.

Walkers register every pair of schema sites they meet (:class:`SchemaPairs`). The schema
comparer is memoised on node identity, so a shared component yields the *same* Change objects
to every operation that reaches it; grouping on the object's identity (and the scope it was
reached from) folds them into one Change listing all affected operations. This stays linear in
the number of (site pair, change) results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from treaty._json import JSONObject
from treaty.changes.model import Change, Direction, OperationKey, Scope
from treaty.spec.document import SchemaSite

Compare = Callable[[SchemaSite, SchemaSite, Direction], tuple[Change, ...]]

# stands in for an absent schema (a media type without `schema` accepts anything)
_ANYTHING: JSONObject = {}


@dataclass(frozen=True, slots=True)
class SchemaPair:
    """Two schema sites met in one operation, with the context to stamp on their changes."""

    operation: OperationKey
    scope: Scope
    parent: str
    direction: Direction
    base: SchemaSite
    revision: SchemaSite


class SchemaPairs:
    """Collects the schema site pairs of every matched operation, in walk order."""

    def __init__(self) -> None:
        self.pairs: list[SchemaPair] = []

    def add(
        self,
        operation: OperationKey,
        scope: Scope,
        parent: str,
        base: SchemaSite | None,
        revision: SchemaSite | None,
    ) -> None:
        """Register a pair; an absent side reads as the empty schema, two absent sides as none."""
        if base is None and revision is None:
            return
        sent = scope in (Scope.PARAMETER, Scope.REQUEST_BODY)
        if operation.reversed:  # a webhook or callback: the API sends the request
            sent = not sent
        direction = Direction.REQUEST if sent else Direction.RESPONSE
        self.pairs.append(
            SchemaPair(
                operation,
                scope,
                parent,
                direction,
                base or _absent(revision),
                revision or _absent(base),
            )
        )


def _absent(other: SchemaSite | None) -> SchemaSite:
    assert other is not None  # add() returns early when both sides are absent
    return SchemaSite(_ANYTHING, other.pointer)


def grouped(compare: Compare, pairs: SchemaPairs) -> list[Change]:
    """Compare every pair and fold identical changes into one, with all their operations."""
    groups: dict[tuple[int, Scope], tuple[Change, str, list[OperationKey]]] = {}
    for item in pairs.pairs:
        for change in compare(item.base, item.revision, item.direction):
            key = (id(change), item.scope)  # `groups` keeps `change` alive, so ids stay unique
            entry = groups.get(key)
            if entry is None:
                groups[key] = (change, item.parent, [item.operation])
            elif entry[2][-1] != item.operation:
                entry[2].append(item.operation)
    return [
        replace(
            change,
            scope=scope,
            parent=parent,
            operations=tuple(sorted(set(operations))),
        )
        for (_, scope), (change, parent, operations) in groups.items()
    ]
