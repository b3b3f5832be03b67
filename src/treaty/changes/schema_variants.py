"""Walkers for ``oneOf``/``anyOf``: pair the variants of both sides, then compare the pairs.

Variants are paired by meaning, in order of confidence: the ``$ref`` name they point at, their
``title``, their discriminator value, and last their structural similarity (best-scoring pairs
first). A base variant left unpaired was REMOVED, a revision variant left unpaired was ADDED.

When only one side has alternatives ("reshaped": ``X`` became ``oneOf [X, Y]``, or back), the
plain side is compared with the variant it resembles most, and the others are reported as
added or removed: the wrapper is not a type change of everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from treaty.changes.model import Action, Aspect, Change, Target
from treaty.changes.schema_pair import Descend, Pair, Step
from treaty.spec.pointer import split
from treaty.spec.schema import Conj, Part, SchemaView, Variant, Views
from treaty.spec.schema_merge import intersect_types
from treaty.spec.values import value_set

Matched = list[tuple[Variant, Variant]]


def reshaped(pair: Pair) -> bool | None:
    """Whether one side is a oneOf/anyOf wrapping the other: None if not, else ``base_plain``.

    Besides "only one side has alternatives", this recognises a plain side that is itself a
    named oneOf listed as a variant of the other side (``anyOf [string, $ref X]`` became
    ``$ref X``, where X is a oneOf): X is then one variant, not a new set of alternatives.
    """
    base, revision = _alternatives(pair.base), _alternatives(pair.revision)
    if bool(base) != bool(revision):
        return not base
    if not base:
        return None
    for base_plain, plain, wrapped in ((True, pair.base, revision), (False, pair.revision, base)):
        other = pair.revision if base_plain else pair.base
        names = _component_names(plain) - _component_names(other)
        listed = {v.ref_name for v in _alternatives(plain)}
        if any(v.ref_name in names and v.ref_name not in listed for v in wrapped):
            return base_plain
    return None


def walk(pair: Pair) -> Iterator[Step]:
    base, revision = pair.base, pair.revision
    swapped = (
        bool(base.one_of) != bool(base.any_of)
        and bool(base.one_of) == bool(revision.any_of)
        and bool(base.any_of) == bool(revision.one_of)
    )
    if swapped:  # oneOf became anyOf (or back): pair the variants across keywords
        kind = Aspect.ONE_OF if base.one_of else Aspect.ANY_OF
        after = Aspect.ANY_OF if kind is Aspect.ONE_OF else Aspect.ONE_OF
        yield pair.keyword(Aspect.ONE_OF, Action.CHANGED, kind.value, after.value)
        yield from _compare(
            pair, after, base.one_of or base.any_of, revision.one_of or revision.any_of
        )
        return
    yield from _compare(pair, Aspect.ONE_OF, base.one_of, revision.one_of)
    yield from _compare(pair, Aspect.ANY_OF, base.any_of, revision.any_of)


def walk_reshaped(pair: Pair, base_plain: bool) -> Iterator[Step]:
    plain, wrapped = (pair.base, pair.revision) if base_plain else (pair.revision, pair.base)
    aspect = Aspect.ONE_OF if wrapped.one_of else Aspect.ANY_OF
    outer = _bare(wrapped.conj)
    # each variant means the wrapper's own keywords *and* the branch
    variants = [
        Variant(outer + v.conj, v.pointer, v.index, v.ref, v.title) for v in _alternatives(wrapped)
    ]
    views = pair.revision_views if base_plain else pair.base_views
    names = _component_names(plain)
    best = max(
        variants,
        key=lambda v: (v.ref_name in names, _score(plain, views.view(v.conj)), -v.index),
    )
    yield Descend(plain.conj, best.conj) if base_plain else Descend(best.conj, plain.conj)
    for variant in variants:
        if variant is not best:
            yield _unpaired(pair, aspect, variant, added=base_plain)


def _alternatives(view: SchemaView) -> tuple[Variant, ...]:
    return view.one_of or view.any_of


def _component_names(view: SchemaView) -> set[str | None]:
    """The names of the components this schema is (or merges)."""
    names: set[str | None] = set()
    for part in view.conj:
        tokens = split(part.pointer)
        if (len(tokens) == 3 and tokens[:2] == ["components", "schemas"]) or (
            len(tokens) == 2 and tokens[0] == "definitions"
        ):
            names.add(tokens[-1])
    return names


def _bare(conj: Conj) -> Conj:
    return tuple(Part(part.node, part.pointer, bare=True) for part in conj)


def _compare(
    pair: Pair, aspect: Aspect, base: tuple[Variant, ...], revision: tuple[Variant, ...]
) -> Iterator[Step]:
    if not base and not revision:
        return
    matched, removed, added = match(pair, base, revision)
    for before, after in matched:
        yield Descend(before.conj, after.conj)
    for variant in removed:
        yield _unpaired(pair, aspect, variant, added=False)
    for variant in added:
        yield _unpaired(pair, aspect, variant, added=True)


def _unpaired(pair: Pair, aspect: Aspect, variant: Variant, added: bool) -> Change:
    views = pair.revision_views if added else pair.base_views
    summary = _describe(variant, views.view(variant.conj))
    return pair.change(
        target=Target.SCHEMA,
        aspect=aspect,
        action=Action.ADDED if added else Action.REMOVED,
        name=variant.label,
        before=None if added else summary,
        after=summary if added else None,
        base_pointer=None if added else variant.pointer,
        revision_pointer=variant.pointer if added else None,
    )


def _describe(variant: Variant, view: SchemaView) -> str:
    if variant.ref:
        return variant.ref
    if variant.title:
        return variant.title
    return " | ".join(sorted(view.types)) if view.types else "schema"


def match(
    pair: Pair, base: tuple[Variant, ...], revision: tuple[Variant, ...]
) -> tuple[Matched, list[Variant], list[Variant]]:
    """Pair variants by ref name, title, discriminator value, then structure."""
    left, right = list(base), list(revision)
    matched: Matched = []
    keys: tuple[Callable[[Variant, SchemaView, Views], object], ...] = (
        lambda v, _view, _views: v.ref_name,
        lambda v, _view, _views: v.title,
        _discriminator_value,
    )
    for key in keys:
        _pair_by_key(pair, key, left, right, matched)
    _pair_by_structure(pair, left, right, matched)
    return matched, left, right


def _pair_by_key(
    pair: Pair,
    key: Callable[[Variant, SchemaView, Views], object],
    left: list[Variant],
    right: list[Variant],
    matched: Matched,
) -> None:
    index: dict[object, Variant] = {}
    for variant in right:
        found = key(variant, pair.revision, pair.revision_views)
        if found is not None:
            index.setdefault(found, variant)
    for variant in list(left):
        found = key(variant, pair.base, pair.base_views)
        partner = index.pop(found, None) if found is not None else None
        if partner is not None and partner in right:
            matched.append((variant, partner))
            left.remove(variant)
            right.remove(partner)


def _discriminator_value(variant: Variant, owner: SchemaView, views: Views) -> object:
    """The discriminator value selecting this variant: from the mapping or a one-value enum."""
    if owner.discriminator is None:
        return None
    for key, target in owner.mapping.items():
        # mapping values are refs or bare component names
        if variant.ref_name is not None and target.rsplit("/", 1)[-1] == variant.ref_name:
            return key
    prop = views.view(variant.conj).properties.get(owner.discriminator)
    if prop is None:
        return None
    enum = views.view(prop.conj).enum
    return value_set(enum) if enum else None


def _pair_by_structure(
    pair: Pair, left: list[Variant], right: list[Variant], matched: Matched
) -> None:
    scored = [
        (_score(pair.base_views.view(b.conj), pair.revision_views.view(r.conj)), i, j)
        for i, b in enumerate(left)
        for j, r in enumerate(right)
    ]
    used_left: set[int] = set()
    used_right: set[int] = set()
    for score, i, j in sorted(scored, key=lambda item: (-item[0], item[1], item[2])):
        if score <= 0 or i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        matched.append((left[i], right[j]))
    left[:] = [v for i, v in enumerate(left) if i not in used_left]
    right[:] = [v for j, v in enumerate(right) if j not in used_right]


def _score(base: SchemaView, revision: SchemaView) -> float:
    """How alike two variants look; 0 means they cannot be the same variant."""
    typed = base.types is not None and revision.types is not None
    if typed and not intersect_types(base.types or frozenset(), revision.types or frozenset()):
        return 0.0
    score = 1.0 + (2.0 if base.types == revision.types else 0.0)
    names = base.properties.keys() | revision.properties.keys()
    if names:
        common = base.properties.keys() & revision.properties.keys()
        score += 4.0 * len(common) / len(names)
    if base.enum is not None and revision.enum is not None:
        union = value_set(base.enum) | value_set(revision.enum)
        if union:
            score += 2.0 * len(value_set(base.enum) & value_set(revision.enum)) / len(union)
    return score
