"""Walkers for ``oneOf``/``anyOf``: pair the variants of both sides, then compare the pairs.

Variants are paired by meaning, in order of confidence: the ``$ref`` name they point at, their
``title``, their discriminator value, and last their structural similarity (best-scoring pairs
first). A base variant left unpaired was REMOVED, a revision variant left unpaired was ADDED.

When only one side has alternatives ("reshaped": ``X`` became ``oneOf [X, Y]``, or back), the
plain side is compared with the variant it resembles most, and the others are reported as
added or removed: the wrapper is not a type change of everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from treaty._json import JSONObject
from treaty.changes.model import Action, Aspect, Change, Target
from treaty.changes.schema_overlap import overlap
from treaty.changes.schema_pair import Descend, Pair, Step
from treaty.spec.pointer import split
from treaty.spec.schema import Conj, Group, Part, SchemaView, Variant, Views
from treaty.spec.schema_merge import intersect_types
from treaty.spec.values import value_set

Matched = list[tuple[Variant, Variant]]


def reshaped(pair: Pair) -> bool | None:
    """Whether one side is a oneOf/anyOf wrapping the other: None if not, else ``base_plain``.

    Besides "only one side has alternatives", this recognises a plain side that is itself a
    named oneOf listed as a variant of the other side (``anyOf [string, $ref X]`` became
    ``$ref X``, where X is a oneOf): X is then one variant, not a new set of alternatives.
    """
    if len(pair.base.groups) > 1 or len(pair.revision.groups) > 1:
        return None  # several lists are conjuncts: `walk` pairs them list by list
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
    if len(base.groups) > 1 or len(revision.groups) > 1:
        yield from _walk_groups(pair)
        return
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
            pair,
            after,
            base.one_of or base.any_of,
            revision.one_of or revision.any_of,
            exclusive=False,
        )
        return
    yield from _compare(pair, Aspect.ONE_OF, base.one_of, revision.one_of)
    yield from _compare(pair, Aspect.ANY_OF, base.any_of, revision.any_of)


def _walk_groups(pair: Pair) -> Iterator[Step]:
    """Several oneOf/anyOf lists (from ``allOf`` members): each is a conjunct of its own.

    Lists are paired (by the variants they share, then where they are listed, then in
    order) and compared variant by variant. A list without a partner is a conjunct added
    (narrowing) or removed (widening): it is compared with "anything" through its first
    variant, so the constraints it adds or drops are judged like any others.
    """
    matched, removed, added = _match_groups(pair.base.groups, pair.revision.groups)
    for before, after in matched:
        aspect = Aspect.ONE_OF if after.keyword == "oneOf" else Aspect.ANY_OF
        if before.keyword != after.keyword:
            yield pair.change(
                target=Target.SCHEMA,
                aspect=Aspect.ONE_OF,
                action=Action.CHANGED,
                name=pair.name,
                before=before.keyword,
                after=after.keyword,
                base_pointer=before.pointer,
                revision_pointer=after.pointer,
            )
        yield from _compare(pair, aspect, before.variants, after.variants)
    for group in removed:
        yield from _unpaired_group(pair, group, added=False)
    for group in added:
        yield from _unpaired_group(pair, group, added=True)


def collapsed(pair: Pair) -> Descend | None:
    """With several lists: one side merges, as a sole branch, a variant of a list the other
    side has (``oneOf [A, B]`` became ``oneOf [A]``, which means ``A``). The side with the list
    is then compared with that variant merged in, so ``A``'s own keywords do not read as
    added to (or removed from) the whole schema; the rest of the list is judged there."""
    if len(pair.base.groups) <= 1 and len(pair.revision.groups) <= 1:
        return None
    _, removed, added = _match_groups(pair.base.groups, pair.revision.groups)
    for group in removed:
        kept = _kept(group, pair.revision)
        if kept is not None and _kept(group, pair.base) is None:
            return Descend(pair.base.conj + kept.conj, pair.revision.conj)
    for group in added:
        kept = _kept(group, pair.base)
        if kept is not None and _kept(group, pair.revision) is None:
            return Descend(pair.base.conj, pair.revision.conj + kept.conj)
    return None


def _kept(group: Group, view: SchemaView) -> Variant | None:
    """The variant of ``group`` that ``view`` merges (its first node is part of the view)."""
    merged = {part.pointer for part in view.conj}
    return next((v for v in group.variants if v.conj[0].pointer in merged), None)


def _unpaired_group(pair: Pair, group: Group, added: bool) -> Iterator[Step]:
    """A list on one side only. If both sides merge one of its variants (see `collapsed`),
    the others were added or removed. Otherwise the whole conjunct was added or dropped: it
    is compared with "anything" through its first variant, and nothing else is claimed."""
    there = pair.base if added else pair.revision
    kept = _kept(group, there)
    if kept is None:
        anything = (Part(_ANYTHING, there.pointer),)
        first = group.variants[0].conj
        yield Descend(anything, first) if added else Descend(first, anything)
        return
    aspect = Aspect.ONE_OF if group.keyword == "oneOf" else Aspect.ANY_OF
    for variant in group.variants:
        if variant is not kept:
            yield _unpaired(pair, aspect, variant, added=added)


# what a oneOf/anyOf list that is not there stands for (one object: its id is memoised on)
_ANYTHING: JSONObject = {}


def _match_groups(
    base: tuple[Group, ...], revision: tuple[Group, ...]
) -> tuple[list[tuple[Group, Group]], list[Group], list[Group]]:
    left, right = list(base), list(revision)
    matched: list[tuple[Group, Group]] = []

    def take(score: Callable[[Group, Group], float]) -> None:
        scored = sorted(
            ((score(b, r), i, j) for i, b in enumerate(left) for j, r in enumerate(right)),
            key=lambda item: (-item[0], item[1], item[2]),
        )
        used_left: set[int] = set()
        used_right: set[int] = set()
        for value, i, j in scored:
            if value > 0 and i not in used_left and j not in used_right:
                used_left.add(i)
                used_right.add(j)
                matched.append((left[i], right[j]))
        left[:] = [g for i, g in enumerate(left) if i not in used_left]
        right[:] = [g for j, g in enumerate(right) if j not in used_right]

    take(lambda b, r: len(_names(b) & _names(r)))
    take(lambda b, r: float(b.pointer == r.pointer))
    take(lambda b, r: float(b.keyword == r.keyword))
    return matched, left, right


def _names(group: Group) -> set[str]:
    return {name for v in group.variants for name in (v.ref_name, v.title) if name is not None}


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
    if base_plain and aspect is Aspect.ONE_OF:
        # the plain base accepted each of its values once: any branch that overlaps the
        # one it became now rejects some of them
        yield from _overlaps(pair, variants, {id(best): None}, exclusive=None)


def _any_overlap(variants: tuple[Variant, ...], views: Views) -> bool:
    return any(
        overlap(views.view(first.conj), views.view(second.conj), views)
        for i, first in enumerate(variants)
        for second in variants[i + 1 :]
    )


def _branch(variant: Variant) -> str:
    return variant.ref_name or variant.title or f"#{variant.index}"


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
    pair: Pair,
    aspect: Aspect,
    base: tuple[Variant, ...],
    revision: tuple[Variant, ...],
    *,
    exclusive: bool = True,
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
    if aspect is Aspect.ONE_OF:
        counterparts = {id(after): before for before, after in matched}
        yield from _overlaps(pair, revision, counterparts, exclusive=base if exclusive else None)


def _overlaps(
    pair: Pair,
    variants: Iterable[Variant],
    counterparts: Mapping[int, Variant | None],
    *,
    exclusive: tuple[Variant, ...] | None,
) -> Iterator[Change]:
    """Pairs of revision oneOf branches that overlap (`schema_overlap`) where they did not.

    ``counterparts`` maps each revision branch that stands for something of the base (by
    ``id``) to its base branch (None: the plain base schema). A pair of branches that are
    both new is skipped: the values both match were not accepted before either. When the
    base had a ``oneOf`` too (``exclusive``, its branches) and two of them overlapped
    already, its author uses ``oneOf`` as ``anyOf`` (as code generators read it): more
    overlap is no news there. A discriminator tells the branches apart by itself.
    """
    if pair.revision.discriminator is not None:
        return
    listed = list(variants)
    views = pair.revision_views
    base_overlaps: bool | None = None  # decided once, and only if a new overlap is found
    for i, first in enumerate(listed):
        for second in listed[i + 1 :]:
            before = counterparts.get(id(first)), counterparts.get(id(second))
            if id(first) not in counterparts and id(second) not in counterparts:
                continue
            if exclusive is not None and all(
                old is not None and pair.unchanged(old.conj, new.conj)
                for old, new in zip(before, (first, second), strict=True)
            ):
                continue  # two branches the same as in a base oneOf: as apart as they were
            if not overlap(views.view(first.conj), views.view(second.conj), views):
                continue
            if exclusive is not None and base_overlaps is None:
                base_overlaps = _any_overlap(exclusive, pair.base_views)
            if base_overlaps:
                return
            yield pair.change(
                target=Target.SCHEMA,
                aspect=Aspect.ONE_OF_OVERLAP,
                action=Action.ADDED,
                name=f"{_branch(first)} and {_branch(second)}",
                after=[_branch(first), _branch(second)],
                base_pointer=next((b.pointer for b in before if b is not None), None),
                revision_pointer=second.pointer,
            )


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
