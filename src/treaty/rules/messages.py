"""Request bodies, responses, media types and response headers."""

from __future__ import annotations

from treaty.changes.model import Action, Aspect, Change, Direction, Flag, Scope, Target
from treaty.rules.registry import Area, RuleContext, Severity, rule

_BODY = (Scope.REQUEST_BODY,)
_RESPONSE = (Scope.RESPONSE_BODY,)
_HEADER = (Scope.RESPONSE_HEADER,)


def is_success(status: str | None) -> bool:
    """2xx status codes and the 2XX range are success; `default` and others are not."""
    return bool(status) and str(status)[0] == "2"


# ---- request bodies ----------------------------------------------------------------------


@rule(
    id="request-body-added-required",
    severity=Severity.ERROR,
    direction=Direction.REQUEST,
    area=Area.REQUEST_BODY,
    on=(Target.REQUEST_BODY, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} now requires a request body",
    scopes=_BODY,
)
def request_body_added_required(change: Change, ctx: RuleContext) -> bool:
    """A required request body was added to an operation that had none.

    Why it breaks:
        Clients send no body and are rejected.

    Ship it safely:
        Make the body optional.

    Example:
        base:      {post: {}}
        revision:  {post: {requestBody: {required: true, content: {application/json: {}}}}}
    """
    return Flag.REQUIRED_AFTER in change.flags


@rule(
    id="request-body-added-optional",
    severity=Severity.INFO,
    direction=Direction.REQUEST,
    area=Area.REQUEST_BODY,
    on=(Target.REQUEST_BODY, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} now accepts an optional request body",
    scopes=_BODY,
)
def request_body_added_optional(change: Change, ctx: RuleContext) -> bool:
    """An optional request body was added.

    Why it is safe:
        Clients may keep sending no body.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {post: {}}
        revision:  {post: {requestBody: {content: {application/json: {}}}}}
    """
    return Flag.REQUIRED_AFTER not in change.flags


@rule(
    id="request-body-removed",
    severity=Severity.ERROR,
    direction=Direction.REQUEST,
    area=Area.REQUEST_BODY,
    on=(Target.REQUEST_BODY, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} no longer accepts a request body",
    scopes=_BODY,
)
def request_body_removed(change: Change, ctx: RuleContext) -> bool:
    """The request body of an operation was removed.

    Why it breaks:
        Clients keep sending it; the server rejects or ignores what they asked for.

    Ship it safely:
        Keep accepting the body until clients stop sending it.

    Example:
        base:      {post: {requestBody: {content: {application/json: {}}}}}
        revision:  {post: {}}
    """
    return True


@rule(
    id="request-body-became-required",
    severity=Severity.ERROR,
    direction=Direction.REQUEST,
    area=Area.REQUEST_BODY,
    on=(Target.REQUEST_BODY, Aspect.REQUIRED, Action.CHANGED),
    message="the request body of {operation} became required",
    scopes=_BODY,
)
def request_body_became_required(change: Change, ctx: RuleContext) -> bool:
    """An optional request body became required.

    Why it breaks:
        Clients that send no body are rejected.

    Ship it safely:
        Keep it optional.

    Example:
        base:      {requestBody: {required: false, ...}}
        revision:  {requestBody: {required: true, ...}}
    """
    return change.after is True


@rule(
    id="request-body-became-optional",
    severity=Severity.INFO,
    direction=Direction.REQUEST,
    area=Area.REQUEST_BODY,
    on=(Target.REQUEST_BODY, Aspect.REQUIRED, Action.CHANGED),
    message="the request body of {operation} became optional",
    scopes=_BODY,
)
def request_body_became_optional(change: Change, ctx: RuleContext) -> bool:
    """A required request body became optional.

    Why it is safe:
        Clients that send one are still accepted.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {requestBody: {required: true, ...}}
        revision:  {requestBody: {required: false, ...}}
    """
    return change.after is not True


@rule(
    id="request-body-media-type-removed",
    severity=Severity.ERROR,
    direction=Direction.REQUEST,
    area=Area.REQUEST_BODY,
    on=(Target.MEDIA_TYPE, Aspect.EXISTENCE, Action.REMOVED),
    message="request bodies of type `{name}` are no longer accepted",
    scopes=_BODY,
)
def request_body_media_type_removed(change: Change, ctx: RuleContext) -> bool:
    """A request body media type was removed.

    Why it breaks:
        Clients sending that content type get 415 Unsupported Media Type.

    Ship it safely:
        Keep accepting the media type.

    Example:
        base:      {content: {application/json: {}, application/xml: {}}}
        revision:  {content: {application/json: {}}}
    """
    return True


@rule(
    id="request-body-media-type-added",
    severity=Severity.INFO,
    direction=Direction.REQUEST,
    area=Area.REQUEST_BODY,
    on=(Target.MEDIA_TYPE, Aspect.EXISTENCE, Action.ADDED),
    message="request bodies of type `{name}` are now accepted",
    scopes=_BODY,
)
def request_body_media_type_added(change: Change, ctx: RuleContext) -> bool:
    """A request body media type was added.

    Why it is safe:
        Clients keep using the media types they used before.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {content: {application/json: {}}}
        revision:  {content: {application/json: {}, application/xml: {}}}
    """
    return True


# ---- responses ----------------------------------------------------------------------------


@rule(
    id="response-success-status-removed",
    severity=Severity.ERROR,
    direction=Direction.RESPONSE,
    area=Area.RESPONSES,
    on=(Target.RESPONSE, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} no longer returns status {name}",
)
def response_success_status_removed(change: Change, ctx: RuleContext) -> bool:
    """A success status code was removed from an operation's responses.

    Why it breaks:
        Clients check for that status (e.g. 202 Accepted) and treat anything else as a
        failure.

    Ship it safely:
        Keep returning the documented status.

    Example:
        base:      responses: {"202": {...}}
        revision:  responses: {"200": {...}}
    """
    return is_success(change.name)


@rule(
    id="response-non-success-status-removed",
    severity=Severity.INFO,
    direction=Direction.RESPONSE,
    area=Area.RESPONSES,
    on=(Target.RESPONSE, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} no longer documents status {name}",
)
def response_non_success_status_removed(change: Change, ctx: RuleContext) -> bool:
    """An error (or default) status was removed from an operation's responses.

    Why it is safe:
        Clients handle errors generically; one fewer documented error is no failure.

    Ship it safely:
        Nothing to do.

    Example:
        base:      responses: {"200": {...}, "404": {...}}
        revision:  responses: {"200": {...}}
    """
    return not is_success(change.name)


@rule(
    id="response-success-status-added",
    severity=Severity.WARNING,
    direction=Direction.RESPONSE,
    area=Area.RESPONSES,
    on=(Target.RESPONSE, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} may now return success status {name}",
)
def response_success_status_added(change: Change, ctx: RuleContext) -> bool:
    """A new success status code was added to an operation.

    Why it breaks:
        Clients that check for the one documented success status may treat the new one as
        a failure; whether the server returns it to existing clients is not in the
        document, so this is a warning.

    Ship it safely:
        Return the new status only to clients that opt in.

    Example:
        base:      responses: {"200": {...}}
        revision:  responses: {"200": {...}, "202": {...}}
    """
    return is_success(change.name)


@rule(
    id="response-non-success-status-added",
    severity=Severity.INFO,
    direction=Direction.RESPONSE,
    area=Area.RESPONSES,
    on=(Target.RESPONSE, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} documents a new status {name}",
)
def response_non_success_status_added(change: Change, ctx: RuleContext) -> bool:
    """A new error (or default) status was documented for an operation.

    Why it is safe:
        Clients handle unexpected errors generically.

    Ship it safely:
        Nothing to do.

    Example:
        base:      responses: {"200": {...}}
        revision:  responses: {"200": {...}, "429": {...}}
    """
    return not is_success(change.name)


@rule(
    id="response-media-type-removed",
    severity=Severity.ERROR,
    direction=Direction.RESPONSE,
    area=Area.RESPONSES,
    on=(Target.MEDIA_TYPE, Aspect.EXISTENCE, Action.REMOVED),
    message="`{name}` is no longer returned for status {parent}",
    scopes=_RESPONSE,
)
def response_media_type_removed(change: Change, ctx: RuleContext) -> bool:
    """A response media type was removed.

    Why it breaks:
        Clients that ask for it (Accept) get 406 or a body they cannot parse.

    Ship it safely:
        Keep serving the media type.

    Example:
        base:      {"200": {content: {application/json: {}, text/csv: {}}}}
        revision:  {"200": {content: {application/json: {}}}}
    """
    return True


@rule(
    id="response-media-type-added",
    severity=Severity.INFO,
    direction=Direction.RESPONSE,
    area=Area.RESPONSES,
    on=(Target.MEDIA_TYPE, Aspect.EXISTENCE, Action.ADDED),
    message="`{name}` can now be returned for status {parent}",
    scopes=_RESPONSE,
)
def response_media_type_added(change: Change, ctx: RuleContext) -> bool:
    """A response media type was added.

    Why it is safe:
        Content negotiation keeps serving clients the type they ask for.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {"200": {content: {application/json: {}}}}
        revision:  {"200": {content: {application/json: {}, text/csv: {}}}}
    """
    return True


# ---- response headers -------------------------------------------------------------------


@rule(
    id="response-required-header-removed",
    severity=Severity.ERROR,
    direction=Direction.RESPONSE,
    area=Area.HEADERS,
    on=(Target.HEADER, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} no longer returns required header `{name}` (status {parent})",
    scopes=_HEADER,
)
def response_required_header_removed(change: Change, ctx: RuleContext) -> bool:
    """A required response header was removed.

    Why it breaks:
        Clients read it unconditionally (Location, ETag, rate limits).

    Ship it safely:
        Keep sending the header.

    Example:
        base:      {"201": {headers: {Location: {required: true}}}}
        revision:  {"201": {}}
    """
    return Flag.REQUIRED_BEFORE in change.flags


@rule(
    id="response-optional-header-removed",
    severity=Severity.ERROR,
    direction=Direction.RESPONSE,
    area=Area.HEADERS,
    on=(Target.HEADER, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} no longer returns header `{name}` (status {parent})",
    scopes=_HEADER,
)
def response_optional_header_removed(change: Change, ctx: RuleContext) -> bool:
    """An optional response header was removed.

    Why it breaks:
        Clients that use the header when present lose the information for good.

    Ship it safely:
        Deprecate the header and keep sending it until the sunset date.

    Example:
        base:      {"200": {headers: {X-Rate-Limit: {}}}}
        revision:  {"200": {}}
    """
    return Flag.REQUIRED_BEFORE not in change.flags


@rule(
    id="response-header-added",
    severity=Severity.INFO,
    direction=Direction.RESPONSE,
    area=Area.HEADERS,
    on=(Target.HEADER, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} now returns header `{name}` (status {parent})",
    scopes=_HEADER,
)
def response_header_added(change: Change, ctx: RuleContext) -> bool:
    """A response header was added.

    Why it is safe:
        Clients ignore headers they do not know.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {"200": {}}
        revision:  {"200": {headers: {X-Request-Id: {}}}}
    """
    return True


@rule(
    id="response-header-became-optional",
    severity=Severity.ERROR,
    direction=Direction.RESPONSE,
    area=Area.HEADERS,
    on=(Target.HEADER, Aspect.REQUIRED, Action.CHANGED),
    message="header `{name}` of {operation} (status {parent}) is no longer always returned",
    scopes=_HEADER,
)
def response_header_became_optional(change: Change, ctx: RuleContext) -> bool:
    """A required response header became optional.

    Why it breaks:
        Clients read it unconditionally and fail when it is missing.

    Ship it safely:
        Keep sending it.

    Example:
        base:      {headers: {ETag: {required: true}}}
        revision:  {headers: {ETag: {}}}
    """
    return change.before is True and change.after is not True


@rule(
    id="response-header-became-required",
    severity=Severity.INFO,
    direction=Direction.RESPONSE,
    area=Area.HEADERS,
    on=(Target.HEADER, Aspect.REQUIRED, Action.CHANGED),
    message="header `{name}` of {operation} (status {parent}) is now always returned",
    scopes=_HEADER,
)
def response_header_became_required(change: Change, ctx: RuleContext) -> bool:
    """An optional response header became required.

    Why it is safe:
        Clients already handle it when present.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {headers: {ETag: {}}}
        revision:  {headers: {ETag: {required: true}}}
    """
    return change.after is True
