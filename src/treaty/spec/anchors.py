"""JSON Schema 2020-12 references that are not plain JSON pointers: anchors, `$id`, `$dynamicRef`.

``$ref: "#kind"`` names an ``$anchor`` (or ``$dynamicAnchor``); ``$ref: "#/$defs/Tag"`` inside a
schema that has an ``$id`` is relative to that schema resource, not to the document; and
``$dynamicRef: "#node"`` resolves through the dynamic scope to a ``$dynamicAnchor: node``.
Statically that is decidable when the document has exactly one ``$dynamicAnchor`` of the name
(every dynamic scope ends there) or none (then it is a ``$ref`` to the plain anchor); with
several, which one applies depends on how the schema was entered, and treaty says it cannot
judge rather than guess (:func:`Anchors.dynamic` returns None).

The index is built once per document, on the first reference that needs it.
"""

from __future__ import annotations

from treaty._json import JSONObject, JSONValue
from treaty.spec.pointer import join, resolve, split

# values under these keys are data, not schemas: an `$anchor` key in an example is no anchor
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})


class Anchors:
    """Where each ``$anchor``, ``$dynamicAnchor`` and ``$id`` of one document is."""

    def __init__(self, root: JSONObject) -> None:
        self.root = root
        self.plain: dict[str, list[str]] = {}
        self.dynamic: dict[str, list[str]] = {}
        self._walk(root, "#")

    def _walk(self, node: JSONValue, pointer: str) -> None:
        stack: list[tuple[JSONValue, str]] = [(node, pointer)]
        while stack:
            node, pointer = stack.pop()
            if isinstance(node, list):
                stack.extend((item, join(pointer, i)) for i, item in enumerate(node))
                continue
            if not isinstance(node, dict):
                continue
            for keyword, index in (("$anchor", self.plain), ("$dynamicAnchor", self.dynamic)):
                name = node.get(keyword)
                if isinstance(name, str):
                    index.setdefault(name, []).append(pointer)
            stack.extend(
                (value, join(pointer, key))
                for key, value in node.items()
                if key not in _DATA_KEYS and isinstance(value, dict | list)
            )

    def anchor(self, name: str, near: str) -> str | None:
        """The pointer of anchor ``name`` as a ``$ref`` at ``near`` means it (None: none)."""
        found = self.plain.get(name, []) + self.dynamic.get(name, [])
        if not found:
            return None
        resource = enclosing_resource(self.root, near)
        inside = [at for at in found if at == resource or at.startswith(resource + "/")]
        return (inside or found)[0]

    def dynamic_target(self, name: str, near: str) -> str | None:
        """Where ``$dynamicRef: "#name"`` leads, when every dynamic scope agrees; else None."""
        found = self.dynamic.get(name, [])
        if len(found) == 1:
            return found[0]
        if not found:
            return self.anchor(name, near)
        return None

    def signature(self, name: str) -> tuple[tuple[str, str], ...]:
        """The dynamic anchors of ``name`` and their JSON, to tell whether two documents agree."""
        import json

        return tuple((at, json.dumps(resolve(self.root, at))) for at in self.dynamic.get(name, []))


def enclosing_resource(root: JSONObject, pointer: str) -> str:
    """The pointer of the nearest schema at or above ``pointer`` that declares an ``$id``."""
    tokens = split(pointer)
    best = "#"
    node: JSONValue = root
    for index, token in enumerate(tokens):
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            break
        if isinstance(node, dict) and isinstance(node.get("$id"), str):
            best = join("#", *tokens[: index + 1])
    return best
