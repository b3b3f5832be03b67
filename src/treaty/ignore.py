"""Accepted breaking changes: the ignore file (``.treaty-ignore.yaml``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class IgnoreEntry:
    """One accepted change: a check id and where it applies, with the reason it is accepted.

    ``operation`` is ``METHOD /path`` (the path template as the document writes it);
    ``component`` names a schema component (``Pet``) or an element inside one (``Pet.owner``).
    An entry gives one of them, or neither to accept the check everywhere. After ``until``
    the entry stops applying (and the report says so).
    """

    id: str
    reason: str
    operation: str | None = None
    component: str | None = None
    until: dt.date | None = None
    line: int | None = None  # where the entry starts in the ignore file, for messages
