"""The shape of a document's local ``$ref``s, measured without recursion.

Two facts every later stage relies on, checked here once so that no stage meets them as a
Python exception:

* :func:`check_cycles` (at load, for every command): a ``$ref`` whose chain of ``$ref``
  objects leads back to itself with no content in between (``A: {$ref: B}``, ``B: {$ref: A}``)
  names nothing at all; it is refused with the pointers of the cycle. Recursion *through*
  content (``A: {properties: {next: {$ref: A}}}``) is legal and is not a cycle here.
* :func:`longest_chain` and :func:`ref_depth` (before validating): how many ``$ref`` objects
  lead straight to one another at most, and how deep the document nests when every ``$ref`` is
  followed (cycles through content cut where they close). Tools that follow refs by recursion
  (openapi-spec-validator) need both bounded.

Values under ``example``, ``default``, ``enum`` and ``const`` are data: a ``$ref`` there is not
followed.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

from treaty._json import JSONObject, JSONValue
from treaty.errors import ErrorKind, SpecError

_DATA_KEYS = frozenset({"example", "default", "enum", "const"})


def _walk(node: JSONValue, tokens: list[str]) -> tuple[bool, JSONValue]:
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node


def _tokens(pointer: str) -> list[str]:
    body = pointer[1:]
    return [t.replace("~1", "/").replace("~0", "~") for t in body[1:].split("/")] if body else []


def target(root: JSONValue, ref: str) -> tuple[bool, JSONValue]:
    """What the local ``ref`` (``#/a/b``: it starts with ``#``) names, read as
    :func:`treaty.spec.pointer.resolve` reads it (the literal pointer first, then its
    percent-decoded reading); (False, None) for a missing or malformed pointer."""
    if len(ref) > 1 and ref[1] != "/":  # `#Pet`: no pointer at all
        return False, None
    found, node = _walk(root, _tokens(ref))
    if not found and "%" in ref:
        found, node = _walk(root, _tokens(unquote(ref)))
    return found, node


def _local_ref(node: JSONValue) -> str | None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            return ref
    return None


def local_refs(root: JSONObject) -> set[str]:
    """Every distinct local ``$ref`` string in ``root`` (data values excluded)."""
    found: set[str] = set()
    stack: list[JSONObject | list[JSONValue]] = [root]  # containers only
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if type(node) is dict:
            for key, value in node.items():
                if type(value) is dict or type(value) is list:
                    if key not in _DATA_KEYS:
                        push(value)
                elif key == "$ref" and type(value) is str and value.startswith("#"):
                    found.add(value)
        else:
            for item in node:
                if type(item) is dict or type(item) is list:
                    push(item)
    return found


def _follow(root: JSONObject, refs: set[str]) -> tuple[int, list[str]]:
    """(the longest run of ``$ref`` objects leading straight to one another, the pointers of
    the first content-free cycle met or [] when there is none)."""
    after: dict[int, int] = {}  # a node's id -> how many refs lead straight on from it
    longest = 0
    for start in sorted(refs):
        names: list[str] = []  # names[i] names nodes[i]
        nodes: list[int] = []
        position: dict[int, int] = {}
        ref: str | None = start
        tail = 0
        while ref is not None:
            found, node = target(root, ref)
            if not found:
                break
            ident = id(node)
            if ident in position:  # ref names a node already on this chain: a cycle
                return longest, [*names[position[ident] :], ref]
            names.append(ref)
            if ident in after:
                tail = after[ident]
                break
            position[ident] = len(nodes)
            nodes.append(ident)
            ref = _local_ref(node)
        total = len(names) + tail
        for index, ident in enumerate(nodes):
            after[ident] = total - index - 1
        longest = max(longest, total)
    return longest, []


def check_cycles(root: JSONObject, where: str) -> None:
    """Refuse a content-free ``$ref`` cycle, naming its pointers in order."""
    _, cycle = _follow(root, local_refs(root))
    if cycle:
        message = "$ref cycle with no content: " + " -> ".join(cycle)
        raise SpecError(message, where=where, kind=ErrorKind.REF)


def longest_chain(root: JSONObject) -> int:
    """The most ``$ref`` objects that lead straight to one another (``A -> B -> C``: 3)."""
    return _follow(root, local_refs(root))[0]


def ref_depth(root: JSONObject) -> int:
    """How deep ``root`` nests when every local ``$ref`` is followed: each object and array
    is one level, a ``$ref`` object's target is one level below it, and a ref back into a
    node still being walked (recursion through content) is cut there. Linear: each node's
    depth below it is computed once."""
    below: dict[int, int] = {}
    open_: set[int] = set()
    # frames: [node id, children still to visit, deepest child so far]
    stack: list[tuple[int, Iterator[JSONValue], list[int]]] = []

    def enter(node: JSONValue) -> None:
        children: list[JSONValue]
        if isinstance(node, dict):
            children = [v for k, v in node.items() if k not in _DATA_KEYS]
            ref = _local_ref(node)
            if ref is not None:
                children.append(target(root, ref)[1])
        else:
            assert isinstance(node, list)
            children = node
        open_.add(id(node))
        stack.append((id(node), iter(children), [0]))

    enter(root)
    result = 0
    while stack:
        ident, children, deepest = stack[-1]
        for child in children:
            if not isinstance(child, dict | list):
                continue
            known = below.get(id(child))
            if known is not None:
                deepest[0] = max(deepest[0], known)
            elif id(child) not in open_:
                enter(child)
                break
        else:
            stack.pop()
            open_.discard(ident)
            below[ident] = result = deepest[0] + 1
            if stack:
                parent = stack[-1][2]
                parent[0] = max(parent[0], result)
    return result
