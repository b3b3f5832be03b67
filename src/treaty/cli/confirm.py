"""``treaty confirm``: parse options, call treaty.confirm, render, exit."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import click


@click.command()
@click.argument("documents", nargs=-1, metavar="BASE REVISION")
@click.option("--url", "base_url", metavar="BASE_URL", help="The new deployment's base URL.")
@click.option("--app", metavar="MODULE:ATTR", help="The new deployment as an in-process app.")
@click.option("--old-url", metavar="BASE_URL", help="The old deployment: compare responses.")
@click.option("--old-app", metavar="MODULE:ATTR", help="The old deployment as an in-process app.")
@click.option(
    "--all-operations",
    is_flag=True,
    help="Send old-contract traffic to every BASE operation, not only the changed ones.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["confirmed", "declared", "any"]),
    help="Exit 1 on: a confirmed or undeclared break (confirmed, the default); also "
    "any declared break (declared); also any undeclared difference (any). "
    "Config: confirm-fail-on.",
)
@click.option(
    "--format",
    "output_format",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json", "markdown", "junit", "html"]),
    help="Report format (stdout, and a bare --output PATH).",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="[FORMAT=]PATH",
    help="Write a report atomically: FORMAT=PATH (repeatable), a bare PATH for the "
    "--format report.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The config file whose policies apply.",
)
@click.option("--no-config", is_flag=True, help="Ignore config and ignore files.")
@click.option("-H", "--header", "headers", multiple=True, help="'Name: value'.")
@click.option("--auth", "basic", metavar="USER:PASS", help="HTTP basic auth.")
@click.option("--bearer-env", metavar="VAR", help="Bearer token from this variable.")
@click.option("--checks", multiple=True, help="Only these checks (comma-separated).")
@click.option("--include-path", multiple=True, help="Path glob to include.")
@click.option("--exclude-path", multiple=True, help="Path glob to exclude.")
@click.option("--include-method", multiple=True, help="HTTP method to include.")
@click.option("--tag", multiple=True, help="Operation tag to include.")
@click.option("--operation-id", multiple=True, help="operationId to include.")
@click.option("--read-only", is_flag=True, help="Safe methods only (GET, HEAD, OPTIONS, TRACE).")
@click.option("--seed", type=int, help="Seed for reproducible runs (default: random, printed).")
@click.option("--max-examples", type=click.IntRange(1), default=50, show_default=True)
@click.option("--rate-limit", metavar="N/s", help="Maximum request rate.")
@click.option("--max-requests", type=click.IntRange(1), help="Send at most N requests in all.")
@click.option(
    "--max-response-size",
    type=click.IntRange(1024),
    metavar="BYTES",
    help="Do not read response bodies larger than this (default 1 MiB).",
)
@click.option("--max-time", type=float, help="Stop after N seconds.")
@click.option("--timeout", type=float, default=10.0, show_default=True)
@click.option("--insecure", is_flag=True, help="Do not verify TLS certificates.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True)
def confirm(**params: Any) -> None:
    """Confirm on a deployment what the diff of BASE -> REVISION says.

    Requests valid under BASE (what existing clients send) go to the new deployment at --url
    (or --app) and every response is judged against BASE. Each breaking change gets a verdict:
    confirmed, not-observed or not-exercised; old-contract failures the diff does not explain
    are reported first as undeclared breaks. With --old-url (or --old-app) the same requests
    also go to the old deployment and the responses are compared.
    """
    from treaty.confirm import cli_support

    report = cli_support.execute(params, environ=os.environ, echo=_echo)
    _finish(report, str(params["output_format"]), params["outputs"])


_last_progress = [0.0]
#: Seconds between progress lines when stderr is not a terminal (CI logs).
PROGRESS_EVERY = 5.0


def _echo(line: str, transient: bool) -> None:
    """Progress on stderr: one updating line on a terminal, a line every few seconds in logs."""
    if transient and sys.stderr.isatty():
        click.echo(f"\r\x1b[K{line}", err=True, nl=False)
        return
    if transient:
        now = time.monotonic()
        if now - _last_progress[0] < PROGRESS_EVERY:
            return
        _last_progress[0] = now
    click.echo(line, err=True)


def _finish(report: Any, output_format: str, outputs: tuple[str, ...]) -> None:
    from treaty.confirm.cli_support import parse_outputs
    from treaty.confirm.render import ConfirmFormat, render

    if sys.stderr.isatty():
        click.echo("\r\x1b[K", err=True, nl=False)
    if all(name != output_format for name, _ in parse_outputs(outputs, output_format)):
        click.echo(render(report, ConfirmFormat(output_format)), nl=False)
    raise SystemExit(report.exit_code)
