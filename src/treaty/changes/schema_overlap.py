"""Whether two ``oneOf`` branches can both match one value.

``oneOf`` rejects a value that matches more than one branch, so branches that overlap reject
values each branch alone accepts. Proving that two schemas share a value is as hard as JSON
Schema itself; this module answers the other question — is there something that tells the
branches apart — and calls them overlapping when nothing does. What tells two branches
apart, for every value:

- their types (``integer`` is a ``number``), unless both admit ``null``;
- their ``enum``/``const`` value sets, or values of one that the other's type excludes;
- disjoint numeric ranges, or disjoint string length ranges;
- a distinct ``format`` or ``pattern`` of two string-only branches (treaty cannot compare
  patterns, and servers check formats; it gives the branches the benefit of the doubt);
- a property one branch requires that the other forbids (a closed object that does not list
  it, or ``false``), or a required property whose schemas in the two branches are themselves
  told apart this way (a discriminating ``kind: {const: cat}``).

The recursion through properties is bounded (``_DEPTH``) so recursive schemas end.
"""

from __future__ import annotations

from treaty._json import JSONValue
from treaty.spec.schema import SchemaView, Views
from treaty.spec.schema_merge import intersect_types

_DEPTH = 4
_NUMERIC = frozenset({"integer", "number"})


def overlap(left: SchemaView, right: SchemaView, views: Views) -> bool:
    """Whether nothing tells ``left`` and ``right`` apart (see the module docstring)."""
    return not _apart(left, right, views, _DEPTH)


def _apart(left: SchemaView, right: SchemaView, views: Views, depth: int) -> bool:
    if left.rejects_all or right.rejects_all:
        return True
    if left.nullable and right.nullable:
        return False  # null matches both
    common: frozenset[str] | None = left.types or right.types
    if left.types is not None and right.types is not None:
        common = intersect_types(left.types, right.types)
        if not common:
            return True
    if _values_apart(left, right) or _values_apart(right, left):
        return True
    if common is None:  # both admit every type (untyped schemas admit null: see above)
        return False
    if common <= _NUMERIC:
        return _ranges_apart(left, right)
    if common == {"string"}:
        return _strings_apart(left, right)
    return common == {"object"} and depth > 0 and _objects_apart(left, right, views, depth - 1)


def _values_apart(left: SchemaView, right: SchemaView) -> bool:
    """``left`` lists its values and none of them is listed by ``right`` or of its types."""
    if left.enum is None:
        return False
    if right.enum is not None:
        ours = {_key(value) for value in left.enum}
        return not ours & {_key(value) for value in right.enum}
    types = right.types
    return types is not None and not any(_admits(types, value) for value in left.enum)


def _key(value: JSONValue) -> str:
    import json

    return json.dumps(value, sort_keys=True)


_TYPE_OF = {str: "string", list: "array", dict: "object", bool: "boolean", type(None): "null"}


def _admits(types: frozenset[str], value: JSONValue) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "number" in types or ("integer" in types and float(value).is_integer())
    return _TYPE_OF[type(value)] in types


def _ranges_apart(left: SchemaView, right: SchemaView) -> bool:
    for low, high in ((left, right), (right, left)):
        if low.minimum is None or high.maximum is None:
            continue
        floor, ceiling = low.minimum, high.maximum
        if floor.value > ceiling.value:
            return True
        if floor.value == ceiling.value and (floor.exclusive or ceiling.exclusive):
            return True
    return False


def _strings_apart(left: SchemaView, right: SchemaView) -> bool:
    if left.format and right.format and left.format != right.format:
        return True
    ours, theirs = {p for p, _ in left.patterns}, {p for p, _ in right.patterns}
    if ours and theirs and ours != theirs:
        return True
    for low, high in ((left, right), (right, left)):
        floor, ceiling = low.limits.get("minLength"), high.limits.get("maxLength")
        if floor is not None and ceiling is not None and floor > ceiling:
            return True
    return False


def _objects_apart(left: SchemaView, right: SchemaView, views: Views, depth: int) -> bool:
    for one, other in ((left, right), (right, left)):
        for name in one.required:
            theirs = other.properties.get(name)
            if theirs is None:
                if other.closed and not _patterned(other):
                    return True  # `other` forbids what `one` requires
                continue
            ours = one.properties.get(name)
            if ours is None:
                continue
            if _apart(views.view(ours.conj), views.view(theirs.conj), views, depth):
                return True
    return False


def _patterned(view: SchemaView) -> bool:
    """Whether ``patternProperties`` may admit names that ``properties`` does not list."""
    return any("patternProperties" in part.node for part in view.conj)
