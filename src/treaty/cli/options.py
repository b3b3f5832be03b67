"""Option declarations shared by several commands, defined once.

Each decorator adds click options to a command. Commands import this module at top level, so
it imports only click and treaty's light modules.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from treaty.sources import LoadOptions, Source

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """What ``--app``, ``--app-openapi-path`` and the ``$ref`` policy flags asked for."""

    app: str | None
    app_openapi_path: str
    allow_remote_refs: bool
    allow_outside_refs: bool

    def load_options(self) -> LoadOptions:
        """The loader options these flags stand for."""
        from treaty.sources import LoadOptions

        return LoadOptions(
            allow_remote_refs=self.allow_remote_refs, allow_outside_refs=self.allow_outside_refs
        )

    def sources(self, arguments: tuple[str, ...]) -> list[str | Source]:
        """The SOURCE arguments followed by the ``--app`` source, if any."""
        from treaty.sources import AppSource

        app = [AppSource(self.app, self.app_openapi_path)] if self.app else []
        return [*arguments, *app]


def source_options(func: F) -> F:
    """Add ``--app``, ``--app-openapi-path``, ``--allow-remote-refs``, ``--allow-outside-refs``.

    The command receives them as one ``source_options: SourceOptions`` argument.
    """

    @functools.wraps(func)
    def wrapper(
        *args: object,
        app: str | None,
        app_openapi_path: str,
        allow_remote_refs: bool,
        allow_outside_refs: bool,
        **kwargs: object,
    ) -> object:
        kwargs["source_options"] = SourceOptions(
            app, app_openapi_path, allow_remote_refs, allow_outside_refs
        )
        return func(*args, **kwargs)

    decorators = [
        click.option(
            "--app",
            metavar="MODULE:ATTR",
            help="Load the document from a Python ASGI/WSGI app (imported with the cwd on "
            "sys.path; no server is started).",
        ),
        click.option(
            "--app-openapi-path",
            default="/openapi.json",
            show_default=True,
            help="Path requested from an --app that has no .openapi() method.",
        ),
        click.option(
            "--allow-remote-refs",
            is_flag=True,
            help="Let $ref fetch http(s):// and file:// targets.",
        ),
        click.option(
            "--allow-outside-refs",
            is_flag=True,
            help="Let file $refs leave the root document's directory tree.",
        ),
    ]
    command: Callable[..., object] = wrapper
    for decorator in reversed(decorators):
        command = decorator(command)
    return command  # type: ignore[return-value]  # same call signature for click's purposes


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    """``--format`` limited to ``choices``; the command receives ``output_format: str``."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


def output_option(*, required: bool = False, help: str = "Write to this file.") -> Callable[[F], F]:
    """``-o/--output FILE``; the command receives ``output: Path | None``."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        required=required,
        help=help,
    )
