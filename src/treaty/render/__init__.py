"""Renderers: a report in, a string out. No I/O, no TTY checks, no printing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from treaty.render import json as json_format
from treaty.render import text
from treaty.report import Report


class OutputFormat(StrEnum):
    """Formats of the diff reports (`treaty breaking|changelog|diff --format`)."""

    TEXT = "text"
    JSON = "json"


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderOptions:
    """Presentation choices the CLI makes (colour is decided there, not here)."""

    color: bool = False
    max_operations: int = 3  # affected operations listed per finding in text output


Renderer = Callable[[Report, RenderOptions], str]

RENDERERS: Mapping[OutputFormat, Renderer] = MappingProxyType(
    {OutputFormat.TEXT: text.render, OutputFormat.JSON: json_format.render}
)


def render(
    report: Report, output_format: OutputFormat, options: RenderOptions | None = None
) -> str:
    """Render ``report`` in ``output_format``."""
    return RENDERERS[output_format](report, options or RenderOptions())
