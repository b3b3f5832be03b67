"""Line numbers for JSON pointers, computed only when something asks (SARIF, annotations).

Loading never builds a line map. :func:`line_of` walks the raw text along the pointer: for JSON
it skips sibling values with the C JSON scanner (at most one parse of the document per lookup);
for YAML it composes the node tree once per document (cached) and follows the pointer through
it. Pointers into content bundled from other files have no line in the root text: ``None``.
"""

from __future__ import annotations

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


def _json_offset(text: str, tokens: list[str]) -> int | None:
    """The offset of the key (or array item) the pointer names, or None."""
    idx = mark = _skip(text, 0)
    for token in tokens:
        if text[idx] == "{":
            idx = _skip(text, idx + 1)
            while text[idx] == '"':
                mark = idx
                key, idx = scanstring(text, idx + 1)
                idx = _skip(text, _skip(text, idx) + 1)  # past the colon
                if key == token:
                    break
                idx = _skip(text, _DECODER.raw_decode(text, idx)[1])
                idx = _skip(text, idx + 1) if text[idx] == "," else idx
            else:
                return None
        elif text[idx] == "[" and token.isdigit():
            idx = _skip(text, idx + 1)
            for _ in range(int(token)):
                if text[idx] == "]":
                    return None
                idx = _skip(text, _DECODER.raw_decode(text, idx)[1])
                idx = _skip(text, idx + 1) if text[idx] == "," else idx
            if text[idx] == "]":
                return None
            mark = idx
        else:
            return None
    return mark


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
            text = document.raw.decode("utf-8-sig")
            offset = _json_offset(text, tokens)
            return None if offset is None else text.count("\n", 0, offset) + 1
        return _yaml_line(document.raw, tokens)
    except (ValueError, IndexError, yaml.YAMLError):
        return None
