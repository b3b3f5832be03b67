"""A content-addressed cache of parsed YAML documents, so a baseline is parsed once.

libyaml and treaty's YAML 1.2 builder need about 0.4 s for a 3 MB YAML document while
reading the same tree back as JSON takes 0.03 s. A pre-commit hook or CI job compares against
the same baseline (``main:api.yaml``) again and again, so the parsed tree is kept under

    $TREATY_CACHE_DIR, else $XDG_CACHE_HOME/treaty, else ~/.cache/treaty   (+ /documents)

Safety:

- *Content-addressed.* The file name is the sha256 of the raw bytes together with everything
  that shapes the tree: the entry format, PyYAML's version and whether libyaml is used, a
  digest of the parsing code, and the depth and node limits. A different document, parser or
  treaty build never reads an entry it did not write.
- *Plain data.* Entries are JSON (no pickle, nothing executable), and reading one is as fast
  as unpickling it. A header line repeats the key and holds a sha256 of the body; an entry that
  is truncated, corrupt or written by another format is ignored and written again.
- *Atomic.* An entry is written to a temporary file in the same folder and renamed into place,
  so a concurrent reader sees a whole entry or none. It is not fsynced (unlike
  :func:`treaty._fs.atomic_write`): on a busy disk that wait cost a pre-commit run 200 ms, and
  an entry lost or truncated by a power cut fails its digest check and is simply rewritten.
- *Best effort.* Any problem reading or writing the cache falls back to parsing; it never fails
  a command. The folder keeps the most recently used entries only.

JSON documents are not cached: ``json.loads`` already reads them as fast as the cache could;
nor are YAML documents under 16 KiB. Set ``TREATY_NO_CACHE=1`` to bypass the cache.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import os
import time
from pathlib import Path

import yaml

from treaty._fs import atomic_write
from treaty._json import JSONObject
from treaty.errors import TreatyError
from treaty.sources import parse, yaml12
from treaty.sources.document import SyntaxKind

FORMAT = 1
MAX_ENTRIES = 64  # most recently used documents kept
# below this size libyaml takes a few milliseconds: less than writing an entry would
MIN_BYTES = 16 * 1024
_ABANDONED = 3600.0  # seconds after which a temporary file is a crashed write, not a running one
_SUFFIX = ".json"


def directory() -> Path | None:
    """Where entries live, or None when caching is switched off (``TREATY_NO_CACHE``)."""
    if os.environ.get("TREATY_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("TREATY_CACHE_DIR")
    if explicit:
        return Path(explicit) / "documents"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "treaty" / "documents"


def parse_document(
    data: bytes, where: str, *, max_depth: int, max_nodes: int
) -> tuple[JSONObject, SyntaxKind]:
    """:func:`treaty.sources.parse.parse_bytes`, answered from the cache for YAML documents.

    The cyclic garbage collector is paused meanwhile: a parsed tree is millions of objects and
    no cycles, and collecting while it grows costs a third of the parse time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(data, where, max_depth, max_nodes)
    finally:
        if enabled:
            gc.enable()


def _parse(
    data: bytes, where: str, max_depth: int, max_nodes: int
) -> tuple[JSONObject, SyntaxKind]:
    folder = directory()
    small = len(data) < MIN_BYTES
    if folder is None or small or parse.detect_syntax(data) is SyntaxKind.JSON:
        return parse.parse_bytes(data, where, max_depth=max_depth, max_nodes=max_nodes)
    key = entry_key(data, max_depth, max_nodes)
    root = read_entry(folder, key)
    if root is not None:
        return root, SyntaxKind.YAML
    root, syntax = parse.parse_bytes(data, where, max_depth=max_depth, max_nodes=max_nodes)
    write_entry(folder, key, root, len(data))
    return root, syntax


def entry_key(data: bytes, max_depth: int, max_nodes: int) -> str:
    """The sha256 naming the entry for ``data`` parsed under these limits by this code."""
    digest = hashlib.sha256()
    digest.update(f"{_parser_identity()}\0{max_depth}\0{max_nodes}\0".encode())
    digest.update(data)
    return digest.hexdigest()


def read_entry(folder: Path, key: str) -> JSONObject | None:
    """The cached tree for ``key``; None when absent, unreadable, corrupt or foreign."""
    path = folder / (key + _SUFFIX)
    try:
        blob = path.read_bytes()
        header, _, body = blob.partition(b"\n")
        meta = json.loads(header)
        if meta != {"format": FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()}:
            return None
        root = json.loads(body)
    except (OSError, ValueError):
        return None
    if not isinstance(root, dict):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by the pruning in write_entry
    return root


def write_entry(folder: Path, key: str, root: JSONObject, source_size: int) -> bool:
    """Store ``root`` under ``key``; False when skipped or impossible (never an error)."""
    try:
        body = json.dumps(root, ensure_ascii=False, separators=(",", ":")).encode()
    except (TypeError, ValueError):  # pragma: no cover - the parser only builds JSON values
        return False
    if len(body) > 4 * source_size + (1 << 20):
        return False  # YAML aliases expanded far beyond the source: not worth the disk
    header = json.dumps({"format": FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()})
    try:  # no fsync: a lost entry is parsed again, and the hook is 200 ms faster on a busy disk
        atomic_write(folder / (key + _SUFFIX), header.encode() + b"\n" + body, durable=False)
    except TreatyError:
        return False
    _prune(folder)
    return True


def _prune(folder: Path, keep: int = MAX_ENTRIES) -> None:
    """Remove all but the ``keep`` most recently used entries, and writes abandoned long ago."""
    try:
        entries = [(path.stat().st_mtime, path) for path in folder.glob("*" + _SUFFIX)]
        abandoned = [path for path in folder.glob(".*.tmp") if _age(path) > _ABANDONED]
    except OSError:
        return
    entries.sort(reverse=True)
    for path in [*abandoned, *(path for _, path in entries[keep:])]:
        with contextlib.suppress(OSError):
            path.unlink()


def _age(path: Path) -> float:
    return time.time() - path.stat().st_mtime


@functools.cache
def _parser_identity() -> str:
    """Everything besides the bytes that decides the parsed tree (computed once)."""
    loader = "libyaml" if hasattr(yaml, "CSafeLoader") else "python"
    try:  # the resolution rules live in parse.py and yaml12.py: a changed parser is a new cache
        digest = hashlib.sha256()
        for module in (parse, yaml12):
            digest.update(Path(str(module.__file__)).read_bytes())
        code = digest.hexdigest()
    except OSError:  # pragma: no cover - a zipped install: versions and format still count
        code = "unknown"
    return f"{FORMAT}\0pyyaml-{yaml.__version__}-{loader}\0{code}"
