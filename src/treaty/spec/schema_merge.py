"""Merge a conjunction of schema nodes (a node and its ``allOf`` members) into one meaning.

Policy, per keyword: types intersect (``integer`` ∧ ``number`` = ``integer``); enums intersect;
properties are the union (a property declared in several members is the conjunction of its
declarations); ``required`` is the union; numeric bounds and length limits take the tightest;
``readOnly``/``writeOnly``/``uniqueItems`` hold if any member says so; ``additionalProperties``
is forbidden if any member forbids it; every ``pattern``, ``not`` and ``oneOf``/``anyOf`` list
is kept (each is a conjunct of its own). Other keywords take the first member that states them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType

from treaty._json import JSONObject, JSONValue, decimal
from treaty.spec.pointer import join
from treaty.spec.schema import (
    OPEN,
    Bound,
    Conj,
    Extra,
    Group,
    Part,
    Prop,
    SchemaView,
    Variant,
    Views,
)
from treaty.spec.values import intersect, json_type

LOWER_LIMITS = ("minLength", "minItems", "minProperties", "minContains")
UPPER_LIMITS = ("maxLength", "maxItems", "maxProperties", "maxContains")
# keywords that document a schema without constraining it: a schema made only of these is `{}`
DOC_KEYWORDS = frozenset({"description", "title", "example", "examples", "externalDocs", "$id"})


@dataclass(slots=True)
class _Acc:
    """The running merge; every field mirrors one of :class:`SchemaView`."""

    types: frozenset[str] | None = None
    explicit_null: bool = False
    constrains_null: bool = False
    format: str | None = None
    enum: tuple[JSONValue, ...] | None = None
    extensible_enum: tuple[JSONValue, ...] | None = None
    default: tuple[JSONValue] | None = None
    properties: dict[str, Prop] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    additional: Extra = OPEN
    unevaluated: Extra = OPEN
    read_only: bool = False
    write_only: bool = False
    minimum: Bound | None = None
    maximum: Bound | None = None
    limits: dict[str, int | float] = field(default_factory=dict)
    unique_items: bool = False
    patterns: list[tuple[str, str]] = field(default_factory=list)
    items: Conj | None = None
    prefix_items: tuple[Conj, ...] = ()
    groups: list[Group] = field(default_factory=list)
    negated: list[Variant] = field(default_factory=list)
    discriminator: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)


def merge(views: Views, conj: Conj) -> SchemaView:
    """Fold every part of ``conj`` into one :class:`SchemaView`."""
    acc = _Acc()
    for part in conj:
        keys = part.node.keys()
        for keywords, absorb in _ABSORBERS:
            if not keys.isdisjoint(keywords):  # most nodes use few keywords: skip the rest
                absorb(views, part, acc)
    if acc.types is None and acc.enum is not None:
        acc.types = frozenset(json_type(value) for value in acc.enum)  # `enum: [a]` is a string
    if acc.enum == () and acc.explicit_null and not acc.types:  # `enum: [null]` is `type: null`
        acc.enum = None
    if acc.types == _INTEGER:  # bounds are intervals: `exclusiveMinimum: 0` is `minimum: 1`
        acc.minimum = _integral(acc.minimum, lower=True)
        acc.maximum = _integral(acc.maximum, lower=False)
        if _divides_one(acc.limits.get("multipleOf")):  # every integer is a multiple of 1 (0.5…)
            del acc.limits["multipleOf"]
    return SchemaView(
        conj=conj,
        pointer=conj[0].pointer if conj else "#",
        types=acc.types,
        # a schema that says nothing about type or values accepts null like anything else
        nullable=acc.explicit_null or not acc.constrains_null,
        format=acc.format,
        enum=acc.enum,
        extensible_enum=acc.extensible_enum,
        default=acc.default,
        properties=MappingProxyType(acc.properties),
        required=frozenset(acc.required),
        additional=acc.additional,
        unevaluated=acc.unevaluated,
        read_only=acc.read_only,
        write_only=acc.write_only,
        minimum=acc.minimum,
        maximum=acc.maximum,
        limits=MappingProxyType(acc.limits),
        unique_items=acc.unique_items,
        patterns=tuple(acc.patterns),
        items=acc.items,
        prefix_items=acc.prefix_items,
        groups=tuple(acc.groups),
        one_of=_first(acc.groups, "oneOf"),
        any_of=_first(acc.groups, "anyOf"),
        negated=tuple(acc.negated),
        discriminator=acc.discriminator,
        mapping=MappingProxyType(acc.mapping),
        origins=MappingProxyType(acc.origins),
    )


_INTEGER = frozenset({"integer"})


def _integral(bound: Bound | None, *, lower: bool) -> Bound | None:
    """The inclusive integer bound admitting the same integers as ``bound``."""
    if bound is None or not _finite(bound.value):
        return bound
    if lower:
        value = math.floor(bound.value) + 1 if bound.exclusive else math.ceil(bound.value)
    else:
        value = math.ceil(bound.value) - 1 if bound.exclusive else math.floor(bound.value)
    return Bound(value, False)


def _divides_one(step: int | float | None) -> bool:
    """Whether 1 is a multiple of ``step`` (1, 0.5, 0.25…), so every integer is one too."""
    if step is None or step <= 0 or not _finite(step):
        return False
    return (1 / decimal(step)).denominator == 1


def _finite(value: int | float) -> bool:
    """Whether ``value`` is a finite number; any ``int`` is (``math.isfinite`` would convert it
    to float and overflow past 1e308)."""
    return isinstance(value, int) or math.isfinite(value)


def _first(groups: list[Group], keyword: str) -> tuple[Variant, ...]:
    return next((group.variants for group in groups if group.keyword == keyword), ())


def intersect_types(left: frozenset[str] | None, right: frozenset[str]) -> frozenset[str]:
    """Types both sides accept; an integer is a number."""
    if left is None:
        return right
    both = left & right
    if ("integer" in left and "number" in right) or ("number" in left and "integer" in right):
        both |= {"integer"}
    return both


def _absorb_type(views: Views, part: Part, acc: _Acc) -> None:
    node = part.node
    declared = node.get("type")
    names = [declared] if isinstance(declared, str) else declared
    if isinstance(names, list):
        kinds = frozenset(str(name) for name in names)
        acc.explicit_null |= "null" in kinds
        acc.constrains_null = True
        acc.types = intersect_types(acc.types, kinds - {"null"})
        acc.origins.setdefault("type", part.pointer)
    if node.get("nullable") is True or node.get("x-nullable") is True:
        acc.explicit_null = True
    fmt = node.get("format")
    if isinstance(fmt, str) and acc.format is None:
        acc.format = fmt
        acc.origins["format"] = part.pointer


def _absorb_values(views: Views, part: Part, acc: _Acc) -> None:
    node = part.node
    values: list[JSONValue] | None = None
    if isinstance(node.get("enum"), list):
        values = list(node["enum"])  # type: ignore[arg-type]  # checked just above
    if "const" in node:
        values = [node["const"]] if values is None else [*values, node["const"]]
    if values is None:
        values = _folded_enum(views, part, acc)
    if values is not None:
        _add_enum(acc, values, part.pointer)
    extensible = node.get("x-extensible-enum")
    if isinstance(extensible, list) and acc.extensible_enum is None:
        acc.extensible_enum = tuple(extensible)
        acc.origins["x-extensible-enum"] = part.pointer
    if "default" in node and acc.default is None:
        acc.default = (node["default"],)
        acc.origins["default"] = part.pointer


def _add_enum(acc: _Acc, values: list[JSONValue], pointer: str) -> None:
    acc.constrains_null = True
    acc.explicit_null |= any(value is None for value in values)
    kept = tuple(value for value in values if value is not None)
    acc.enum = kept if acc.enum is None else intersect(acc.enum, kept)
    acc.origins.setdefault("enum", pointer)


def _folded_enum(views: Views, part: Part, acc: _Acc) -> list[JSONValue] | None:
    """A ``oneOf``/``anyOf`` whose every branch is a one-value enum is that enum."""
    if part.bare:
        return None
    for keyword in ("oneOf", "anyOf"):
        variants, has_null = views.branches(part.node, part.pointer, keyword)
        if len(variants) < 2:
            continue
        values: list[JSONValue] = []
        kinds: set[str] = set()
        for variant in variants:
            single = _single_value(variant.conj)
            if single is None:
                return None
            values.append(single[0])
            kinds.update(single[1])
        if len(kinds) > 1:
            return None
        if kinds:
            acc.types = intersect_types(acc.types, frozenset(kinds))
        return [*values, None] if has_null else values
    return None


def _single_value(conj: Conj) -> tuple[JSONValue, set[str]] | None:
    if len(conj) != 1:
        return None
    node = conj[0].node
    allowed = DOC_KEYWORDS | {"type", "enum", "const"}
    if any(key not in allowed and not key.startswith("x-") for key in node):
        return None
    kind = node.get("type")
    kinds = {kind} if isinstance(kind, str) else set()
    if "const" in node and "enum" not in node:
        return node["const"], kinds
    values = node.get("enum")
    if isinstance(values, list) and len(values) == 1 and "const" not in node:
        return values[0], kinds
    return None


def _absorb_object(views: Views, part: Part, acc: _Acc) -> None:
    node, pointer = part.node, part.pointer
    declared = node.get("properties")
    if isinstance(declared, dict):
        for name, schema in declared.items():
            at = join(pointer, "properties", name)
            conj = views.conj(schema, at)
            known = acc.properties.get(name)
            if known is None:
                acc.properties[name] = Prop(conj, at)
            else:  # the same property in several allOf members: their conjunction
                extra = tuple(p for p in conj if all(p.node is not q.node for q in known.conj))
                acc.properties[name] = Prop(known.conj + extra, known.pointer)
    required = node.get("required")
    if isinstance(required, list):  # (a Swagger 2.0 parameter's `required` is a bool)
        acc.required.update(str(name) for name in required)
        acc.origins.setdefault("required", join(pointer, "required"))
    acc.additional = _merge_extra(views, part, "additionalProperties", acc.additional)
    acc.unevaluated = _merge_extra(views, part, "unevaluatedProperties", acc.unevaluated)
    acc.read_only |= node.get("readOnly") is True
    acc.write_only |= node.get("writeOnly") is True
    _absorb_discriminator(node, pointer, acc)


def _merge_extra(views: Views, part: Part, keyword: str, known: Extra) -> Extra:
    if keyword not in part.node or known.kind is False:
        return known
    at = join(part.pointer, keyword)
    value = part.node[keyword]
    if value is False:
        return Extra(kind=False, pointer=at)
    if value is True or (isinstance(value, dict) and all(key in DOC_KEYWORDS for key in value)):
        return known
    conj = views.conj(value, at)
    return Extra(kind="schema", conj=known.conj + conj, pointer=known.pointer or at)


def _absorb_discriminator(node: JSONObject, pointer: str, acc: _Acc) -> None:
    found = node.get("discriminator")
    if found is not None:
        acc.origins.setdefault("discriminator", join(pointer, "discriminator"))
    if isinstance(found, str):  # Swagger 2.0: the property name itself
        acc.discriminator = acc.discriminator or found
    elif isinstance(found, dict):
        name = found.get("propertyName")
        if isinstance(name, str):
            acc.discriminator = acc.discriminator or name
        mapping = found.get("mapping")
        if isinstance(mapping, dict):
            for key, target in mapping.items():
                acc.mapping.setdefault(key, str(target))


def _absorb_bounds(views: Views, part: Part, acc: _Acc) -> None:
    node = part.node
    low = _bound(node, "minimum", "exclusiveMinimum")
    if low is not None and (acc.minimum is None or _tighter(low, acc.minimum, lower=True)):
        acc.minimum = low
        acc.origins["minimum"] = part.pointer
    high = _bound(node, "maximum", "exclusiveMaximum")
    if high is not None and (acc.maximum is None or _tighter(high, acc.maximum, lower=False)):
        acc.maximum = high
        acc.origins["maximum"] = part.pointer
    for keyword in (*LOWER_LIMITS, *UPPER_LIMITS, "multipleOf"):
        value = node.get(keyword)
        if not isinstance(value, int | float) or isinstance(value, bool):
            continue
        known = acc.limits.get(keyword)
        tighter = max if keyword in LOWER_LIMITS else min
        if known is None or (keyword != "multipleOf" and tighter(known, value) != known):
            acc.limits[keyword] = value
            acc.origins[keyword] = part.pointer
    acc.unique_items |= node.get("uniqueItems") is True
    pattern = node.get("pattern")
    if isinstance(pattern, str) and all(pattern != known for known, _ in acc.patterns):
        acc.patterns.append((pattern, part.pointer))
        acc.origins.setdefault("pattern", part.pointer)


def _bound(node: JSONObject, inclusive: str, exclusive: str) -> Bound | None:
    """The tightest of ``minimum`` and ``exclusiveMinimum`` in either dialect's spelling."""
    value = node.get(inclusive)
    flag = node.get(exclusive)
    found: Bound | None = None
    if _is_number(value):
        found = Bound(value, flag is True)  # type: ignore[arg-type]  # _is_number checked it
    if _is_number(flag):
        numeric = Bound(flag, True)  # type: ignore[arg-type]  # _is_number checked it
        if found is None or _tighter(numeric, found, lower=inclusive == "minimum"):
            found = numeric
    return found


def _is_number(value: JSONValue) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _tighter(candidate: Bound, known: Bound, *, lower: bool) -> bool:
    if candidate.value == known.value:
        return candidate.exclusive and not known.exclusive
    return (candidate.value > known.value) == lower


def _absorb_arrays(views: Views, part: Part, acc: _Acc) -> None:
    node, pointer = part.node, part.pointer
    items = node.get("items")
    if isinstance(items, list):  # draft 4 tuple form
        if not acc.prefix_items:
            acc.prefix_items = _tuple(views, items, join(pointer, "items"))
    elif "items" in node:
        conj = views.conj(items, join(pointer, "items"))
        acc.items = conj if acc.items is None else acc.items + conj
    prefix = node.get("prefixItems")
    if isinstance(prefix, list) and not acc.prefix_items:
        acc.prefix_items = _tuple(views, prefix, join(pointer, "prefixItems"))


def _tuple(views: Views, schemas: list[JSONValue], pointer: str) -> tuple[Conj, ...]:
    return tuple(views.conj(schema, join(pointer, index)) for index, schema in enumerate(schemas))


def _absorb_composition(views: Views, part: Part, acc: _Acc) -> None:
    node, pointer = part.node, part.pointer
    if "not" in node:
        at = join(pointer, "not")
        negated = node["not"]
        ref = negated.get("$ref") if isinstance(negated, dict) else None
        title = views.resolve(negated, at)[0].get("title")
        acc.negated.append(
            Variant(
                conj=views.conj(negated, at),
                pointer=at,
                index=len(acc.negated),
                ref=ref if isinstance(ref, str) else None,
                title=title if isinstance(title, str) else None,
            )
        )
    for keyword in ("oneOf", "anyOf"):
        variants, has_null = views.branches(node, pointer, keyword)
        acc.explicit_null |= has_null  # a bare part keeps the null branch: it is not a variant
        if has_null and not variants and not part.bare:  # `anyOf [{type: null}]` is null only
            acc.constrains_null = True
            acc.types = intersect_types(acc.types, frozenset())
        if part.bare or len(variants) < 2 or _folded(variants):
            continue
        acc.constrains_null = True  # the union of the branches decides, not "any type"
        acc.groups.append(Group(keyword, tuple(variants), pointer))
        acc.origins.setdefault(keyword, pointer)


def _folded(variants: list[Variant]) -> bool:
    singles = [_single_value(variant.conj) for variant in variants]
    if any(single is None for single in singles):
        return False
    kinds = {kind for single in singles if single is not None for kind in single[1]}
    return len(kinds) <= 1


_ABSORBERS: tuple[tuple[frozenset[str], Callable[[Views, Part, _Acc], None]], ...] = (
    (frozenset({"type", "nullable", "x-nullable", "format"}), _absorb_type),
    (
        frozenset({"enum", "const", "oneOf", "anyOf", "x-extensible-enum", "default"}),
        _absorb_values,
    ),
    (
        frozenset(
            {
                "properties",
                "required",
                "additionalProperties",
                "unevaluatedProperties",
                "readOnly",
                "writeOnly",
                "discriminator",
            }
        ),
        _absorb_object,
    ),
    (
        frozenset(
            {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "uniqueItems", "pattern"}
            | set(LOWER_LIMITS)
            | set(UPPER_LIMITS)
            | {"multipleOf"}
        ),
        _absorb_bounds,
    ),
    (frozenset({"items", "prefixItems"}), _absorb_arrays),
    (frozenset({"not", "oneOf", "anyOf"}), _absorb_composition),
)
