"""Object rules: properties added or removed, required, readOnly/writeOnly, closed objects."""

from __future__ import annotations

from treaty._json import JSONValue
from treaty.changes.model import Action, Aspect, Change, Flag, Target
from treaty.rules.families import REQUEST, REQUEST_OBJECTS, RESPONSE, RESPONSE_OBJECTS, family
from treaty.rules.registry import Predicate, RuleContext, Severity, always


def _became(before: bool, after: bool) -> Predicate:
    return lambda change, ctx: bool(change.before) is before and bool(change.after) is after


def _required_after(change: Change, ctx: RuleContext) -> bool:
    return Flag.REQUIRED_AFTER in change.flags


def _required_before(change: Change, ctx: RuleContext) -> bool:
    return Flag.REQUIRED_BEFORE in change.flags


def _write_only(change: Change, ctx: RuleContext) -> bool:
    return Flag.WRITE_ONLY in change.flags


_ADDED = (Target.PROPERTY, Aspect.EXISTENCE, Action.ADDED)
_REMOVED = (Target.PROPERTY, Aspect.EXISTENCE, Action.REMOVED)
_REQUIRED = (Target.PROPERTY, Aspect.REQUIRED, Action.CHANGED)
_READ_ONLY = (Target.PROPERTY, Aspect.READ_ONLY, Action.CHANGED)
_WRITE_ONLY = (Target.PROPERTY, Aspect.WRITE_ONLY, Action.CHANGED)

REQUEST_REQUIRED_ADDED = family(
    suffix="required-added",
    variants=REQUEST_OBJECTS,
    severity=Severity.ERROR,
    on=_ADDED,
    message="new required property {element}",
    predicate=_required_after,
    doc="""A new required property was added to {noun}.

    Why it breaks:
        Clients do not send it, so their requests are rejected. A default does not help:
        the property is still required in the request.

    Ship it safely:
        Add it as optional with a server-side default.

    Example:
        base:      {type: object, properties: {a: {type: string}}}
        revision:  {type: object, properties: {a: {type: string}, b: {type: string}}, required: [b]}
    """,
)
REQUEST_OPTIONAL_ADDED = family(
    suffix="optional-added",
    variants=REQUEST_OBJECTS,
    severity=Severity.INFO,
    on=_ADDED,
    message="new optional property {element}",
    predicate=lambda change, ctx: not _required_after(change, ctx),
    doc="""A new optional property was added to {noun}.

    Why it is safe:
        Clients may keep omitting it.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: object, properties: {a: {type: string}}}
        revision:  {type: object, properties: {a: {type: string}, b: {type: string}}}
    """,
)
REQUEST_REMOVED = family(
    suffix="removed",
    variants=REQUEST_OBJECTS,
    severity=Severity.ERROR,
    on=_REMOVED,
    message="property {element} removed",
    predicate=always,
    doc="""A property was removed from {noun}.

    Why it breaks:
        Clients keep sending it: a server that rejects unknown properties rejects their
        requests, and one that ignores them silently drops what clients asked for.

    Ship it safely:
        Deprecate the property, keep accepting it, and remove it after a sunset period.

    Example:
        base:      {type: object, properties: {a: {type: string}, b: {type: string}}}
        revision:  {type: object, properties: {a: {type: string}}}
    """,
)
REQUEST_BECAME_REQUIRED = family(
    suffix="became-required",
    variants=REQUEST_OBJECTS,
    severity=Severity.ERROR,
    on=_REQUIRED,
    message="property {element} became required",
    predicate=lambda change, ctx: (
        _became(False, True)(change, ctx) and Flag.READ_ONLY not in change.flags
    ),
    doc="""An optional property of {noun} became required.

    Why it breaks:
        Clients that omit it are now rejected. A readOnly property listed in `required`
        is required in responses only: clients never send it, so that is no request change.

    Ship it safely:
        Keep it optional and apply a server-side default.

    Example:
        base:      {type: object, properties: {a: {type: string}}}
        revision:  {type: object, properties: {a: {type: string}}, required: [a]}
    """,
)
REQUEST_BECAME_OPTIONAL = family(
    suffix="became-optional",
    variants=REQUEST_OBJECTS,
    severity=Severity.INFO,
    on=_REQUIRED,
    message="property {element} became optional",
    predicate=_became(True, False),
    doc="""A required property of {noun} became optional.

    Why it is safe:
        Clients that send it are still accepted.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: object, properties: {a: {type: string}}, required: [a]}
        revision:  {type: object, properties: {a: {type: string}}}
    """,
)
REQUEST_BECAME_READ_ONLY = family(
    suffix="became-read-only",
    variants=REQUEST_OBJECTS,
    severity=Severity.ERROR,
    on=_READ_ONLY,
    message="property {element} became read-only: clients can no longer set it",
    predicate=_became(False, True),
    doc="""A property of {noun} became readOnly.

    Why it breaks:
        Clients that set it in requests are ignored or rejected: in requests the property
        is effectively removed.

    Ship it safely:
        Keep it writable until clients stop sending it.

    Example:
        base:      {type: object, properties: {id: {type: string}}}
        revision:  {type: object, properties: {id: {type: string, readOnly: true}}}
    """,
)
REQUEST_BECAME_WRITABLE = family(
    suffix="became-not-read-only",
    variants=REQUEST_OBJECTS,
    severity=Severity.ERROR,
    on=_READ_ONLY,
    message="required property {element} is no longer read-only: clients must now send it",
    predicate=lambda change, ctx: (
        change.before is True and change.after is False and _required_after(change, ctx)
    ),
    doc="""A required readOnly property of {noun} is no longer readOnly.

    Why it breaks:
        `required` now applies to requests too: clients that never sent the property are
        rejected.

    Ship it safely:
        Make it optional in requests.

    Example:
        base:      {type: object, properties: {id: {readOnly: true}}, required: [id]}
        revision:  {type: object, properties: {id: {}}, required: [id]}
    """,
)
REQUEST_ACCESS_CHANGED = (
    *family(
        suffix="read-only-changed",
        variants=REQUEST_OBJECTS,
        severity=Severity.INFO,
        on=_READ_ONLY,
        message="property {element}: readOnly changed from {before} to {after}",
        predicate=lambda change, ctx: (
            change.before is True and change.after is False and not _required_after(change, ctx)
        ),
        doc="""An optional property of {noun} is no longer readOnly: clients may now set it.

        Why it is safe:
            Clients that never sent it still do not have to.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: object, properties: {note: {readOnly: true}}}
            revision:  {type: object, properties: {note: {}}}
        """,
    ),
    *family(
        suffix="write-only-changed",
        variants=REQUEST_OBJECTS,
        severity=Severity.INFO,
        on=_WRITE_ONLY,
        message="property {element}: writeOnly changed from {before} to {after}",
        predicate=always,
        doc="""The writeOnly flag of a property of {noun} changed.

        Why it is safe:
            writeOnly only affects responses; requests are unchanged.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: object, properties: {password: {type: string}}}
            revision:  {type: object, properties: {password: {type: string, writeOnly: true}}}
        """,
    ),
)

RESPONSE_REQUIRED_REMOVED = family(
    suffix="required-removed",
    variants=RESPONSE_OBJECTS,
    severity=Severity.ERROR,
    on=_REMOVED,
    message="required property {element} removed",
    predicate=lambda change, ctx: _required_before(change, ctx) and not _write_only(change, ctx),
    doc="""A required property was removed from {noun}.

    Why it breaks:
        Clients read it unconditionally and fail when it is missing.

    Ship it safely:
        Deprecate it and keep returning it until the sunset date.

    Example:
        base:      {type: object, properties: {a: {}, b: {}}, required: [a, b]}
        revision:  {type: object, properties: {a: {}}, required: [a]}
    """,
)
RESPONSE_OPTIONAL_REMOVED = family(
    suffix="optional-removed",
    variants=RESPONSE_OBJECTS,
    severity=Severity.ERROR,
    on=_REMOVED,
    message="property {element} removed",
    predicate=lambda change, ctx: (
        not _required_before(change, ctx) and not _write_only(change, ctx)
    ),
    doc="""An optional property was removed from {noun}.

    Why it breaks:
        "Optional" lets the server omit a value sometimes; removing the property takes the
        information away for good, and clients that use it when present lose it. Lower
        this check in config if your clients treat optional properties as best-effort.

    Ship it safely:
        Deprecate it and keep returning it until the sunset date.

    Example:
        base:      {type: object, properties: {a: {}, b: {}}}
        revision:  {type: object, properties: {a: {}}}
    """,
)
RESPONSE_WRITE_ONLY_REMOVED = family(
    suffix="write-only-removed",
    variants=RESPONSE_OBJECTS,
    severity=Severity.INFO,
    on=_REMOVED,
    message="write-only property {element} removed",
    predicate=_write_only,
    doc="""A writeOnly property was removed from {noun}.

    Why it is safe:
        writeOnly properties are never returned to clients.

    Ship it safely:
        Nothing to do for responses (see the request-side checks).

    Example:
        base:      {type: object, properties: {password: {writeOnly: true}}}
        revision:  {type: object, properties: {}}
    """,
)
RESPONSE_ADDED = (
    *family(
        suffix="required-added",
        variants=RESPONSE_OBJECTS,
        severity=Severity.INFO,
        on=_ADDED,
        message="new required property {element}",
        predicate=_required_after,
        doc="""A new property that is always returned was added to {noun}.

        Why it is safe:
            Clients ignore properties they do not know.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: object, properties: {a: {}}, required: [a]}
            revision:  {type: object, properties: {a: {}, b: {}}, required: [a, b]}
        """,
    ),
    *family(
        suffix="optional-added",
        variants=RESPONSE_OBJECTS,
        severity=Severity.INFO,
        on=_ADDED,
        message="new optional property {element}",
        predicate=lambda change, ctx: not _required_after(change, ctx),
        doc="""A new optional property was added to {noun}.

        Why it is safe:
            Clients ignore properties they do not know.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: object, properties: {a: {}}}
            revision:  {type: object, properties: {a: {}, b: {}}}
        """,
    ),
)
RESPONSE_BECAME_OPTIONAL = family(
    suffix="became-optional",
    variants=RESPONSE_OBJECTS,
    severity=Severity.ERROR,
    on=_REQUIRED,
    message="property {element} is no longer always returned",
    predicate=lambda change, ctx: (
        change.before is True and change.after is False and not _write_only(change, ctx)
    ),
    doc="""A required property of {noun} became optional.

    Why it breaks:
        Clients read it unconditionally and fail when the server omits it.

    Ship it safely:
        Keep returning it (null if it must be empty and nullable).

    Example:
        base:      {type: object, properties: {a: {}}, required: [a]}
        revision:  {type: object, properties: {a: {}}}
    """,
)
RESPONSE_BECAME_REQUIRED = family(
    suffix="became-required",
    variants=RESPONSE_OBJECTS,
    severity=Severity.INFO,
    on=_REQUIRED,
    message="property {element} is now always returned",
    predicate=lambda change, ctx: (
        not (change.before is True and change.after is False and not _write_only(change, ctx))
    ),
    doc="""A property of {noun} became required (or a writeOnly one changed).

    Why it is safe:
        Clients already handle the property when it is present.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: object, properties: {a: {}}}
        revision:  {type: object, properties: {a: {}}, required: [a]}
    """,
)
RESPONSE_BECAME_WRITE_ONLY = family(
    suffix="became-write-only",
    variants=RESPONSE_OBJECTS,
    severity=Severity.ERROR,
    on=_WRITE_ONLY,
    message="property {element} became write-only: it is no longer returned",
    predicate=_became(False, True),
    doc="""A property of {noun} became writeOnly, so the server stops returning it.

    Why it breaks:
        In responses the property is effectively removed.

    Ship it safely:
        Keep returning it until clients stop reading it.

    Example:
        base:      {type: object, properties: {secret: {type: string}}}
        revision:  {type: object, properties: {secret: {type: string, writeOnly: true}}}
    """,
)
RESPONSE_ACCESS_CHANGED = (
    *family(
        suffix="write-only-removed-flag",
        variants=RESPONSE_OBJECTS,
        severity=Severity.INFO,
        on=_WRITE_ONLY,
        message="property {element} is no longer write-only: it is now returned",
        predicate=_became(True, False),
        doc="""A writeOnly property of {noun} is now returned.

        Why it is safe:
            Clients ignore properties they do not expect.

        Ship it safely:
            Make sure it holds nothing secret.

        Example:
            base:      {type: object, properties: {a: {writeOnly: true}}}
            revision:  {type: object, properties: {a: {}}}
        """,
    ),
    *family(
        suffix="read-only-changed",
        variants=RESPONSE_OBJECTS,
        severity=Severity.INFO,
        on=_READ_ONLY,
        message="property {element}: readOnly changed from {before} to {after}",
        predicate=always,
        doc="""The readOnly flag of a property of {noun} changed.

        Why it is safe:
            readOnly only affects requests; responses are unchanged.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: object, properties: {id: {type: string}}}
            revision:  {type: object, properties: {id: {type: string, readOnly: true}}}
        """,
    ),
)

# ---- closed and open objects ------------------------------------------------------------

_OPENNESS = {False: 0, "schema": 1, True: 2}


def _openness(value: JSONValue) -> int:
    return _OPENNESS.get(value if isinstance(value, bool | str) else True, 2)


def _opened(change: Change, ctx: RuleContext) -> bool:
    return _openness(change.after) > _openness(change.before)


def _closed(change: Change, ctx: RuleContext) -> bool:
    return _openness(change.after) < _openness(change.before)


OPENNESS = tuple(
    rule
    for keyword, aspect in (
        ("additional-properties", Aspect.ADDITIONAL_PROPERTIES),
        ("unevaluated-properties", Aspect.UNEVALUATED_PROPERTIES),
    )
    for rule in (
        *family(
            suffix=f"{keyword}-narrowed",
            variants=REQUEST,
            severity=Severity.ERROR,
            on=(aspect, Action.CHANGED),
            message=f"{{element}} accepts fewer extra properties ({aspect.value}: "
            "{before} to {after})",
            predicate=_closed,
            doc=f"""`{aspect.value}` of {{noun}} now allows fewer undeclared properties.

            Why it breaks:
                Requests carrying extra properties, valid before, are now rejected.

            Ship it safely:
                Keep the object open; ignore unknown properties on the server.

            Example:
                base:      {{type: object}}
                revision:  {{type: object, {aspect.value}: false}}
            """,
        ),
        *family(
            suffix=f"{keyword}-widened",
            variants=REQUEST,
            severity=Severity.INFO,
            on=(aspect, Action.CHANGED),
            message=f"{{element}} accepts more extra properties ({aspect.value}: "
            "{before} to {after})",
            predicate=_opened,
            doc=f"""`{aspect.value}` of {{noun}} now allows more undeclared properties.

            Why it is safe:
                Every request valid before is still valid.

            Ship it safely:
                Nothing to do.

            Example:
                base:      {{type: object, {aspect.value}: false}}
                revision:  {{type: object}}
            """,
        ),
        *family(
            suffix=f"{keyword}-widened",
            variants=RESPONSE,
            severity=Severity.WARNING,
            on=(aspect, Action.CHANGED),
            message=f"{{element}} may now carry undeclared properties ({aspect.value}: "
            "{before} to {after})",
            predicate=_opened,
            doc=f"""`{aspect.value}` of {{noun}} now allows more undeclared properties.

            Why it breaks:
                Clients that validate responses strictly reject the extra properties; most
                clients ignore them, and the document cannot say which, so this is a warning.

            Ship it safely:
                Keep the object closed, or tell clients to ignore unknown properties.

            Example:
                base:      {{type: object, {aspect.value}: false}}
                revision:  {{type: object}}
            """,
        ),
        *family(
            suffix=f"{keyword}-narrowed",
            variants=RESPONSE,
            severity=Severity.INFO,
            on=(aspect, Action.CHANGED),
            message=f"{{element}} carries fewer undeclared properties ({aspect.value}: "
            "{before} to {after})",
            predicate=_closed,
            doc=f"""`{aspect.value}` of {{noun}} now allows fewer undeclared properties.

            Why it is safe:
                Responses are a subset of what was promised.

            Ship it safely:
                Nothing to do.

            Example:
                base:      {{type: object}}
                revision:  {{type: object, {aspect.value}: false}}
            """,
        ),
    )
)
