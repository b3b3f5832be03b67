"""Request body changes of one matched operation, and media-type pairing shared with responses."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from treaty.changes.facts import Site, required_flags
from treaty.changes.grouping import SchemaPairs
from treaty.changes.match import media_type_key, pair
from treaty.changes.model import Aspect, Change, Direction, OperationKey, Scope, Target
from treaty.spec.document import MediaType, Operation


def media_type_changes(
    operation: OperationKey,
    base: Mapping[str, MediaType],
    revision: Mapping[str, MediaType],
    scope: Scope,
    status: str | None,
    schemas: SchemaPairs,
) -> Iterator[Change]:
    """Media types added or removed; matched ones hand their schemas to ``schemas``.

    ``status`` is the response status for response bodies (the change's parent), else None.
    """
    direction = Direction.REQUEST if scope is Scope.REQUEST_BODY else Direction.RESPONSE
    pairing = pair(base.values(), revision.values(), lambda media: media_type_key(media.name))
    for old, new in pairing.sides():
        media = old or new
        assert media is not None
        if old is not None and new is not None:
            parent = f"{status} {new.name}" if status else new.name
            schemas.add(operation, scope, parent, old.schema, new.schema)
            continue
        site = Site.of(
            Target.MEDIA_TYPE,
            old,
            new,
            operations=(operation,),
            direction=direction,
            scope=scope,
            name=media.name,
            parent=status,
        )
        yield site.removed(before=media.name) if old else site.added(after=media.name)


def request_body_changes(
    base: Operation, revision: Operation, schemas: SchemaPairs
) -> Iterator[Change]:
    """The request body added, removed, made (non-)required, and its media types."""
    old, new = base.request_body, revision.request_body
    if old is None and new is None:
        return
    site = Site.of(
        Target.REQUEST_BODY,
        old,
        new,
        operations=(revision.key,),
        direction=Direction.REQUEST,
        scope=Scope.REQUEST_BODY,
        flags=required_flags(old, new),
    )
    if old is None:
        yield site.added()
    elif new is None:
        yield site.removed()
    else:
        yield from site.compare(Aspect.REQUIRED, old.required, new.required)
        yield from media_type_changes(
            revision.key, old.content, new.content, Scope.REQUEST_BODY, None, schemas
        )
