"""Parameters of OpenAPI 3.x and Swagger 2.0, with serialisation defaults applied."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from treaty._json import JSONObject, JSONValue
from treaty.spec.content import media_types
from treaty.spec.document import Parameter, ParameterLocation, SchemaSite
from treaty.spec.pointer import join
from treaty.spec.shape import fail, flag, kind, resolved, schema_site, sequence, text

# OpenAPI 3.x: the default style per location; `explode` defaults to true only for `form`
_DEFAULT_STYLE = {
    ParameterLocation.QUERY: "form",
    ParameterLocation.COOKIE: "form",
    ParameterLocation.PATH: "simple",
    ParameterLocation.HEADER: "simple",
}
# Swagger 2.0 collectionFormat -> (style, explode); csv keeps the location's default style
_COLLECTION_FORMATS: Mapping[str, tuple[str | None, bool]] = {
    "csv": (None, False),
    "ssv": ("spaceDelimited", False),
    "tsv": ("tabDelimited", False),  # no 3.x equivalent; kept distinct so a change shows
    "pipes": ("pipeDelimited", False),
    "multi": ("form", True),
}
SWAGGER_BODY_LOCATIONS = frozenset({"body", "formData"})


class RawParameter(NamedTuple):
    """A resolved parameter object before it is typed: where it is and what it says."""

    location: str
    name: str
    node: JSONObject
    pointer: str  # where the definition lives


def raw_parameters(root: JSONObject, node: JSONValue, pointer: str) -> list[RawParameter]:
    """The parameters listed at ``pointer``, with ``$ref``s resolved."""
    found = []
    for index, item in enumerate(sequence(node, pointer)):
        param, where = resolved(root, item, join(pointer, index))
        location, name = param.get("in"), param.get("name")
        if not isinstance(location, str):
            raise fail(where, f"parameter `in` must be a string, found {kind(location)}")
        if not isinstance(name, str):
            raise fail(where, f"parameter `name` must be a string, found {kind(name)}")
        found.append(RawParameter(location, name, param, where))
    return found


def merged(
    path_level: list[RawParameter], operation_level: list[RawParameter]
) -> list[RawParameter]:
    """Path-item parameters overridden by operation parameters with the same (in, name)."""
    table: dict[tuple[str, str], RawParameter] = {}
    for entry in [*path_level, *operation_level]:
        table[identity(entry.location, entry.name)] = entry
    return list(table.values())


def identity(location: str, name: str) -> tuple[str, str]:
    """How parameters are told apart: header names are case-insensitive."""
    return (location, name.lower() if location == "header" else name)


def _location(value: str, pointer: str) -> ParameterLocation:
    try:
        return ParameterLocation(value)
    except ValueError:
        raise fail(pointer, f"unknown parameter location {value!r}") from None


def build_parameter(root: JSONObject, raw: RawParameter) -> Parameter:
    """An OpenAPI 3.x parameter."""
    name, node, pointer = raw.name, raw.node, raw.pointer
    where = _location(raw.location, join(pointer, "in"))
    style = text(node, "style", pointer) or _DEFAULT_STYLE[where]
    content = media_types(root, node.get("content"), join(pointer, "content"))
    site = schema_site(root, node, pointer)
    return Parameter(
        name=name,
        location=where,
        required=where is ParameterLocation.PATH or flag(node, "required", pointer),
        style=style,
        explode=flag(node, "explode", pointer, default=style == "form"),
        allow_empty_value=flag(node, "allowEmptyValue", pointer),
        allow_reserved=flag(node, "allowReserved", pointer),
        deprecated=flag(node, "deprecated", pointer),
        sunset=text(node, "x-sunset", pointer),
        schema=site,
        content=content,
        pointer=pointer,
    )


def build_swagger_parameter(raw: RawParameter) -> Parameter:
    """A Swagger 2.0 non-body parameter; its schema is the parameter object itself."""
    name, node, pointer = raw.name, raw.node, raw.pointer
    where = _location(raw.location, join(pointer, "in"))
    style, explode = _DEFAULT_STYLE[where], _DEFAULT_STYLE[where] == "form"
    if node.get("type") == "array":
        collection = text(node, "collectionFormat", pointer) or "csv"
        if collection not in _COLLECTION_FORMATS:
            raise fail(
                join(pointer, "collectionFormat"), f"unknown collectionFormat {collection!r}"
            )
        custom, explode = _COLLECTION_FORMATS[collection]
        style = custom or style
    return Parameter(
        name=name,
        location=where,
        required=where is ParameterLocation.PATH or flag(node, "required", pointer),
        style=style,
        explode=explode,
        allow_empty_value=flag(node, "allowEmptyValue", pointer),
        allow_reserved=False,
        deprecated=flag(node, "x-deprecated", pointer),
        sunset=text(node, "x-sunset", pointer),
        schema=SchemaSite(node, pointer),
        content={},
        pointer=pointer,
    )
