"""Parameter changes of one matched operation; their schemas go to the schema comparer."""

from __future__ import annotations

from collections.abc import Iterator

from treaty._json import JSONObject
from treaty.changes.facts import Site, required_flags
from treaty.changes.grouping import SchemaPairs
from treaty.changes.match import media_type_key, pair, parameter_key
from treaty.changes.model import Aspect, Change, Direction, Flag, Scope, Target
from treaty.spec.document import Operation, Parameter
from treaty.spec.pointer import deref


def _schema(root: JSONObject, parameter: Parameter) -> JSONObject:
    if parameter.schema is None:
        return {}
    node, _ = deref(root, parameter.schema.node, parameter.schema.pointer)
    return node if isinstance(node, dict) else {}


def _object_valued(root: JSONObject, parameter: Parameter) -> bool:
    if parameter.content:
        return True
    kind = _schema(root, parameter).get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "object" in kinds or "array" in kinds


def _flags(
    roots: tuple[JSONObject, JSONObject], base: Parameter | None, revision: Parameter | None
) -> frozenset[Flag]:
    flags = set(required_flags(base, revision))
    if base is not None and base.deprecated:
        flags.add(Flag.DEPRECATED_BEFORE)
    if revision is not None and revision.deprecated:
        flags.add(Flag.DEPRECATED_AFTER)
    # the default that counts is the revision's (the base's for a removed parameter)
    root, latest = (roots[1], revision) if revision is not None else (roots[0], base)
    if latest is not None and "default" in _schema(root, latest):
        flags.add(Flag.HAS_DEFAULT)
    sides = zip(roots, (base, revision), strict=True)
    if any(p is not None and _object_valued(r, p) for r, p in sides):
        flags.add(Flag.OBJECT_VALUED)
    return frozenset(flags)


def _site(
    roots: tuple[JSONObject, JSONObject],
    operation: Operation,
    base: Parameter | None,
    revision: Parameter | None,
) -> Site:
    named = revision or base
    assert named is not None
    return Site.of(
        Target.PARAMETER,
        base,
        revision,
        operations=(operation.key,),
        direction=Direction.REQUEST,
        scope=Scope.PARAMETER,
        name=named.name,
        parent=f"{named.location.value}:{named.name}",
        flags=_flags(roots, base, revision),
    )


def _serialization(parameter: Parameter) -> str:
    return "content" if parameter.content else "schema"


def parameter_changes(
    roots: tuple[JSONObject, JSONObject],
    base: Operation,
    revision: Operation,
    schemas: SchemaPairs,
) -> Iterator[Change]:
    """Added, removed and re-serialised parameters; schema pairs go to ``schemas``."""
    pairing = pair(
        base.parameters,
        revision.parameters,
        lambda p: parameter_key(p, base),
        lambda p: parameter_key(p, revision),
    )
    for old in pairing.removed:
        yield _site(roots, revision, old, None).removed(before=old.location.value)
    for new in pairing.added:
        yield _site(roots, revision, None, new).added(after=new.location.value)
    for old, new in pairing.matched:
        site = _site(roots, revision, old, new)
        yield from site.compare(Aspect.REQUIRED, old.required, new.required)
        yield from site.compare(Aspect.STYLE, old.style, new.style)
        yield from site.compare(Aspect.EXPLODE, old.explode, new.explode)
        yield from site.compare(
            Aspect.ALLOW_EMPTY_VALUE, old.allow_empty_value, new.allow_empty_value
        )
        yield from site.compare(Aspect.ALLOW_RESERVED, old.allow_reserved, new.allow_reserved)
        yield from site.compare(Aspect.SERIALIZATION, _serialization(old), _serialization(new))
        yield from site.compare(Aspect.DEPRECATED, old.deprecated, new.deprecated)
        yield from site.compare(Aspect.SUNSET, old.sunset, new.sunset)
        _pair_schemas(revision, old, new, schemas, site.parent or "")


def _pair_schemas(
    operation: Operation, old: Parameter, new: Parameter, schemas: SchemaPairs, parent: str
) -> None:
    if old.content and new.content:
        media = pair(old.content.values(), new.content.values(), lambda m: media_type_key(m.name))
        for base_media, revision_media in media.matched:
            schemas.add(
                operation.key, Scope.PARAMETER, parent, base_media.schema, revision_media.schema
            )
    elif not old.content and not new.content:
        schemas.add(operation.key, Scope.PARAMETER, parent, old.schema, new.schema)
