"""Import the in-process target of ``--app module:attr`` (an ASGI or WSGI application)."""

from __future__ import annotations

import functools
import importlib
import sys
from pathlib import Path

from treaty.errors import ErrorKind, FuzzTargetError
from treaty.sources.location import LoadOptions


def import_app(target: str) -> object:
    """Import ``module:attr`` (the current directory is importable, as with uvicorn).

    The app is first imported once in a child process, with the time and memory limits of
    ``--app`` sources (:func:`treaty.sources.app.check_import`): one that exits, hangs or
    dies while importing is then one error line, where importing it here would end treaty
    with its status (``os._exit(0)``: no report and exit 0) or hang it. The fuzzer itself
    must call the app in this process (schemathesis's ASGI/WSGI transports, thousands of
    calls), so the import that follows is the real one.
    """
    module_name, sep, attribute = target.partition(":")
    if not sep or not module_name or not attribute:
        raise FuzzTargetError("expected module:attr", where=target, kind=ErrorKind.APP)
    _check_import(target)
    cwd = str(Path.cwd())
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise FuzzTargetError(
            f"cannot import {module_name}: {exc}", where=target, kind=ErrorKind.APP
        ) from exc
    app: object = module
    for part in attribute.split("."):
        try:
            app = getattr(app, part)
        except AttributeError as exc:
            raise FuzzTargetError(
                f"no attribute {part!r}", where=target, kind=ErrorKind.APP
            ) from exc
    if not callable(app):
        raise FuzzTargetError("not an ASGI or WSGI application", where=target, kind=ErrorKind.APP)
    return app


@functools.cache
def _check_import(target: str) -> None:
    """Once per target and process: confirm and differential runs import an app twice."""
    from treaty.sources.app import check_import

    defaults = LoadOptions()
    check_import(target, defaults.timeout, defaults.app_memory)
