"""One pair of schema views under comparison, and what walkers over it yield.

A walker is a generator over a :class:`Pair`. It yields :class:`~treaty.changes.model.Change`
facts about the pair itself and :class:`Descend` requests for pairs of subschemas; it never
recurses on its own. The driver in ``treaty.changes.schemas`` turns each request into a
memoised visit, which is what keeps the walk linear and makes cycles terminate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from treaty._json import JSONValue
from treaty.changes.model import Action, Aspect, Change, Direction, Flag, Location, Target
from treaty.spec.schema import Conj, SchemaView, Views


@dataclass(frozen=True, slots=True, eq=False)
class Descend:
    """A request to compare a pair of subschemas (changes inside carry their own pointers)."""

    base: Conj
    revision: Conj
    # inside `not`, what was narrowing widens: the subschemas are judged in the opposite
    # direction (removing a value from `not: {enum: [...]}` admits it)
    flip: bool = False


Step = Change | Descend


@dataclass(frozen=True, slots=True, eq=False)
class Pair:
    """Two views being compared in one direction, and the factories for what they yield."""

    base: SchemaView
    revision: SchemaView
    direction: Direction
    base_views: Views
    revision_views: Views
    # whether a base and a revision conjunction are the same unchanged nodes (cheap, exact)
    unchanged: Callable[[Conj, Conj], bool] = lambda base, revision: False
    name: str | None = field(init=False)

    def __post_init__(self) -> None:
        name = self.revision.property_name or self.base.property_name
        object.__setattr__(self, "name", name)

    def views(self, base: Conj, revision: Conj) -> tuple[SchemaView, SchemaView]:
        return self.base_views.view(base), self.revision_views.view(revision)

    def keyword(
        self, aspect: Aspect, action: Action, before: JSONValue, after: JSONValue
    ) -> Change:
        """A schema keyword change, located at the nodes that state the keyword."""
        return self.change(
            target=Target.SCHEMA,
            aspect=aspect,
            action=action,
            before=before,
            after=after,
            name=self.name,
            base_pointer=self.base.origin(aspect.value),
            revision_pointer=self.revision.origin(aspect.value),
        )

    def change(
        self,
        *,
        target: Target,
        aspect: Aspect,
        action: Action,
        name: str | None,
        base_pointer: str | None,
        revision_pointer: str | None,
        before: JSONValue = None,
        after: JSONValue = None,
        flags: frozenset[Flag] = frozenset(),
    ) -> Change:
        return Change(
            target=target,
            aspect=aspect,
            action=action,
            direction=self.direction,
            location=Location(base_pointer=base_pointer, revision_pointer=revision_pointer),
            name=name,
            before=before,
            after=after,
            flags=flags,
        )
