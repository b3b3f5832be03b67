"""Webhooks and callbacks: operations the API sends, compared with directions swapped.

A webhook (3.1 top-level ``webhooks``) or a callback (an operation's ``callbacks``) is a
request the *API* makes to a subscriber. Its request body and parameters flow from the API
to the subscriber, like a response; the subscriber's reply flows to the API, like a request.
So every fact found in such an operation is judged in the opposite direction: a new enum value
in a callback payload widens what subscribers receive, and a new required property in a webhook
payload narrows what the API sends (safe for receivers — oasdiff applies request rules to
webhook payloads and calls it breaking).

The operations are compared by the same walkers as paths; this module pairs them and turns
their facts around. Schema pairs are registered reversed by :class:`SchemaPairs` itself (it
reads :attr:`OperationKey.reversed`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping

from treaty.changes.facts import Site
from treaty.changes.match import pair
from treaty.changes.model import Change, Direction, OperationKey, Target
from treaty.spec.document import Operation

# the per-operation comparison the engine runs for a matched pair
Compare = Callable[[Operation, Operation], list[Change]]
_Key = Callable[[Operation], tuple[str, str, str]]


def opposite(direction: Direction) -> Direction:
    """REQUEST <-> RESPONSE; NONE stays NONE."""
    if direction is Direction.REQUEST:
        return Direction.RESPONSE
    if direction is Direction.RESPONSE:
        return Direction.REQUEST
    return direction


def reverse(change: Change) -> Change:
    """A fact of a webhook or callback operation, in the direction its data really flows."""
    return dataclasses.replace(change, direction=opposite(change.direction))


def webhook_changes(
    base: Mapping[OperationKey, Operation],
    revision: Mapping[OperationKey, Operation],
    compare: Compare,
) -> Iterator[Change]:
    """Webhooks added and removed (by method and name); matched ones compared reversed."""
    yield from _paired(Target.WEBHOOK, base.values(), revision.values(), compare, _webhook_key)


def callback_changes(base: Operation, revision: Operation, compare: Compare) -> Iterator[Change]:
    """The callbacks of one matched operation: added, removed, and compared reversed."""

    def key(owner: Operation) -> _Key:
        suffix = f" of {owner.key.method.upper()} {owner.key.path}"
        return lambda callback: (
            callback.key.method,
            callback.key.path,
            callback.key.via.removesuffix(suffix),
        )

    yield from _paired(
        Target.CALLBACK,
        base.callbacks.values(),
        revision.callbacks.values(),
        compare,
        key(base),
        key(revision),
    )


def _webhook_key(operation: Operation) -> tuple[str, str, str]:
    return (operation.key.method, operation.key.path, operation.key.via)


def _paired(
    target: Target,
    base: Iterable[Operation],
    revision: Iterable[Operation],
    compare: Compare,
    key: _Key,
    revision_key: _Key | None = None,
) -> Iterator[Change]:
    pairing = pair(base, revision, key, revision_key)
    for old in pairing.removed:
        yield _site(target, old, None).removed(before=old.key.path)
    for new in pairing.added:
        yield _site(target, None, new).added(after=new.key.path)
    for old, new in pairing.matched:
        yield from map(reverse, compare(old, new))


def _site(target: Target, base: Operation | None, revision: Operation | None) -> Site:
    named = revision or base
    assert named is not None
    return Site.of(target, base, revision, operations=(named.key,), name=named.key.path)
