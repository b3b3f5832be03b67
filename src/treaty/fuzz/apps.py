"""Import the in-process target of ``--app module:attr`` (an ASGI or WSGI application)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from treaty.errors import ErrorKind, FuzzTargetError


def import_app(target: str) -> object:
    """Import ``module:attr`` (the current directory is importable, as with uvicorn)."""
    module_name, sep, attribute = target.partition(":")
    if not sep or not module_name or not attribute:
        raise FuzzTargetError("expected module:attr", where=target, kind=ErrorKind.APP)
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
