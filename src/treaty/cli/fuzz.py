"""``treaty fuzz`` and ``treaty smoke``: parse options, call treaty.fuzz, render, exit."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _csv(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(item.strip() for value in values for item in value.split(",") if item.strip())


def _common(command: F) -> F:
    """Target, auth, targeting, safety and report options shared by fuzz and smoke."""
    options = [
        click.argument("spec", required=False),
        click.option("--url", "base_url", metavar="BASE_URL", help="Base URL of the API."),
        click.option("--app", metavar="MODULE:ATTR", help="Test an ASGI/WSGI app in-process."),
        click.option("-H", "--header", "headers", multiple=True, help="'Name: value'."),
        click.option("--auth", "basic", metavar="USER:PASS", help="HTTP basic auth."),
        click.option("--bearer-env", metavar="VAR", help="Bearer token from this variable."),
        click.option("--checks", multiple=True, help="Only these checks (comma-separated)."),
        click.option("--exclude-checks", multiple=True, help="Skip these checks."),
        click.option("--max-response-time", type=float, help="Fail responses slower (s)."),
        click.option("--include-path", multiple=True, help="Path glob to include."),
        click.option("--exclude-path", multiple=True, help="Path glob to exclude."),
        click.option("--include-method", multiple=True, help="HTTP method to include."),
        click.option("--tag", multiple=True, help="Operation tag to include."),
        click.option("--operation-id", multiple=True, help="operationId to include."),
        click.option("--changed-since", metavar="BASE", help="Only operations changed vs BASE."),
        click.option("--shard", metavar="I/N", help="Run shard I of N (CI_NODE_* honoured)."),
        click.option("--dry-run", is_flag=True, help="List the operations and exit."),
        click.option("--rate-limit", metavar="N/s", help="Maximum request rate."),
        click.option("--max-requests", type=click.IntRange(1), help="Send at most N requests."),
        click.option("--max-response-size", type=click.IntRange(1024), metavar="BYTES",
                     help="Do not read response bodies larger than this (default 1 MiB)."),
        click.option("--max-time", type=float, help="Stop after N seconds."),
        click.option("--timeout", type=float, default=10.0, show_default=True,
                     help="Seconds for a whole request, body included."),
        click.option("--insecure", is_flag=True, help="Do not verify TLS certificates."),
        click.option("--accept-denied", is_flag=True,
                     help="Operations answering only 401/403 are expected: list, do not fail."),
        click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True),
        click.option("--output", "outputs", multiple=True, metavar="FORMAT=PATH",
                     help="Write a json|junit|markdown|text report (repeatable)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress line on stderr."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


@click.command()
@_common
@click.option("--read-only", is_flag=True, help="Safe methods only (GET, HEAD, OPTIONS, TRACE).")
@click.option("--phases", multiple=True, metavar="P,Q",
              help="Only these phases: examples, coverage, fuzzing, stateful.")  # fmt: skip
@click.option("--seed", type=int, help="Seed for reproducible runs.")
@click.option("--max-examples", type=click.IntRange(1), default=50, show_default=True)
@click.option("--replay", type=click.Path(path_type=Path, dir_okay=False), help="Replay a report.")
def fuzz(**params: Any) -> None:
    """Fuzz the API at --url (or --app) against the OpenAPI document SPEC."""
    from treaty.fuzz import cli_support

    if params["replay"] is not None:
        _finish(cli_support.replay(params, environ=os.environ, echo=_echo))
    report = cli_support.execute(
        params, mode="fuzz", environ=os.environ, echo=_echo, say=_say, progress_every=_every(params)
    )
    _finish(report)


@click.command()
@_common
@click.option("--all-methods", is_flag=True, help="Also call unsafe methods (POST, DELETE...).")
def smoke(**params: Any) -> None:
    """One deterministic request per operation from SPEC's examples: post-deploy verification."""
    from treaty.fuzz import cli_support

    params.setdefault("read_only", False)
    every = _every(params)
    report = cli_support.execute(
        params, mode="smoke", environ=os.environ, echo=_echo, say=_say, progress_every=every
    )
    _finish(report)


#: Seconds between progress lines: an updating line on a terminal, a plain one in a CI log.
PROGRESS_EVERY_TTY = 0.5
PROGRESS_EVERY_LOG = 5.0


def _every(params: dict[str, Any]) -> float | None:
    if params.get("quiet"):
        return None
    return PROGRESS_EVERY_TTY if sys.stderr.isatty() else PROGRESS_EVERY_LOG


def _say(line: str) -> None:
    from treaty.redact import printable

    click.echo(printable(line), err=True)


def _echo(line: str, transient: bool) -> None:
    """A progress line (``transient``) on stderr, or a line of output (``--dry-run``'s
    operations) on stdout, escaped: operation labels hold the document's path keys."""
    from treaty.redact import printable

    line = printable(line)
    stream = sys.stderr
    if transient and stream.isatty():
        click.echo(f"\r\x1b[K{line}", err=True, nl=False)
    elif not transient:
        click.echo(line)
    else:
        click.echo(line, err=True)


def _finish(report: Any) -> None:
    if report is None:  # --dry-run
        raise SystemExit(0)
    from treaty.fuzz.render import FuzzFormat, render

    if sys.stderr.isatty():
        click.echo("\r\x1b[K", err=True, nl=False)
    click.echo(render(report, FuzzFormat.TEXT), nl=False)
    raise SystemExit(report.exit_code)
