"""Bytes to a JSON tree, fast: ``json`` for JSON, libyaml (CSafeLoader) for YAML."""

from __future__ import annotations

import json

import yaml

from treaty.changes.model import JSONObject, JSONValue
from treaty.errors import ErrorKind, SourceError
from treaty.sources.document import SyntaxKind

# libyaml is ~5x faster; fall back to the pure-Python loader where PyYAML was built without it
_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


def detect_syntax(data: bytes) -> SyntaxKind:
    """Tell JSON from YAML by content: JSON documents start with ``{`` or ``[``."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return SyntaxKind.JSON if head in (b"{", b"[") else SyntaxKind.YAML


def parse_bytes(data: bytes, where: str) -> tuple[JSONObject, SyntaxKind]:
    """Parse ``data`` as JSON or YAML and require a mapping at the top."""
    if not data.strip():
        raise SourceError("the document is empty", where=where, kind=ErrorKind.PARSE)
    syntax = detect_syntax(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not UTF-8 text (bad byte at offset {exc.start})", where=where, kind=ErrorKind.PARSE
        ) from exc
    value: JSONValue
    if syntax is SyntaxKind.JSON:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(
                f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                where=where,
                kind=ErrorKind.PARSE,
            ) from exc
        except RecursionError as exc:
            raise SourceError("JSON nested too deeply", where=where, kind=ErrorKind.PARSE) from exc
    else:
        try:
            value = yaml.load(text, Loader=_Loader)  # SafeLoader subclass: no object tags
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise SourceError(
                f"invalid YAML{at}: {exc.problem or exc}", where=where, kind=ErrorKind.PARSE
            ) from exc
        except (yaml.YAMLError, RecursionError) as exc:
            raise SourceError(f"invalid YAML: {exc}", where=where, kind=ErrorKind.PARSE) from exc
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "nothing"
        raise SourceError(
            f"expected a mapping at the top of the document, found {kind}",
            where=where,
            kind=ErrorKind.NOT_OPENAPI,
        )
    return value, syntax
