"""Swagger 2.0 pieces upgraded to the 3.x model without rewriting any schema.

Schemas stay the original nodes at their original pointers; only the containers change:
``body``/``formData`` parameters become a request body, ``schema`` + ``produces`` become response
content, and ``host``/``basePath``/``schemes`` become servers.
"""

from __future__ import annotations

from treaty._json import JSONObject, JSONValue
from treaty.spec.content import status_entries
from treaty.spec.document import Header, MediaType, RequestBody, Response, SchemaSite, Server
from treaty.spec.parameters import RawParameter
from treaty.spec.pointer import join
from treaty.spec.shape import entries, flag, mapping, resolved, schema_site, strings, text

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# keywords of a formData parameter that describe the parameter, not its value
_PARAMETER_ONLY = frozenset({"name", "in", "required", "allowEmptyValue", "collectionFormat"})


def _content(
    types: tuple[str, ...], schema: SchemaSite | None, pointer: str
) -> dict[str, MediaType]:
    return {name: MediaType(name=name, schema=schema, pointer=pointer) for name in types}


def _body(raw: RawParameter, consumes: tuple[str, ...]) -> RequestBody:
    site = schema_site(None, raw.node, raw.pointer)
    return RequestBody(
        required=flag(raw.node, "required", raw.pointer),
        content=_content(consumes or ("application/json",), site, raw.pointer),
        pointer=raw.pointer,
    )


def _form(fields: list[RawParameter], consumes: tuple[str, ...], pointer: str) -> RequestBody:
    # the synthesised object schema is new for every build; it is compared once per operation
    properties: JSONObject = {
        raw.name: {k: v for k, v in raw.node.items() if k not in _PARAMETER_ONLY} for raw in fields
    }
    required: list[JSONValue] = [
        raw.name for raw in fields if flag(raw.node, "required", raw.pointer)
    ]
    schema: JSONObject = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    types = tuple(t for t in consumes if t.split(";")[0].strip().lower() in _FORM_TYPES)
    if not types:
        has_file = any(raw.node.get("type") == "file" for raw in fields)
        types = (_FORM_TYPES[1] if has_file else _FORM_TYPES[0],)
    return RequestBody(
        required=bool(required),
        content=_content(types, SchemaSite(schema, pointer), pointer),
        pointer=pointer,
    )


def request_body(
    body: list[RawParameter], form: list[RawParameter], consumes: tuple[str, ...], pointer: str
) -> RequestBody | None:
    """The request body made of the ``body`` parameter, else of the ``formData`` parameters."""
    if body:
        return _body(body[-1], consumes)
    if form:
        return _form(form, consumes, pointer)
    return None


def responses(
    root: JSONObject, node: JSONValue, produces: tuple[str, ...], pointer: str
) -> dict[str, Response]:
    """Swagger 2.0 responses: ``schema`` becomes content for each ``produces`` media type."""
    if node is None:
        return {}
    found = {}
    for status, value, where in status_entries(node, pointer):
        response, at = resolved(root, value, where)
        site = schema_site(root, response, at)
        content = {}
        if site is not None:
            content = _content(produces or ("application/json",), site, at)
        found[status] = Response(
            status=status,
            content=content,
            headers={
                name: Header(
                    name=name,
                    required=False,
                    deprecated=False,
                    schema=SchemaSite(mapping(header, hat), hat),
                    pointer=hat,
                )
                for name, header, hat in entries(response.get("headers") or {}, join(at, "headers"))
            },
            pointer=at,
        )
    return found


def servers(root: JSONObject) -> tuple[Server, ...]:
    """``schemes`` x ``host`` + ``basePath`` as 3.x servers (a relative one without a host)."""
    base_path = text(root, "basePath", "#") or ""
    host = text(root, "host", "#")
    if host is None:
        return (Server(url=base_path or "/", base_path=base_path.rstrip("/"), pointer="#"),)
    schemes = strings(root, "schemes", "#") or ("https",)
    return tuple(
        Server(url=f"{scheme}://{host}{base_path}", base_path=base_path.rstrip("/"), pointer="#")
        for scheme in schemes
    )
