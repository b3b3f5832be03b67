"""Renderers: a report in, a string out. No I/O, no TTY checks, no printing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from treaty.render import github, gitlab, html, ignore, junit, markdown, sarif, text
from treaty.render import json as json_format
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


Renderer = Callable[[Report, RenderOptions], str]

RENDERERS: Mapping[OutputFormat, Renderer] = MappingProxyType(
    {
        OutputFormat.TEXT: text.render,
        OutputFormat.JSON: json_format.render,
        OutputFormat.MARKDOWN: markdown.render,
        OutputFormat.JUNIT: junit.render,
        OutputFormat.SARIF: sarif.render,
        OutputFormat.GITHUB: github.render,
        OutputFormat.GITLAB: gitlab.render,
        OutputFormat.HTML: html.render,
        OutputFormat.IGNORE: ignore.render,
    }
)


def render(
    report: Report, output_format: OutputFormat, options: RenderOptions | None = None
) -> str:
    """Render ``report`` in ``output_format``."""
    return RENDERERS[output_format](report, options or RenderOptions())
