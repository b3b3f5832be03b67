"""Security: each operation's effective requirements, and the schemes they name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from treaty._json import JSONValue
from treaty.changes.facts import Site, listed
from treaty.changes.match import pair
from treaty.changes.model import Action, Aspect, Change, OperationKey, Scope, Target
from treaty.spec.document import OAuthFlow, Operation, SecurityRequirement, SecurityScheme, Spec


def _listed(requirement: SecurityRequirement) -> JSONValue:
    return {name: listed(scopes) for name, scopes in sorted(requirement.schemes.items())}


def _alternatives(operation: Operation) -> tuple[SecurityRequirement, ...]:
    """The operation's requirements; none at all means anonymous access (one empty AND-group).

    Without this, an API that starts requiring a key on an open operation would read as
    "an alternative was added" (a widening) instead of "anonymous access removed".
    """
    if operation.security:
        return operation.security
    return (SecurityRequirement(schemes={}, pointer=operation.pointer),)


def requirement_changes(base: Operation, revision: Operation) -> Iterator[Change]:
    """Alternatives (AND-groups of schemes) added or removed, and scope changes in matched ones."""
    pairing = pair(_alternatives(base), _alternatives(revision), lambda r: r.name)
    key = (revision.key,)
    for old in pairing.removed:
        site = Site(target=Target.SECURITY, base=old.pointer, revision=None, operations=key)
        yield site.change(Aspect.EXISTENCE, Action.REMOVED, before=_listed(old), name=old.name)
    for new in pairing.added:
        site = Site(target=Target.SECURITY, base=None, revision=new.pointer, operations=key)
        yield site.change(Aspect.EXISTENCE, Action.ADDED, after=_listed(new), name=new.name)
    for old, new in pairing.matched:
        site = Site(
            target=Target.SECURITY,
            base=old.pointer,
            revision=new.pointer,
            operations=key,
            parent=new.name,
        )
        for scheme in sorted(new.schemes):
            before, after = listed(old.schemes[scheme]), listed(new.schemes[scheme])
            yield from site.compare(Aspect.SCOPES, before, after, name=scheme)


def _users(pairs: Iterable[tuple[OperationKey, Operation]]) -> dict[str, set[OperationKey]]:
    users: dict[str, set[OperationKey]] = {}
    for key, operation in pairs:
        for requirement in operation.security:
            for scheme in requirement.schemes:
                users.setdefault(scheme, set()).add(key)
    return users


def scheme_changes(
    base: Spec, revision: Spec, operations: list[tuple[OperationKey, Operation]]
) -> Iterator[Change]:
    """Changes to declared security schemes, each carrying every operation that uses the scheme.

    ``operations`` holds each operation of either side under the key it is reported with.
    """
    users = _users(operations)
    pairing = pair(
        base.security_schemes.values(), revision.security_schemes.values(), lambda s: s.name
    )
    for old, new in pairing.sides():
        named = new or old
        assert named is not None
        site = Site.of(
            Target.SECURITY_SCHEME,
            old,
            new,
            operations=tuple(sorted(users.get(named.name, ()))),
            scope=Scope.DOCUMENT,
            name=named.name,
        )
        if old is None:
            yield site.added(after=named.kind)
        elif new is None:
            yield site.removed(before=named.kind)
        else:
            yield from _scheme_changes(site, old, new)


def _scheme_changes(site: Site, old: SecurityScheme, new: SecurityScheme) -> Iterator[Change]:
    yield from site.compare(Aspect.SCHEME_TYPE, old.kind, new.kind)
    yield from site.compare(Aspect.API_KEY_LOCATION, old.api_key_location, new.api_key_location)
    yield from site.compare(
        Aspect.OAUTH_URL, old.open_id_connect_url, new.open_id_connect_url, name="openIdConnectUrl"
    )
    flows = pair(old.flows.values(), new.flows.values(), lambda f: f.name)
    for flow in flows.removed:
        yield site.change(Aspect.OAUTH_FLOW, Action.REMOVED, before=flow.name, name=flow.name)
    for flow in flows.added:
        yield site.change(Aspect.OAUTH_FLOW, Action.ADDED, after=flow.name, name=flow.name)
    for before, after in flows.matched:
        yield from _flow_changes(site, before, after)


def _flow_changes(site: Site, old: OAuthFlow, new: OAuthFlow) -> Iterator[Change]:
    for field, before, after in (
        ("authorizationUrl", old.authorization_url, new.authorization_url),
        ("tokenUrl", old.token_url, new.token_url),
        ("refreshUrl", old.refresh_url, new.refresh_url),
    ):
        yield from site.compare(Aspect.OAUTH_URL, before, after, name=f"{new.name}.{field}")
    removed = set(old.scopes) - set(new.scopes)
    added = set(new.scopes) - set(old.scopes)
    if removed:
        yield site.change(
            Aspect.SCOPES, Action.REMOVED, list(old.scopes), list(new.scopes), name=new.name
        )
    if added:
        yield site.change(
            Aspect.SCOPES, Action.ADDED, list(old.scopes), list(new.scopes), name=new.name
        )
