"""``treaty init``: configure treaty, pre-commit and CI for the repository in the cwd."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--spec", metavar="FILE", help="Configure this document instead of detecting.")
@click.option("--app", metavar="MODULE:ATTR", help="Configure this app instead of detecting.")
@click.option(
    "--snapshot",
    metavar="FILE",
    help="Where the app's committed snapshot goes (default: openapi.json).",
)
@click.option(
    "--ci",
    type=click.Choice(["auto", "github", "gitlab", "none"]),
    default="auto",
    show_default=True,
    help="The CI file to write (auto: GitLab if .gitlab-ci.yml exists, else GitHub if .github/ "
    "does).",
)
@click.option(
    "--pre-commit/--no-pre-commit",
    "pre_commit",
    default=True,
    help="Add treaty's hooks to .pre-commit-config.yaml (default: yes).",
)
@click.option("--force", is_flag=True, help="Replace files that exist instead of refusing.")
@click.option("--dry-run", is_flag=True, help="Print what would be written; write nothing.")
def init(
    spec: str | None,
    app: str | None,
    snapshot: str | None,
    ci: str,
    pre_commit: bool,
    force: bool,
    dry_run: bool,
) -> None:
    """Set treaty up in this repository from what it has.

    Detects OpenAPI documents and FastAPI, Starlette or Flask apps (by reading the Python
    files, never importing them), then writes the config ([tool.treaty] appended to
    pyproject.toml, else treaty.toml), treaty's pre-commit hooks and the GitHub or GitLab CI
    file, and prints what it wrote. Nothing that exists is replaced without --force.
    """
    from treaty import api

    if spec is not None and app is not None:
        raise click.UsageError("give --spec or --app, not both")
    if app is not None and not all(app.partition(":")[::2]):
        raise click.UsageError(f"--app {app!r}: expected module:attr (e.g. shop.main:app)")
    if snapshot is not None and app is None and spec is not None:
        raise click.UsageError("--snapshot goes with an app, not with --spec")
    options = api.InitOptions(
        spec=spec, app=app, snapshot=snapshot, ci=api.CI(ci), pre_commit=pre_commit, force=force
    )
    planned = api.init_plan(Path.cwd(), options)
    click.echo(api.init_write(planned, dry_run=dry_run), nl=False)
