"""Documentation-only differences, for ``treaty diff``: never on the breaking path.

Summaries, descriptions, titles, examples and ``x-`` extensions of the document's info and of
each matched operation, parameter, request body, media type, response and header. Values are
compared as parsed JSON. Structured values (examples, extensions) that differ are narrowed
with deepdiff to the paths inside them that changed, so each change points at the exact
line (an annotation on the one edited field of a 200-line example, not on the example).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from treaty._json import JSONObject, JSONValue
from treaty.changes.facts import Site
from treaty.changes.match import media_type_key, pair, parameter_key, status_key
from treaty.changes.model import Aspect, Change, OperationKey, Scope, Target
from treaty.errors import SpecError
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
    try:
        node = resolve(root, pointer)
    except SpecError:  # a synthesised Swagger 2.0 form body may point at no real node
        return {}
    return node if isinstance(node, dict) else {}


def _fields(
    site: Site, base: JSONObject, revision: JSONObject, keys: Iterable[tuple[str, Aspect]]
) -> Iterator[Change]:
    for key, aspect in keys:
        before, after = base.get(key), revision.get(key)
        if before == after:
            continue
        edits = _edits(before, after) if aspect in _STRUCTURED else None
        if edits is None:
            edits = [_Edit((), before, after, key in base, key in revision)]
        for edit in edits:
            at = replace(
                site,
                base=join(site.base, key, *edit.path) if site.base and edit.in_base else None,
                revision=join(site.revision, key, *edit.path)
                if site.revision and edit.in_revision
                else None,
            )
            if edit.in_base and edit.in_revision:
                yield from at.compare(aspect, edit.before, edit.after, name=key)
            else:
                yield from at.presence(aspect, edit.before, edit.after, name=key)


@dataclass(frozen=True, slots=True)
class _Edit:
    """One edit inside a documentation value: where, the two values, which side has it."""

    path: tuple[str | int, ...]
    before: JSONValue
    after: JSONValue
    in_base: bool
    in_revision: bool


_STRUCTURED = frozenset({Aspect.EXAMPLE, Aspect.EXTENSION})
_MAX_EDITS = 20  # past this many edits inside one value, one change for the value reads better


def _edits(before: JSONValue, after: JSONValue) -> list[_Edit] | None:
    """The edits inside two structured values, or None to report the whole value."""
    if not (isinstance(before, dict | list) and type(before) is type(after)):
        return None
    from deepdiff import DeepDiff
    from deepdiff.helper import notpresent

    tree = DeepDiff(before, after, view="tree", ignore_numeric_type_changes=True)
    edits = [
        _Edit(
            tuple(item.path(output_format="list")),
            None if item.t1 is notpresent else item.t1,
            None if item.t2 is notpresent else item.t2,
            item.t1 is not notpresent,
            item.t2 is not notpresent,
        )
        for items in tree.values()
        for item in items
    ]
    if not edits or len(edits) > _MAX_EDITS:
        return None
    return sorted(edits, key=lambda edit: [str(part) for part in edit.path])


class _Walker:
    """Compares documentation of matched elements, each element once."""

    def __init__(self, base: Spec, revision: Spec) -> None:
        self.roots = (base.root, revision.root)
        # an element met from several places (a component parameter, a Swagger 2.0 response
        # standing in for each of its media types) is compared once, at its first sighting
        self.seen: set[tuple[str | None, str | None]] = set()

    def element(self, site: Site, operation: OperationKey) -> Iterator[Change]:
        if (site.base, site.revision) in self.seen:
            return
        self.seen.add((site.base, site.revision))
        assert site.base is not None and site.revision is not None
        base, revision = _node(self.roots[0], site.base), _node(self.roots[1], site.revision)
        extensions = sorted(k for k in {*base, *revision} if k.startswith("x-"))
        site = replace(site, operations=(operation,), scope=Scope.DOCUMENT)
        yield from _fields(site, base, revision, _FIELDS.items())
        yield from _fields(site, base, revision, ((k, Aspect.EXTENSION) for k in extensions))

    def media(
        self,
        key: OperationKey,
        base: Iterable[MediaType],
        revision: Iterable[MediaType],
        parent: str | None = None,
    ) -> Iterator[Change]:
        for old, new in pair(base, revision, lambda m: media_type_key(m.name)).matched:
            site = Site.of(Target.MEDIA_TYPE, old, new, name=new.name, parent=parent)
            yield from self.element(site, key)

    def operation(self, old: Operation, new: Operation) -> Iterator[Change]:
        key = new.key
        yield from self.element(Site.of(Target.OPERATION, old, new), key)
        parameters = pair(
            old.parameters,
            new.parameters,
            lambda p: parameter_key(p, old),
            lambda p: parameter_key(p, new),
        )
        for a, b in parameters.matched:
            named = f"{b.location.value}:{b.name}"  # messages name the parameter by it
            site = Site.of(Target.PARAMETER, a, b, name=b.name, parent=named)
            yield from self.element(site, key)
            yield from self.media(key, a.content.values(), b.content.values(), named)
        if old.request_body and new.request_body:
            site = Site.of(Target.REQUEST_BODY, old.request_body, new.request_body)
            yield from self.element(site, key)
            yield from self.media(
                key, old.request_body.content.values(), new.request_body.content.values()
            )
        statuses = pair(
            old.responses.values(), new.responses.values(), lambda r: status_key(r.status)
        )
        for before, after in statuses.matched:
            yield from self.element(Site.of(Target.RESPONSE, before, after, name=after.status), key)
            yield from self.media(key, before.content.values(), after.content.values())
            headers = pair(
                before.headers.values(), after.headers.values(), lambda h: h.name.lower()
            )
            for x, y in headers.matched:
                yield from self.element(Site.of(Target.HEADER, x, y, name=y.name), key)


def documentation_changes(
    base: Spec, revision: Spec, matched: list[tuple[Operation, Operation]]
) -> Iterator[Change]:
    """Documentation differences of the info object and every matched element."""
    info = Site(target=Target.DOCUMENT, base="#/info", revision="#/info", scope=Scope.DOCUMENT)
    old, new = _node(base.root, "#/info"), _node(revision.root, "#/info")
    yield from _fields(info, old, new, [(k, _FIELDS[k]) for k in ("title", "description")])
    yield from _fields(info, old, new, ((k, Aspect.INFO) for k in _INFO))
    walker = _Walker(base, revision)
    for a, b in matched:
        yield from walker.operation(a, b)
