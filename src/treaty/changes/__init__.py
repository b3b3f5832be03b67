"""treaty.changes: pair a base and a revision Spec and list their structural differences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treaty.changes.model import Change
from treaty.changes.options import DiffOptions

if TYPE_CHECKING:
    from treaty.spec.document import Spec

__all__ = ["DiffOptions", "compute"]

_DEFAULTS = DiffOptions()


def compute(base: Spec, revision: Spec, options: DiffOptions = _DEFAULTS) -> list[Change]:
    """Every structural difference between ``base`` and ``revision``, each reported once.

    The order is deterministic: operation facts per operation (sorted by the key they are
    reported with), then schema changes grouped by root cause (in the order they were first
    reached), then security schemes, servers and, when asked, documentation.
    """
    # imported here: `treaty.spec` imports `treaty.changes.model`, so this package must not
    # import `treaty.spec` while it initialises
    from treaty._gc import paused_gc
    from treaty.changes.engine import run

    with paused_gc():
        return run(base, revision, options)
