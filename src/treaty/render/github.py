"""GitHub Actions workflow commands: one annotation per finding, on its file and line.

``::error file=F,line=L,title=ID::message`` (``::warning`` for warnings, ``::notice`` for
info). Values are escaped as the Actions toolkit does: ``%``, CR and LF in the message;
also ``:`` and ``,`` in properties. Document text never starts a line of its own (a path key
holding ``\n::error file=…`` stays inside its annotation, as ``%0A``) and the other control
characters (ESC, C1, bidi overrides…) are written as ``\x1b``-style escapes. A finding with no file
gets no ``file=``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from treaty.redact import printable
from treaty.render._shared import describe, located
from treaty.rules.registry import Severity

if TYPE_CHECKING:
    from treaty.render import RenderOptions
    from treaty.report import Report

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """A message as a workflow command carries it."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value (file, title) as a workflow command carries it."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions) -> str:
    """One workflow command per finding, most severe first."""
    lines = []
    ordered = sorted(located(report), key=lambda item: -item[0].severity.rank)
    for finding, place in ordered:
        properties = []
        if place.file is not None:
            properties.append(f"file={printable(escape_property(place.file))}")
            if place.line is not None:
                properties.append(f"line={place.line}")
        properties.append(f"title={escape_property(finding.rule)}")
        text = printable(escape_data(describe(finding, options.max_operations)))
        lines.append(f"::{_COMMANDS[finding.severity]} {','.join(properties)}::{text}")
    return "".join(line + "\n" for line in lines)
