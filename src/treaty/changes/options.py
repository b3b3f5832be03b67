"""How two documents are paired: path prefixes, server base paths, documentation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffOptions:
    """Options of :func:`treaty.changes.compute`.

    The prefix options rewrite operation paths before matching (strip first, then add), for
    APIs that moved their paths under a new prefix. ``match_servers`` prepends each operation's
    first server base path (Swagger ``basePath``) so that ``/v1`` + ``/pets`` matches
    ``/`` + ``/v1/pets``. ``include_docs`` adds documentation-only changes (for ``treaty diff``).
    """

    strip_prefix_base: str | None = None
    strip_prefix_revision: str | None = None
    add_prefix_base: str | None = None
    add_prefix_revision: str | None = None
    match_servers: bool = False
    include_docs: bool = False
