"""Rules for webhooks and callbacks: requests the API sends to its subscribers.

The engine compares a webhook or callback operation like any other and turns every fact
around (``treaty.changes.flows``): its payload (request body) and parameters flow to the
subscriber, so they are judged as responses; the subscriber's reply flows to the API, so it
is judged as a request. Schema changes inside a payload therefore reach the usual
``response-body-*`` / ``response-property-*`` checks and those inside a reply the
``request-*`` ones; the checks here cover what has no counterpart there.

oasdiff applies its request rules to webhook payloads, so a new required property in a payload
(the API promises to always send it) is reported as breaking, and a new enum value in a
callback payload (subscribers receive a value they do not handle) is not reported at all.
treaty judges both by who receives the data.
"""

from __future__ import annotations

from treaty.changes.model import Action, Aspect, Change, Direction, Scope, Target
from treaty.rules.registry import Area, RuleContext, Severity, rule

# a payload fact arrives in the response direction; its scope (request body) is mirrored to
# the response body's on lookup, as the facts inside `not` are
_PAYLOAD = (Scope.RESPONSE_BODY,)
_SENT_PARAMETER = (Scope.RESPONSE_HEADER,)


@rule(
    id="webhook-removed",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.WEBHOOK, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} removed: subscribers no longer receive it",
)
def webhook_removed(change: Change, ctx: RuleContext) -> bool:
    """A webhook was removed from the document's `webhooks`.

    Why it breaks:
        Subscribers built their integration on receiving these events; they silently stop
        arriving.

    Ship it safely:
        Mark the webhook `deprecated: true`, tell subscribers, and keep sending it until they
        have moved to its replacement.

    Example:
        base:      webhooks: {newPet: {post: {...}}, petSold: {post: {...}}}
        revision:  webhooks: {newPet: {post: {...}}}
    """
    return True


@rule(
    id="webhook-added",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.WEBHOOK, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} added",
)
def webhook_added(change: Change, ctx: RuleContext) -> bool:
    """A webhook was added to the document's `webhooks`.

    Why it is safe:
        Existing subscribers have not subscribed to it.

    Ship it safely:
        Nothing to do.

    Example:
        base:      webhooks: {newPet: {post: {...}}}
        revision:  webhooks: {newPet: {post: {...}}, petSold: {post: {...}}}
    """
    return True


@rule(
    id="callback-removed",
    severity=Severity.ERROR,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.CALLBACK, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} removed: the API no longer calls it",
)
def callback_removed(change: Change, ctx: RuleContext) -> bool:
    """A callback operation was removed from an operation's `callbacks` (or its URL changed).

    Why it breaks:
        Clients registered a callback URL and wait for the API to call it; the call never
        comes (or goes to another URL expression than the one they set up).

    Ship it safely:
        Keep calling the old callback until clients have moved to the new one.

    Example:
        base:      callbacks: {onEvent: {"{$request.body#/url}": {post: {...}}}}
        revision:  callbacks: {}
    """
    return True


@rule(
    id="callback-added",
    severity=Severity.INFO,
    direction=Direction.NONE,
    area=Area.OPERATIONS,
    on=(Target.CALLBACK, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} added",
)
def callback_added(change: Change, ctx: RuleContext) -> bool:
    """A callback operation was added to an operation's `callbacks`.

    Why it is safe:
        The callback URL comes from the client; clients that do not provide one are not called.

    Ship it safely:
        Make the field that carries the callback URL optional.

    Example:
        base:      callbacks: {}
        revision:  callbacks: {onEvent: {"{$request.body#/url}": {post: {...}}}}
    """
    return True


@rule(
    id="callback-payload-removed",
    severity=Severity.ERROR,
    direction=Direction.RESPONSE,
    area=Area.REQUEST_BODY,
    on=(Target.REQUEST_BODY, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} no longer sends a request body",
    scopes=_PAYLOAD,
)
def callback_payload_removed(change: Change, ctx: RuleContext) -> bool:
    """The payload (request body) of a webhook or callback was removed.

    Why it breaks:
        Subscribers read the event from the body the API sends; it no longer arrives.

    Ship it safely:
        Keep sending the body; add a new webhook for the new shape.

    Example:
        base:      webhooks: {newPet: {post: {requestBody: {content: {application/json: {}}}}}}
        revision:  webhooks: {newPet: {post: {}}}
    """
    return True


@rule(
    id="callback-payload-added",
    severity=Severity.INFO,
    direction=Direction.RESPONSE,
    area=Area.REQUEST_BODY,
    on=(Target.REQUEST_BODY, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} now sends a request body",
    scopes=_PAYLOAD,
)
def callback_payload_added(change: Change, ctx: RuleContext) -> bool:
    """A webhook or callback now sends a payload (request body).

    Why it is safe:
        Subscribers that do not read the body are not affected.

    Ship it safely:
        Nothing to do.

    Example:
        base:      webhooks: {newPet: {post: {}}}
        revision:  webhooks: {newPet: {post: {requestBody: {content: {application/json: {}}}}}}
    """
    return True


@rule(
    id="callback-payload-became-optional",
    severity=Severity.ERROR,
    direction=Direction.RESPONSE,
    area=Area.REQUEST_BODY,
    on=(Target.REQUEST_BODY, Aspect.REQUIRED, Action.CHANGED),
    message="{operation} may now send no request body",
    scopes=_PAYLOAD,
)
def callback_payload_became_optional(change: Change, ctx: RuleContext) -> bool:
    """The payload of a webhook or callback is no longer always sent.

    Why it breaks:
        Subscribers read the body unconditionally and fail on an empty request.

    Ship it safely:
        Keep sending a body on every call.

    Example:
        base:      {requestBody: {required: true, content: {application/json: {}}}}
        revision:  {requestBody: {required: false, content: {application/json: {}}}}
    """
    return change.before is True and change.after is not True


@rule(
    id="callback-payload-became-required",
    severity=Severity.INFO,
    direction=Direction.RESPONSE,
    area=Area.REQUEST_BODY,
    on=(Target.REQUEST_BODY, Aspect.REQUIRED, Action.CHANGED),
    message="{operation} now always sends a request body",
    scopes=_PAYLOAD,
)
def callback_payload_became_required(change: Change, ctx: RuleContext) -> bool:
    """The payload of a webhook or callback is now always sent.

    Why it is safe:
        Subscribers receive a body on every call, which they handled before.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {requestBody: {required: false, content: {application/json: {}}}}
        revision:  {requestBody: {required: true, content: {application/json: {}}}}
    """
    return change.before is not True and change.after is True


@rule(
    id="callback-parameter-removed",
    severity=Severity.ERROR,
    direction=Direction.RESPONSE,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} no longer sends {before} parameter `{name}`",
    scopes=_SENT_PARAMETER,
)
def callback_parameter_removed(change: Change, ctx: RuleContext) -> bool:
    """A parameter the API sends with a webhook or callback (a signature header, an event id)
    was removed.

    Why it breaks:
        Subscribers read it (to verify a signature, deduplicate deliveries) and now get none.

    Ship it safely:
        Keep sending the parameter.

    Example:
        base:      {parameters: [{name: X-Signature, in: header, schema: {type: string}}]}
        revision:  {parameters: []}
    """
    return True


@rule(
    id="callback-parameter-added",
    severity=Severity.INFO,
    direction=Direction.RESPONSE,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} now sends {after} parameter `{name}`",
    scopes=_SENT_PARAMETER,
)
def callback_parameter_added(change: Change, ctx: RuleContext) -> bool:
    """The API sends a new parameter with a webhook or callback.

    Why it is safe:
        Subscribers ignore parameters they do not know, required or not: the API is the
        one that must send it.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {parameters: []}
        revision:  {parameters: [{name: X-Signature, in: header, required: true}]}
    """
    return True


@rule(
    id="callback-reply-status-removed",
    severity=Severity.WARNING,
    direction=Direction.REQUEST,
    area=Area.RESPONSES,
    on=(Target.RESPONSE, Aspect.EXISTENCE, Action.REMOVED),
    message="{operation} no longer documents status {name} in the subscriber's reply",
)
def callback_reply_status_removed(change: Change, ctx: RuleContext) -> bool:
    """A status the subscriber may reply with is no longer documented for a webhook or callback.

    Why it breaks:
        Subscribers that reply with it may now see the delivery treated as failed and
        retried; whether the API still accepts the status is not in the document, so this
        is a warning.

    Ship it safely:
        Keep accepting every status subscribers were told they may reply with.

    Example:
        base:      responses: {"200": {...}, "202": {...}}
        revision:  responses: {"200": {...}}
    """
    return True


@rule(
    id="callback-reply-status-added",
    severity=Severity.INFO,
    direction=Direction.REQUEST,
    area=Area.RESPONSES,
    on=(Target.RESPONSE, Aspect.EXISTENCE, Action.ADDED),
    message="{operation} documents a new status {name} in the subscriber's reply",
)
def callback_reply_status_added(change: Change, ctx: RuleContext) -> bool:
    """A new status the subscriber may reply with was documented for a webhook or callback.

    Why it is safe:
        Subscribers that keep replying as before are still accepted.

    Ship it safely:
        Nothing to do.

    Example:
        base:      responses: {"200": {...}}
        revision:  responses: {"200": {...}, "202": {...}}
    """
    return True
