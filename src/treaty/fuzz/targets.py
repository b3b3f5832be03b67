"""Operation selection: globs, methods, tags, operation ids, a changed set, shards.

Plain functions over treaty-owned :class:`OperationRef` descriptors; no schemathesis here, so
``--dry-run`` and sharding work without importing the fuzzing stack.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

from treaty.errors import ErrorKind, TreatyError

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass(frozen=True, slots=True, order=True)
class OperationRef:
    """One operation of the document: what targeting needs to know about it."""

    method: str  # upper case
    path: str
    operation_id: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard ``index`` (0-based) of ``total``."""

    index: int
    total: int


@dataclass(frozen=True, slots=True)
class Selection:
    """Which operations to exercise. Empty tuples mean "no constraint"."""

    include_paths: tuple[str, ...] = ()
    exclude_paths: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    operation_ids: tuple[str, ...] = ()
    read_only: bool = False
    changed: frozenset[tuple[str, str]] | None = None  # (METHOD, path) from --changed-since
    shard: Shard | None = None


def operations(root: Mapping[str, object]) -> list[OperationRef]:
    """List the operations of a parsed OpenAPI/Swagger document, in document order."""
    found: list[OperationRef] = []
    paths = root.get("paths")
    if not isinstance(paths, Mapping):
        return found
    for path, item in paths.items():
        if not isinstance(item, Mapping):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, Mapping):
                continue
            tags = operation.get("tags")
            operation_id = operation.get("operationId")
            found.append(
                OperationRef(
                    method=method.upper(),
                    path=str(path),
                    operation_id=operation_id if isinstance(operation_id, str) else None,
                    tags=tuple(str(tag) for tag in tags) if isinstance(tags, list) else (),
                )
            )
    return found


def select(candidates: Iterable[OperationRef], selection: Selection) -> list[OperationRef]:
    """Keep the operations that every constraint of ``selection`` admits."""
    return [operation for operation in candidates if is_selected(operation, selection)]


def is_selected(operation: OperationRef, selection: Selection) -> bool:
    """Whether one operation passes every constraint of ``selection``."""
    checks = (
        not selection.include_paths
        or any(fnmatchcase(operation.path, glob) for glob in selection.include_paths),
        not any(fnmatchcase(operation.path, glob) for glob in selection.exclude_paths),
        not selection.methods or operation.method in {m.upper() for m in selection.methods},
        not selection.tags or bool(set(selection.tags) & set(operation.tags)),
        not selection.operation_ids or operation.operation_id in selection.operation_ids,
        not selection.read_only or operation.method in SAFE_METHODS,
        selection.changed is None or (operation.method, operation.path) in selection.changed,
        selection.shard is None
        or shard_of(operation, selection.shard.total) == selection.shard.index,
    )
    return all(checks)


def unmatched(candidates: Iterable[OperationRef], selection: Selection) -> str | None:
    """Why ``selection`` leaves no operation to exercise, naming the filter; None if it does not.

    Each value of ``--include-path``, ``--include-method``, ``--tag`` and ``--operation-id`` must
    match an operation on its own (a typo in one of two tags is not silently ignored); then the
    filters must leave something together. An empty ``--shard`` is not a mistake (a CI job with
    more nodes than operations) and is not reported here.
    """
    pool = list(candidates)
    single: list[tuple[str, str, Selection]] = [
        *(
            ("--include-path", glob, Selection(include_paths=(glob,)))
            for glob in selection.include_paths
        ),
        *(
            ("--include-method", method, Selection(methods=(method,)))
            for method in selection.methods
        ),
        *(("--tag", tag, Selection(tags=(tag,))) for tag in selection.tags),
        *(
            ("--operation-id", op_id, Selection(operation_ids=(op_id,)))
            for op_id in selection.operation_ids
        ),
    ]
    for option, value, alone in single:
        if not select(pool, alone):
            return f"{option} {value} matches no operation"
    if selection.changed is not None and not select(pool, Selection(changed=selection.changed)):
        return "--changed-since: no operation was added or changed"
    unsharded = replace(selection, shard=None)
    if not select(pool, unsharded):
        used = [option for option, _, _ in single]
        used += ["--exclude-path"] * bool(selection.exclude_paths)
        used += ["safe methods only (--read-only, or smoke without --all-methods)"] * (
            selection.read_only
        )
        used += ["--changed-since"] * (selection.changed is not None)
        names = list(dict.fromkeys(used))
        if not names:
            return "the document has no operation"
        verb = "leaves" if len(names) == 1 else "together leave"
        return f"{' and '.join(names)} {verb} no operation"
    return None


def shard_of(operation: OperationRef, total: int) -> int:
    """The shard an operation belongs to: a stable hash of "METHOD /path", independent of order."""
    digest = hashlib.sha256(operation.label.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % total


def parse_shard(text: str) -> Shard:
    """Parse ``i/n`` with 1-based ``i`` (as CI systems number their nodes)."""
    index_text, sep, total_text = text.partition("/")
    try:
        index, total = int(index_text), int(total_text)
    except ValueError:
        index = total = 0
    if not sep or total < 1 or not 1 <= index <= total:
        raise TreatyError(
            f"invalid shard {text!r}: expected i/n with 1 <= i <= n", kind=ErrorKind.USAGE
        )
    return Shard(index=index - 1, total=total)


def shard_from_env(environ: Mapping[str, str]) -> Shard | None:
    """GitLab's parallel jobs: ``CI_NODE_INDEX`` (1-based) of ``CI_NODE_TOTAL``."""
    index, total = environ.get("CI_NODE_INDEX"), environ.get("CI_NODE_TOTAL")
    if not index or not total:
        return None
    return parse_shard(f"{index}/{total}")
