"""Conservative equivalence of ECMA-262 regular expressions (JSON Schema ``pattern``).

Only rewrites that are provably meaning-preserving in ECMA-262 are applied: ``\\d`` is exactly
``[0-9]`` there (unlike Python's Unicode ``\\d``), and ``{0,}``, ``{1,}``, ``{0,1}`` are ``*``,
``+``, ``?``. Anything cleverer (anchors, ``.*`` padding) is left alone: ``.`` does not match a
newline, so ``^.*x`` and ``x`` differ. A pattern we cannot prove equal is reported as changed.
"""

from __future__ import annotations

_QUANTIFIERS = {"{0,}": "*", "{1,}": "+", "{0,1}": "?"}


def equivalent(left: str | None, right: str | None) -> bool:
    """Whether two patterns (None = no pattern) certainly accept the same strings."""
    if left is None or right is None:
        return left is right
    return left == right or canonical(left) == canonical(right)


def canonical(pattern: str) -> str:
    """A spelling of ``pattern`` with the provably equivalent rewrites applied."""
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index : index + 2]
            if escaped == "\\d":
                escaped = "0-9" if in_class else "[0-9]"
            out.append(escaped)
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "{":
            closing = pattern.find("}", index)
            token = pattern[index : closing + 1] if closing > 0 else ""
            if token in _QUANTIFIERS:
                out.append(_QUANTIFIERS[token])
                index = closing + 1
                continue
        out.append(char)
        index += 1
    return "".join(out)
