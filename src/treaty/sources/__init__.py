"""Where documents come from: files, stdin, URLs, git revisions and Python apps.

:func:`load` is the one entry point: it reads the bytes, parses them (JSON or YAML, detected
by content), checks the document is OpenAPI or Swagger, and bundles external ``$ref``s so the
returned :class:`Document` is self-contained.
"""

from __future__ import annotations

from pathlib import Path

from treaty.errors import SpecError
from treaty.sources import cache, files, refgraph
from treaty.sources.document import Document, SyntaxKind
from treaty.sources.location import (
    AppSource,
    FileSource,
    GitSource,
    LoadOptions,
    Source,
    StdinSource,
    UrlSource,
    describe,
    parse_location,
)
from treaty.sources.origin import Origin, OriginKind
from treaty.sources.refs import bundle, has_external_refs

__all__ = [
    "AppSource",
    "Document",
    "FileSource",
    "GitSource",
    "LoadOptions",
    "Source",
    "StdinSource",
    "SyntaxKind",
    "UrlSource",
    "load",
    "parse_location",
]

_DEFAULTS = LoadOptions()


def _read(source: Source, options: LoadOptions) -> tuple[bytes, Origin, Path | None]:
    """The bytes, where relative refs resolve from, and the file on disk (if any)."""
    limit = options.max_bytes
    if isinstance(source, FileSource):
        raw = files.read_file(source.path, limit)
        return raw, Origin(OriginKind.FILE, str(source.path.resolve())), source.path
    if isinstance(source, StdinSource):
        raw = files.read_stdin(limit)
        return raw, Origin(OriginKind.FILE, str(Path.cwd() / "<stdin>")), None
    if isinstance(source, UrlSource):
        from treaty.sources import http

        raw = http.fetch(source.url, timeout=options.timeout, limit=limit)
        return raw, Origin(OriginKind.URL, source.url), None
    if isinstance(source, GitSource):
        from treaty.sources import git

        raw, commit, in_repo = git.read(source.revision, source.path, limit)
        return raw, Origin(OriginKind.GIT, in_repo, source.revision, commit), None
    from treaty.sources import app

    raw = app.fetch_document(source, options.timeout, limit, options.app_memory)
    return raw, Origin(OriginKind.NONE, ""), None


def load(location: str | Source, options: LoadOptions = _DEFAULTS) -> Document:
    """Load, parse and bundle the OpenAPI/Swagger document at ``location``.

    ``location`` is a SOURCE string (``path``, ``-``, ``http(s)://…``, ``REV:path``) or a typed
    :class:`Source` (the only way to name an :class:`AppSource`). Every failure is a
    :class:`~treaty.errors.TreatyError` naming the source and the problem in one line.
    """
    source = parse_location(location) if isinstance(location, str) else location
    if isinstance(source, GitSource):
        from treaty.sources import git

        with git.reading():  # one `git cat-file` process for every blob of the revision
            return _load(source, options)
    return _load(source, options)


def _load(source: Source, options: LoadOptions) -> Document:
    name = describe(source)
    raw, origin, path = _read(source, options)
    root, syntax = cache.parse_document(  # parse_bytes, with parsed YAML cached by content
        raw, name, max_depth=options.max_depth, max_nodes=options.max_nodes
    )
    if "openapi" not in root and "swagger" not in root:
        raise SpecError("not an OpenAPI document (no `openapi` or `swagger` key)", where=name)
    if has_external_refs(raw):
        root = bundle(root, origin, name, options)
    refgraph.check_cycles(root, name)
    repo_path = origin.key if origin.kind is OriginKind.GIT else None
    return Document(root=root, name=name, syntax=syntax, raw=raw, path=path, repo_path=repo_path)
