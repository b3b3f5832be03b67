"""Where a document lives, so its external ``$ref`` targets can be found and read under policy.

A reference target is named by a *key*: an absolute URL for remote documents, otherwise an
absolute file path (file and stdin sources, symlinks resolved) or a repository path (git
sources: referenced files are read from the same commit). The policy, enforced here and only
here: http(s) and ``file://`` targets need ``allow_remote_refs``; file targets must stay inside
the root document's directory tree (absolute paths, ``../`` and symlinks pointing elsewhere are
refused) unless ``allow_outside_refs``; git targets can never leave the repository.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from treaty.errors import ErrorKind, SourceError
from treaty.redact import redact_url
from treaty.sources import files
from treaty.sources.location import LoadOptions


class OriginKind(StrEnum):
    FILE = "file"
    GIT = "git"
    URL = "url"
    NONE = "none"  # an app's document: it has no place relative refs could point into


@dataclass(frozen=True, slots=True)
class Origin:
    """The root document's key, its kind and (for git) the commit it was read from."""

    kind: OriginKind
    key: str
    revision: str = ""
    commit: str = ""

    @property
    def tree(self) -> str:
        """The directory the root document lives in: the containment boundary."""
        if self.kind is OriginKind.GIT:
            return posixpath.dirname(self.key)
        return str(Path(self.key).parent)


def _is_remote(key: str) -> bool:
    return key.startswith(("http://", "https://"))


def _refused(reference: str, why: str) -> SourceError:
    return SourceError(f"$ref {redact_url(reference)!r} refused: {why}", kind=ErrorKind.REF)


def _inside(path: str, tree: str) -> bool:
    return path == tree or path.startswith(tree.rstrip("/") + "/")


def resolve(origin: Origin, current: str, uri: str, options: LoadOptions) -> str:
    """The key of document ``uri`` referenced from the document with key ``current``."""
    remote_flag = "it is remote (pass --allow-remote-refs to allow it)"
    scheme = urlsplit(uri).scheme.lower()
    if scheme in ("http", "https") or (not scheme and _is_remote(current)):
        if not options.allow_remote_refs:
            raise _refused(uri, remote_flag)
        return urljoin(current, uri)
    if scheme == "file":
        if not options.allow_remote_refs:
            raise _refused(uri, remote_flag)
        from urllib.request import url2pathname  # ~25 ms to import: only for file:// refs

        path = url2pathname(urlsplit(uri).path)
    elif scheme and len(scheme) > 1:  # a one-letter "scheme" is a Windows drive
        raise _refused(uri, f"unsupported scheme {scheme!r}")
    else:
        path = unquote(uri)
    if "\x00" in path:  # no file can be named so (the OS would refuse it as a ValueError)
        raise _refused(uri, "a file name cannot contain a NUL byte")
    if origin.kind is OriginKind.NONE:
        raise _refused(uri, "the document has no location to resolve relative refs against")
    outside = "it leaves the root document's directory (pass --allow-outside-refs to allow it)"
    if origin.kind is OriginKind.GIT:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(current), path))
        if posixpath.isabs(path) or joined == ".." or joined.startswith("../"):
            raise _refused(uri, "it leaves the git repository")
        if not options.allow_outside_refs and not _inside(joined, origin.tree):
            raise _refused(uri, outside)
        return joined
    if Path(path).is_absolute() and not options.allow_outside_refs:
        raise _refused(uri, "absolute paths are not allowed (pass --allow-outside-refs)")
    target = str((Path(current).parent / path).resolve())  # follows symlinks
    if not options.allow_outside_refs and not _inside(target, str(Path(origin.tree).resolve())):
        raise _refused(uri, outside)
    return target


def read(origin: Origin, key: str, options: LoadOptions) -> bytes:
    """The bytes of the document with ``key``."""
    if _is_remote(key):
        from treaty.sources import http

        return http.fetch(key, timeout=options.timeout, limit=options.max_bytes)
    if origin.kind is OriginKind.GIT:
        from treaty.sources import git

        where = f"{origin.revision}:{key}"
        return git.read_blob(origin.commit, key, where, options.max_bytes)
    return files.read_file(Path(key), options.max_bytes)


def display(origin: Origin, key: str, root_name: str) -> str:
    """How to name the document with ``key`` in messages."""
    if key == origin.key:
        return root_name
    if origin.kind is OriginKind.GIT:
        return f"{origin.revision}:{key}"
    return redact_url(key)
