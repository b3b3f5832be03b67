"""Walkers for object keywords: properties, ``required``, additional/unevaluated properties.

Direction policy: a property that is ``readOnly`` on both sides is never sent by clients, so a
request walk skips it, and so is one added or removed while ``readOnly`` (listing it in
``required`` binds responses only); one that is ``writeOnly`` on both sides is never returned,
so a response walk skips it. Everything else is reported with flags and judged by the rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from treaty.changes.model import Action, Aspect, Change, Direction, Flag, Target
from treaty.changes.schema_pair import Descend, Pair, Step
from treaty.spec.schema import Extra, Prop, SchemaView


def walk(pair: Pair) -> Iterator[Step]:
    base, revision = pair.base, pair.revision
    names = dict.fromkeys([*base.properties, *revision.properties])
    names.update(dict.fromkeys(sorted(base.required ^ revision.required)))
    for name in names:
        yield from _property(pair, name, base.properties.get(name), revision.properties.get(name))
    yield from _extra(pair, Aspect.ADDITIONAL_PROPERTIES, base.additional, revision.additional)
    yield from _extra(pair, Aspect.UNEVALUATED_PROPERTIES, base.unevaluated, revision.unevaluated)


def _property(pair: Pair, name: str, base: Prop | None, revision: Prop | None) -> Iterator[Step]:
    if base is not None and revision is not None:
        yield from _paired(pair, name, base, revision)
    elif base is not None:
        view = pair.base_views.view(base.conj)
        if not _never_sent(pair.direction, view):
            flags = _required(pair, name) | _access(view) | _closed(pair.revision)
            yield _existence(pair, name, Action.REMOVED, flags, base.pointer, None)
    elif revision is not None:
        view = pair.revision_views.view(revision.conj)
        if not _never_sent(pair.direction, view):
            flags = _required(pair, name) | _access(view) | _closed(pair.base)
            yield _existence(pair, name, Action.ADDED, flags, None, revision.pointer)
    else:  # listed in `required` without being declared
        yield _required_changed(pair, name, pair.base.origin("required"), None)


def _paired(pair: Pair, name: str, base: Prop, revision: Prop) -> Iterator[Step]:
    before, after = pair.views(base.conj, revision.conj)
    if _unused(pair.direction, before, after):
        return
    for aspect, was, now in (
        (Aspect.READ_ONLY, before.read_only, after.read_only),
        (Aspect.WRITE_ONLY, before.write_only, after.write_only),
    ):
        if was != now:
            yield pair.change(
                target=Target.PROPERTY,
                aspect=aspect,
                action=Action.CHANGED,
                name=name,
                before=was,
                after=now,
                flags=_required(pair, name),
                base_pointer=base.pointer,
                revision_pointer=revision.pointer,
            )
    if (name in pair.base.required) != (name in pair.revision.required):
        yield _required_changed(pair, name, base.pointer, after, revision.pointer)
    yield Descend(base.conj, revision.conj)


def _unused(direction: Direction, before: SchemaView, after: SchemaView) -> bool:
    """Whether the property never travels in this direction on either side."""
    if direction is Direction.REQUEST:
        return before.read_only and after.read_only
    if direction is Direction.RESPONSE:
        return before.write_only and after.write_only
    return False


def _never_sent(direction: Direction, view: SchemaView) -> bool:
    """A readOnly property in a request: clients never send it, whatever `required` says."""
    return direction is Direction.REQUEST and view.read_only


def _required_changed(
    pair: Pair,
    name: str,
    base_pointer: str,
    view: SchemaView | None,
    revision_pointer: str | None = None,
) -> Change:
    return pair.change(
        target=Target.PROPERTY,
        aspect=Aspect.REQUIRED,
        action=Action.CHANGED,
        name=name,
        before=name in pair.base.required,
        after=name in pair.revision.required,
        flags=frozenset() if view is None else _access(view),
        base_pointer=base_pointer,
        revision_pointer=revision_pointer or pair.revision.origin("required"),
    )


def _existence(
    pair: Pair,
    name: str,
    action: Action,
    flags: frozenset[Flag],
    base_pointer: str | None,
    revision_pointer: str | None,
) -> Change:
    return pair.change(
        target=Target.PROPERTY,
        aspect=Aspect.EXISTENCE,
        action=action,
        name=name,
        flags=flags,
        base_pointer=base_pointer,
        revision_pointer=revision_pointer,
    )


def _required(pair: Pair, name: str) -> frozenset[Flag]:
    flags = set()
    if name in pair.base.required:
        flags.add(Flag.REQUIRED_BEFORE)
    if name in pair.revision.required:
        flags.add(Flag.REQUIRED_AFTER)
    return frozenset(flags)


def _access(view: SchemaView) -> frozenset[Flag]:
    flags = set()
    if view.read_only:
        flags.add(Flag.READ_ONLY)
    if view.write_only:
        flags.add(Flag.WRITE_ONLY)
    if view.default is not None:
        flags.add(Flag.HAS_DEFAULT)
    return frozenset(flags)


def _closed(view: SchemaView) -> frozenset[Flag]:
    # the object on the side *without* the property: does it reject the property as unknown?
    return frozenset({Flag.CLOSED_OBJECT}) if view.closed else frozenset()


def _extra(pair: Pair, aspect: Aspect, base: Extra, revision: Extra) -> Iterator[Step]:
    if base.kind == "schema" and revision.kind == "schema":
        yield Descend(base.conj, revision.conj)
    elif base.kind != revision.kind:
        yield pair.change(
            target=Target.SCHEMA,
            aspect=aspect,
            action=Action.CHANGED,
            name=pair.name,
            before=base.kind,
            after=revision.kind,
            base_pointer=base.pointer or pair.base.pointer,
            revision_pointer=revision.pointer or pair.revision.pointer,
        )
