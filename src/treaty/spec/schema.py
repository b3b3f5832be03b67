"""A normalised, typed view of a JSON Schema node, with ``allOf`` merged into one meaning.

Two schemas that accept the same values must read the same here, whatever their spelling:
3.0 ``nullable``, 2.0 ``x-nullable``, 3.1 ``type`` arrays and ``anyOf [X, {type: null}]`` are
one notion of nullability; ``const`` is a one-value ``enum``; a ``oneOf`` of one-value enums is
an enum; an ``allOf`` is the conjunction of its members. The comparer in
``treaty.changes.schemas`` only ever looks at :class:`SchemaView` values.

A schema is held as a :class:`Conj`: the tuple of dereferenced nodes whose conjunction it is
(the node itself, its ``allOf`` members, a sole ``oneOf``/``anyOf`` branch). Node identity, not
``$ref`` names, is what the comparer memoises on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from treaty._json import JSONObject, JSONValue
from treaty.errors import ErrorKind, SpecError
from treaty.spec.anchors import Anchors, enclosing_resource
from treaty.spec.dialect import Dialect
from treaty.spec.pointer import is_anchor, join, resolve, split

# JSON Schema boolean schemas, read as the objects they abbreviate
_ANY: JSONObject = {}
_NOTHING: JSONObject = {"not": {}}


@dataclass(frozen=True, slots=True, eq=False)
class Part:
    """One dereferenced schema object taking part in a conjunction."""

    node: JSONObject
    pointer: str
    bare: bool = False  # read without its oneOf/anyOf (they are compared as variants instead)


Conj = tuple[Part, ...]
ConjKey = tuple[int, ...]


def normalise(conj: Conj) -> Conj:
    """A conjunction with each node once, in order of first mention.

    A node read whole subsumes the same node read bare (its oneOf/anyOf only adds
    constraints). Composing conjunctions (a variant with its wrapper's keywords, a collapsed
    list) can only ever produce subsets of a document's nodes this way, so a walk through
    recursive compositions (`Pet: oneOf [Cat]`, `Cat: allOf [Pet]`) reaches finitely many
    distinct conjunctions and ends.
    """
    whole = {id(part.node) for part in conj if not part.bare}
    seen: set[int] = set()
    kept: list[Part] = []
    changed = False
    for part in conj:
        if id(part.node) in seen:
            changed = True
            continue
        seen.add(id(part.node))
        if part.bare and id(part.node) in whole:
            part, changed = Part(part.node, part.pointer), True
        kept.append(part)
    return tuple(kept) if changed else conj


def conj_key(conj: Conj) -> ConjKey:
    """The identity of a conjunction: its nodes' ids (and whether each is read bare)."""
    return tuple(id(part.node) * 2 + part.bare for part in conj)


@dataclass(frozen=True, slots=True)
class Bound:
    """A numeric bound; ``exclusive`` merges 3.0 boolean and 3.1 numeric forms."""

    value: int | float
    exclusive: bool

    def as_json(self) -> JSONValue:
        return {"value": self.value, "exclusive": self.exclusive}


@dataclass(frozen=True, slots=True, eq=False)
class Prop:
    """A declared property: its schema and where it is declared (before any ``$ref``)."""

    conj: Conj
    pointer: str


@dataclass(frozen=True, slots=True, eq=False)
class Variant:
    """One branch of a ``oneOf``/``anyOf``, with the names it can be matched by."""

    conj: Conj
    pointer: str  # where the branch is listed (``…/oneOf/2``)
    index: int
    ref: str | None  # the ``$ref`` it was written as, if any
    title: str | None

    @property
    def ref_name(self) -> str | None:
        return split(self.ref)[-1] if self.ref else None

    @property
    def label(self) -> str:
        """What a reader calls this branch: its ref name, title or position."""
        return self.ref_name or self.title or str(self.index)


@dataclass(frozen=True, slots=True, eq=False)
class Group:
    """One ``oneOf``/``anyOf`` list: a conjunct of its own (``allOf`` members may each have one)."""

    keyword: str  # "oneOf" or "anyOf"
    variants: tuple[Variant, ...]
    pointer: str  # the node that lists it


@dataclass(frozen=True, slots=True, eq=False)
class Extra:
    """``additionalProperties`` / ``unevaluatedProperties``: allowed, forbidden or a schema."""

    kind: bool | str  # True (absent, true, {}), False, or "schema"
    conj: Conj = ()
    pointer: str | None = None


OPEN = Extra(kind=True)


@dataclass(frozen=True, slots=True, eq=False)
class SchemaView:
    """The effective meaning of one conjunction of schema nodes."""

    conj: Conj
    pointer: str
    types: frozenset[str] | None  # without "null"; None = any type
    nullable: bool
    format: str | None
    enum: tuple[JSONValue, ...] | None  # without null (that is ``nullable``)
    extensible_enum: tuple[JSONValue, ...] | None
    default: tuple[JSONValue] | None  # a 1-tuple so that `default: null` is representable
    properties: Mapping[str, Prop]
    required: frozenset[str]
    additional: Extra
    unevaluated: Extra
    read_only: bool
    write_only: bool
    minimum: Bound | None
    maximum: Bound | None
    limits: Mapping[str, int | float]  # multipleOf, min/maxLength, min/maxItems, min/maxProperties
    unique_items: bool
    # every pattern of the conjunction (a string must match all), with the node stating it
    patterns: tuple[tuple[str, str], ...]
    items: Conj | None
    prefix_items: tuple[Conj, ...]
    groups: tuple[Group, ...]  # every oneOf/anyOf of the conjunction, in order
    one_of: tuple[Variant, ...]  # the first oneOf group's variants
    any_of: tuple[Variant, ...]  # the first anyOf group's variants
    negated: tuple[Variant, ...]  # every `not` of the conjunction (each listed at …/not)
    discriminator: str | None
    mapping: Mapping[str, str]
    origins: Mapping[str, str]  # keyword -> pointer of the node that set it

    def origin(self, keyword: str) -> str:
        """The pointer of the node a keyword's effective value comes from."""
        return self.origins.get(keyword, self.pointer)

    @property
    def property_name(self) -> str | None:
        """The property name when this schema is declared inline as a property."""
        head, _, last = self.pointer.rpartition("/")
        if not head.endswith("/properties"):
            return None
        return split("/" + last)[0]

    @property
    def rejects_all(self) -> bool:
        """Whether no value is valid: the boolean schema ``false``, or ``not`` of anything."""
        return any(all(_says_nothing(part.node) for part in v.conj) for v in self.negated)

    @property
    def closed(self) -> bool:
        """Whether unknown properties are rejected."""
        return self.additional.kind is False or self.unevaluated.kind is False


class Views:
    """Dereferences, flattens and normalises the schema nodes of one document, with caching."""

    def __init__(self, root: JSONObject, dialect: Dialect, name: str = "") -> None:
        self.root = root
        self.dialect = dialect
        self.name = name  # the document's name, for errors
        self._conjs: dict[tuple[int, bool], Conj] = {}
        self._building: set[tuple[int, bool]] = set()  # conjunctions being expanded
        self._views: dict[ConjKey, SchemaView] = {}
        self._anchors: Anchors | None = None
        # `$dynamicRef` nodes whose target depends on the dynamic scope: id(node) -> the ref
        self.unresolved: dict[int, str] = {}

    @property
    def anchors(self) -> Anchors:
        """The document's anchor index, built on the first reference that needs it."""
        if self._anchors is None:
            self._anchors = Anchors(self.root)
        return self._anchors

    def resolve(self, node: JSONValue, pointer: str) -> tuple[JSONObject, str]:
        """Follow ``$ref`` (and ``$recursiveRef``/``$dynamicRef``) to a schema object."""
        seen: set[str] = set()
        while isinstance(node, dict):
            try:
                target = self._target(node, pointer)
                if target is None or target in seen:
                    return node, pointer
                seen.add(target)
                node, pointer = self._lookup(target, pointer)
            except SpecError as exc:  # a dangling $ref deep in a compared schema
                exc.where = exc.where or self.name or None
                raise
        return (_NOTHING if node is False else _ANY), pointer

    def _target(self, node: JSONObject, pointer: str) -> str | None:
        ref = node.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith("#"):  # an `$id`-relative ref the bundler could not read
                self.unresolved[id(node)] = ref
                return None
            if not is_anchor(ref):
                return ref
            found = self.anchors.anchor(unquote(ref[1:]), pointer)
            if found is None:
                raise SpecError(f"$ref {ref!r}: no $anchor of that name", kind=ErrorKind.INVALID)
            return found
        if isinstance(node.get("$recursiveRef"), str):
            # draft 2019-09 recursion: `$recursiveRef: "#"` means the enclosing named schema
            return _enclosing_component(pointer)
        dynamic = node.get("$dynamicRef")
        if not isinstance(dynamic, str):
            return None
        if dynamic == "#":
            return _enclosing_component(pointer)
        if dynamic.startswith("#/"):
            return dynamic
        found = None
        if dynamic.startswith("#"):
            found = self.anchors.dynamic_target(unquote(dynamic[1:]), pointer)
        if found is None:
            self.unresolved[id(node)] = dynamic
        return found

    def _lookup(self, target: str, near: str) -> tuple[JSONValue, str]:
        """The node at ``target`` and its pointer; a pointer that misses the document may be
        relative to the schema resource (``$id``) it is written in, as ``#/$defs/Tag``."""
        try:
            return resolve(self.root, target), target
        except SpecError:
            resource = enclosing_resource(self.root, near)
            if resource == "#":
                raise
            inside = resource + target[1:]
            return resolve(self.root, inside), inside

    def conj(self, node: JSONValue, pointer: str, *, bare: bool = False) -> Conj:
        """The conjunction a node stands for: itself, its ``allOf`` members, a sole branch."""
        key = (id(node), bare)
        cached = self._conjs.get(key)
        if cached is None:
            if key in self._building:
                # a oneOf/anyOf that reaches itself (`Node: anyOf: [$ref Node, …]`): inside
                # its own expansion the node stands for itself, unexpanded, so this ends
                target, at = self.resolve(node, pointer)
                return (Part(target, at, True),)
            self._building.add(key)
            try:
                parts: list[Part] = []
                self._collect(node, pointer, bare, parts, set())
            finally:
                self._building.discard(key)
            cached = self._conjs[key] = tuple(parts)
        return cached

    def view(self, conj: Conj) -> SchemaView:
        """The normalised meaning of a conjunction (cached per conjunction identity)."""
        key = conj_key(conj)
        cached = self._views.get(key)
        if cached is None:
            from treaty.spec.schema_merge import merge  # merge needs this module's types

            cached = self._views[key] = merge(self, conj)
        return cached

    def branches(self, node: JSONObject, pointer: str, keyword: str) -> tuple[list[Variant], bool]:
        """The non-null branches of ``oneOf``/``anyOf`` and whether a null branch was present."""
        listed = node.get(keyword)
        if not isinstance(listed, list):
            return [], False
        variants: list[Variant] = []
        has_null = False
        for index, branch in enumerate(listed):
            at = join(pointer, keyword, index)
            target, _ = self.resolve(branch, at)
            if is_null_schema(target):
                has_null = True
                continue
            ref = branch.get("$ref") if isinstance(branch, dict) else None
            title = target.get("title")
            variants.append(
                Variant(
                    conj=self.conj(branch, at),
                    pointer=at,
                    index=index,
                    ref=ref if isinstance(ref, str) else None,
                    title=title if isinstance(title, str) else None,
                )
            )
        return variants, has_null

    def _collect(
        self, node: JSONValue, pointer: str, bare: bool, parts: list[Part], seen: set[int]
    ) -> None:
        if self.dialect is Dialect.OPENAPI_31 and _constraining_siblings(node):
            # 3.1 (JSON Schema 2020-12): keywords beside `$ref` apply as well, so
            # `{$ref: Id, readOnly: true}` is the conjunction of the node and its target
            assert isinstance(node, dict)  # _constraining_siblings checked it
            if id(node) not in seen:
                self._add(node, pointer, bare, parts, seen)
        node, pointer = self.resolve(node, pointer)
        if id(node) in seen:  # an allOf that reaches itself adds nothing new
            return
        self._add(node, pointer, bare, parts, seen)

    def _add(
        self, node: JSONObject, pointer: str, bare: bool, parts: list[Part], seen: set[int]
    ) -> None:
        seen.add(id(node))
        parts.append(Part(node, pointer, bare))
        members = node.get("allOf")
        if isinstance(members, list):
            for index, member in enumerate(members):
                self._collect(member, join(pointer, "allOf", index), False, parts, seen)
        if bare:
            return
        for keyword in ("oneOf", "anyOf"):
            variants, _ = self.branches(node, pointer, keyword)
            if len(variants) == 1:  # `anyOf [X, null]` and `oneOf [X]` mean X
                for part in variants[0].conj:
                    if id(part.node) not in seen:
                        seen.add(id(part.node))
                        parts.append(part)


# keywords beside a `$ref` that say nothing about the values (3.1 reads the others)
_REF_NOTES = frozenset(
    {"$ref", "description", "title", "example", "examples", "externalDocs", "deprecated"}
    | {"$comment", "$id", "$anchor", "$schema", "$defs", "definitions"}
)


_ANNOTATIONS = _REF_NOTES - {"$ref"}


def _says_nothing(node: JSONObject) -> bool:
    """Whether a schema object accepts every value (``{}``, ``true``, only annotations)."""
    return all(key in _ANNOTATIONS or key.startswith("x-") for key in node)


def _constraining_siblings(node: JSONValue) -> bool:
    """Whether a ``$ref`` node carries keywords of its own that constrain values."""
    if not isinstance(node, dict) or not isinstance(node.get("$ref"), str) or len(node) == 1:
        return False
    return any(key not in _REF_NOTES and not key.startswith("x-") for key in node)


def is_null_schema(node: JSONObject) -> bool:
    """Whether a schema accepts only null (``type: null``, ``enum: [null]``, ``const: null``)."""
    kind = node.get("type")
    if kind == "null" or kind == ["null"]:
        return True
    return node.get("enum") == [None] or ("const" in node and node["const"] is None)


def _enclosing_component(pointer: str) -> str | None:
    tokens = split(pointer)
    if tokens[:2] == ["components", "schemas"] and len(tokens) >= 3:
        return join("#", *tokens[:3])
    if tokens[:1] == ["definitions"] and len(tokens) >= 2:
        return join("#", *tokens[:2])
    return None
