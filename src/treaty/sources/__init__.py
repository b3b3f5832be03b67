"""Where documents come from: files, stdin, URLs, git revisions and Python apps."""

from __future__ import annotations

from pathlib import Path

from treaty.errors import ErrorKind, SourceError, SpecError
from treaty.sources.document import Document, SyntaxKind
from treaty.sources.parse import parse_bytes

__all__ = ["Document", "SyntaxKind", "load"]


def load(location: str) -> Document:
    """Load a document from a location string.

    Minimal bootstrap (file paths only); the full source syntax (stdin, URL, REV:path, app,
    external $ref bundling) is built in the foundation work.
    """
    path = Path(location)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError("no such file", where=location, kind=ErrorKind.NOT_FOUND) from exc
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", where=location) from exc
    root, syntax = parse_bytes(raw, location)
    if "openapi" not in root and "swagger" not in root:
        raise SpecError("not an OpenAPI document (no `openapi` or `swagger` key)", where=location)
    return Document(root=root, name=location, syntax=syntax, raw=raw, path=path)
