"""Walkers for array keywords: ``items`` and ``prefixItems`` (draft 4 tuple ``items`` too).

Arrays are compared position by position: position ``i`` is constrained by ``prefixItems[i]``
while the tuple has one, and by ``items`` after it (no ``items``: anything). So a tuple that
grows by the schema its ``items`` already gave is no change, and a prefix that disappears
leaves its positions to ``items``, not to nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from treaty.changes.model import Action, Aspect
from treaty.changes.schema_keywords import subschema
from treaty.changes.schema_pair import Descend, Pair, Step
from treaty.spec.schema import Conj


def walk(pair: Pair) -> Iterator[Step]:
    before, after = pair.base.prefix_items, pair.revision.prefix_items
    for index in range(max(len(before), len(after))):
        base = before[index] if index < len(before) else pair.base.items
        revision = after[index] if index < len(after) else pair.revision.items
        yield from _position(pair, index, base, revision)
    # past the longest prefix, `items` alone; the rules judge the narrowing/widening
    yield from subschema(pair, Aspect.ITEMS, pair.base.items, pair.revision.items)


def _position(pair: Pair, index: int, base: Conj | None, revision: Conj | None) -> Iterator[Step]:
    if base is not None and revision is not None:
        yield Descend(base, revision)
    elif base is None and revision is not None:
        yield pair.keyword(Aspect.PREFIX_ITEMS, Action.ADDED, None, index)
    elif base is not None:
        yield pair.keyword(Aspect.PREFIX_ITEMS, Action.REMOVED, index, None)
