"""treaty.spec: the typed model of an OpenAPI or Swagger document."""

from treaty.spec.build import build
from treaty.spec.document import (
    Header,
    Info,
    MediaType,
    OAuthFlow,
    Operation,
    Parameter,
    ParameterLocation,
    RequestBody,
    Response,
    SchemaSite,
    SecurityRequirement,
    SecurityScheme,
    Server,
    Spec,
)

__all__ = [
    "Header",
    "Info",
    "MediaType",
    "OAuthFlow",
    "Operation",
    "Parameter",
    "ParameterLocation",
    "RequestBody",
    "Response",
    "SchemaSite",
    "SecurityRequirement",
    "SecurityScheme",
    "Server",
    "Spec",
    "build",
]
