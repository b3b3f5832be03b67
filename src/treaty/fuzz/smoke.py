"""Release verification: one deterministic request per operation from the document's examples."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from treaty.fuzz.engine import Progress
from treaty.fuzz.options import FuzzOptions
from treaty.fuzz.results import FuzzReport
from treaty.fuzz.run import run

if TYPE_CHECKING:
    from treaty.sources import Document

#: Smoke runs are reproducible by construction: a fixed seed and deterministic generation.
SMOKE_SEED = 0


def smoke_options(options: FuzzOptions, *, all_methods: bool = False) -> FuzzOptions:
    """Narrow ``options`` to the examples phase, one request per operation, no randomness."""
    selection = replace(options.selection, read_only=options.selection.read_only or not all_methods)
    return replace(
        options,
        phases=("examples",),
        max_examples=1,
        deterministic=True,
        fill_missing=True,
        seed=SMOKE_SEED,
        selection=selection,
    )


def smoke(
    document: Document,
    options: FuzzOptions,
    *,
    all_methods: bool = False,
    progress: Progress | None = None,
) -> FuzzReport:
    """Run the smoke test: safe methods only unless ``all_methods``; every check applies."""
    return run(
        document, smoke_options(options, all_methods=all_methods), mode="smoke", progress=progress
    )
