"""The change model: structural facts about two documents, with no judgement attached.

A :class:`Change` says *what* differs and *where*; rules (``treaty.rules``) decide what it means
for clients. Enums are closed: a new member is a reviewed change, never a free-text string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from treaty._json import JSONValue


class Direction(StrEnum):
    """Which way the changed data flows, which decides whether narrowing or widening breaks."""

    REQUEST = "request"  # what a client sends: narrowing breaks
    RESPONSE = "response"  # what a client receives: widening breaks
    NONE = "none"  # operation-level facts (existence, ids, security…)


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class Scope(StrEnum):
    """Where in an operation a schema-level change was reached from."""

    PARAMETER = "parameter"
    REQUEST_BODY = "request-body"
    RESPONSE_BODY = "response-body"
    RESPONSE_HEADER = "response-header"
    OPERATION = "operation"
    DOCUMENT = "document"


class Target(StrEnum):
    """The kind of element that changed."""

    PATH = "path"
    OPERATION = "operation"
    PARAMETER = "parameter"
    REQUEST_BODY = "request-body"
    MEDIA_TYPE = "media-type"
    RESPONSE = "response"
    HEADER = "header"
    PROPERTY = "property"
    SCHEMA = "schema"
    SECURITY = "security"
    SECURITY_SCHEME = "security-scheme"
    SERVER = "server"
    DOCUMENT = "document"
    # flows the other way: the API sends the request, the subscriber answers
    WEBHOOK = "webhook"
    CALLBACK = "callback"


class Aspect(StrEnum):
    """What about the element changed. One member per notion treaty understands."""

    # existence and lifecycle
    EXISTENCE = "existence"
    REQUIRED = "required"
    OPERATION_ID = "operationId"
    DEPRECATED = "deprecated"
    SUNSET = "sunset"
    STABILITY = "stability"
    TAGS = "tags"
    # an operation that moved path: before {path, sunset, stability} of the base, after the path
    PATH = "path"
    # parameter serialisation
    STYLE = "style"
    EXPLODE = "explode"
    ALLOW_EMPTY_VALUE = "allowEmptyValue"
    ALLOW_RESERVED = "allowReserved"
    SERIALIZATION = "serialization"  # schema-described vs content-described parameter
    # schema keywords
    TYPE = "type"
    FORMAT = "format"
    NULLABLE = "nullable"
    ENUM = "enum"
    EXTENSIBLE_ENUM = "x-extensible-enum"
    CONST = "const"  # CHANGED: a one-value set swapped for another (before/after: the values)
    # the boolean schema `false` (or `not: {}`): no value is valid; ADDED = became `false`
    FALSE_SCHEMA = "false-schema"
    DEFAULT = "default"
    ADDITIONAL_PROPERTIES = "additionalProperties"
    UNEVALUATED_PROPERTIES = "unevaluatedProperties"
    READ_ONLY = "readOnly"
    WRITE_ONLY = "writeOnly"
    # bounds: before/after are {"value": number, "exclusive": bool} or None (no bound);
    # 3.0 boolean and 3.1 numeric exclusive forms are one notion
    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    MULTIPLE_OF = "multipleOf"
    MIN_LENGTH = "minLength"
    MAX_LENGTH = "maxLength"
    PATTERN = "pattern"
    MIN_ITEMS = "minItems"
    MAX_ITEMS = "maxItems"
    UNIQUE_ITEMS = "uniqueItems"
    ITEMS = "items"
    PREFIX_ITEMS = "prefixItems"
    CONTAINS = "contains"
    MIN_CONTAINS = "minContains"
    MAX_CONTAINS = "maxContains"
    UNEVALUATED_ITEMS = "unevaluatedItems"
    PROPERTY_NAMES = "propertyNames"
    PATTERN_PROPERTIES = "patternProperties"
    DEPENDENT_REQUIRED = "dependentRequired"
    DEPENDENT_SCHEMAS = "dependentSchemas"
    # if/then/else: added/removed (before/after name the keyword), or the `if` itself changed
    CONDITIONAL = "conditional"
    # a `$dynamicRef` whose target depends on the dynamic scope, where the anchors it may reach
    # differ between the documents: treaty cannot judge it (before/after: the refs)
    DYNAMIC_REF = "$dynamicRef"
    # a `$ref` relative to an `$id` that names no schema of the document and no file: the
    # bundler left the absolute URI it means, which differs between the documents
    UNRESOLVED_REF = "unresolved-$ref"
    CONTENT_MEDIA_TYPE = "contentMediaType"
    CONTENT_ENCODING = "contentEncoding"
    CONTENT_SCHEMA = "contentSchema"
    MIN_PROPERTIES = "minProperties"
    MAX_PROPERTIES = "maxProperties"
    ONE_OF = "oneOf"
    # two oneOf branches that nothing tells apart, where they were told apart before (or one
    # of them is new): values matching both are rejected. name: "A and B"; after: the labels
    ONE_OF_OVERLAP = "oneOfOverlap"
    ANY_OF = "anyOf"
    ALL_OF = "allOf"
    NOT = "not"
    DISCRIMINATOR = "discriminator"
    DISCRIMINATOR_MAPPING = "discriminatorMapping"
    # security
    SCOPES = "scopes"
    SCHEME_TYPE = "schemeType"
    OAUTH_FLOW = "oauthFlow"
    OAUTH_URL = "oauthUrl"
    API_KEY_LOCATION = "apiKeyLocation"
    # documentation and extensions: only `treaty diff` shows these
    SUMMARY = "summary"
    DESCRIPTION = "description"
    TITLE = "title"
    EXAMPLE = "example"
    EXTENSION = "extension"
    INFO = "info"
    URL = "url"


class Flag(StrEnum):
    """Facts about the changed element that rules need and the change itself does not carry."""

    REQUIRED_BEFORE = "required-before"  # element was required in the base
    REQUIRED_AFTER = "required-after"  # element is required in the revision
    DEPRECATED_BEFORE = "deprecated-before"  # element was marked deprecated in the base
    DEPRECATED_AFTER = "deprecated-after"  # element is marked deprecated in the revision
    READ_ONLY = "read-only"  # property is readOnly (never sent by clients)
    WRITE_ONLY = "write-only"  # property is writeOnly (never returned to clients)
    HAS_DEFAULT = "has-default"  # element has a default in the revision
    CLOSED_OBJECT = "closed-object"  # containing object forbids unknown properties
    OBJECT_VALUED = "object-valued"  # parameter value is an object/array (serialisation matters)


@dataclass(frozen=True, slots=True, order=True)
class OperationKey:
    """An operation as users name it: ``GET /pets/{petId}`` (revision path; base for removals).

    A webhook or callback operation is one the API *sends*: ``via`` says which ("webhook",
    "callback `onEvent` of POST /subscribe") and ``path`` is the webhook's name or the
    callback's URL expression. Its request flows from the API to the subscriber, so the diff
    engine judges it with directions swapped.
    """

    method: str
    path: str
    via: str = ""

    @property
    def reversed(self) -> bool:
        """Whether the API sends this operation's request (a webhook or a callback)."""
        return bool(self.via)

    def __str__(self) -> str:
        named = f"{self.method.upper()} {self.path}"
        return f"{named} ({self.via})" if self.via else named


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """Where the change is, as RFC 6901 pointers into each document."""

    base_pointer: str | None  # None when the element was added
    revision_pointer: str | None  # None when the element was removed


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One structural difference between the base and the revision.

    A change is reported once, at the element that changed (for a shared component, the
    component's pointer), with every operation it affects in ``operations`` — first the one a
    reader would look at first.
    """

    target: Target
    aspect: Aspect
    action: Action
    direction: Direction
    location: Location
    scope: Scope = Scope.OPERATION
    operations: tuple[OperationKey, ...] = ()
    name: str | None = None  # parameter / property / media type / status code / scheme
    # the container inside the operation, for messages: "query:limit" for a parameter,
    # "application/json" for a request body, "200 application/json" for a response body,
    # "200 X-Rate-Limit" for a response header; None for operation-level changes
    parent: str | None = None
    before: JSONValue = None
    after: JSONValue = None
    flags: frozenset[Flag] = field(default_factory=frozenset)

    @property
    def operation(self) -> OperationKey | None:
        """The operation a reader looks at first, if the change concerns any."""
        return self.operations[0] if self.operations else None

    @property
    def pointer(self) -> str | None:
        """The pointer to show: the revision's, or the base's for removals."""
        return self.location.revision_pointer or self.location.base_pointer
