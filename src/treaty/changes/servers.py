"""Document-level servers added or removed."""

from __future__ import annotations

from collections.abc import Iterator

from treaty.changes.facts import Site
from treaty.changes.match import pair
from treaty.changes.model import Action, Aspect, Change, Scope, Target
from treaty.spec.document import Spec


def server_changes(base: Spec, revision: Spec) -> Iterator[Change]:
    """A server URL only one side declares (compared without a trailing slash)."""
    pairing = pair(base.servers, revision.servers, lambda s: s.url.rstrip("/"))
    for old in pairing.removed:
        site = Site(target=Target.SERVER, base=old.pointer, revision=None, scope=Scope.DOCUMENT)
        yield site.change(Aspect.URL, Action.REMOVED, before=old.url, name=old.url)
    for new in pairing.added:
        site = Site(target=Target.SERVER, base=None, revision=new.pointer, scope=Scope.DOCUMENT)
        yield site.change(Aspect.URL, Action.ADDED, after=new.url, name=new.url)
