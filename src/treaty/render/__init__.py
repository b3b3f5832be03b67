"""Renderers: a report in, a string out. No I/O, no TTY checks, no printing."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from treaty.report import Report


class OutputFormat(StrEnum):
    """Formats of the diff reports (`treaty breaking|changelog|diff --format`)."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"  # a merge-request comment
    JUNIT = "junit"  # GitLab and Jenkins test reports
    SARIF = "sarif"  # GitHub code scanning
    GITHUB = "github"  # GitHub Actions workflow commands (annotations)
    GITLAB = "gitlab"  # GitLab Code Quality
    HTML = "html"  # a self-contained page
    IGNORE = "ignore"  # entries to paste into the ignore file, accepting what was found


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderOptions:
    """Presentation choices the CLI makes (colour is decided there, not here)."""

    color: bool = False
    max_operations: int = 3  # affected operations listed per finding in text output
    # markdown: the body stays under this many characters (GitHub comments take 65 536)
    max_chars: int = 60_000


Renderer: TypeAlias = "Callable[[Report, RenderOptions], str]"

# each format's module (``render(report, options) -> str``), imported when that format is
# asked for: a command renders one or two formats and never pays for the others
MODULES: Mapping[OutputFormat, str] = MappingProxyType(
    {output_format: f"treaty.render.{output_format.value}" for output_format in OutputFormat}
)


def renderer(output_format: OutputFormat) -> Renderer:
    """The function that renders ``output_format`` (its module is imported now)."""
    function: Renderer = importlib.import_module(MODULES[output_format]).render
    return function


def render(
    report: Report, output_format: OutputFormat, options: RenderOptions | None = None
) -> str:
    """Render ``report`` in ``output_format``."""
    return renderer(output_format)(report, options or RenderOptions())
