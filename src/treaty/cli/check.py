"""``treaty check [SPEC]...``: the merge-request pipeline entry point, driven by the config."""

from __future__ import annotations

from pathlib import Path

import click

from treaty.cli import options
from treaty.errors import ExitCode

_FAIL_ON = ("error", "warning", "info", "never")


@click.command()
@click.argument("specs", nargs=-1, metavar="[SPEC]...")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The config file (default: treaty.toml or pyproject.toml [tool.treaty], searched "
    "from the cwd up to the repository root).",
)
@click.option(
    "--base",
    metavar="REV",
    help="Compare with this revision (default: the merge-base of HEAD with the default branch; "
    "CI variables are honoured).",
)
@click.option(
    "--spec-name",
    "names",
    multiple=True,
    metavar="NAME",
    help="Check only this configured spec (repeatable).",
)
@options.report_format_option()
@options.report_outputs_option
@click.option(
    "--fail-on",
    type=click.Choice(_FAIL_ON),
    help="Exit 1 at or above this severity (default: the config's fail-on, else error).",
)
@click.option(
    "--snapshot-only",
    is_flag=True,
    help="Regenerate each app's snapshot: write it and exit 1 when the committed one was stale.",
)
@click.option(
    "--update-snapshot",
    is_flag=True,
    help="Regenerate each app's snapshot and write it when stale (exit 1: stage it), then "
    "compare it with the baseline as usual: the code-first pre-commit hook.",
)
def check(
    specs: tuple[str, ...],
    config_file: Path | None,
    base: str | None,
    names: tuple[str, ...],
    output_format: str,
    outputs: tuple[tuple[str, Path], ...],
    fail_on: str | None,
    snapshot_only: bool,
    update_snapshot: bool,
) -> None:
    """Check the configured spec(s) against the baseline branch for breaking changes.

    With no SPEC the config file says what to check (`spec`, or `app` + `snapshot`). A SPEC
    that is not in the baseline yet is a new API: reported, and it passes. The --format report
    goes to stdout; --output and the config's `outputs` write more (`{name}` in a path is the
    spec's name); notes go to stderr.
    """
    from treaty import api
    from treaty.config import load_config
    from treaty.pipeline import CheckOptions, report_path
    from treaty.pipeline import check as run
    from treaty.redact import printable

    if specs and names:
        raise click.UsageError("give SPEC arguments or --spec-name, not both")
    if snapshot_only and update_snapshot:
        raise click.UsageError("give --snapshot-only or --update-snapshot, not both")
    config = load_config(config_file)
    selected = tuple(config.for_source(s) for s in specs) if specs else config.select(names)
    options = CheckOptions(
        base=base, fail_on=fail_on, snapshot_only=snapshot_only, update_snapshot=update_snapshot
    )
    results = run(selected, options)
    if not results:
        click.echo("treaty: no spec sets `app` + `snapshot`: no snapshot to regenerate", err=True)
    several = len(results) > 1
    for result in results:
        prefix = f"treaty: {result.spec.name}: " if several else "treaty: "
        for note in result.notes:  # names files and revisions: shown inert, one line each
            click.echo(printable(prefix + note), err=True)
        if result.compared and output_format not in dict(outputs):
            click.echo(api.render_report(result.report, output_format), nl=False)
        for fmt, path in {**dict(result.spec.outputs), **dict(outputs)}.items():
            target = report_path(path, result.spec.name, several)
            api.write_text(target, api.render_report(result.report, fmt))
    raise SystemExit(max((r.exit_code for r in results), default=ExitCode.OK))
