"""The ``treaty`` command line: a thin layer that parses options, calls the library, renders
and picks the exit code. Errors are translated here, once, for every command."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from treaty.errors import ExitCode, TreatyError

# name -> "module:attribute". Command modules import only click and treaty's light modules,
# so listing them for `--help` stays fast; each imports the library inside its callback.
_COMMANDS: dict[str, str] = {
    "validate": "treaty.cli.validate:validate",
    "snapshot": "treaty.cli.snapshot:snapshot",
    "breaking": "treaty.cli.breaking:breaking",
    "changelog": "treaty.cli.breaking:changelog",
    "diff": "treaty.cli.breaking:diff",
    "checks": "treaty.cli.checks:checks",
    "check": "treaty.cli.check:check",
    "fuzz": "treaty.cli.fuzz:fuzz",
    "smoke": "treaty.cli.fuzz:smoke",
    "confirm": "treaty.cli.confirm:confirm",
    "init": "treaty.cli.init:init",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("treaty")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: read the installed version only when asked (importlib.metadata is slow)."""
    if value and not ctx.resilient_parsing:
        click.echo(f"treaty, version {_version()}")
        ctx.exit()


class TreatyGroup(click.Group):
    """A group that loads command modules on demand and turns errors into exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in _COMMANDS if self.get_command(ctx, name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attribute = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # command not built yet
                return None
            raise
        command = getattr(module, attribute, None)
        return command if isinstance(command, click.Command) else None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TreatyError as exc:
            click.echo(f"treaty: {exc}", err=True)
            ctx.exit(ExitCode.BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("treaty: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug: never exit 1, which CI reads as "breaking"
            from treaty.redact import printable, redact_urls

            detail = printable(redact_urls(" ".join(str(exc).split()))) or type(exc).__name__
            click.echo(
                f"treaty: internal error ({type(exc).__name__}: {detail}); please report it "
                "with the command you ran",
                err=True,
            )
            ctx.exit(ExitCode.INTERNAL)


@click.group(cls=TreatyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
def cli() -> None:
    """Keep HTTP APIs honest to their OpenAPI contract.

    Snapshot a document, diff it against a baseline and classify every change, or fuzz a
    running API against its contract.
    """


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(prog_name="treaty"))
