"""Readable names of changed elements: ``Pet.owner.name``, ``tags[]``, ``Pet.*``.

Shared by the messages (``treaty.classify``), the ignore file's ``component`` entries
(``treaty.ignore``) and the policies, so none of them imports another for it.
"""

from __future__ import annotations

from treaty.changes.model import Change, Target
from treaty.errors import TreatyError
from treaty.spec.pointer import split


def safe_tokens(pointer: str) -> list[str]:
    """The pointer's tokens, or none for a malformed pointer (messages never fail on one)."""
    try:
        return split(pointer)
    except TreatyError:  # a malformed pointer must never break a message
        return []


def element_label(change: Change) -> str:
    """The changed element's path (``Pet.owner.name``), with the property a change names."""
    label = element_path(change.pointer or "")
    if change.target is Target.PROPERTY and change.name and not label.endswith(change.name):
        label = f"{label}.{change.name}" if label else change.name
    return label


def element_path(pointer: str) -> str:
    """A short, readable name for a schema element: ``Pet.owner.name``, ``tags[]``.

    Named components keep their name as the root; inline schemas start at the first
    property. Composition branches are skipped; array items show as ``[]``.
    """
    tokens = safe_tokens(pointer)
    root, rest = "", tokens
    for marker in (["components", "schemas"], ["definitions"]):
        if tokens[: len(marker)] == marker and len(tokens) > len(marker):
            root, rest = tokens[len(marker)], tokens[len(marker) + 1 :]
            break
    else:
        if "schema" in tokens:
            rest = tokens[len(tokens) - tokens[::-1].index("schema") :]
        elif "properties" in tokens:
            rest = tokens[tokens.index("properties") :]
        else:
            return ""
    parts = [root] if root else []
    index = 0
    while index < len(rest):
        token = rest[index]
        if token == "properties" and index + 1 < len(rest):
            parts.append(rest[index + 1])
            index += 2
            continue
        if token == "prefixItems" and index + 1 < len(rest):  # a tuple position: `pair[1]`
            parts[-1:] = [(parts[-1] if parts else "") + f"[{rest[index + 1]}]"]
            index += 2
            continue
        if token in ("items", "additionalItems"):
            parts[-1:] = [(parts[-1] if parts else "") + "[]"]
        elif token == "additionalProperties":
            parts.append("*")
        index += 1
    return ".".join(part for part in parts if part)
