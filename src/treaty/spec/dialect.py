"""Which OpenAPI dialect a document speaks, which decides how some keywords read."""

from __future__ import annotations

from enum import StrEnum

from treaty._json import JSONObject


class Dialect(StrEnum):
    """Swagger 2.0, OpenAPI 3.0.x or OpenAPI 3.1.x.

    The dialect changes the meaning of a few schema keywords: nullability (``x-nullable`` in
    2.0, ``nullable`` in 3.0, ``"null"`` in ``type`` in 3.1) and exclusive bounds (boolean
    modifiers in 2.0/3.0, numbers in 3.1).
    """

    SWAGGER_2 = "2.0"
    OPENAPI_30 = "3.0"
    OPENAPI_31 = "3.1"


def dialect_of(root: JSONObject) -> Dialect:
    """Read the dialect from the ``swagger`` / ``openapi`` field (3.1 for anything newer)."""
    if "swagger" in root:
        return Dialect.SWAGGER_2
    version = str(root.get("openapi", "3.0"))
    return Dialect.OPENAPI_30 if version.startswith("3.0") else Dialect.OPENAPI_31
