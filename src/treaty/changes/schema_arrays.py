"""Walkers for array keywords: ``items`` and ``prefixItems`` (draft 4 tuple ``items`` too)."""

from __future__ import annotations

from collections.abc import Iterator

from treaty.changes.model import Action, Aspect
from treaty.changes.schema_keywords import subschema
from treaty.changes.schema_pair import Descend, Pair, Step


def walk(pair: Pair) -> Iterator[Step]:
    # no `items` means any items: the rules judge the narrowing/widening
    yield from subschema(pair, Aspect.ITEMS, pair.base.items, pair.revision.items)
    before, after = pair.base.prefix_items, pair.revision.prefix_items
    for base_item, revision_item in zip(before, after, strict=False):
        yield Descend(base_item, revision_item)
    if len(before) != len(after):
        yield pair.keyword(Aspect.PREFIX_ITEMS, Action.CHANGED, len(before), len(after))
