"""JSON value equality as JSON Schema defines it: by meaning, not by Python equality.

Python says ``1 == True`` and ``{"a": 1} != {"a": 1.0}``; JSON Schema says the opposite
(``enum: [1]`` does not accept ``true``, and ``1`` and ``1.0`` are the same number). Every
enum, const and default comparison goes through :func:`canonical`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from treaty._json import JSONValue


def canonical(value: JSONValue) -> Hashable:
    """A hashable key that is equal for two JSON values exactly when they are equal as JSON."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        # 1 and 1.0 are one JSON number; keep big integers exact
        return ("num", int(value) if isinstance(value, float) and value.is_integer() else value)
    if isinstance(value, list):
        return ("list", tuple(canonical(item) for item in value))
    return ("object", frozenset((key, canonical(item)) for key, item in value.items()))


def same(left: JSONValue, right: JSONValue) -> bool:
    """Whether two JSON values are equal as JSON."""
    return canonical(left) == canonical(right)


def value_set(values: Iterable[JSONValue]) -> frozenset[Hashable]:
    """The set of canonical keys of ``values``: order and duplicates do not matter."""
    return frozenset(canonical(value) for value in values)


def intersect(left: tuple[JSONValue, ...], right: tuple[JSONValue, ...]) -> tuple[JSONValue, ...]:
    """The values of ``left`` (in its order) that also occur in ``right``."""
    keep = value_set(right)
    return tuple(value for value in left if canonical(value) in keep)


def json_type(value: JSONValue) -> str:
    """The JSON Schema type of a value (a whole number is an ``integer``)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def of_type(value: JSONValue, types: frozenset[str]) -> bool:
    """Whether ``value`` is of one of ``types`` (an integer is a number too)."""
    kind = json_type(value)
    return kind in types or (kind == "integer" and "number" in types)
