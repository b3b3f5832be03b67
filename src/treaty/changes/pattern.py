"""Conservative equivalence of ECMA-262 regular expressions (JSON Schema ``pattern``).

Only rewrites that are provably meaning-preserving for "does the string contain a match"
(what JSON Schema asks) in ECMA-262 are applied:

- ``\\d`` is exactly ``[0-9]`` and ``\\w`` exactly ``[0-9A-Z_a-z]`` there (unlike Python's
  Unicode classes); a character class is the set of its characters, whatever the order or
  spelling of its ranges (``[a-zA-Z0-9_]`` = ``[_0-9A-Za-z]`` = ``\\w``), and a one-character
  class is that character (``[.]`` = ``\\.``);
- ``{0,}``, ``{1,}``, ``{0,1}`` are ``*``, ``+``, ``?``; ``{n,n}`` is ``{n}``; ``{1}`` is
  nothing; a lazy quantifier accepts the same strings as the greedy one;
- a group that is not quantified and holds no top-level ``|`` (or is the whole pattern) is
  its content, when no back-reference can count on it: ``^(?:[a-z]+)$`` = ``^([a-z]+)$`` =
  ``^[a-z]+$``;
- an identity escape of a character that is not special is that character (``\\/`` = ``/``).

Anything cleverer (anchors, ``.*`` padding) is left alone: ``.`` does not match a newline, so
``^.*x`` and ``x`` differ. A class we cannot read exactly (``\\s``, ``\\p{…}``, ``\\u…``…) is kept
as written. A pattern we cannot prove equal is reported as changed.
"""

from __future__ import annotations

import re

_QUANTIFIERS = {"{0,}": "*", "{1,}": "+", "{0,1}": "?"}
_BRACES = re.compile(r"\{(\d+)(,(\d*))?\}")
_SPECIAL = frozenset("^$\\.*+?()[]{}|")
_CLASS_SPECIAL = frozenset("\\]^-[")
_CONTROL = {"n": 10, "t": 9, "r": 13, "f": 12, "v": 11}
_DIGITS = ((0x30, 0x39),)
_WORD = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
Ranges = tuple[tuple[int, int], ...]


def equivalent(left: str | None, right: str | None) -> bool:
    """Whether two patterns (None = no pattern) certainly accept the same strings."""
    if left is None or right is None:
        return left is right
    return left == right or canonical(left) == canonical(right)


# patterns every string contains a match of: the empty pattern, a lone anchor, `.*` that may
# match nothing (JSON Schema patterns are not anchored, so `.*` matches before a newline too)
_UNCONSTRAINED = frozenset({"", "^", "$", ".*", "^.*", ".*$"})


def unconstrained(pattern: str) -> bool:
    """Whether ``pattern`` accepts every string, so it constrains nothing (``pattern: ''``)."""
    return canonical(pattern) in _UNCONSTRAINED


def canonical(pattern: str) -> str:
    """A spelling of ``pattern`` with the provably equivalent rewrites applied."""
    tokens = _tokens(pattern)
    if tokens is None:
        return pattern
    numbered = any(token[0] == "\\" and token[1:2].isdigit() and token != "\\0" for token in tokens)
    if not numbered and "\\k" not in pattern:  # no back-reference counts on groups
        tokens = _unwrap(tokens)
    return "".join(tokens)


def _tokens(pattern: str) -> list[str] | None:
    """Atoms, group brackets, ``|`` and quantifiers, each in its canonical spelling."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if index + 1 >= len(pattern):
                return None
            out.append(_escape(pattern[index + 1]))
            index += 2
        elif char == "[":
            end = _class_end(pattern, index)
            if end < 0:
                return None
            out.append(_class(pattern[index : end + 1]))
            index = end + 1
        elif char == "(":
            opener = "(" if not pattern.startswith("(?", index) else None
            for prefix in ("(?:", "(?=", "(?!", "(?<=", "(?<!"):
                if pattern.startswith(prefix, index):
                    opener = prefix
            if opener is None:  # a named group: kept as written
                close = pattern.find(">", index)
                if close < 0:
                    return None
                opener = pattern[index : close + 1]
            out.append(opener)
            index += len(opener)
        elif char in "*+?":
            index += 1
            if index < len(pattern) and pattern[index] == "?":
                index += 1  # lazy or greedy: the same strings match
            out.append(char)
        elif char == "{" and (braces := _BRACES.match(pattern, index)) is not None:
            index = braces.end()
            if index < len(pattern) and pattern[index] == "?":
                index += 1
            out.append(_braces(braces))
        else:
            out.append(char)
            index += 1
    return [token for token in out if token]


def _escape(char: str) -> str:
    if char == "d":
        return _render(_DIGITS, negated=False)
    if char == "w":
        return _render(_WORD, negated=False)
    if not char.isalnum() and char not in _SPECIAL and char != "-":
        return char  # an identity escape of a plain character
    return "\\" + char


def _braces(found: re.Match[str]) -> str:
    low, comma, high = found.group(1), found.group(2), found.group(3)
    text = found.group(0)
    if text in _QUANTIFIERS:
        return _QUANTIFIERS[text]
    if not comma or high == low:
        text = f"{{{int(low)}}}"
    return "" if text == "{1}" else text


def _class_end(pattern: str, start: int) -> int:
    """The index of the ``]`` closing the class at ``start`` (ECMA: ``[]`` is empty)."""
    index = start + 1
    if index < len(pattern) and pattern[index] == "^":
        index += 1
    while index < len(pattern):
        if pattern[index] == "\\":
            index += 2
            continue
        if pattern[index] == "]":
            return index
        index += 1
    return -1


def _class(text: str) -> str:
    """A class as its sorted, merged ranges; as written when it holds what we cannot read."""
    negated = text.startswith("[^")
    body = text[2:-1] if negated else text[1:-1]
    items: list[tuple[int, int]] = []
    index = 0
    while index < len(body):
        low, index, ranges = _class_atom(body, index)
        if ranges is not None:
            if low is None:
                return text
            items.extend(ranges)
            continue
        if low is None:
            return text
        if index + 1 < len(body) and body[index] == "-":
            high, after, high_ranges = _class_atom(body, index + 1)
            if high is None or high_ranges is not None or high < low:
                return text
            items.append((low, high))
            index = after
        else:
            items.append((low, low))
    if not items:
        return text
    return _render(_merged(items), negated)


def _class_atom(body: str, index: int) -> tuple[int | None, int, Ranges | None]:
    """One class member: a character (its code point) or a class escape (its ranges)."""
    char = body[index]
    if char != "\\":
        return ord(char), index + 1, None
    if index + 1 >= len(body):
        return None, index + 1, None
    escaped = body[index + 1]
    if escaped == "d":
        return 0, index + 2, _DIGITS
    if escaped == "w":
        return 0, index + 2, _WORD
    if escaped in _CONTROL:
        return _CONTROL[escaped], index + 2, None
    if not escaped.isalnum():
        return ord(escaped), index + 2, None
    return None, index + 2, None  # \s, \b, \x…, \u…, \p{…}: not read here


def _merged(items: list[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(items):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _render(ranges: Ranges, negated: bool) -> str:
    if not negated and len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        char = chr(ranges[0][0])  # a one-character class is that character
        return "\\" + char if char in _SPECIAL else _printable(char)
    parts = []
    for low, high in ranges:
        parts.append(_class_char(low) + ("" if low == high else "-" + _class_char(high)))
    return "[" + ("^" if negated else "") + "".join(parts) + "]"


def _class_char(code: int) -> str:
    char = chr(code)
    return "\\" + char if char in _CLASS_SPECIAL else _printable(char)


def _printable(char: str) -> str:
    return char if char.isprintable() else f"\\u{ord(char):04x}"


def _unwrap(tokens: list[str]) -> list[str]:
    """Drop the brackets of groups that change nothing (innermost first, to a fixed point)."""
    changed = True
    while changed:
        changed = False
        stack: list[int] = []
        for index, token in enumerate(tokens):
            if token in ("(", "(?:"):
                stack.append(index)
            elif token.startswith("("):
                stack.append(-1)  # lookarounds and named groups stay
            elif token == ")" and stack:
                start = stack.pop()
                if start >= 0 and _redundant(tokens, start, index):
                    tokens = tokens[:start] + tokens[start + 1 : index] + tokens[index + 1 :]
                    changed = True
                    break
    return tokens


def _redundant(tokens: list[str], start: int, end: int) -> bool:
    following = tokens[end + 1] if end + 1 < len(tokens) else ""
    if following[:1] in ("*", "+", "?", "{"):
        return False
    whole = start == 0 and end == len(tokens) - 1
    depth = 0
    for token in tokens[start + 1 : end]:
        if token.startswith("("):
            depth += 1
        elif token == ")":
            depth -= 1
        elif token == "|" and depth == 0 and not whole:
            return False
    return True
