"""Canonical serialisation of a document, and writing or checking a committed snapshot.

Decisions, so that two snapshots of the same API are byte-identical and a git diff of two
snapshots shows only real changes:

* **Every mapping is sorted**, because JSON object order carries no meaning in OpenAPI (not in
  ``paths``, ``properties``, ``responses`` or extensions) and generators emit keys in unstable
  orders. Sorting is by code point, except the *root* mapping, which keeps the conventional
  OpenAPI order (``openapi``/``swagger``, ``info``, … ``paths``, ``components``) so a snapshot
  still reads top-down; unknown root keys follow, sorted. The order depends only on the key
  names, so any permutation of the input gives the same bytes.
* **Lists are never reordered** (``parameters``, ``required``, ``enum``, ``allOf`` and ``tags``
  can carry meaning or at least intent), nothing is dropped (``x-`` extensions stay), nothing
  is rewritten: the value is the same JSON value, only laid out canonically.
* **JSON** uses two-space indentation and UTF-8 (no ``\\u`` escapes). **YAML** uses block
  style, two-space indentation, no line folding and no anchors/aliases; strings that YAML 1.1
  would read as something else (``"yes"``, ``"1.0"``, ``"2024-01-31"``, ``"200"``) are quoted by
  the safe dumper, so the YAML reads back to exactly the JSON value. Both end with a newline.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from treaty._fs import atomic_write, read_regular
from treaty._json import JSONValue
from treaty.errors import ErrorKind, TreatyError
from treaty.redact import printable
from treaty.sources.document import Document, SyntaxKind

_ROOT_ORDER = (
    "openapi", "swagger", "info", "jsonSchemaDialect", "externalDocs", "host", "basePath",
    "schemes", "consumes", "produces", "servers", "security", "tags", "paths", "webhooks",
    "parameters", "responses", "securityDefinitions", "definitions", "components",
)  # fmt: skip
_ROOT_RANK = {key: rank for rank, key in enumerate(_ROOT_ORDER)}
_MAX_DIFF_LINES = 60

_Dumper: type[yaml.CSafeDumper] | type[yaml.SafeDumper] = getattr(
    yaml, "CSafeDumper", yaml.SafeDumper
)


# Strings a YAML 1.2 reader could take for a number (`1e3`, `2XX` is harmless to quote too):
# PyYAML (YAML 1.1) would not, so its safe dumper leaves them plain; quote them for everyone.
_NUMBER_LIKE = re.compile(r"^[-+.]?[0-9]|^[-+]?\.(?:inf|nan)$", re.IGNORECASE)


class _NoAliasDumper(_Dumper):  # type: ignore[valid-type,misc]  # a base chosen at import time
    def ignore_aliases(self, data: object) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if _NUMBER_LIKE.match(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="'")
    return dumper.represent_str(data)


_NoAliasDumper.add_representer(str, _represent_str)


def _canonical(value: JSONValue) -> JSONValue:
    if isinstance(value, dict):
        result: dict[str, JSONValue] = {}
        for key in sorted(value):
            result[key] = _canonical(value[key])
        return result
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def canonical(root: dict[str, JSONValue]) -> dict[str, JSONValue]:
    """A copy of ``root`` with every mapping in canonical order (see the module docstring)."""
    keys = sorted(root, key=lambda k: (_ROOT_RANK.get(k, len(_ROOT_RANK)), k))
    return {key: _canonical(root[key]) for key in keys}


def syntax_for(path: Path) -> SyntaxKind:
    """JSON for ``.json``, YAML for ``.yaml``/``.yml``; anything else is a usage error."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return SyntaxKind.JSON
    if suffix in (".yaml", ".yml"):
        return SyntaxKind.YAML
    raise TreatyError(
        "the snapshot file must end in .json, .yaml or .yml", where=str(path), kind=ErrorKind.USAGE
    )


def render_canonical(document: Document, syntax: SyntaxKind) -> str:
    """The canonical text of ``document`` in ``syntax``, ending with a newline."""
    import json

    value = canonical(document.root)
    if syntax is SyntaxKind.JSON:
        return json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    text: str = yaml.dump(
        value,
        Dumper=_NoAliasDumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        indent=2,
        width=2**31 - 1,
    )
    return text


@dataclass(frozen=True, slots=True)
class SnapshotCheck:
    """Whether the committed snapshot matches the document, and a short diff when it does not."""

    path: Path
    current: bool
    diff: str


def write_snapshot(document: Document, path: Path) -> bool:
    """Write the canonical snapshot to ``path`` atomically; False when it was already current."""
    text = render_canonical(document, syntax_for(path))
    if _read_existing(path) == text:
        return False
    atomic_write(path, text)
    return True


def check_snapshot(document: Document, path: Path) -> SnapshotCheck:
    """Compare the committed snapshot at ``path`` with ``document``; nothing is written."""
    text = render_canonical(document, syntax_for(path))
    existing = _read_existing(path)
    if existing == text:
        return SnapshotCheck(path, current=True, diff="")
    lines = list(
        difflib.unified_diff(
            (existing or "").splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=f"{path} (committed)" if existing is not None else "/dev/null",
            tofile=f"{path} (from {document.name})",
            n=2,
        )
    )
    if len(lines) > _MAX_DIFF_LINES:
        more = len(lines) - _MAX_DIFF_LINES
        lines = [*lines[:_MAX_DIFF_LINES], f"… {more} more diff lines\n"]
    # shown on a terminal: each line's control characters (a document's, or a name's) inert
    diff = "".join(printable(line.rstrip("\n")) + "\n" for line in lines)
    return SnapshotCheck(path, current=False, diff=diff)


def _read_existing(path: Path) -> str | None:
    try:
        return read_regular(path).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
