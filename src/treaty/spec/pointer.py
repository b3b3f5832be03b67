"""RFC 6901 JSON pointers and local ``$ref`` resolution over a loaded JSON tree."""

from __future__ import annotations

import re
from urllib.parse import unquote

from treaty._json import JSONValue
from treaty.errors import ErrorKind, SpecError

_ANCHOR = re.compile(r"#[A-Za-z_][-A-Za-z0-9._]*")  # 2020-12: an `$anchor` is a plain name


def is_anchor(ref: str) -> bool:
    """Whether a ``$ref`` is ``#name`` (a schema anchor), not ``#/…`` or a malformed pointer."""
    return _ANCHOR.fullmatch(ref) is not None


def escape(token: str) -> str:
    """Escape one reference token (``~`` -> ``~0``, ``/`` -> ``~1``)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    """Append reference tokens to a pointer: ``join("#/paths", "/pets")`` -> ``#/paths/~1pets``."""
    for token in tokens:  # a plain loop: this runs once per schema node of a 13 MB document
        text = token if isinstance(token, str) else str(token)
        if "~" in text or "/" in text:
            text = escape(text)
        pointer = f"{pointer}/{text}"
    return pointer


def split(pointer: str) -> list[str]:
    """The unescaped tokens of a ``#/a/b`` or ``/a/b`` pointer."""
    body = pointer[1:] if pointer.startswith("#") else pointer
    if not body:
        return []
    if not body.startswith("/"):
        raise SpecError(f"malformed JSON pointer {pointer!r}", kind=ErrorKind.REF)
    return [unescape(token) if "~" in token else token for token in body[1:].split("/")]


def resolve(root: JSONValue, pointer: str) -> JSONValue:
    """The value at ``pointer`` (``#/components/schemas/Pet``) inside ``root``.

    A ``$ref`` is a URI, so its fragment may be percent-encoded (``#/components/schemas/a%20b``);
    the decoded reading is tried when the literal one names nothing.
    """
    found, node = _walk(root, split(pointer))
    if not found and "%" in pointer:
        found, node = _walk(root, split(unquote(pointer)))
    if not found:
        raise SpecError(f"$ref {pointer!r} points at nothing", kind=ErrorKind.REF)
    return node


def _walk(node: JSONValue, tokens: list[str]) -> tuple[bool, JSONValue]:
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node


def deref(root: JSONValue, node: JSONValue, pointer: str) -> tuple[JSONValue, str]:
    """Follow a chain of local ``$ref`` objects from ``node`` to the value they name.

    Returns the target and its pointer. A chain that loops back on itself (``A -> B -> A`` with
    nothing else in between) is an error; recursion *through* schemas is legal and is handled by
    the callers' memoisation, not here.
    """
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = str(node["$ref"])
        if not ref.startswith("#") or is_anchor(ref):
            # `#name` names a schema `$anchor`, and an absolute URI is an `$id`-relative ref
            # the bundler could not read: the schema view resolves (or reports) them
            break
        if ref in seen:
            raise SpecError(f"$ref cycle with no content at {ref!r}", kind=ErrorKind.REF)
        seen.add(ref)
        node, pointer = resolve(root, ref), ref
    return node, pointer
