"""OpenAPI 3.x request bodies, responses, headers and media types."""

from __future__ import annotations

from treaty._json import JSONObject, JSONValue
from treaty.spec.document import Header, MediaType, RequestBody, Response
from treaty.spec.pointer import join
from treaty.spec.shape import entries, fail, flag, mapping, resolved, schema_site


def media_types(root: JSONObject, node: JSONValue, pointer: str) -> dict[str, MediaType]:
    """A ``content`` map: media type name -> MediaType."""
    if node is None:
        return {}
    found = {}
    for name, value, where in entries(node, pointer):
        media, at = resolved(root, value, where)
        site = schema_site(root, media, at)
        found[name] = MediaType(name=name, schema=site, pointer=at)
    return found


def request_body(root: JSONObject, node: JSONValue, pointer: str) -> RequestBody | None:
    """An operation's ``requestBody`` (resolved), or None."""
    if node is None:
        return None
    body, at = resolved(root, node, pointer)
    return RequestBody(
        required=flag(body, "required", at),
        content=media_types(root, body.get("content"), join(at, "content")),
        pointer=at,
    )


def header(root: JSONObject, name: str, node: JSONValue, pointer: str) -> Header:
    """A response header (resolved); a content-described header uses its first schema."""
    value, at = resolved(root, node, pointer)
    site = schema_site(root, value, at)
    if site is None:
        site = next(
            (
                m.schema
                for m in media_types(root, value.get("content"), join(at, "content")).values()
            ),
            None,
        )
    return Header(
        name=name,
        required=flag(value, "required", at),
        deprecated=flag(value, "deprecated", at),
        schema=site,
        pointer=at,
    )


def headers(root: JSONObject, node: JSONValue, pointer: str) -> dict[str, Header]:
    """A response's ``headers``; `Content-Type` is ignored, as OpenAPI 3 says."""
    if node is None:
        return {}
    return {
        name: header(root, name, value, where)
        for name, value, where in entries(node, pointer)
        if name.lower() != "content-type"
    }


def status_entries(node: JSONValue, pointer: str) -> list[tuple[str, JSONValue, str]]:
    """The (status, response, pointer) entries of a ``responses`` object.

    YAML reads an unquoted ``200:`` as an integer key, so integers are accepted as statuses.
    """
    found = []
    for key, value in mapping(node, pointer).items():
        if isinstance(key, int) and not isinstance(key, bool):
            key = str(key)
        if not isinstance(key, str):
            raise fail(pointer, f"expected status code keys, found key {key!r}")
        if not key.startswith("x-"):
            found.append((key, value, join(pointer, key)))
    return found


def responses(root: JSONObject, node: JSONValue, pointer: str) -> dict[str, Response]:
    """An operation's ``responses``: status as written -> Response."""
    if node is None:
        return {}
    found = {}
    for status, value, where in status_entries(node, pointer):
        response, at = resolved(root, value, where)
        found[status] = Response(
            status=status,
            content=media_types(root, response.get("content"), join(at, "content")),
            headers=headers(root, response.get("headers"), join(at, "headers")),
            pointer=at,
        )
    return found
