"""`treaty breaking`, `treaty changelog` and `treaty diff`: compare BASE with REVISION."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from treaty.cli.options import report_format_option, report_outputs_option

if TYPE_CHECKING:
    from treaty.config import SpecConfig
    from treaty.report import Report, ReportKind
    from treaty.sources import Source

F = TypeVar("F", bound=Callable[..., object])

_FAIL_ON = ("error", "warning", "info", "never")


def compare_options(func: F) -> F:
    """The arguments and options the three comparison commands share."""
    decorators = [
        click.argument("documents", nargs=-1, metavar="BASE REVISION"),
        click.option(
            "--base-app",
            metavar="MODULE:ATTR",
            help="Take BASE from a Python ASGI/WSGI app (then give only REVISION).",
        ),
        click.option(
            "--app",
            metavar="MODULE:ATTR",
            help="Take REVISION from a Python ASGI/WSGI app (then give only BASE).",
        ),
        click.option(
            "--app-openapi-path",
            default="/openapi.json",
            show_default=True,
            help="Path requested from an app that has no .openapi() method.",
        ),
        report_format_option(),
        click.option(
            "--color",
            type=click.Choice(["auto", "always", "never"]),
            default="auto",
            show_default=True,
            help="Colour the text report (auto: only on a terminal, and not when NO_COLOR is set).",
        ),
        click.option(
            "--strip-prefix-base", metavar="PREFIX", help="Remove PREFIX from BASE paths."
        ),
        click.option(
            "--strip-prefix-revision", metavar="PREFIX", help="Remove PREFIX from REVISION paths."
        ),
        click.option("--add-prefix-base", metavar="PREFIX", help="Prepend PREFIX to BASE paths."),
        click.option(
            "--add-prefix-revision", metavar="PREFIX", help="Prepend PREFIX to REVISION paths."
        ),
        click.option(
            "--match-servers",
            is_flag=True,
            help="Match operations through their `servers` base path (or Swagger basePath).",
        ),
        click.option(
            "--allow-remote-refs", is_flag=True, help="Resolve http(s) $refs (refused by default)."
        ),
        click.option(
            "--allow-outside-refs",
            is_flag=True,
            help="Allow file $refs outside the document's directory tree.",
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(path_type=Path, dir_okay=False),
            help="The config file whose policies apply (default: treaty.toml or pyproject.toml "
            "[tool.treaty], searched from the cwd up to the repository root).",
        ),
        click.option(
            "--no-config",
            is_flag=True,
            help="Ignore config and ignore files: judge with the catalogue's defaults only.",
        ),
    ]
    func = report_outputs_option(func)
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _run(kind: ReportKind, fail_on: str | None, **kw: object) -> None:
    """Compare BASE with REVISION under the project's settings; exit by ``fail_on`` (None: the
    config's ``fail-on`` for ``breaking``, ``never`` for the others)."""
    from treaty import api
    from treaty.changes import DiffOptions
    from treaty.config import severity_or_none
    from treaty.report import ReportKind
    from treaty.rules.registry import Severity
    from treaty.sources import LoadOptions

    base, revision = _sides(kw)
    settings = _settings(kw["config_file"], bool(kw["no_config"]), _config_key(base, revision))
    options = DiffOptions(
        strip_prefix_base=_opt(kw["strip_prefix_base"]),
        strip_prefix_revision=_opt(kw["strip_prefix_revision"]),
        add_prefix_base=_opt(kw["add_prefix_base"]),
        add_prefix_revision=_opt(kw["add_prefix_revision"]),
        match_servers=bool(kw["match_servers"]),
    )
    load_options = LoadOptions(
        allow_remote_refs=bool(kw["allow_remote_refs"]),
        allow_outside_refs=bool(kw["allow_outside_refs"]),
    )
    report = api.diff(
        base,
        revision,
        kind=kind,
        options=options,
        load_options=load_options,
        policy=settings.policy() if settings else None,
    )
    write_reports(report, str(kw["output_format"]), _outputs(kw["outputs"]), str(kw["color"]))
    if fail_on is not None:
        threshold = severity_or_none(fail_on, "never")
    elif kind is ReportKind.BREAKING:
        threshold = settings.fail_on if settings else Severity.ERROR
    else:
        threshold = None
    raise SystemExit(int(report.exit_code(threshold)))


def _sides(kw: dict[str, object]) -> tuple[str | Source, str | Source]:
    """BASE and REVISION: ``--base-app``/``--app`` take a side, the arguments fill the rest."""
    from treaty.sources import AppSource

    documents = [str(d) for d in _tuple(kw["documents"])]
    path = str(kw["app_openapi_path"])
    base_app, app = _opt(kw["base_app"]), _opt(kw["app"])
    wanted = 2 - (base_app is not None) - (app is not None)
    if len(documents) != wanted:
        given = " and ".join(n for n, v in (("--base-app", base_app), ("--app", app)) if v)
        raise click.UsageError(
            f"give BASE and REVISION{f' (or one of them with {given})' if given else ''}: "
            f"expected {wanted} SOURCE argument{'s' if wanted != 1 else ''}, got {len(documents)}"
        )
    if documents.count("-") > 1:
        raise click.UsageError("stdin (-) can be only one of BASE and REVISION")
    rest = iter(documents)
    base = AppSource(base_app, path) if base_app else next(rest)
    revision = AppSource(app, path) if app else next(rest)
    return base, revision


def _config_key(base: str | Source, revision: str | Source) -> str:
    """The SOURCE whose config entry applies: REVISION, else a file BASE (an app's committed
    snapshot), else the app's target (the top-level defaults)."""
    from treaty.sources import AppSource

    for side in (revision, base):
        if isinstance(side, str):
            return side
    return revision.target if isinstance(revision, AppSource) else ""


def _settings(config_file: object, no_config: bool, revision: str) -> SpecConfig | None:
    """The project's settings for REVISION (see ``Config.for_revision``); None: --no-config."""
    from treaty.config import load_config

    if no_config:
        if config_file is not None:
            raise click.UsageError("give --config or --no-config, not both")
        return None
    return load_config(config_file if isinstance(config_file, Path) else None).for_revision(
        revision
    )


def write_reports(
    report: Report, output_format: str, outputs: tuple[tuple[str, Path], ...], color: str
) -> None:
    """Write each ``--output`` file; stdout gets the ``--format`` report unless a file does.

    Each format is rendered once, however many files ask for it; colour is for stdout only.
    """
    from treaty import api

    rendered: dict[str, str] = {}
    for output_format_, path in outputs:
        if output_format_ not in rendered:
            rendered[output_format_] = api.render_report(report, output_format_)
        api.write_text(path, rendered[output_format_])
    if all(output_format_ != output_format for output_format_, _ in outputs):
        paint = _color(color)
        text = api.render_report(report, output_format, color=paint)
        click.echo(text, nl=False, color=paint or None)


def _outputs(value: object) -> tuple[tuple[str, Path], ...]:
    return value if isinstance(value, tuple) else ()


def _tuple(value: object) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else ()


def _opt(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _fail_on(default: str) -> Callable[[F], F]:
    return click.option(
        "--fail-on",
        type=click.Choice(_FAIL_ON),
        help=f"Exit 1 when a finding at or above this severity is found (default: {default}).",
    )


@click.command()
@compare_options
@_fail_on("the config's fail-on, else error")
def breaking(fail_on: str | None, **kw: object) -> None:
    """Report changes in REVISION that break clients of BASE (errors and warnings).

    BASE and REVISION are SOURCEs: a file, `-` for stdin, a URL, or REV:path from git;
    --app MODULE:ATTR takes REVISION from a Python app, --base-app takes BASE.
    Exit 1 when anything at or above --fail-on is found. The project's config (the
    `[[specs]]` entry for REVISION, else its top-level keys) sets the policies and fail-on.
    """
    from treaty.report import ReportKind

    _run(ReportKind.BREAKING, fail_on, **kw)


@click.command()
@compare_options
@_fail_on("never")
def changelog(fail_on: str | None, **kw: object) -> None:
    """List every change that affects consumers, grouped by endpoint."""
    from treaty.report import ReportKind

    _run(ReportKind.CHANGELOG, fail_on, **kw)


@click.command("diff")
@compare_options
@_fail_on("never")
def diff(fail_on: str | None, **kw: object) -> None:
    """List every difference, documentation-only edits included."""
    from treaty.report import ReportKind

    _run(ReportKind.DIFF, fail_on, **kw)
