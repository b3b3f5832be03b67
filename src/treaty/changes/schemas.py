"""Compare two JSON Schemas by meaning, once per (base node, revision node, direction).

:class:`SchemaDiffer` is the recursive comparer the parameter, body and response walkers call
for every schema they pair. It returns every change reachable from the pair, each located at
the element that changed (a shared component's own pointer, not a path through an operation),
and returns the *same* :class:`Change` objects whenever the same element is reached again, so
callers can group affected operations by change identity.

Cycle handling: the comparison graph (pairs of schema nodes, edges from a pair to the subschema
pairs it descends into) may be cyclic — Stripe has 73 schemas in ``$ref`` cycles. The driver is
an iterative depth-first walk that runs Tarjan's strongly-connected-components algorithm on the
fly. A step back into a pair that is still being compared adds an edge and nothing else, so the
walk terminates; when a component closes, all its pairs share one closure (their own changes
plus the closures of the components they reach), so every pair's answer is complete, not just
what was found before the cycle was cut. Each pair is walked once; the whole comparison is
linear in the size of the two documents.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field

from treaty._json import JSONObject, JSONValue
from treaty.changes import (
    schema_applicators,
    schema_arrays,
    schema_keywords,
    schema_objects,
    schema_variants,
)
from treaty.changes.model import Action, Aspect, Change, Direction, Target
from treaty.changes.schema_pair import Pair, Step
from treaty.changes.unchanged import Unchanged
from treaty.spec.dialect import Dialect
from treaty.spec.schema import Conj, ConjKey, Views, conj_key, normalise
from treaty.spec.values import canonical

__all__ = ["SchemaDiffer", "SchemaSite"]

_Key = tuple[ConjKey, ConjKey, Direction]


@dataclass(frozen=True, slots=True)
class SchemaSite:
    """A schema to compare and where it is.

    ``node`` is a schema object (possibly a ``$ref``), or for a Swagger 2.0 non-body parameter
    the parameter object itself (its ``name``/``in``/``required`` are ignored), or a synthesised
    object schema for Swagger 2.0 ``formData``.
    """

    node: JSONValue
    pointer: str  # RFC 6901 pointer of `node`


@dataclass(slots=True, eq=False)
class _Visit:
    """One pair on the walk: its pending steps and its Tarjan bookkeeping."""

    key: _Key
    steps: Iterator[Step]
    index: int
    low: int
    local: list[Change] = field(default_factory=list)
    children: list[_Key] = field(default_factory=list)


class SchemaDiffer:
    """The memoised, cycle-safe comparer of base and revision schemas."""

    def __init__(
        self,
        base_root: JSONObject,
        revision_root: JSONObject,
        base_dialect: Dialect,
        revision_dialect: Dialect,
        names: tuple[str, str] = ("", ""),
    ) -> None:
        self._base = Views(base_root, base_dialect, names[0])
        self._revision = Views(revision_root, revision_dialect, names[1])
        # pairs that are the same JSON reaching only unchanged refs are not walked at all
        self._unchanged = Unchanged(base_root, revision_root, base_dialect is revision_dialect)
        self._closures: dict[_Key, tuple[Change, ...]] = {}
        self._interned: dict[Hashable, Change] = {}
        self._walked = 0

    @property
    def unchanged(self) -> Unchanged:
        """The same-JSON test the comparer skips pairs by (memoised; shareable)."""
        return self._unchanged

    @property
    def pairs_compared(self) -> int:
        """How many (base, revision, direction) schema pairs have been walked so far."""
        return self._walked

    def compare(
        self, base: SchemaSite, revision: SchemaSite, direction: Direction
    ) -> tuple[Change, ...]:
        """Every change between two schemas as used in ``direction``, each reported once."""
        if self._unchanged.node(base.node, revision.node):
            return ()
        base_conj = self._base.conj(base.node, base.pointer)
        revision_conj = self._revision.conj(revision.node, revision.pointer)
        key = (conj_key(base_conj), conj_key(revision_conj), direction)
        if key not in self._closures:
            _Walk(self, direction).run(key, base_conj, revision_conj)
        return self._closures[key]

    def _pair(self, base: Conj, revision: Conj, direction: Direction) -> Pair:
        self._walked += 1
        return Pair(
            base=self._base.view(base),
            revision=self._revision.view(revision),
            direction=direction,
            base_views=self._base,
            revision_views=self._revision,
            unchanged=self._unchanged.conj,
        )

    def _intern(self, change: Change) -> Change:
        """The one object for this change: one root cause, one identity."""
        key = (
            change.target,
            change.aspect,
            change.action,
            change.direction,
            change.name,
            change.location,
            canonical(change.before),
            canonical(change.after),
            change.flags,
        )
        return self._interned.setdefault(key, change)


def walk(pair: Pair) -> Iterator[Step]:
    """Every change between the two views, and the subschema pairs to compare next."""
    yield from _unresolved(pair)
    nothing = (pair.base.rejects_all, pair.revision.rejects_all)
    if any(nothing):
        # `false` admits no value whatever else is written beside it: one fact, no keywords
        if not all(nothing):
            action = Action.ADDED if nothing[1] else Action.REMOVED
            yield pair.keyword(Aspect.FALSE_SCHEMA, action, nothing[0], nothing[1])
        return
    expanded = schema_variants.collapsed(pair)
    if expanded is not None:
        yield expanded
        return
    base_plain = schema_variants.reshaped(pair)
    if base_plain is not None:
        # one side is a plain schema, the other a oneOf/anyOf: the plain schema is compared
        # with its best-matching variant, never keyword by keyword with the wrapper
        yield from schema_variants.walk_reshaped(pair, base_plain)
        return
    yield from schema_keywords.walk(pair)
    yield from schema_objects.walk(pair)
    yield from schema_arrays.walk(pair)
    yield from schema_applicators.walk(pair)
    yield from schema_variants.walk(pair)


def _unresolved(pair: Pair) -> Iterator[Change]:
    """One "cannot judge" fact for a ``$dynamicRef`` treaty could not resolve statically (or
    an ``$id``-relative ``$ref`` the bundler could not read), unless the refs and every
    ``$dynamicAnchor`` they may reach are the same in both documents (then whatever it
    resolves to is the same on both sides: a URI names one schema)."""
    found = [
        [(ref, part.pointer) for part in view.conj if (ref := views.unresolved.get(id(part.node)))]
        for views, view in ((pair.base_views, pair.base), (pair.revision_views, pair.revision))
    ]
    if not found[0] and not found[1]:
        return
    (before, at_base), (after, at_revision) = (side[0] if side else (None, None) for side in found)
    name = (before or after or "").removeprefix("#")
    same = before == after and (
        pair.base_views.anchors.signature(name) == pair.revision_views.anchors.signature(name)
    )
    if not same:
        dynamic = (before or after or "").startswith("#")
        yield pair.change(
            target=Target.SCHEMA,
            aspect=Aspect.DYNAMIC_REF if dynamic else Aspect.UNRESOLVED_REF,
            action=Action.CHANGED,
            name=pair.name,
            before=before,
            after=after,
            base_pointer=at_base,
            revision_pointer=at_revision,
        )


def _opposite(direction: Direction) -> Direction:
    if direction is Direction.REQUEST:
        return Direction.RESPONSE
    if direction is Direction.RESPONSE:
        return Direction.REQUEST
    return direction


class _Walk:
    """One depth-first walk from a root pair, with Tarjan's SCC bookkeeping."""

    def __init__(self, differ: SchemaDiffer, direction: Direction) -> None:
        self._differ = differ
        self._direction = direction
        self._closures = differ._closures
        self._active: dict[_Key, _Visit] = {}  # open pairs: on the DFS or awaiting their SCC
        self._stack: list[_Visit] = []  # Tarjan's stack
        self._frames: list[_Visit] = []  # the DFS path
        self._counter = 0

    def run(self, key: _Key, base: Conj, revision: Conj) -> None:
        self._open(key, base, revision)
        while self._frames:
            top = self._frames[-1]
            step = next(top.steps, None)
            if step is None:
                self._finish(top)
            elif isinstance(step, Change):
                top.local.append(self._differ._intern(step))
            else:
                direction = _opposite(top.key[2]) if step.flip else top.key[2]
                base, revision = normalise(step.base), normalise(step.revision)
                child = (conj_key(base), conj_key(revision), direction)
                top.children.append(child)
                if child in self._closures:
                    continue
                seen = self._active.get(child)
                if seen is not None:  # a cycle back into a pair in progress: an edge only
                    top.low = min(top.low, seen.index)
                else:
                    self._open(child, base, revision)

    def _open(self, key: _Key, base: Conj, revision: Conj) -> None:
        if self._differ._unchanged.conj(base, revision):
            self._closures[key] = ()  # nothing to find: not walked, and not a cycle member
            return
        pair = self._differ._pair(base, revision, key[2])
        visit = _Visit(key, walk(pair), self._counter, self._counter)
        self._counter += 1
        self._active[key] = visit
        self._stack.append(visit)
        self._frames.append(visit)

    def _finish(self, visit: _Visit) -> None:
        self._frames.pop()
        if visit.low == visit.index:
            self._close(visit)
        if self._frames:
            parent = self._frames[-1]
            parent.low = min(parent.low, visit.low)

    def _close(self, root: _Visit) -> None:
        """Give every pair of a finished strongly-connected component the same closure."""
        members: list[_Visit] = []
        while True:
            member = self._stack.pop()
            members.append(member)
            if member is root:
                break
        inside = {member.key for member in members}
        found: dict[int, Change] = {}
        for member in reversed(members):
            for change in member.local:
                found.setdefault(id(change), change)
            for child in member.children:
                if child not in inside:
                    for change in self._closures[child]:
                        found.setdefault(id(change), change)
        closure = tuple(found.values())
        for member in members:
            self._closures[member.key] = closure
            del self._active[member.key]
