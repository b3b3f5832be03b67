"""Renderers for fuzz reports: pure functions FuzzReport -> str, in a small table of their own."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from types import MappingProxyType

from treaty.fuzz.render import json, junit, markdown, text
from treaty.fuzz.results import FuzzReport


class FuzzFormat(StrEnum):
    """Report formats for ``--output FORMAT=PATH``."""

    JSON = "json"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    TEXT = "text"


Renderer = Callable[[FuzzReport], str]

RENDERERS: Mapping[FuzzFormat, Renderer] = MappingProxyType(
    {
        FuzzFormat.JSON: json.render,
        FuzzFormat.JUNIT: junit.render,
        FuzzFormat.MARKDOWN: markdown.render,
        FuzzFormat.TEXT: text.render,
    }
)


def render(report: FuzzReport, output_format: FuzzFormat) -> str:
    """Render ``report`` in ``output_format``."""
    return RENDERERS[output_format](report)
