"""A seeded run sends the same requests whatever code happens to be importable.

Hypothesis (6.131 and later) mixes into generated data the literals it finds in every *local*
module loaded in the process: the user's own code when treaty runs from a project directory,
treaty's own sources when it is installed in editable mode, the test suite under pytest. So
``--seed N`` gave different requests depending on the working directory, on what else was
imported, and on any edit to treaty itself — and a literal from an unrelated module could decide
whether a run found a break. :func:`no_local_constants` turns that mining off for the duration of
a run (Hypothesis's built-in constants stay), so the requests depend only on the document, the
seed and the server's answers.

Hypothesis has no setting for this, so the block replaces its private
``providers._get_local_constants`` and clears the constants cache on the way in and out; this is
the only place treaty touches it, and tests/fuzz/test_seed_determinism.py fails loudly if a
Hypothesis release moves it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_local_constants() -> Iterator[None]:
    """Within the block, Hypothesis draws no constants mined from local modules."""
    from hypothesis.internal.conjecture import providers
    from hypothesis.internal.constants_ast import Constants

    original = providers._get_local_constants
    empty = Constants()
    providers.CONSTANTS_CACHE.cache.clear()
    providers._get_local_constants = lambda: empty  # see docstring
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()
