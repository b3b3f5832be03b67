"""Documentation inside schemas, for ``treaty diff``: descriptions, titles, examples, comments.

The schema comparer judges meaning and skips documentation; ``treaty diff`` promises every
difference, so this walk pairs the schema trees every operation reaches (properties by name,
subschemas by keyword and position, ``$ref`` followed on both sides) and reports each
documentation field that differs once, at the node that states it (a shared component's own
pointer), with every operation that reaches it. A ``$ref`` sibling (3.1) wins over the target's
own field, so ``{$ref: Id, description: …}`` is compared by its sibling.

Cost: each pair of schema nodes is visited once per root pair of sites; a root pair met from
many operations (a shared ``$ref``) is walked once and its reach remembered.
"""

from __future__ import annotations

from collections.abc import Iterator

from treaty._json import JSONObject
from treaty.changes.facts import Site
from treaty.changes.grouping import SchemaPairs
from treaty.changes.model import Aspect, Change, OperationKey, Scope, Target
from treaty.spec.pointer import deref, join

_FIELDS = (
    ("title", Aspect.TITLE),
    ("description", Aspect.DESCRIPTION),
    ("example", Aspect.EXAMPLE),
    ("examples", Aspect.EXAMPLE),
    ("$comment", Aspect.DESCRIPTION),
)
# keywords holding one subschema, a list of them (paired by position) or a map (by key)
_ONE = (
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "contentSchema",
    "additionalItems",
)
_MANY = ("allOf", "oneOf", "anyOf", "prefixItems")
_MAP = ("properties", "patternProperties", "dependentSchemas")

Node = tuple[JSONObject, str]  # a schema object and its pointer
Key = tuple[str, str]  # (base pointer, revision pointer)


class _Walk:
    def __init__(self, roots: tuple[JSONObject, JSONObject]) -> None:
        self.roots = roots
        self.reach: dict[Key, list[Key]] = {}  # root pair -> the field sites it reaches
        self.fields: dict[Key, tuple[Node, Node]] = {}  # field site -> the nodes compared

    def reached(self, base: Node, revision: Node) -> list[Key]:
        key = (base[1], revision[1])
        known = self.reach.get(key)
        if known is None:
            known = self.reach[key] = self._walk(base, revision)
        return known

    def _walk(self, base: Node, revision: Node) -> list[Key]:
        found: list[Key] = []
        seen: set[Key] = set()
        todo = [(base, revision)]
        while todo:
            old, new = todo.pop()
            key = (old[1], new[1])
            if key in seen:
                continue
            seen.add(key)
            refs = ("$ref" in old[0], "$ref" in new[0])
            if refs[0] == refs[1]:  # two refs compare their siblings; a ref and an inline
                found.append(key)  # schema compare once the ref is followed
                self.fields.setdefault(key, (old, new))
            if not any(refs):
                todo.extend(_children(old, new))
                continue
            targets = self._target(old, 0), self._target(new, 1)
            if targets[0] is not None and targets[1] is not None:
                todo.append((targets[0], targets[1]))  # compare what the refs name
        return found

    def _target(self, node: Node, side: int) -> Node | None:
        # a ref that resolves to nothing was reported by the comparer, which runs first
        target, pointer = deref(self.roots[side], node[0], node[1])
        return (target, pointer) if isinstance(target, dict) else None


def _children(base: Node, revision: Node) -> Iterator[tuple[Node, Node]]:
    (old, at_old), (new, at_new) = base, revision
    for keyword in _ONE:
        a, b = old.get(keyword), new.get(keyword)
        if isinstance(a, dict) and isinstance(b, dict):
            yield (a, join(at_old, keyword)), (b, join(at_new, keyword))
    for keyword in _MANY:
        a, b = old.get(keyword), new.get(keyword)
        if isinstance(a, list) and isinstance(b, list):
            for index, (x, y) in enumerate(zip(a, b, strict=False)):
                if isinstance(x, dict) and isinstance(y, dict):
                    yield (x, join(at_old, keyword, index)), (y, join(at_new, keyword, index))
    for keyword in _MAP:
        a, b = old.get(keyword), new.get(keyword)
        if isinstance(a, dict) and isinstance(b, dict):
            for name in a.keys() & b.keys():
                x, y = a[name], b[name]
                if isinstance(x, dict) and isinstance(y, dict):
                    yield (x, join(at_old, keyword, name)), (y, join(at_new, keyword, name))


def _field_changes(
    base: Node, revision: Node, operations: tuple[OperationKey, ...]
) -> Iterator[Change]:
    (old, at_old), (new, at_new) = base, revision
    target = Target.PROPERTY if "/properties/" in at_new else Target.SCHEMA
    for key, aspect in _FIELDS:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        site = Site(
            target=target,
            base=join(at_old, key) if key in old else None,
            revision=join(at_new, key) if key in new else None,
            operations=operations,
            scope=Scope.DOCUMENT,
            name=key,
        )
        yield from site.presence(aspect, before, after, name=key)


def schema_documentation(
    roots: tuple[JSONObject, JSONObject], pairs: SchemaPairs
) -> Iterator[Change]:
    """Documentation differences inside every schema pair an operation reaches."""
    walk = _Walk(roots)
    users: dict[Key, set[OperationKey]] = {}
    order: list[Key] = []
    for item in pairs.pairs:
        base, revision = item.base.node, item.revision.node
        if not isinstance(base, dict) or not isinstance(revision, dict):
            continue
        for key in walk.reached((base, item.base.pointer), (revision, item.revision.pointer)):
            if key not in users:
                users[key] = set()
                order.append(key)
            users[key].add(item.operation)
    for key in order:
        old, new = walk.fields[key]
        yield from _field_changes(old, new, tuple(sorted(users[key])))
