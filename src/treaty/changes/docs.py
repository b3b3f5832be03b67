"""Documentation-only differences, for ``treaty diff --docs``: never on the breaking path.

Summaries, descriptions, titles, examples and ``x-`` extensions of the document's info and of
each matched operation, parameter, request body, media type, response and header. Values are
compared as JSON (plain equality is exact for parsed JSON, so deepdiff is not needed here).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from treaty.changes.facts import Site
from treaty.changes.match import media_type_key, pair, parameter_key, status_key
from treaty.changes.model import Aspect, Change, JSONObject, OperationKey, Scope, Target
from treaty.spec.document import MediaType, Operation, Spec
from treaty.spec.pointer import join, resolve

_FIELDS = {
    "summary": Aspect.SUMMARY,
    "description": Aspect.DESCRIPTION,
    "title": Aspect.TITLE,
    "example": Aspect.EXAMPLE,
    "examples": Aspect.EXAMPLE,
}
_INFO = ("version", "termsOfService", "contact", "license", "summary")


def _node(root: JSONObject, pointer: str) -> JSONObject:
    node = resolve(root, pointer)
    return node if isinstance(node, dict) else {}


def _fields(
    site: Site, base: JSONObject, revision: JSONObject, keys: Iterable[tuple[str, Aspect]]
) -> Iterator[Change]:
    for key, aspect in keys:
        at = replace(
            site,
            base=join(site.base, key) if site.base else None,
            revision=join(site.revision, key) if site.revision else None,
        )
        yield from at.presence(aspect, base.get(key), revision.get(key), name=key)


def _element(
    roots: tuple[JSONObject, JSONObject], site: Site, operation: OperationKey | None
) -> Iterator[Change]:
    assert site.base is not None and site.revision is not None
    base, revision = _node(roots[0], site.base), _node(roots[1], site.revision)
    extensions = sorted(k for k in {*base, *revision} if k.startswith("x-"))
    site = replace(site, operations=(operation,) if operation else (), scope=Scope.DOCUMENT)
    yield from _fields(site, base, revision, _FIELDS.items())
    yield from _fields(site, base, revision, ((k, Aspect.EXTENSION) for k in extensions))


def _media(
    roots: tuple[JSONObject, JSONObject],
    key: OperationKey,
    base: Iterable[MediaType],
    revision: Iterable[MediaType],
) -> Iterator[Change]:
    for old, new in pair(base, revision, lambda m: media_type_key(m.name)).matched:
        site = Site(target=Target.MEDIA_TYPE, base=old.pointer, revision=new.pointer, name=new.name)
        yield from _element(roots, site, key)


def _operation(
    roots: tuple[JSONObject, JSONObject], old: Operation, new: Operation
) -> Iterator[Change]:
    key = new.key
    yield from _element(
        roots, Site(target=Target.OPERATION, base=old.pointer, revision=new.pointer), key
    )
    parameters = pair(
        old.parameters,
        new.parameters,
        lambda p: parameter_key(p, old),
        lambda p: parameter_key(p, new),
    )
    for a, b in parameters.matched:
        site = Site(target=Target.PARAMETER, base=a.pointer, revision=b.pointer, name=b.name)
        yield from _element(roots, site, key)
        yield from _media(roots, key, a.content.values(), b.content.values())
    if old.request_body and new.request_body:
        site = Site(
            target=Target.REQUEST_BODY,
            base=old.request_body.pointer,
            revision=new.request_body.pointer,
        )
        yield from _element(roots, site, key)
        yield from _media(
            roots, key, old.request_body.content.values(), new.request_body.content.values()
        )
    statuses = pair(old.responses.values(), new.responses.values(), lambda r: status_key(r.status))
    for before, after in statuses.matched:
        site = Site(
            target=Target.RESPONSE, base=before.pointer, revision=after.pointer, name=after.status
        )
        yield from _element(roots, site, key)
        yield from _media(roots, key, before.content.values(), after.content.values())
        headers = pair(before.headers.values(), after.headers.values(), lambda h: h.name.lower())
        for x, y in headers.matched:
            site = Site(target=Target.HEADER, base=x.pointer, revision=y.pointer, name=y.name)
            yield from _element(roots, site, key)


def documentation_changes(
    base: Spec, revision: Spec, matched: list[tuple[Operation, Operation]]
) -> Iterator[Change]:
    """Documentation differences of the info object and every matched element."""
    roots = (base.root, revision.root)
    info = Site(target=Target.DOCUMENT, base="#/info", revision="#/info", scope=Scope.DOCUMENT)
    old, new = _node(base.root, "#/info"), _node(revision.root, "#/info")
    if base.root.get("info") is not None or revision.root.get("info") is not None:
        yield from _fields(info, old, new, [(k, _FIELDS[k]) for k in ("title", "description")])
        yield from _fields(info, old, new, ((k, Aspect.INFO) for k in _INFO))
    for a, b in matched:
        yield from _operation(roots, a, b)
