"""Response changes of one matched operation: statuses, media types, headers."""

from __future__ import annotations

from collections.abc import Iterator

from treaty.changes.bodies import media_type_changes
from treaty.changes.facts import Site, required_flags
from treaty.changes.grouping import SchemaPairs
from treaty.changes.match import pair, status_key
from treaty.changes.model import Aspect, Change, Direction, OperationKey, Scope, Target
from treaty.spec.document import Operation, Response


def response_changes(
    base: Operation, revision: Operation, schemas: SchemaPairs
) -> Iterator[Change]:
    """Statuses added or removed; matched responses compared by media type and header."""
    key = revision.key
    pairing = pair(
        base.responses.values(), revision.responses.values(), lambda r: status_key(r.status)
    )
    for old in pairing.removed:
        yield _site(key, old, None).removed(before=old.status)
    for new in pairing.added:
        yield _site(key, None, new).added(after=new.status)
    for old, new in pairing.matched:
        yield from media_type_changes(
            key, old.content, new.content, Scope.RESPONSE_BODY, new.status, schemas
        )
        yield from _header_changes(key, old, new, schemas)


def _site(operation: OperationKey, old: Response | None, new: Response | None) -> Site:
    named = new or old
    assert named is not None
    return Site.of(
        Target.RESPONSE,
        old,
        new,
        operations=(operation,),
        direction=Direction.RESPONSE,
        name=named.status,
    )


def _header_changes(
    operation: OperationKey, base: Response, revision: Response, schemas: SchemaPairs
) -> Iterator[Change]:
    pairing = pair(base.headers.values(), revision.headers.values(), lambda h: h.name.lower())
    for old, new in pairing.sides():
        named = new or old
        assert named is not None
        site = Site.of(
            Target.HEADER,
            old,
            new,
            operations=(operation,),
            direction=Direction.RESPONSE,
            scope=Scope.RESPONSE_HEADER,
            name=named.name,
            parent=revision.status,
            flags=required_flags(old, new),
        )
        if old is None:
            yield site.added()
        elif new is None:
            yield site.removed()
        else:
            yield from site.compare(Aspect.REQUIRED, old.required, new.required)
            parent = f"{revision.status} {new.name}"
            schemas.add(operation, Scope.RESPONSE_HEADER, parent, old.schema, new.schema)
