"""Operations that moved path: one "moved" fact instead of an unrelated removal and addition.

Operations pair by method and path template first (``match.pair_operations``); what is left
on each side may still be one operation under a new path. A removed and an added operation
are the same one when they have the same method and

- the same ``operationId``, or, when they do not name two different operationIds,
- the same structure: the same operation object and path-level parameters, path parameters
  compared by their position in the template (``{id}`` and ``{petId}`` are one parameter),

and the match is unambiguous: exactly one candidate on each side. Anything else stays a
removal and an addition, as oasdiff reports every move.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable

from treaty._json import JSONValue
from treaty.changes.facts import Site
from treaty.changes.match import Pairing
from treaty.changes.model import Action, Aspect, Change, Flag, Target
from treaty.spec.document import Operation, Spec
from treaty.spec.pointer import resolve

# an operation's words about itself: a moved operation may reword them
_NOT_STRUCTURE = frozenset({"operationId", "summary", "description", "tags", "externalDocs"})


def pair_moves(base: Spec, revision: Spec, pairing: Pairing[Operation]) -> Pairing[Operation]:
    """Split ``pairing``'s removed and added operations into moves and the rest.

    ``matched`` of the result holds the moves as (base, revision) pairs.
    """
    removed, added = list(pairing.removed), list(pairing.added)
    moves: list[tuple[Operation, Operation]] = []
    for key in (_by_operation_id, _by_structure(base, revision)):
        found = _unique_pairs(removed, added, key)
        moves.extend(found)
        moved = {id(side) for pair in found for side in pair}
        removed = [op for op in removed if id(op) not in moved]
        added = [op for op in added if id(op) not in moved]
    return Pairing(moves, removed, added)


def moved_operation(base: Operation, revision: Operation) -> Change:
    """The fact of a move, at the base operation; ``before`` carries what removal rules need."""
    site = Site(
        target=Target.OPERATION,
        base=base.pointer,
        revision=revision.pointer,
        operations=(base.key,),
        flags=frozenset({Flag.DEPRECATED_BEFORE}) if base.deprecated else frozenset(),
    )
    before: JSONValue = {"path": base.key.path, "sunset": base.sunset, "stability": base.stability}
    return site.change(Aspect.PATH, Action.CHANGED, before, revision.key.path)


def _unique_pairs(
    removed: list[Operation],
    added: list[Operation],
    key: Callable[[Operation], Hashable | None],
) -> list[tuple[Operation, Operation]]:
    olds: dict[Hashable, list[Operation]] = {}
    for operation in removed:
        found = key(operation)
        if found is not None:
            olds.setdefault(found, []).append(operation)
    news: dict[Hashable, list[Operation]] = {}
    for operation in added:
        found = key(operation)
        if found is not None and found in olds:
            news.setdefault(found, []).append(operation)
    return [
        (olds[found][0], candidates[0])
        for found, candidates in news.items()
        if len(candidates) == 1
        and len(olds[found]) == 1
        and _compatible(olds[found][0], candidates[0])
    ]


def _compatible(base: Operation, revision: Operation) -> bool:
    """Two different operationIds name two operations, whatever their structure."""
    ids = (base.operation_id, revision.operation_id)
    return None in ids or ids[0] == ids[1]


def _by_operation_id(operation: Operation) -> Hashable | None:
    return (
        None if operation.operation_id is None else (operation.key.method, operation.operation_id)
    )


def _by_structure(base: Spec, revision: Spec) -> Callable[[Operation], Hashable | None]:
    roots = {id(op): base.root for op in base.operations.values()}
    roots.update({id(op): revision.root for op in revision.operations.values()})

    def key(operation: Operation) -> Hashable | None:
        return (operation.key.method, _structure(roots[id(operation)], operation))

    return key


def _structure(root: JSONValue, operation: Operation) -> str:
    """The operation object and its path item's parameters as canonical JSON."""
    node = resolve(root, operation.pointer)
    item = resolve(root, operation.pointer.rsplit("/", 1)[0])
    assert isinstance(node, dict) and isinstance(item, dict)  # the model was built from them
    names = {name: f"#{index}" for index, name in enumerate(operation.path_parameters)}
    shape = {
        "operation": {
            key: _positional(value, names) if key == "parameters" else value
            for key, value in node.items()
            if key not in _NOT_STRUCTURE
        },
        "shared": _positional(item.get("parameters"), names),
        "arity": len(operation.path_parameters),
    }
    return json.dumps(shape, sort_keys=True, default=str)


def _positional(parameters: JSONValue, names: dict[str, str]) -> JSONValue:
    """Path parameters named by their position in the template, not by their name."""
    if not isinstance(parameters, list):
        return parameters
    return [
        {**parameter, "name": names.get(str(parameter.get("name")), parameter.get("name"))}
        if isinstance(parameter, dict) and parameter.get("in") == "path"
        else parameter
        for parameter in parameters
    ]
