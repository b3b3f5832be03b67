"""Shape checks over raw JSON nodes: a wrong shape becomes a one-line SpecError naming the pointer.

The builders read hostile documents through these helpers only, so no AttributeError, KeyError
or TypeError can escape from a list where an object was expected.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from treaty._json import JSONObject, JSONValue
from treaty.errors import ErrorKind, SpecError
from treaty.spec.document import SchemaSite
from treaty.spec.pointer import deref, join


def kind(node: object) -> str:
    """The JSON name of a value's type, for messages."""
    if node is None:
        return "null"
    if isinstance(node, bool):
        return "a boolean"
    if isinstance(node, int | float):
        return "a number"
    if isinstance(node, str):
        return "a string"
    if isinstance(node, list):
        return "an array"
    if isinstance(node, dict):
        return "an object"
    return type(node).__name__


def fail(pointer: str, message: str) -> SpecError:
    """A SpecError for the element at ``pointer``."""
    return SpecError(f"{message} at {pointer}", kind=ErrorKind.INVALID)


def mapping(node: JSONValue, pointer: str) -> JSONObject:
    """``node`` as an object, or a SpecError."""
    if not isinstance(node, dict):
        raise fail(pointer, f"expected an object, found {kind(node)}")
    return node


def entries(node: JSONValue, pointer: str) -> Iterator[tuple[str, JSONValue, str]]:
    """The (key, value, pointer) entries of an object whose keys must be strings."""
    for key, value in mapping(node, pointer).items():
        if not isinstance(key, str):
            raise fail(pointer, f"expected string keys, found key {key!r}")
        yield key, value, join(pointer, key)


def field(node: JSONObject, key: str, pointer: str) -> JSONObject | None:
    """The optional object under ``key``."""
    value = node.get(key)
    return None if value is None else mapping(value, join(pointer, key))


def sequence(node: JSONValue, pointer: str) -> list[JSONValue]:
    """``node`` as an array, or a SpecError."""
    if not isinstance(node, list):
        raise fail(pointer, f"expected an array, found {kind(node)}")
    return node


def text(node: JSONObject, key: str, pointer: str) -> str | None:
    """The optional string under ``key``.

    YAML reads ``version: 1`` as a number and ``x-sunset: 2030-01-01`` as a date; both are
    taken as the text they were written as.
    """
    value: object = node.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise fail(join(pointer, key), f"expected a string, found {kind(value)}")


def flag(node: JSONObject, key: str, pointer: str, default: bool = False) -> bool:
    """The optional boolean under ``key``."""
    value = node.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise fail(join(pointer, key), f"expected a boolean, found {kind(value)}")
    return value


def strings(node: JSONObject, key: str, pointer: str) -> tuple[str, ...]:
    """The optional array of strings under ``key``."""
    value = node.get(key)
    if value is None:
        return ()
    where = join(pointer, key)
    items = sequence(value, where)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise fail(join(where, index), f"expected a string, found {kind(item)}")
    return tuple(str(item) for item in items)


def schema_site(root: JSONObject | None, node: JSONObject, pointer: str) -> SchemaSite | None:
    """The optional ``schema`` of ``node``: an object or a boolean, also behind local ``$ref``s.

    Without ``root`` (a Swagger 2.0 body parameter) ``$ref``s are not followed.
    """
    value = node.get("schema")
    if value is None:
        return None
    where = join(pointer, "schema")
    target, at = deref(root, value, where) if root is not None else (value, where)
    if not isinstance(target, dict | bool):
        raise fail(at, f"expected a schema (an object or a boolean), found {kind(target)}")
    return SchemaSite(value, where)


def resolved(root: JSONObject, node: JSONValue, pointer: str) -> tuple[JSONObject, str]:
    """Follow local ``$ref``s from ``node`` and require an object at the end."""
    target, where = deref(root, node, pointer)
    return mapping(target, where), where
