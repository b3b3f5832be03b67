"""``--changed-since``: the operations the diff engine finds added or changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from treaty.sources import Document


def changed_operations(base: Document, revision: Document) -> frozenset[tuple[str, str]]:
    """``(METHOD, path)`` of every operation a change between ``base`` and ``revision`` touches.

    Uses ``treaty.changes.compute`` over ``treaty.spec.build``; a change that names no
    operation (say, a server URL) selects nothing on its own. Removed operations cannot be
    fuzzed and drop out when the selection meets the revision document.
    """
    from treaty.changes import compute
    from treaty.spec.build import build

    keys: set[tuple[str, str]] = set()
    for change in compute(build(base), build(revision)):
        keys.update((key.method.upper(), key.path) for key in change.operations)
    return frozenset(keys)
