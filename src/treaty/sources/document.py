"""The loaded document: the one hand-off from ``sources`` to everything after it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from treaty._json import JSONObject


class SyntaxKind(StrEnum):
    JSON = "json"
    YAML = "yaml"


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    """A parsed, self-contained OpenAPI or Swagger document.

    ``root`` is the JSON tree with every external file ``$ref`` already bundled, so later stages
    resolve only local pointers. ``raw`` keeps the bytes for line lookups (SARIF, annotations),
    which are computed only when a renderer asks. ``name`` is what error messages and reports
    show: a path, a URL, ``REV:path`` or ``module:attr``.
    """

    root: JSONObject
    name: str
    syntax: SyntaxKind
    raw: bytes = b""
    path: Path | None = None  # the file on disk, when there is one (for annotations)
    # the file's path inside its git repository, for ``REV:path`` sources (posix, from the root)
    repo_path: str | None = None

    @property
    def version(self) -> str:
        """The declared ``openapi`` or ``swagger`` version string ('' if absent)."""
        value = self.root.get("openapi", self.root.get("swagger", ""))
        return str(value) if value is not None else ""

    @property
    def is_swagger2(self) -> bool:
        return self.version.startswith("2")
