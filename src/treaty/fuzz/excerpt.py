"""JSON excerpts that fit a report: elided by structure, never cut in the middle.

A schema or a value shown beside a failure must stay readable when it is large. Cutting its
text after N lines leaves an unclosed object and hides the keys that come later; instead,
whole subtrees give way: deeper levels fold to ``{… 3 keys}`` / ``[… 12 items]``, long
containers keep their first entries and say ``… 40 more``, long strings end in ``…``. Every
bracket that opens is closed, on the line where a reader expects it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice

from treaty._json import JSONValue

INDENT = "    "
_ITEM_LIMITS = (None, 10, 5, 3, 1)  # entries kept per container, tried in this order
_STRING_LIMIT = 80  # characters of a string kept before "…"
_INLINE = 60  # a container of scalars this short stays on one line


def elide(value: JSONValue, max_lines: int = 20) -> str:
    """``value`` as indented JSON of at most ``max_lines`` lines, elided by structure.

    Every depth and breadth (all entries, or the first 10, 5, 3, 1 of each container) is
    tried; the rendering that fits and shows the most lines wins, the broader one on a tie,
    so the top-level keys stay in view before deeper detail. A value that fits as it is comes
    back as plain (indented) JSON.
    """
    best: list[str] = [_folded(value)]
    deepest = _depth(value)
    for depth in range(deepest, 0, -1):
        for limit in _ITEM_LIMITS:
            lines = _fitting(value, depth, limit, max_lines)
            if lines is not None and len(lines) > len(best):
                best = lines
            if lines is not None and limit is None and depth == deepest:
                return "\n".join(lines)  # the whole value fits
    return "\n".join(best)


def _fitting(value: JSONValue, depth: int, limit: int | None, max_lines: int) -> list[str] | None:
    """The rendering at ``depth`` and ``limit``, or None when it takes over ``max_lines``."""
    lines: list[str] = []
    for line in _render(value, "", depth, limit):
        if len(lines) == max_lines:
            return None
        lines.append(line)
    return lines


def _depth(value: JSONValue) -> int:
    """How many levels of containers ``value`` has (0 for a scalar)."""
    deepest, level, todo = 0, 0, [(value, 0)]
    while todo:
        node, level = todo.pop()
        if isinstance(node, dict):
            todo.extend((child, level + 1) for child in node.values())
        elif isinstance(node, list):
            todo.extend((child, level + 1) for child in node)
        else:
            continue
        deepest = max(deepest, level + 1)
    return deepest


def _scalar(value: JSONValue) -> str:
    if isinstance(value, str) and len(value) > _STRING_LIMIT:
        value = value[: _STRING_LIMIT - 1] + "…"
    return json.dumps(value, ensure_ascii=False, default=str)  # a validator's Decimal


def _folded(value: JSONValue) -> str:
    """A container as one token: ``{… 3 keys}``, ``[… 1 item]``; ``{}`` and ``[]`` as such."""
    if isinstance(value, dict):
        count = len(value)
        return f"{{… {count} key{'' if count == 1 else 's'}}}" if count else "{}"
    if isinstance(value, list):
        count = len(value)
        return f"[… {count} item{'' if count == 1 else 's'}]" if count else "[]"
    return _scalar(value)


def _inline(value: JSONValue) -> str | None:
    """A short container of scalars on one line, or None."""
    if not isinstance(value, dict | list):
        return _scalar(value)
    if len(value) > _INLINE // 3:  # each entry takes three characters at least
        return None
    if isinstance(value, dict):
        if any(isinstance(v, dict | list) for v in value.values()):
            return None
        text = "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in value.items()) + "}"
    else:
        if any(isinstance(v, dict | list) for v in value):
            return None
        text = "[" + ", ".join(_scalar(v) for v in value) + "]"
    return text if len(text) <= _INLINE else None


def _render(value: JSONValue, lead: str, depth: int, limit: int | None) -> Iterator[str]:
    """The lines of ``value``, the first prefixed by ``lead`` (a key, or nothing).

    Lines are produced one at a time, so a rendering that overflows the budget is abandoned
    after ``max_lines`` lines whatever the size of the value.
    """
    inline = _inline(value)
    if inline is not None:
        yield lead + inline
        return
    if depth == 0:
        yield lead + _folded(value)
        return
    assert isinstance(value, dict | list)
    if isinstance(value, dict):
        opening, closing = "{", "}"
        entries: Iterable[tuple[str, JSONValue]] = (
            (f"{_scalar(key)}: ", child) for key, child in value.items()
        )
    else:
        opening, closing = "[", "]"
        entries = (("", child) for child in value)
    count = len(value)
    kept = count if limit is None else min(limit, count)
    yield lead + opening
    for index, (key, child) in enumerate(islice(entries, kept)):
        comma = "" if index == count - 1 else ","
        previous: str | None = None
        for line in _render(child, key, depth - 1, limit):
            if previous is not None:
                yield INDENT + previous
            previous = line
        yield f"{INDENT}{previous}{comma}"
    if kept < count:
        yield f"{INDENT}… {count - kept} more"
    yield closing
