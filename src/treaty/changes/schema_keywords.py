"""Walkers for the value keywords of one schema pair: type, nullability, enums, bounds, …

Each walker compares one notion of the two normalised views and yields at most a few changes.
Values are compared by JSON meaning (``treaty.spec.values``), never by spelling.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from treaty._json import JSONValue
from treaty.changes.model import Action, Aspect, Change, Target
from treaty.changes.pattern import equivalent, unconstrained
from treaty.changes.schema_pair import Descend, Pair, Step
from treaty.changes.schema_variants import match
from treaty.errors import SpecError
from treaty.spec.pointer import resolve
from treaty.spec.schema import Bound, Conj, SchemaView, Variant
from treaty.spec.values import of_type, value_set

_LIMITS = (
    Aspect.MULTIPLE_OF,
    Aspect.MIN_LENGTH,
    Aspect.MAX_LENGTH,
    Aspect.MIN_ITEMS,
    Aspect.MAX_ITEMS,
    Aspect.MIN_PROPERTIES,
    Aspect.MAX_PROPERTIES,
    Aspect.MIN_CONTAINS,
    Aspect.MAX_CONTAINS,
)


def walk(pair: Pair) -> Iterator[Step]:
    # readOnly/writeOnly mean something only on a property ("relevant only for Schema
    # properties definitions"): schema_objects reports them there, with the property's
    # required flags, also when the keyword sits in the component the property `$ref`s
    yield from _types(pair)
    yield from _values(pair)
    yield from _bounds(pair)
    yield from _discriminator(pair)
    yield from _negation(pair)


def presence(before: object, after: object) -> Action:
    """ADDED / REMOVED / CHANGED for a keyword that may be absent (None) on either side."""
    if before is None:
        return Action.ADDED
    return Action.REMOVED if after is None else Action.CHANGED


def _type_names(view: SchemaView) -> JSONValue:
    return None if view.types is None else list[JSONValue](sorted(view.types))


def _types(pair: Pair) -> Iterator[Change]:
    base, revision = pair.base, pair.revision
    # when both sides list their values, each of a declared type, the enums say everything
    # the types would (a type its values do not fit admits none of them: that is reported)
    enumerated = _typed_values(base) and _typed_values(revision)
    if base.types != revision.types and not enumerated:
        yield pair.keyword(Aspect.TYPE, Action.CHANGED, _type_names(base), _type_names(revision))
    # going to or from "any type" already says everything about null
    any_changed = (base.types is None) != (revision.types is None)
    if base.nullable != revision.nullable and not any_changed:
        yield pair.keyword(Aspect.NULLABLE, Action.CHANGED, base.nullable, revision.nullable)
    if base.format != revision.format:
        action = presence(base.format, revision.format)
        yield pair.keyword(Aspect.FORMAT, action, base.format, revision.format)


def _typed_values(view: SchemaView) -> bool:
    """Whether ``view`` lists its values and every one is of a type it declares."""
    if view.enum is None:
        return False
    types = view.types
    return types is None or all(of_type(value, types) for value in view.enum)


def _values(pair: Pair) -> Iterator[Change]:
    base, revision = pair.base, pair.revision
    if _swapped(base.enum, revision.enum):
        # a `const` (or one-value enum) swapped for another: one value removed, one added,
        # reported as one fact naming both
        assert base.enum is not None and revision.enum is not None  # _swapped checked it
        yield pair.keyword(Aspect.CONST, Action.CHANGED, base.enum[0], revision.enum[0])
    elif _values_differ(base.enum, revision.enum):
        yield pair.keyword(Aspect.ENUM, Action.CHANGED, _listed(base.enum), _listed(revision.enum))
    for aspect, before, after in (
        (Aspect.EXTENSIBLE_ENUM, base.extensible_enum, revision.extensible_enum),
    ):
        if _values_differ(before, after):
            yield pair.keyword(aspect, Action.CHANGED, _listed(before), _listed(after))
    if _values_differ(base.default, revision.default):
        was = None if base.default is None else base.default[0]
        now = None if revision.default is None else revision.default[0]
        yield pair.keyword(Aspect.DEFAULT, presence(base.default, revision.default), was, now)


def _swapped(before: tuple[JSONValue, ...] | None, after: tuple[JSONValue, ...] | None) -> bool:
    """Whether both sides admit exactly one (non-null) value, and not the same one."""
    if before is None or after is None:
        return False
    return len(value_set(before)) == 1 == len(value_set(after)) and _values_differ(before, after)


def _values_differ(
    before: tuple[JSONValue, ...] | None, after: tuple[JSONValue, ...] | None
) -> bool:
    """Whether two value sets differ (None: no constraint); order and duplicates do not count."""
    if before is None or after is None:
        return before is not after
    return value_set(before) != value_set(after)


def _listed(values: tuple[JSONValue, ...] | None) -> JSONValue:
    return None if values is None else list(values)


def _bound(bound: Bound | None) -> JSONValue:
    return None if bound is None else bound.as_json()


def _bounds(pair: Pair) -> Iterator[Change]:
    base, revision = pair.base, pair.revision
    if base.minimum != revision.minimum:
        yield pair.keyword(
            Aspect.MINIMUM, Action.CHANGED, _bound(base.minimum), _bound(revision.minimum)
        )
    if base.maximum != revision.maximum:
        yield pair.keyword(
            Aspect.MAXIMUM, Action.CHANGED, _bound(base.maximum), _bound(revision.maximum)
        )
    for aspect in _LIMITS:
        before, after = base.limits.get(aspect.value), revision.limits.get(aspect.value)
        if before != after:
            yield pair.keyword(aspect, Action.CHANGED, before, after)
    if base.unique_items != revision.unique_items:
        yield pair.keyword(
            Aspect.UNIQUE_ITEMS, Action.CHANGED, base.unique_items, revision.unique_items
        )
    yield from _patterns(pair)


def _patterns(pair: Pair) -> Iterator[Change]:
    """Patterns are conjuncts: one only on the base side was removed (widening), one only on
    the revision side added (narrowing); when both sides lost and gained one, which way the
    meaning moved cannot be decided, and that is one "changed"."""
    # a pattern every string matches (`pattern: ''`) is no constraint: it is absent
    base = [p for p in pair.base.patterns if not unconstrained(p[0])]
    revision = [p for p in pair.revision.patterns if not unconstrained(p[0])]
    if len(base) == 1 and len(revision) == 1 and equivalent(base[0][0], revision[0][0]):
        return  # the usual case: one pattern, spelt alike
    lost = [p for p in base if not any(equivalent(p[0], q[0]) for q in revision)]
    gained = [q for q in revision if not any(equivalent(p[0], q[0]) for p in base)]
    if lost and gained:
        yield _pattern(pair, _spelt(lost), _spelt(gained), lost[0][1], gained[0][1])
        return
    for pattern, at in lost:
        yield _pattern(pair, pattern, None, at, pair.revision.origin(Aspect.PATTERN.value))
    for pattern, at in gained:
        yield _pattern(pair, None, pattern, pair.base.origin(Aspect.PATTERN.value), at)


def _spelt(patterns: list[tuple[str, str]]) -> JSONValue:
    return patterns[0][0] if len(patterns) == 1 else [pattern for pattern, _ in patterns]


def _pattern(
    pair: Pair, before: JSONValue, after: JSONValue, base_pointer: str, revision_pointer: str
) -> Change:
    return pair.change(
        target=Target.SCHEMA,
        aspect=Aspect.PATTERN,
        action=Action.CHANGED,
        name=pair.name,
        before=before,
        after=after,
        base_pointer=base_pointer,
        revision_pointer=revision_pointer,
    )


def _discriminator(pair: Pair) -> Iterator[Change]:
    base, revision = pair.base, pair.revision
    if base.discriminator != revision.discriminator:
        yield pair.keyword(
            Aspect.DISCRIMINATOR, Action.CHANGED, base.discriminator, revision.discriminator
        )
    if base.discriminator is None or revision.discriminator is None:
        # a mapping that comes or goes with its discriminator names the variants there
        # are: the kinds of values are the variants, compared on their own
        return
    for key in sorted(base.mapping.keys() | revision.mapping.keys()):
        before, after = base.mapping.get(key), revision.mapping.get(key)
        if before != after and not (before and after and _counterparts(pair, before, after)):
            yield pair.change(
                target=Target.SCHEMA,
                aspect=Aspect.DISCRIMINATOR_MAPPING,
                action=presence(before, after),
                name=key,
                before=before,
                after=after,
                base_pointer=base.origin("discriminator"),
                revision_pointer=revision.origin("discriminator"),
            )


def _counterparts(pair: Pair, before: str, after: str) -> bool:
    """Whether a discriminator value still selects the same kind under a new schema name.

    When both names are variants, the value maps to counterparts if the variant walk pairs
    them (then whatever differs between them is reported there, once). A target that is
    not a variant (an ``allOf`` subtype) is the same kind when it is the same JSON.
    """
    olds, news = pair.base.one_of or pair.base.any_of, pair.revision.one_of or pair.revision.any_of
    old, new = _named(olds, before), _named(news, after)
    if old is not None and new is not None:
        matched, _, _ = match(pair, olds, news)
        return any(a is old and b is new for a, b in matched)
    return _same_json(pair, before, after)


def _named(variants: tuple[Variant, ...], target: str) -> Variant | None:
    name = target.rsplit("/", 1)[-1]
    return next((v for v in variants if v.ref_name == name), None)


def _same_json(pair: Pair, before: str, after: str) -> bool:
    try:
        old = resolve(pair.base_views.root, _mapped(before))
        new = resolve(pair.revision_views.root, _mapped(after))
    except SpecError:  # a mapping to nothing is compared by name
        return False
    return json.dumps(old, sort_keys=True) == json.dumps(new, sort_keys=True)


def _mapped(target: str) -> str:
    """A mapping value as a pointer: a ref, or a bare component name."""
    return target if target.startswith("#") else f"#/components/schemas/{target}"


def _negation(pair: Pair) -> Iterator[Step]:
    """Each ``not`` is a conjunct: pair them like variants, compare inside with the direction
    flipped; one without a partner was added (narrowing) or removed (widening)."""
    base, revision = pair.base.negated, pair.revision.negated
    if not base and not revision:
        return
    if len(base) == 1 and len(revision) == 1:
        yield Descend(base[0].conj, revision[0].conj, flip=True)
        return
    matched, removed, added = match(pair, base, revision)
    for before, after in matched:
        yield Descend(before.conj, after.conj, flip=True)
    for variant in removed:
        yield _not(pair, Action.REMOVED, _owner(variant.pointer), pair.revision.pointer)
    for variant in added:
        yield _not(pair, Action.ADDED, pair.base.pointer, _owner(variant.pointer))


def _owner(pointer: str) -> str:
    """The schema a ``…/not`` subschema belongs to."""
    return pointer.rpartition("/")[0]


def _not(pair: Pair, action: Action, base_pointer: str, revision_pointer: str) -> Change:
    return pair.change(
        target=Target.SCHEMA,
        aspect=Aspect.NOT,
        action=action,
        name=pair.name,
        base_pointer=base_pointer,
        revision_pointer=revision_pointer,
    )


def subschema(
    pair: Pair, aspect: Aspect, base: Conj | None, revision: Conj | None
) -> Iterator[Step]:
    """Descend into a keyword's subschema when both sides have one; else it was added/removed."""
    if base is not None and revision is not None:
        yield Descend(base, revision)
    elif base is not None or revision is not None:
        yield pair.keyword(aspect, presence(base, revision), None, None)
