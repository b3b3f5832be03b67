"""``treaty validate SOURCE...``: is each document valid OpenAPI?"""

from __future__ import annotations

import click

from treaty.cli import options
from treaty.errors import ExitCode, TreatyError


@click.command()
@click.argument("sources", nargs=-1, metavar="SOURCE...")
@options.source_options
@options.format_option("text", "json")
def validate(
    sources: tuple[str, ...], source_options: options.SourceOptions, output_format: str
) -> None:
    """Check that each SOURCE is a valid Swagger 2.0 / OpenAPI 3.0 / 3.1 document.

    SOURCE is a file, `-` (stdin), an http(s) URL or REV:path; --app adds a Python app.
    Exits 0 when all are valid, 1 when any is invalid, 2 when any cannot be read.
    """
    from treaty import api

    locations = source_options.sources(sources)
    if not locations:
        raise click.UsageError("give at least one SOURCE or --app")
    if sources.count("-") > 1:
        raise click.UsageError("stdin (-) can be given only once")
    load_options = source_options.load_options()
    results = []
    unreadable = False
    for location in locations:
        try:
            results.append(api.validate(location, load_options))
        except TreatyError as exc:  # report it and go on: pre-commit passes many files
            click.echo(f"treaty: {exc}", err=True)
            unreadable = True
    click.echo(api.render_validation(results, output_format), nl=False)
    if unreadable:
        raise SystemExit(ExitCode.BAD_INPUT)
    raise SystemExit(ExitCode.OK if all(r.valid for r in results) else ExitCode.FINDINGS)
