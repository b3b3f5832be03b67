"""Documentation inside schemas, for ``treaty diff``: descriptions, titles, examples, comments.

The schema comparer judges meaning and skips documentation; ``treaty diff`` promises every
difference, so this walk pairs the schema trees every operation reaches (properties by name,
subschemas by keyword and position, ``$ref`` followed on both sides) and reports each
documentation field that differs once, at the node that states it (a shared component's own
pointer), with every operation that reaches it. A ``$ref`` sibling (3.1) wins over the target's
own field, so ``{$ref: Id, description: …}`` is compared by its sibling.

Cost: each pair of schema nodes is visited once, and a pair that is the same JSON reaching only
unchanged refs (almost all of them) is not entered; the operations that reach a difference are
found by walking back from it, only for the few nodes whose documentation changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from treaty._json import JSONObject
from treaty.changes.facts import Site
from treaty.changes.grouping import SchemaPairs
from treaty.changes.model import Aspect, Change, OperationKey, Scope, Target
from treaty.changes.unchanged import Unchanged
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
    """One walk over every schema pair the operations reach, each node pair visited once."""

    def __init__(self, roots: tuple[JSONObject, JSONObject], unchanged: Unchanged | None) -> None:
        self.roots = roots
        # the same JSON reaching only unchanged refs holds no documentation difference; the
        # comparer's test is reused when it has one (its verdicts are memoised per node)
        if unchanged is None or not unchanged.enabled:
            unchanged = Unchanged(roots[0], roots[1], enabled=True)
        self.unchanged = unchanged
        self.parents: dict[Key, list[Key]] = {}  # node pair -> the pairs that lead to it
        self.fields: dict[Key, tuple[Node, Node]] = {}  # node pairs whose fields compare

    def visit(self, base: Node, revision: Node) -> None:
        todo: list[tuple[Node, Node, Key | None]] = [(base, revision, None)]
        while todo:
            old, new, parent = todo.pop()
            key = (old[1], new[1])
            known = key in self.parents
            edges = self.parents.setdefault(key, [])
            if parent is not None:
                edges.append(parent)
            if known or self.unchanged.node(old[0], new[0]):
                continue
            refs = ("$ref" in old[0], "$ref" in new[0])
            if refs[0] == refs[1]:  # two refs compare their siblings; a ref and an inline
                self.fields[key] = (old, new)  # schema compare once the ref is followed
            if not any(refs):
                todo.extend((a, b, key) for a, b in _children(old, new))
                continue
            targets = self._target(old, 0), self._target(new, 1)
            if targets[0] is not None and targets[1] is not None:
                todo.append((targets[0], targets[1], key))  # compare what the refs name

    def reaching(self, key: Key) -> set[Key]:
        """Every node pair from which ``key`` is reached (itself included)."""
        seen = {key}
        todo = [key]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

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
            for name in (key for key in b if key in a):  # document order, never a set's
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
    roots: tuple[JSONObject, JSONObject], pairs: SchemaPairs, unchanged: Unchanged | None = None
) -> Iterator[Change]:
    """Documentation differences inside every schema pair an operation reaches."""
    walk = _Walk(roots, unchanged)
    users: dict[Key, set[OperationKey]] = {}
    for item in pairs.pairs:
        base, revision = item.base.node, item.revision.node
        if isinstance(base, dict) and isinstance(revision, dict):
            root = (item.base.pointer, item.revision.pointer)
            users.setdefault(root, set()).add(item.operation)
            walk.visit((base, root[0]), (revision, root[1]))
    for key, (old, new) in walk.fields.items():
        changes = list(_field_changes(old, new, ()))
        if changes:  # which operations reach it: only asked for what changed
            reached = {op for at in walk.reaching(key) for op in users.get(at, ())}
            operations = tuple(sorted(reached))
            yield from (dataclasses.replace(change, operations=operations) for change in changes)
