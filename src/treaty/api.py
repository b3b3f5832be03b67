"""The façade the CLI calls: one small function per thing a command does.

Functions take values, not paths to parse again: a location string, a typed ``Source`` or an
already loaded ``Document`` are all accepted wherever a document is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

# comparing two documents lives in treaty.compare, which treaty check calls too
from treaty.compare import SpecLike as SpecLike
from treaty.compare import build_spec as build_spec
from treaty.compare import diff as diff
from treaty.sources import Document, LoadOptions, Source, SyntaxKind
from treaty.sources import load as _load

if TYPE_CHECKING:
    # `treaty check` (the pipeline, git, the config) is imported when first asked for
    from treaty.classify import Policy
    from treaty.confirm.model import ConfirmReport
    from treaty.confirm.run import ConfirmOptions
    from treaty.fuzz.engine import Progress
    from treaty.init import CI as CI
    from treaty.init import InitOptions as InitOptions
    from treaty.init import InitPlan as InitPlan
    from treaty.pipeline import CheckOptions as CheckOptions
    from treaty.pipeline import CheckResult as CheckResult
    from treaty.pipeline import check as check
    from treaty.report import Report
    from treaty.snapshot import SnapshotCheck
    from treaty.validate import ValidationResult

DocumentLike: TypeAlias = "str | Source | Document"

_DEFAULT_OPTIONS = LoadOptions()
_PIPELINE = frozenset({"CheckOptions", "CheckResult", "check"})
_INIT = frozenset({"CI", "InitOptions", "InitPlan"})


def __getattr__(name: str) -> object:
    """``check``, ``CheckOptions`` and ``CheckResult``, imported from the pipeline on first use
    (so the commands that compare two documents never import git or the baseline code)."""
    if name in _PIPELINE:
        from treaty import pipeline

        return getattr(pipeline, name)
    if name in _INIT:
        from treaty import init

        return getattr(init, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load(source: DocumentLike, options: LoadOptions = _DEFAULT_OPTIONS) -> Document:
    """Load a document from a SOURCE string or ``Source`` (a ``Document`` is passed through)."""
    return source if isinstance(source, Document) else _load(source, options)


def validate(source: DocumentLike, options: LoadOptions = _DEFAULT_OPTIONS) -> ValidationResult:
    """Load ``source`` if needed and check it against the OpenAPI specification it declares."""
    from treaty.validate import validate as _validate

    return _validate(load(source, options))


def render_validation(results: Sequence[ValidationResult], output_format: str = "text") -> str:
    """Problems as text lines (``file:line: pointer: message``) or a JSON report."""
    from treaty.validate import render

    return render(results, output_format)


def snapshot_syntax(output: Path) -> SyntaxKind:
    """The syntax a snapshot file gets from its extension; other extensions are usage errors."""
    from treaty.snapshot import syntax_for

    return syntax_for(output)


def render_snapshot(source: DocumentLike, syntax: SyntaxKind = SyntaxKind.YAML) -> str:
    """The canonical text of a document (what ``treaty snapshot`` writes)."""
    from treaty.snapshot import render_canonical

    return render_canonical(load(source), syntax)


def write_snapshot(document: Document, output: Path) -> bool:
    """Write the canonical snapshot of ``document`` to ``output`` atomically.

    The syntax follows the extension (``.json``, ``.yaml``, ``.yml``). Returns False when the
    file was already current (and was left untouched).
    """
    from treaty.snapshot import write_snapshot as _write_snapshot

    return _write_snapshot(document, output)


def check_snapshot_file(document: Document, output: Path) -> SnapshotCheck:
    """Compare the committed snapshot at ``output`` with ``document`` (``snapshot --check``)."""
    from treaty.snapshot import check_snapshot

    return check_snapshot(document, output)


def confirm(
    base: SpecLike,
    revision: SpecLike,
    options: ConfirmOptions,
    *,
    load_options: LoadOptions = _DEFAULT_OPTIONS,
    policy: Policy | None = None,
    progress: Progress | None = None,
) -> ConfirmReport:
    """Diff BASE -> REVISION, then confirm each breaking change on the deployment.

    The static diff is ``treaty breaking``'s (``policy`` applied); old-contract traffic is
    generated from BASE, which must be a document (not a ``Spec``) so requests can be built.
    """
    from treaty.confirm.run import confirm_documents

    return confirm_documents(
        base, revision, options, load_options=load_options, policy=policy, progress=progress
    )


def render_report(report: Report, output_format: str = "text", *, color: bool = False) -> str:
    """A diff report in one of the formats of :class:`treaty.render.OutputFormat`."""
    from treaty.render import OutputFormat, RenderOptions
    from treaty.render import render as _render

    return _render(report, OutputFormat(output_format), RenderOptions(color=color))


def write_text(path: Path, text: str) -> None:
    """Write a report file atomically (never a half-written file)."""
    from treaty._fs import atomic_write

    atomic_write(path, text)


def init_plan(root: Path, options: InitOptions) -> InitPlan:
    """What ``treaty init`` writes in ``root``; refuses (raises) before anything is written."""
    from treaty import init

    return init.plan(root, options)


def init_write(plan: InitPlan, *, dry_run: bool = False) -> str:
    """Write the planned files (unless ``dry_run``) and say what was (or would be) written."""
    from treaty import init

    if not dry_run:
        init.write(plan)
    return init.describe(plan, dry_run=dry_run)
