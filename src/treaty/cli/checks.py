"""`treaty checks [ID]`: browse the breaking-change catalogue."""

from __future__ import annotations

import click


@click.command()
@click.argument("check_id", required=False, metavar="[ID]")
@click.option(
    "--severity",
    type=click.Choice(["error", "warning", "info"]),
    help="Only list checks of this default severity.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
def checks(check_id: str | None, severity: str | None, output_format: str) -> None:
    """List every check (id, severity, direction, summary), or show one check's documentation."""
    from treaty import catalogue
    from treaty.errors import ErrorKind, TreatyError

    if check_id is None:
        click.echo(catalogue.render_list(output_format, severity), nl=False)
        return
    entry = catalogue.find(check_id)
    if entry is None:
        hint = catalogue.suggest(check_id)
        suffix = f" (did you mean `{hint}`?)" if hint else "; run `treaty checks` to list them"
        raise TreatyError(f"no check named `{check_id}`{suffix}", kind=ErrorKind.USAGE)
    click.echo(catalogue.render_one(entry, output_format), nl=False)
