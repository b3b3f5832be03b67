"""``treaty snapshot SOURCE -o FILE``: write (or ``--check``) a canonical snapshot."""

from __future__ import annotations

from pathlib import Path

import click

from treaty.cli import options
from treaty.errors import ExitCode


@click.command()
@click.argument("source", required=False)
@options.source_options
@options.output_option(required=True, help="The snapshot file (.json, .yaml or .yml).")
@click.option(
    "--check",
    is_flag=True,
    help="Compare with the snapshot file instead of writing it: exit 1 with a diff when stale.",
)
@click.option(
    "--validate/--no-validate",
    "run_validation",
    default=True,
    show_default=True,
    help="Validate the document first; an invalid one is never written.",
)
def snapshot(
    source: str | None,
    source_options: options.SourceOptions,
    output: Path,
    check: bool,
    run_validation: bool,
) -> None:
    """Write SOURCE (or --app MODULE:ATTR) canonically to FILE, or --check that FILE is current.

    The output is byte-identical for the same API: maps sorted, lists kept, JSON or YAML by
    the extension of FILE, a trailing newline.
    """
    from treaty import api

    locations = source_options.sources((source,) if source else ())
    if len(locations) != 1:
        raise click.UsageError("give exactly one of SOURCE or --app")
    api.snapshot_syntax(output)  # a bad extension fails before any loading
    document = api.load(locations[0], source_options.load_options())
    if run_validation:
        result = api.validate(document)
        if not result.valid:
            click.echo(api.render_validation([result]), nl=False, err=True)
            click.echo(f"treaty: {document.name}: not valid; nothing written", err=True)
            raise SystemExit(ExitCode.FINDINGS)
    if check:
        outcome = api.check_snapshot_file(document, output)
        if outcome.current:
            click.echo(f"{output}: snapshot is current")
            raise SystemExit(ExitCode.OK)
        click.echo(outcome.diff, nl=False)
        click.echo(f"treaty: {output}: snapshot is stale; run treaty snapshot to update", err=True)
        raise SystemExit(ExitCode.FINDINGS)
    changed = api.write_snapshot(document, output)
    click.echo(f"{output}: {'written' if changed else 'already current'}")
