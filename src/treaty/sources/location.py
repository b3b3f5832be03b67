"""Typed sources and load options, and the one place a SOURCE argument is interpreted.

The syntax is shared by every command: ``-`` is stdin, ``http://`` / ``https://`` is a URL, an
existing path is a file (so ``a:b.yaml`` on disk wins over git), otherwise ``REV:path`` with a
non-empty ``REV`` is a git revision, and anything else is a file that does not exist (reported
as "no such file" when read). Python apps are never guessed from a string: they come from
``--app module:attr`` or an explicit :class:`AppSource`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class FileSource:
    """A YAML or JSON file on disk."""

    path: Path


@dataclass(frozen=True, slots=True)
class StdinSource:
    """The document on standard input (``-``)."""


@dataclass(frozen=True, slots=True)
class UrlSource:
    """A document served over http(s)."""

    url: str


@dataclass(frozen=True, slots=True)
class GitSource:
    """``REV:path``: a file as it is in a git revision; ``path`` is relative to the cwd."""

    revision: str
    path: str


@dataclass(frozen=True, slots=True)
class AppSource:
    """An ASGI/WSGI app given as ``module.path:attr``, asked for its document in-process."""

    target: str
    openapi_path: str = "/openapi.json"


Source: TypeAlias = FileSource | StdinSource | UrlSource | GitSource | AppSource


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadOptions:
    """Limits and policies for loading; the defaults are safe for untrusted documents.

    ``allow_remote_refs`` lets ``$ref`` fetch http(s) and ``file://`` targets;
    ``allow_outside_refs`` lets file refs leave the root document's directory tree.
    """

    allow_remote_refs: bool = False
    allow_outside_refs: bool = False
    max_bytes: int = 100 * 1024 * 1024  # per document read (file, stdin, URL, git blob)
    timeout: float = 30.0  # seconds, for URLs and for an app to answer (its import included)
    app_memory: int = 2 * 1024**3  # bytes of address space an --app's child process may use
    max_depth: int = 128  # nesting depth (real specs stay under 30; walkers recurse)
    # nodes (keys, values, collections), counted while a YAML document is parsed, after
    # expanding its aliases ("billion laughs") and after inlining external $refs; the largest
    # real documents have ~480 000 (GitHub's 13 MB description, keys counted)
    max_nodes: int = 1_000_000


def describe(source: Source) -> str:
    """The name errors and reports show for ``source`` (a URL without its credentials)."""
    if isinstance(source, FileSource):
        return str(source.path)
    if isinstance(source, StdinSource):
        return "<stdin>"
    if isinstance(source, UrlSource):
        from treaty.redact import redact_url

        return redact_url(source.url)  # a name is shown: never with its credentials
    if isinstance(source, GitSource):
        return f"{source.revision}:{source.path}"
    return source.target


def parse_location(text: str) -> Source:
    """Interpret a SOURCE argument (see the module docstring for the precedence)."""
    if text == "-":
        return StdinSource()
    if text.startswith(("http://", "https://")):
        return UrlSource(text)
    path = Path(text)
    if path.exists():  # the only I/O here: an existing file wins over the git syntax
        return FileSource(path)
    revision, colon, rest = text.partition(":")
    if colon and revision and rest:
        return GitSource(revision, rest)
    return FileSource(path)
