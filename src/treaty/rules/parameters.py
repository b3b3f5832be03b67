"""Parameter rules: parameters added, removed, required, serialisation and lifecycle."""

from __future__ import annotations

from treaty.changes.model import Action, Aspect, Change, Direction, Flag, Scope, Target
from treaty.rules.registry import Area, Rule, RuleContext, Severity, rule

_P = (Scope.PARAMETER,)


@rule(
    id="request-parameter-required-added",
    severity=Severity.ERROR,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.EXISTENCE, Action.ADDED),
    message="new required {where}",
    scopes=_P,
)
def request_parameter_required_added(change: Change, ctx: RuleContext) -> bool:
    """A new required parameter was added.

    Why it breaks:
        Clients do not send it, so their requests are rejected.

    Ship it safely:
        Add it as optional with a server-side default.

    Example:
        base:      parameters: []
        revision:  parameters: [{name: tenant, in: header, required: true}]
    """
    return Flag.REQUIRED_AFTER in change.flags


@rule(
    id="request-parameter-optional-added",
    severity=Severity.INFO,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.EXISTENCE, Action.ADDED),
    message="new optional {where}",
    scopes=_P,
)
def request_parameter_optional_added(change: Change, ctx: RuleContext) -> bool:
    """A new optional parameter was added.

    Why it is safe:
        Clients may keep omitting it.

    Ship it safely:
        Nothing to do.

    Example:
        base:      parameters: []
        revision:  parameters: [{name: limit, in: query, schema: {type: integer}}]
    """
    return Flag.REQUIRED_AFTER not in change.flags


@rule(
    id="request-parameter-removed",
    severity=Severity.ERROR,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.EXISTENCE, Action.REMOVED),
    message="{where} removed",
    scopes=_P,
)
def request_parameter_removed(change: Change, ctx: RuleContext) -> bool:
    """A parameter that was not deprecated was removed.

    Why it breaks:
        Clients keep sending it: the server now rejects it or silently ignores what the
        client asked for (a filter, a flag, a page size).

    Ship it safely:
        Deprecate the parameter first, keep honouring it, remove it after a sunset period.

    Example:
        base:      parameters: [{name: with_signature, in: query, schema: {type: boolean}}]
        revision:  parameters: []
    """
    return Flag.DEPRECATED_BEFORE not in change.flags


@rule(
    id="request-deprecated-parameter-removed",
    severity=Severity.INFO,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.EXISTENCE, Action.REMOVED),
    message="deprecated {where} removed",
    scopes=_P,
)
def request_deprecated_parameter_removed(change: Change, ctx: RuleContext) -> bool:
    """A deprecated parameter was removed.

    Why it is safe:
        Clients were told to stop sending it.

    Ship it safely:
        Announce a sunset date when deprecating.

    Example:
        base:      parameters: [{name: v, in: query, deprecated: true}]
        revision:  parameters: []
    """
    return Flag.DEPRECATED_BEFORE in change.flags


@rule(
    id="request-parameter-became-required",
    severity=Severity.ERROR,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.REQUIRED, Action.CHANGED),
    message="{where} became required",
    scopes=_P,
)
def request_parameter_became_required(change: Change, ctx: RuleContext) -> bool:
    """An optional request parameter became required.

    Why it breaks:
        Clients written against the base document do not send the parameter, so their
        requests are now rejected.

    Ship it safely:
        Keep the parameter optional and give it a server-side default.

    Example:
        base:      {name: limit, in: query, required: false, schema: {type: integer}}
        revision:  {name: limit, in: query, required: true,  schema: {type: integer}}
    """
    return change.before is not True and change.after is True


@rule(
    id="request-parameter-became-optional",
    severity=Severity.INFO,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.REQUIRED, Action.CHANGED),
    message="{where} became optional",
    scopes=_P,
)
def request_parameter_became_optional(change: Change, ctx: RuleContext) -> bool:
    """A required request parameter became optional.

    Why it is safe:
        Clients that send it are still accepted.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {name: limit, in: query, required: true}
        revision:  {name: limit, in: query, required: false}
    """
    return change.before is True and change.after is not True


def _wire_format_matters(change: Change) -> bool:
    """Serialisation changes alter the wire only for arrays/objects, and for path styles."""
    return Flag.OBJECT_VALUED in change.flags or (change.parent or "").startswith("path:")


@rule(
    id="request-parameter-serialization-changed",
    severity=Severity.ERROR,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.STYLE, Action.CHANGED),
    message="{where} is serialised differently: style {before} to {after}",
    scopes=_P,
)
def request_parameter_serialization_changed(change: Change, ctx: RuleContext) -> bool:
    """The `style` of an array/object (or path) parameter changed.

    Why it breaks:
        Clients keep encoding the value the old way (`a,b` vs `a|b` vs `a=1&a=2`), which
        the server no longer parses.

    Ship it safely:
        Keep the style; add a new parameter if the encoding must change.

    Example:
        base:      {name: ids, in: query, style: form, schema: {type: array}}
        revision:  {name: ids, in: query, style: pipeDelimited, schema: {type: array}}
    """
    return _wire_format_matters(change)


@rule(
    id="request-parameter-explode-changed",
    severity=Severity.ERROR,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.EXPLODE, Action.CHANGED),
    message="{where} is serialised differently: explode {before} to {after}",
    scopes=_P,
)
def request_parameter_explode_changed(change: Change, ctx: RuleContext) -> bool:
    """The `explode` flag of an array/object parameter changed.

    Why it breaks:
        `ids=1&ids=2` and `ids=1,2` are different wire formats; clients keep the old one.

    Ship it safely:
        Keep the flag; accept both encodings on the server if you must change it.

    Example:
        base:      {name: ids, in: query, explode: true, schema: {type: array}}
        revision:  {name: ids, in: query, explode: false, schema: {type: array}}
    """
    return Flag.OBJECT_VALUED in change.flags


@rule(
    id="request-parameter-style-changed",
    severity=Severity.INFO,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.STYLE, Action.CHANGED),
    message="{where}: style changed from {before} to {after} (no effect on a scalar value)",
    scopes=_P,
)
def request_parameter_style_changed(change: Change, ctx: RuleContext) -> bool:
    """The `style` of a scalar query/header/cookie parameter changed.

    Why it is safe:
        For a single primitive value these styles produce the same wire format.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {name: q, in: query, style: form, schema: {type: string}}
        revision:  {name: q, in: query, style: spaceDelimited, schema: {type: string}}
    """
    return not _wire_format_matters(change)


@rule(
    id="request-parameter-explode-changed-scalar",
    severity=Severity.INFO,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.EXPLODE, Action.CHANGED),
    message="{where}: explode changed from {before} to {after} (no effect on a scalar value)",
    scopes=_P,
)
def request_parameter_explode_changed_scalar(change: Change, ctx: RuleContext) -> bool:
    """The `explode` flag of a scalar parameter changed.

    Why it is safe:
        explode only affects arrays and objects.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {name: q, in: query, explode: true, schema: {type: string}}
        revision:  {name: q, in: query, explode: false, schema: {type: string}}
    """
    return Flag.OBJECT_VALUED not in change.flags


@rule(
    id="request-parameter-empty-value-disallowed",
    severity=Severity.ERROR,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.ALLOW_EMPTY_VALUE, Action.CHANGED),
    message="{where} no longer accepts an empty value",
    scopes=_P,
)
def request_parameter_empty_value_disallowed(change: Change, ctx: RuleContext) -> bool:
    """A parameter no longer allows an empty value (`allowEmptyValue` turned off).

    Why it breaks:
        Clients sending `?flag=` are now rejected.

    Ship it safely:
        Keep accepting the empty value.

    Example:
        base:      {name: flag, in: query, allowEmptyValue: true}
        revision:  {name: flag, in: query}
    """
    return change.before is True and change.after is not True


@rule(
    id="request-parameter-reserved-disallowed",
    severity=Severity.ERROR,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.ALLOW_RESERVED, Action.CHANGED),
    message="{where} no longer accepts unencoded reserved characters",
    scopes=_P,
)
def request_parameter_reserved_disallowed(change: Change, ctx: RuleContext) -> bool:
    """A query parameter no longer allows reserved characters unencoded (`allowReserved`).

    Why it breaks:
        Clients sending `?path=/a/b` unencoded are now parsed differently or rejected.

    Ship it safely:
        Keep `allowReserved: true`.

    Example:
        base:      {name: path, in: query, allowReserved: true}
        revision:  {name: path, in: query}
    """
    return change.before is True and change.after is not True


def _relaxed(aspect: Aspect, id: str, what: str) -> Rule:
    def predicate(change: Change, ctx: RuleContext) -> bool:
        return change.before is not True and change.after is True

    predicate.__doc__ = f"""A parameter now allows {what}.

    Why it is safe:
        Every request valid before is still valid.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {{name: p, in: query}}
        revision:  {{name: p, in: query, {aspect.value}: true}}
    """
    return rule(
        id=id,
        severity=Severity.INFO,
        direction=Direction.REQUEST,
        area=Area.PARAMETERS,
        on=(Target.PARAMETER, aspect, Action.CHANGED),
        message=f"{{where}} now allows {what}",
        scopes=_P,
    )(predicate)


EMPTY_VALUE_ALLOWED = _relaxed(
    Aspect.ALLOW_EMPTY_VALUE, "request-parameter-empty-value-allowed", "an empty value"
)
RESERVED_ALLOWED = _relaxed(
    Aspect.ALLOW_RESERVED, "request-parameter-reserved-allowed", "unencoded reserved characters"
)


@rule(
    id="request-parameter-content-changed",
    severity=Severity.WARNING,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.SERIALIZATION, Action.CHANGED),
    message="{where} switched from `{before}` to `{after}` description",
    scopes=_P,
)
def request_parameter_content_changed(change: Change, ctx: RuleContext) -> bool:
    """A parameter switched between `schema` (style-serialised) and `content` (media type).

    Why it breaks:
        The wire encoding may change (e.g. a JSON-encoded query value); whether it does
        depends on the values, so this is a warning.

    Ship it safely:
        Keep the parameter's description form.

    Example:
        base:      {name: filter, in: query, schema: {type: object}}
        revision:  {name: filter, in: query, content: {application/json: {schema: {}}}}
    """
    return True


@rule(
    id="request-parameter-deprecated",
    severity=Severity.INFO,
    direction=Direction.REQUEST,
    area=Area.PARAMETERS,
    on=(Target.PARAMETER, Aspect.DEPRECATED, Action.CHANGED),
    message="{where}: deprecated changed from {before} to {after}",
    scopes=_P,
)
def request_parameter_deprecated(change: Change, ctx: RuleContext) -> bool:
    """A parameter was deprecated or reactivated.

    Why it is safe:
        The parameter keeps working.

    Ship it safely:
        Announce when a deprecated parameter will be removed.

    Example:
        base:      {name: v, in: query}
        revision:  {name: v, in: query, deprecated: true}
    """
    return True
