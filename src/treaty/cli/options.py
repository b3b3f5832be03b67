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


class LazyChoice(click.Choice[str]):
    """A ``click.Choice`` whose values are computed when first needed (not at import)."""

    def __init__(self, load: Callable[[], tuple[str, ...]]) -> None:
        self._load = load
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        return self._load()

    @choices.setter
    def choices(self, value: object) -> None:
        """Ignored: the values always come from ``load``."""


def report_formats() -> tuple[str, ...]:
    """The names of the diff report formats (:class:`treaty.render.OutputFormat`)."""
    from treaty.render import OutputFormat

    return tuple(f.value for f in OutputFormat)


def report_format_option(default: str = "text") -> Callable[[F], F]:
    """``--format`` over every report format; the command receives ``output_format: str``."""
    return click.option(
        "--format",
        "output_format",
        type=LazyChoice(report_formats),
        default=default,
        show_default=True,
        help="Report format (stdout, and a bare --output PATH).",
    )


def parse_outputs(values: tuple[str, ...], default: str) -> tuple[tuple[str, Path], ...]:
    """``FORMAT=PATH`` and bare ``PATH`` values as (format, path) pairs.

    A bare PATH, or one whose text before ``=`` is no report format, gets ``default``.
    """
    formats = set(report_formats())
    outputs: list[tuple[str, Path]] = []
    for value in values:
        name, sep, rest = value.partition("=")
        output_format, target = (name, rest) if sep and name in formats else (default, value)
        if not target:
            raise click.BadParameter(f"{value!r} names no file", param_hint="--output")
        path = Path(target)
        if path.is_dir():
            raise click.BadParameter(f"{target!r} is a directory", param_hint="--output")
        if any(path == seen for _, seen in outputs):
            raise click.BadParameter(f"{target!r} is given twice", param_hint="--output")
        outputs.append((output_format, path))
    return tuple(outputs)


def report_outputs_option(func: F) -> F:
    """Add a repeatable ``-o/--output [FORMAT=]PATH``.

    ``FORMAT=PATH`` writes that format's report to PATH; a bare ``PATH`` (or an unknown
    FORMAT before ``=``) writes the ``--format`` report there. The command receives
    ``outputs: tuple[tuple[str, Path], ...]`` as (format, path) pairs; a bare PATH is paired
    with the command's ``output_format`` argument (``text`` when it has none).
    """

    @functools.wraps(func)
    def wrapper(*args: object, output: tuple[str, ...], **kwargs: object) -> object:
        default = kwargs.get("output_format")
        kwargs["outputs"] = parse_outputs(output, default if isinstance(default, str) else "text")
        return func(*args, **kwargs)

    option = click.option(
        "-o",
        "--output",
        multiple=True,
        metavar="[FORMAT=]PATH",
        help="Write a report to PATH atomically: FORMAT=PATH for any format (repeatable), "
        "a bare PATH for the --format report instead of stdout.",
    )
    return option(wrapper)  # type: ignore[return-value]  # same call signature for click
