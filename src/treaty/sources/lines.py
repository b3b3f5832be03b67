"""Line numbers for JSON pointers, computed only when something asks (SARIF, annotations).

Loading never builds a line map. :func:`line_of` walks the raw text along the pointer: for JSON
it skips sibling values with the C JSON scanner (at most one parse of the document per lookup);
for YAML it composes the node tree once per document (cached) and follows the pointer through
it. Pointers into content bundled from other files have no line in the root text: ``None``.
"""

from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, not in typeshed

import yaml

from treaty.sources.document import Document, SyntaxKind

_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)
_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")


def pointer_tokens(pointer: str) -> list[str]:
    """The unescaped tokens of a ``#/a/b``, ``/a/b`` or ``#`` JSON pointer."""
    body = pointer[1:] if pointer.startswith("#") else pointer
    if not body:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in body.lstrip("/").split("/")]


def _skip(text: str, idx: int) -> int:
    match = _WS.match(text, idx)
    return match.end() if match else idx


class _JsonIndex:
    """Line lookups in one JSON text: each container is scanned at most once.

    Scanning an object records, for every key, where the key starts (the line reported) and
    where its value starts (where the next token is looked up); arrays record their items.
    Many lookups into a 13 MB document (a SARIF report of hundreds of findings) then cost
    one pass over the parts they visit, not one pass per lookup.
    """

    def __init__(self, raw: bytes) -> None:
        self.text = raw.decode("utf-8-sig")
        self.newlines = [match.start() for match in re.finditer("\n", self.text)]
        self.children: dict[int, dict[str, tuple[int, int]]] = {}

    def _scan(self, idx: int) -> dict[str, tuple[int, int]]:
        start = idx
        found = self.children.get(start)
        if found is not None:
            return found
        text, found = self.text, {}
        if text[idx] == "{":
            idx = _skip(text, idx + 1)
            while text[idx] == '"':
                mark = idx
                key, idx = scanstring(text, idx + 1)
                idx = _skip(text, _skip(text, idx) + 1)  # past the colon
                found.setdefault(key, (mark, idx))  # the first of duplicate keys, as before
                idx = _skip(text, _DECODER.raw_decode(text, idx)[1])
                idx = _skip(text, idx + 1) if text[idx] == "," else idx
        elif text[idx] == "[":
            idx, count = _skip(text, idx + 1), 0
            while text[idx] != "]":
                found[str(count)] = (idx, idx)
                idx = _skip(text, _DECODER.raw_decode(text, idx)[1])
                idx = _skip(text, idx + 1) if text[idx] == "," else idx
                count += 1
        self.children[start] = found
        return found

    def line(self, tokens: list[str]) -> int | None:
        """The 1-based line of the key (or array item) the tokens lead to, or None."""
        idx = mark = _skip(self.text, 0)
        for token in tokens:
            hit = self._scan(idx).get(token)
            if hit is None:
                return None
            mark, idx = hit
        return bisect.bisect_left(self.newlines, mark) + 1


@lru_cache(maxsize=4)
def _json_index(raw: bytes) -> _JsonIndex:
    return _JsonIndex(raw)


@lru_cache(maxsize=4)
def _compose(raw: bytes) -> yaml.Node | None:
    return yaml.compose(raw.decode("utf-8-sig"), Loader=_Loader)


def _yaml_line(raw: bytes, tokens: list[str]) -> int | None:
    node = _compose(raw)
    line = 0
    for token in tokens:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == token:
                    node, line = value, key.start_mark.line
                    break
            else:
                return None
        elif (
            isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value)
        ):
            node = node.value[int(token)]
            line = node.start_mark.line
        else:
            return None
    return line + 1


def line_of(document: Document, pointer: str) -> int | None:
    """The 1-based line where ``pointer`` (``#/paths/~1pets/get``) starts in the document text.

    ``None`` when the document has no text (an app's document is JSON without one), or the
    pointer does not lead anywhere in it.
    """
    if not document.raw:
        return None
    tokens = pointer_tokens(pointer)
    try:
        if document.syntax is SyntaxKind.JSON:
            return _json_index(document.raw).line(tokens)
        return _yaml_line(document.raw, tokens)
    except (ValueError, IndexError, yaml.YAMLError):
        return None
