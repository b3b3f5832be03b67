"""What ``treaty init`` is asked for and what it plans to write."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from treaty.init.templates import Entry


class CI(StrEnum):
    AUTO = "auto"  # GitLab when .gitlab-ci.yml exists, else GitHub when .github/ does
    GITHUB = "github"
    GITLAB = "gitlab"
    NONE = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class InitOptions:
    spec: str | None = None  # this document instead of detecting (a file under the root)
    app: str | None = None  # this app (module:attr) instead of detecting
    snapshot: str | None = None  # where the app's snapshot goes (default openapi.json)
    ci: CI = CI.AUTO
    pre_commit: bool = True
    force: bool = False  # replace files treaty would otherwise refuse to overwrite


@dataclass(frozen=True, slots=True)
class Planned:
    """One file to write: ``added`` is treaty's part, ``content`` the whole new file."""

    path: Path  # relative to the root
    action: str  # create | append | overwrite
    added: str
    content: str


@dataclass(frozen=True, slots=True)
class InitPlan:
    root: Path
    entries: tuple[Entry, ...]
    files: tuple[Planned, ...]
    notes: tuple[str, ...] = field(default=())
