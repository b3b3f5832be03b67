"""The text report: what the reader is told, with and without findings."""

from __future__ import annotations

import dataclasses

from treaty.render import OutputFormat, RenderOptions, render
from treaty.report import ReportKind

from .helpers import finding, report

NOTES = (
    "1 accepted change (.treaty-ignore.yaml)",
    ".treaty-ignore.yaml:4: operation-removed at GET /gone matches nothing; remove it",
)


def test_no_findings_is_one_line() -> None:
    text = render(report(kind=ReportKind.CHANGELOG), OutputFormat.TEXT, RenderOptions())
    assert text == "No changes between base.yaml and revision.yaml.\n"


def test_notes_are_shown_when_every_finding_was_accepted() -> None:
    subject = dataclasses.replace(report(), notes=NOTES, accepted=(finding(),))
    assert render(subject, OutputFormat.TEXT, RenderOptions()) == (
        "No breaking changes between base.yaml and revision.yaml.\n"
        "note: 1 accepted change (.treaty-ignore.yaml)\n"
        "note: .treaty-ignore.yaml:4: operation-removed at GET /gone matches nothing; remove it\n"
    )


def test_notes_follow_the_findings() -> None:
    subject = dataclasses.replace(report(finding()), notes=NOTES)
    lines = render(subject, OutputFormat.TEXT, RenderOptions()).splitlines()
    assert lines[0].startswith("1 breaking change between base.yaml and revision.yaml")
    assert lines[-2:] == [f"note: {note}" for note in NOTES]
