"""The typed Spec model: what the diff stage sees of an OpenAPI or Swagger document.

Everything here is frozen. Schemas are *not* modelled: a :class:`SchemaSite` keeps the original
schema node and its pointer, and the schema comparer walks it against the original root (so a
Swagger 2.0 ``$ref: '#/definitions/X'`` still resolves).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from treaty._json import JSONObject, JSONValue
from treaty.changes.model import OperationKey
from treaty.spec.dialect import Dialect


class ParameterLocation(StrEnum):
    """Where a parameter travels (Swagger ``body``/``formData`` become a request body)."""

    QUERY = "query"
    HEADER = "header"
    PATH = "path"
    COOKIE = "cookie"


@dataclass(frozen=True, slots=True)
class SchemaSite:
    """A schema node (possibly a ``$ref`` object) and the pointer where it sits.

    For Swagger 2.0 non-body parameters and response headers the node is the parameter or
    header object itself: ``type``, ``format``, ``items`` and the bounds live there.
    """

    node: JSONValue
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaType:
    """One entry of a ``content`` map."""

    name: str  # as written, e.g. "application/json; charset=utf-8"
    schema: SchemaSite | None
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    """A parameter with OpenAPI's serialisation defaults applied."""

    name: str
    location: ParameterLocation
    required: bool
    style: str
    explode: bool
    allow_empty_value: bool
    allow_reserved: bool
    deprecated: bool
    sunset: str | None  # x-sunset, as written
    schema: SchemaSite | None  # None when content-described (or no schema at all)
    content: Mapping[str, MediaType]  # empty unless content-described
    pointer: str  # where the definition lives (the component for a $ref'ed parameter)


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestBody:
    """An operation's request body (a Swagger 2.0 ``body``/``formData`` parameter, upgraded)."""

    required: bool
    content: Mapping[str, MediaType]
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    """A response header (Swagger 2.0: the header object is its own schema)."""

    name: str
    required: bool
    deprecated: bool
    schema: SchemaSite | None
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """One response of an operation, keyed by its status as written."""

    status: str  # as written: "200", "2XX", "default"
    content: Mapping[str, MediaType]
    headers: Mapping[str, Header]
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityRequirement:
    """One alternative of a ``security`` list: every scheme in it applies (AND)."""

    schemes: Mapping[str, tuple[str, ...]]  # scheme name -> sorted scopes
    pointer: str

    @property
    def name(self) -> str:
        """The sorted scheme names joined by ``+`` ("" for anonymous access)."""
        return "+".join(sorted(self.schemes))


@dataclass(frozen=True, slots=True, kw_only=True)
class OAuthFlow:
    """An OAuth 2 flow with its URLs and declared scopes (Swagger 2.0 flows renamed)."""

    name: str  # implicit | password | clientCredentials | authorizationCode
    authorization_url: str | None
    token_url: str | None
    refresh_url: str | None
    scopes: tuple[str, ...]  # sorted
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityScheme:
    """A declared security scheme (``securitySchemes`` or ``securityDefinitions``)."""

    name: str
    type: str  # apiKey | http | oauth2 | openIdConnect | mutualTLS
    http_scheme: str | None  # lower-cased ("bearer", "basic") for type http
    api_key_location: str | None  # "header:X-Key" for type apiKey
    flows: Mapping[str, OAuthFlow]
    open_id_connect_url: str | None
    pointer: str

    @property
    def kind(self) -> str:
        """The type plus the http scheme: ``http/bearer``, ``apiKey``."""
        return f"{self.type}/{self.http_scheme}" if self.http_scheme else self.type


@dataclass(frozen=True, slots=True, kw_only=True)
class Server:
    """A server URL and the base path operations are served under."""

    url: str
    base_path: str  # the URL's path with variables at their defaults, no trailing slash
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    """One operation with everything that applies to it resolved and merged."""

    key: OperationKey
    path_template: str  # parameter names blanked: "/pets/{}"
    path_parameters: tuple[str, ...]  # parameter names in template order
    operation_id: str | None
    deprecated: bool
    sunset: str | None  # x-sunset
    stability: str | None  # x-stability-level
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]  # path-level merged, operation-level wins
    request_body: RequestBody | None
    responses: Mapping[str, Response]
    security: tuple[SecurityRequirement, ...]  # effective: operation-level else global
    servers: tuple[Server, ...]  # effective: operation, path item, then document
    pointer: str
    # the operations the API calls back, keyed with `via` naming this operation and the callback
    callbacks: Mapping[OperationKey, Operation] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True, slots=True, kw_only=True)
class Info:
    """The parts of ``info`` that identify the document."""

    title: str | None
    version: str | None
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Spec:
    """A document as the diff stage sees it. ``root`` is the original tree (never modified)."""

    name: str
    dialect: Dialect
    info: Info
    operations: Mapping[OperationKey, Operation]
    security_schemes: Mapping[str, SecurityScheme]
    security: tuple[SecurityRequirement, ...]
    servers: tuple[Server, ...]
    root: JSONObject
    webhooks: Mapping[OperationKey, Operation] = field(default_factory=lambda: _EMPTY)


_EMPTY: Mapping[OperationKey, Operation] = MappingProxyType({})
