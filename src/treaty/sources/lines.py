"""Line numbers for JSON pointers, computed only when something asks (text, SARIF, annotations).

Loading never builds a line map. :func:`line_of` walks the raw text along the pointer: for JSON
it skips sibling values with the C JSON scanner (at most one parse of the document per lookup);
for YAML it reads libyaml's event stream once per document (cached) into a tree of lines and
follows the pointer through it. Pointers into content bundled from other files have no line in
the root text: ``None``.
"""

from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, not in typeshed

import yaml

from treaty.sources import yaml12
from treaty.sources.document import Document, SyntaxKind

_Loader = yaml12.FAST_LOADER
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


# a YAML node's lines: a mapping's keys (the line of each key and the node it holds), a
# sequence's items (the line each starts on), or None for a scalar
_YamlNode = dict[str, tuple[int, "_YamlNode"]] | list[tuple[int, "_YamlNode"]] | None


class _Open:
    """A collection whose events are still coming; a mapping alternates keys and values."""

    __slots__ = ("items", "key", "key_line", "wants_key")

    def __init__(self, items: dict[str, tuple[int, _YamlNode]] | list[tuple[int, _YamlNode]]):
        self.items = items
        self.key: str | None = None
        self.key_line = 0
        self.wants_key = True

    def add(self, line: int, node: _YamlNode, scalar: str | None) -> None:
        if isinstance(self.items, list):
            self.items.append((line, node))
        elif self.wants_key:
            self.key, self.key_line, self.wants_key = scalar, line, False
        else:
            if self.key is not None:  # a non-scalar key matches no token
                self.items.setdefault(self.key, (self.key_line, node))
            self.wants_key = True


@lru_cache(maxsize=4)
def _yaml_index(raw: bytes) -> _YamlNode:
    """The document's lines, built from libyaml's event stream in one pass.

    Events cost a fifth of composing the node tree (0.1 s against 0.5 s for a 2.8 MB
    document), which a parsed-YAML cache hit would otherwise pay on every run. The answers
    are those of the composed tree: the first of duplicate keys, an alias standing for the
    node its anchor names, non-scalar keys matching nothing.
    """
    anchors: dict[str, tuple[int, _YamlNode, str | None]] = {}
    stack: list[_Open] = []
    roots: list[_YamlNode] = []
    for event in yaml.parse(raw.decode("utf-8-sig"), Loader=_Loader):
        line = event.start_mark.line if event.start_mark is not None else 0
        node: _YamlNode
        scalar: str | None = None
        opened: _Open | None = None
        if isinstance(event, yaml.ScalarEvent):
            node, scalar = None, yaml12.scalar_key(event)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise yaml.YAMLError(f"found undefined alias {event.anchor}")
            line, node, scalar = anchors[event.anchor]
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            items: dict[str, tuple[int, _YamlNode]] | list[tuple[int, _YamlNode]]
            items = {} if isinstance(event, yaml.MappingStartEvent) else []
            node, opened = items, _Open(items)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
            continue
        else:  # stream and document events
            continue
        # YAML 1.2: an alias names the latest anchor of that name
        anchor = None if isinstance(event, yaml.AliasEvent) else event.anchor
        if anchor is not None:
            anchors[anchor] = (line, node, scalar)
        if stack:
            stack[-1].add(line, node, scalar)
        else:
            roots.append(node)
        if opened is not None:
            stack.append(opened)
    if len(roots) != 1:
        raise yaml.YAMLError("expected a single document in the stream")
    return roots[0]


def _yaml_line(raw: bytes, tokens: list[str]) -> int | None:
    node = _yaml_index(raw)
    line = 0
    for token in tokens:
        if isinstance(node, dict) and token in node:
            line, node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            line, node = node[int(token)]
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
