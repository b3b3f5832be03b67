"""Security schemes (3.x ``securitySchemes``, 2.0 ``securityDefinitions``) and requirements."""

from __future__ import annotations

from treaty._json import JSONObject, JSONValue
from treaty.spec.document import OAuthFlow, SecurityRequirement, SecurityScheme
from treaty.spec.pointer import join
from treaty.spec.shape import entries, field, mapping, resolved, sequence, strings, text

# Swagger 2.0 `flow` -> the OpenAPI 3 flow it became
_SWAGGER_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}


def requirements(node: JSONValue, pointer: str) -> tuple[SecurityRequirement, ...]:
    """A ``security`` list: each entry an alternative whose schemes all apply."""
    found = []
    for index, item in enumerate(sequence(node, pointer)):
        where = join(pointer, index)
        schemes = {
            name: tuple(sorted(strings({name: value}, name, where)))
            for name, value, _ in entries(item, where)
        }
        found.append(SecurityRequirement(schemes=schemes, pointer=where))
    return tuple(found)


def _flow(name: str, node: JSONObject, pointer: str) -> OAuthFlow:
    scopes = field(node, "scopes", pointer) or {}
    return OAuthFlow(
        name=name,
        authorization_url=text(node, "authorizationUrl", pointer),
        token_url=text(node, "tokenUrl", pointer),
        refresh_url=text(node, "refreshUrl", pointer),
        scopes=tuple(sorted(key for key, _, _ in entries(scopes, join(pointer, "scopes")))),
        pointer=pointer,
    )


def _api_key_location(node: JSONObject, pointer: str) -> str:
    return f"{text(node, 'in', pointer)}:{text(node, 'name', pointer)}"


def schemes(root: JSONObject, node: JSONValue, pointer: str) -> dict[str, SecurityScheme]:
    """OpenAPI 3.x ``components.securitySchemes``."""
    found = {}
    for name, value, where in entries(node or {}, pointer):
        scheme, at = resolved(root, value, where)
        kind = text(scheme, "type", at) or ""
        flows = field(scheme, "flows", at) or {}
        http = text(scheme, "scheme", at) if kind == "http" else None
        found[name] = SecurityScheme(
            name=name,
            type=kind,
            http_scheme=http.lower() if http else None,
            api_key_location=_api_key_location(scheme, at) if kind == "apiKey" else None,
            flows={
                flow: _flow(flow, mapping(body, fat), fat)
                for flow, body, fat in entries(flows, join(at, "flows"))
            },
            open_id_connect_url=text(scheme, "openIdConnectUrl", at),
            pointer=at,
        )
    return found


def swagger_schemes(node: JSONValue, pointer: str) -> dict[str, SecurityScheme]:
    """Swagger 2.0 ``securityDefinitions``, upgraded: basic -> http/basic, flows renamed."""
    found = {}
    for name, value, where in entries(node or {}, pointer):
        scheme = mapping(value, where)
        kind = text(scheme, "type", where) or ""
        flows = {}
        if kind == "oauth2":
            flow = text(scheme, "flow", where) or ""
            upgraded = _SWAGGER_FLOWS.get(flow, flow)
            flows[upgraded] = _flow(upgraded, scheme, where)
        found[name] = SecurityScheme(
            name=name,
            type="http" if kind == "basic" else kind,
            http_scheme="basic" if kind == "basic" else None,
            api_key_location=_api_key_location(scheme, where) if kind == "apiKey" else None,
            flows=flows,
            open_id_connect_url=None,
            pointer=where,
        )
    return found
