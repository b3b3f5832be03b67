"""Bytes to a JSON tree, fast: ``json`` for JSON, libyaml (CSafeLoader) for YAML.

The YAML loader is a *safe* loader: custom tags such as ``!!python/object`` are refused, never
constructed. YAML 1.1 scalars that are not JSON (integer keys like ``200:``, dates, ``!!binary``)
are turned into the JSON value a JSON reader would see (``"200"``, ``"2024-01-31"``). Aliases are
kept shared but their *expanded* size is bounded (``max_nodes``, against "billion laughs"), as is
nesting depth (``max_depth``) and self-referencing anchors are refused, so every later stage can
walk the tree as a finite tree.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import TYPE_CHECKING

import yaml

from treaty.errors import ErrorKind, SourceError
from treaty.sources.document import SyntaxKind
from treaty.sources.location import LoadOptions

if TYPE_CHECKING:  # a runtime import would run treaty.changes, which imports sources
    from treaty.changes.model import JSONObject, JSONValue

# libyaml is ~5x faster; fall back to the pure-Python loader where PyYAML was built without it
_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)
_DEFAULTS = LoadOptions()


def detect_syntax(data: bytes) -> SyntaxKind:
    """Tell JSON from YAML by content: JSON documents start with ``{`` or ``[``."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return SyntaxKind.JSON if head in (b"{", b"[") else SyntaxKind.YAML


def _parse_error(message: str, where: str) -> SourceError:
    return SourceError(message, where=where, kind=ErrorKind.PARSE)


def _scalar(value: object) -> JSONValue:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)  # pragma: no cover - the safe loader builds nothing else


def _key(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    return str(_scalar(value))  # the loader refuses unhashable (collection) keys


class _Normaliser:
    """One pass over a YAML tree: JSON values, bounded expansion, depth and no cycles."""

    def __init__(self, where: str, max_depth: int, max_nodes: int) -> None:
        self.where, self.max_depth, self.max_nodes = where, max_depth, max_nodes
        self.nodes = 0
        # shared (aliased) containers are converted once; their expanded size is remembered
        self.done: dict[int, tuple[JSONValue, int]] = {}
        self.active: set[int] = set()

    def count(self, nodes: int) -> None:
        self.nodes += nodes
        if self.nodes > self.max_nodes:
            raise _parse_error(
                f"more than {self.max_nodes} nodes after expanding YAML aliases", self.where
            )

    def convert(self, value: object, depth: int) -> JSONValue:
        self.count(1)
        if not isinstance(value, dict | list):
            return _scalar(value)
        ident = id(value)
        if ident in self.done:
            result, size = self.done[ident]
            self.count(size)
            return result
        if ident in self.active:
            raise _parse_error("a YAML anchor contains an alias to itself", self.where)
        if depth > self.max_depth:
            raise _parse_error(f"nested deeper than {self.max_depth} levels", self.where)
        self.active.add(ident)
        start = self.nodes
        if isinstance(value, dict):
            result = {_key(k): self.convert(v, depth + 1) for k, v in value.items()}
        else:
            result = [self.convert(item, depth + 1) for item in value]
        self.active.discard(ident)
        self.done[ident] = (result, self.nodes - start)
        return result


def _check_json_depth(value: JSONValue, where: str, max_depth: int) -> None:
    stack: list[tuple[dict[str, JSONValue] | list[JSONValue], int]] = []
    if isinstance(value, dict | list):
        stack.append((value, 0))
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise _parse_error(f"nested deeper than {max_depth} levels", where)
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def parse_bytes(
    data: bytes,
    where: str,
    *,
    max_depth: int = _DEFAULTS.max_depth,
    max_nodes: int = _DEFAULTS.max_nodes,
) -> tuple[JSONObject, SyntaxKind]:
    """Parse ``data`` as JSON or YAML and require a mapping at the top."""
    if not data.strip():
        raise _parse_error("the document is empty", where)
    syntax = detect_syntax(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _parse_error(f"not UTF-8 text (bad byte at offset {exc.start})", where) from exc
    value: JSONValue
    if syntax is SyntaxKind.JSON:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _parse_error(
                f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", where
            ) from exc
        except RecursionError as exc:
            raise _parse_error("JSON nested too deeply", where) from exc
        _check_json_depth(value, where, max_depth)
    else:
        try:
            loaded = yaml.load(text, Loader=_Loader)  # SafeLoader subclass: no object tags
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise _parse_error(f"invalid YAML{at}: {exc.problem or exc}", where) from exc
        except (yaml.YAMLError, RecursionError) as exc:
            raise _parse_error(f"invalid YAML: {exc}", where) from exc
        value = _Normaliser(where, max_depth, max_nodes).convert(loaded, 0)
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "nothing"
        raise SourceError(
            f"expected a mapping at the top of the document, found {kind}",
            where=where,
            kind=ErrorKind.NOT_OPENAPI,
        )
    return value, syntax
