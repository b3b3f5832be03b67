"""Where a finding is in the source files: the file and line reports annotate.

Positions are computed on demand, by the renderers that show them (text, SARIF, GitHub and
GitLab annotations, HTML, JUnit), never while diffing: the JSON and Markdown reports pay
nothing for them.

A finding points into the revision document, or into the base for removals (the element no
longer exists in the revision). The file is given as CI systems want it: relative to the root
of the git work tree that holds it (posix separators), so an annotation lands on the file in
the merge request whatever the current directory was.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from treaty.sources.lines import line_of

if TYPE_CHECKING:
    from treaty.report import Finding, Report
    from treaty.sources import Document


class Side(StrEnum):
    BASE = "base"
    REVISION = "revision"


@dataclass(frozen=True, slots=True)
class Position:
    """A finding's place: which document, which pointer, and (when known) file and line."""

    side: Side
    document: str  # the document's name as the report shows it (a path, REV:path, a URL…)
    pointer: str | None
    file: str | None  # repository-relative posix path; None for URLs, stdin and apps
    line: int | None  # 1-based; None when unknown (no text, or content bundled from elsewhere)


def position(report: Report, finding: Finding) -> Position:
    """Where ``finding`` is: in the revision, or in the base when it was removed there."""
    location = finding.change.location
    pointer = location.revision_pointer
    if pointer is not None:
        side, name, document = Side.REVISION, report.revision, report.revision_document
    else:
        pointer = location.base_pointer
        side, name, document = Side.BASE, report.base, report.base_document
    if document is None:
        return Position(side, name, pointer, None, None)
    line = line_of(document, pointer) if pointer is not None else None
    return Position(side, name, pointer, file_of(document), line)


def file_of(document: Document) -> str | None:
    """The path CI annotations use for ``document``, or None when it has no file.

    A ``REV:path`` baseline is named by its path in the repository. A file on disk is named
    relative to the root of its git work tree, else relative to the current directory when it
    is below it, else by its absolute path.
    """
    if document.repo_path is not None:
        return document.repo_path
    if document.path is None:
        return None
    return _relative(str(document.path.resolve()), str(Path.cwd()))


@lru_cache(maxsize=64)
def _relative(resolved: str, cwd: str) -> str:
    path = Path(resolved)
    for parent in path.parents:
        if (parent / ".git").exists():
            return path.relative_to(parent).as_posix()
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()
