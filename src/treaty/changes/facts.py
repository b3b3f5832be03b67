"""Where a fact is reported, and the Change constructors every walker shares."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, TypedDict, Unpack

from treaty._json import JSONValue
from treaty.changes.model import (
    Action,
    Aspect,
    Change,
    Direction,
    Flag,
    Location,
    OperationKey,
    Scope,
    Target,
)


class Located(Protocol):
    """Anything of the Spec model that knows where it is."""

    @property
    def pointer(self) -> str: ...


class How(TypedDict, total=False):
    """The optional fields of a :class:`Site`."""

    operations: tuple[OperationKey, ...]
    direction: Direction
    scope: Scope
    name: str | None
    parent: str | None
    flags: frozenset[Flag]


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """The element a walker is looking at: its pointers on each side and how to report it.

    The pointer of the side where the element does not exist is dropped by the action: an
    ADDED change has no base pointer, a REMOVED change no revision pointer.
    """

    target: Target
    base: str | None
    revision: str | None
    operations: tuple[OperationKey, ...] = ()
    direction: Direction = Direction.NONE
    scope: Scope = Scope.OPERATION
    name: str | None = None
    parent: str | None = None
    flags: frozenset[Flag] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls, target: Target, base: Located | None, revision: Located | None, **how: Unpack[How]
    ) -> Site:
        """The site of an element present on one or both sides (``how``: the other fields)."""
        return cls(
            target=target,
            base=base.pointer if base else None,
            revision=revision.pointer if revision else None,
            **how,
        )

    def change(
        self,
        aspect: Aspect,
        action: Action,
        before: JSONValue = None,
        after: JSONValue = None,
        *,
        name: str | None = None,
    ) -> Change:
        """A change of this element."""
        return Change(
            target=self.target,
            aspect=aspect,
            action=action,
            direction=self.direction,
            location=Location(
                base_pointer=None if action is Action.ADDED else self.base,
                revision_pointer=None if action is Action.REMOVED else self.revision,
            ),
            scope=self.scope,
            operations=self.operations,
            name=self.name if name is None else name,
            parent=self.parent,
            before=before,
            after=after,
            flags=self.flags,
        )

    def added(self, after: JSONValue = None) -> Change:
        """The element exists only in the revision."""
        return self.change(Aspect.EXISTENCE, Action.ADDED, after=after)

    def removed(self, before: JSONValue = None) -> Change:
        """The element exists only in the base."""
        return self.change(Aspect.EXISTENCE, Action.REMOVED, before=before)

    def compare(
        self, aspect: Aspect, before: JSONValue, after: JSONValue, *, name: str | None = None
    ) -> Iterator[Change]:
        """A CHANGED fact when the two values differ."""
        if before != after:
            yield self.change(aspect, Action.CHANGED, before, after, name=name)

    def presence(
        self, aspect: Aspect, before: JSONValue, after: JSONValue, *, name: str | None = None
    ) -> Iterator[Change]:
        """ADDED / REMOVED / CHANGED for an optional value (None = absent)."""
        if before is None and after is not None:
            yield self.change(aspect, Action.ADDED, after=after, name=name)
        elif before is not None and after is None:
            yield self.change(aspect, Action.REMOVED, before=before, name=name)
        else:
            yield from self.compare(aspect, before, after, name=name)


def listed(values: Iterable[str]) -> list[JSONValue]:
    """Strings as a sorted JSON list (tags, scopes)."""
    return list(sorted(values))


class Requirable(Protocol):
    """Anything of the Spec model that may be required."""

    @property
    def required(self) -> bool: ...


def required_flags(base: Requirable | None, revision: Requirable | None) -> frozenset[Flag]:
    """REQUIRED_BEFORE / REQUIRED_AFTER for an element that exists on one or both sides."""
    flags = set()
    if base is not None and base.required:
        flags.add(Flag.REQUIRED_BEFORE)
    if revision is not None and revision.required:
        flags.add(Flag.REQUIRED_AFTER)
    return frozenset(flags)
