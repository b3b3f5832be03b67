"""Walkers for the 2020-12 applicators the normalised view does not fold in.

``contains``, ``unevaluatedItems``, ``propertyNames``, ``contentSchema``, each
``patternProperties`` and ``dependentSchemas`` entry, and ``then``/``else`` are subschemas that
only ever *constrain* the instance: both sides have one → compare inside; one side only → the
constraint was added (narrowing) or removed (widening). ``dependentRequired`` is compared as a
map of name sets, ``contentMediaType``/``contentEncoding`` as values. An ``if`` that changed
cannot be judged keyword by keyword: one ``conditional`` change. The keywords are read straight
from the conjunction's nodes (every ``allOf`` member that states one is a conjunct of it).
"""

from __future__ import annotations

from collections.abc import Iterator

from treaty._json import JSONObject, JSONValue
from treaty.changes.model import Action, Aspect, Flag, Target
from treaty.changes.schema_pair import Descend, Pair, Step
from treaty.spec.pointer import join
from treaty.spec.schema import Conj, SchemaView, Views
from treaty.spec.values import canonical

_SUBSCHEMAS = (
    Aspect.CONTAINS,
    Aspect.UNEVALUATED_ITEMS,
    Aspect.PROPERTY_NAMES,
    Aspect.CONTENT_SCHEMA,
)
_KEYWORDS = frozenset(
    {aspect.value for aspect in _SUBSCHEMAS}
    | {"patternProperties", "dependentSchemas", "dependentRequired", "if", "then", "else"}
    | {"contentMediaType", "contentEncoding"}
)


def walk(pair: Pair) -> Iterator[Step]:
    if not (_states(pair.base) or _states(pair.revision)):
        return  # the common case: none of these keywords on either side
    for aspect in _SUBSCHEMAS:
        yield from _subschema(
            pair, aspect, _sub(pair, aspect.value, base=True), _sub(pair, aspect.value, base=False)
        )
    yield from _entries(pair, Aspect.PATTERN_PROPERTIES)
    yield from _entries(pair, Aspect.DEPENDENT_SCHEMAS)
    yield from _dependent_required(pair)
    yield from _conditional(pair)
    for aspect in (Aspect.CONTENT_MEDIA_TYPE, Aspect.CONTENT_ENCODING):
        before, after = _first(pair.base, aspect.value), _first(pair.revision, aspect.value)
        if canonical(before) != canonical(after):
            yield pair.keyword(aspect, _presence(before, after), before, after)


def _states(view: SchemaView) -> bool:
    return any(not _KEYWORDS.isdisjoint(part.node.keys()) for part in view.conj)


def _presence(before: object, after: object) -> Action:
    if before is None:
        return Action.ADDED
    return Action.REMOVED if after is None else Action.CHANGED


def _trivial(value: JSONValue) -> bool:
    """``true`` and ``{}`` accept everything: as good as absent."""
    return value is True or value == {}


def _first(view: SchemaView, keyword: str) -> JSONValue:
    return next((part.node[keyword] for part in view.conj if keyword in part.node), None)


def _sub(pair: Pair, keyword: str, *, base: bool) -> tuple[Conj, str] | None:
    """The conjunction of every non-trivial ``keyword`` subschema of one side."""
    view, views = (pair.base, pair.base_views) if base else (pair.revision, pair.revision_views)
    conj: Conj = ()
    at: str | None = None
    for part in view.conj:
        if keyword in part.node and not _trivial(part.node[keyword]):
            where = join(part.pointer, keyword)
            conj += views.conj(part.node[keyword], where)
            at = at or where
    return None if at is None else (conj, at)


def _subschema(
    pair: Pair,
    aspect: Aspect,
    base: tuple[Conj, str] | None,
    revision: tuple[Conj, str] | None,
    label: str | None = None,
    flags: frozenset[Flag] = frozenset(),
) -> Iterator[Step]:
    if base is not None and revision is not None:
        yield Descend(base[0], revision[0])
    elif base is not None or revision is not None:
        yield pair.change(
            target=Target.SCHEMA,
            aspect=aspect,
            action=Action.ADDED if base is None else Action.REMOVED,
            name=pair.name,
            before=label if base is not None else None,
            after=label if revision is not None else None,
            flags=flags,
            base_pointer=base[1] if base is not None else pair.base.pointer,
            revision_pointer=revision[1] if revision is not None else pair.revision.pointer,
        )


def _map(views: Views, view: SchemaView, keyword: str) -> dict[str, tuple[Conj, str]]:
    found: dict[str, tuple[Conj, str]] = {}
    for part in view.conj:
        listed = part.node.get(keyword)
        if not isinstance(listed, dict):
            continue
        for key, schema in listed.items():
            where = join(part.pointer, keyword, key)
            conj = views.conj(schema, where)
            known = found.get(key)
            found[key] = (conj, where) if known is None else (known[0] + conj, known[1])
    return found


def _entries(pair: Pair, aspect: Aspect) -> Iterator[Step]:
    """``patternProperties`` / ``dependentSchemas``: one subschema per key."""
    base = _map(pair.base_views, pair.base, aspect.value)
    revision = _map(pair.revision_views, pair.revision, aspect.value)
    closed = pair.base.closed or pair.revision.closed
    # on a closed object a new pattern admits names that were rejected: the rules read the flag
    flags = (
        frozenset({Flag.CLOSED_OBJECT})
        if closed and aspect is Aspect.PATTERN_PROPERTIES
        else frozenset()
    )
    for key in dict.fromkeys([*base, *revision]):
        yield from _subschema(pair, aspect, base.get(key), revision.get(key), key, flags)


def _names(view: SchemaView) -> dict[str, list[str]]:
    found: dict[str, set[str]] = {}
    for part in view.conj:
        listed = part.node.get("dependentRequired")
        if isinstance(listed, dict):
            for key, names in listed.items():
                if isinstance(names, list):
                    found.setdefault(key, set()).update(str(name) for name in names)
    return {key: sorted(names) for key, names in sorted(found.items()) if names}


def _dependent_required(pair: Pair) -> Iterator[Step]:
    before, after = _names(pair.base), _names(pair.revision)
    if before != after:
        was: JSONObject = dict(before)  # type: ignore[arg-type]  # list[str] is JSON
        now: JSONObject = dict(after)  # type: ignore[arg-type]
        yield pair.keyword(Aspect.DEPENDENT_REQUIRED, Action.CHANGED, was, now)


def _conditional(pair: Pair) -> Iterator[Step]:
    base_if, revision_if = _first(pair.base, "if"), _first(pair.revision, "if")
    if base_if is None and revision_if is None:
        return
    if base_if is None or revision_if is None or canonical(base_if) != canonical(revision_if):
        action = _presence(base_if, revision_if)
        yield pair.keyword(Aspect.CONDITIONAL, action, base_if, revision_if)
        return
    for keyword in ("then", "else"):
        base = _sub(pair, keyword, base=True)
        revision = _sub(pair, keyword, base=False)
        yield from _subschema(pair, Aspect.CONDITIONAL, base, revision, keyword)
