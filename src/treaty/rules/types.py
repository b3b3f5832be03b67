"""Schema type rules: `type` (and the types it admits) and `format`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treaty._json import JSONValue
from treaty.changes.model import Action, Aspect, Change, Scope
from treaty.rules.families import (
    REQUEST,
    RESPONSE,
    family,
)
from treaty.rules.registry import RuleContext, Severity, always

if TYPE_CHECKING:
    from treaty.spec.document import Operation, Parameter

# ---- type ------------------------------------------------------------------------------


def _types(value: JSONValue) -> set[str] | None:
    if isinstance(value, list):
        return {str(v) for v in value}
    return None if value is None else {str(value)}


def _covers(wider: JSONValue, narrower: JSONValue) -> bool:
    """Does the type set ``wider`` accept every value ``narrower`` accepts? (None = any)"""
    outer, inner = _types(wider), _types(narrower)
    if outer is None:
        return True
    if inner is None:
        return False
    if "number" in outer:
        outer = outer | {"integer"}
    return inner <= outer


def _type_widened(change: Change, ctx: RuleContext) -> bool:
    return _covers(change.after, change.before) or _text_widened(change, ctx)


# a scalar sent as text (path, query, header, cookie) reads as a string whatever its type
_TEXT = frozenset({"string", "integer", "number", "boolean"})


def _text_widened(change: Change, ctx: RuleContext) -> bool:
    """A schema-described parameter became a string: every integer, number or boolean a
    client sent was text on the wire, and a string accepts it."""
    before, after = _types(change.before), _types(change.after)
    if change.scope is not Scope.PARAMETER or before is None or after is None:
        return False
    return "string" in after and before <= _TEXT and _sent_as_text(change, ctx)


def _sent_as_text(change: Change, ctx: RuleContext) -> bool:
    """Whether the parameter is serialised by style (not JSON `content`) in every operation."""
    location, _, name = (change.parent or "").partition(":")
    operations = ctx.revision.operations if ctx.revision is not None else {}
    found = [_parameter(operations.get(key), location, name) for key in change.operations]
    return bool(found) and all(p is not None and not p.content for p in found)


def _parameter(operation: Operation | None, location: str, name: str) -> Parameter | None:
    listed = operation.parameters if operation is not None else ()
    return next((p for p in listed if p.location.value == location and p.name == name), None)


def _type_narrowed(change: Change, ctx: RuleContext) -> bool:
    return _covers(change.before, change.after)


_TYPE_MSG = "type of {element} changed from {before} to {after}"

REQUEST_TYPE_CHANGED = family(
    suffix="type-changed",
    variants=REQUEST,
    severity=Severity.ERROR,
    on=(Aspect.TYPE, Action.CHANGED),
    message=_TYPE_MSG,
    predicate=lambda change, ctx: not _type_widened(change, ctx),
    doc="""The type of {noun} changed to one that rejects values it used to accept.

    Why it breaks:
        Clients keep sending values of the old type, which the server now rejects.

    Ship it safely:
        Accept both types (a type list or oneOf) and migrate clients before narrowing.

    Example:
        base:      {type: string}
        revision:  {type: integer}
    """,
)
REQUEST_TYPE_GENERALIZED = family(
    suffix="type-generalized",
    variants=REQUEST,
    severity=Severity.INFO,
    on=(Aspect.TYPE, Action.CHANGED),
    message="type of {element} widened from {before} to {after}",
    predicate=_type_widened,
    doc="""The type of {noun} was widened (e.g. integer to number, or a type added).

    Why it is safe:
        Every value clients sent before is still accepted. A path, query, header or
        cookie parameter travels as text, so integer, number or boolean to string widens
        it too (`42` is a valid string); a JSON `content` parameter keeps JSON types.

    Ship it safely:
        Nothing to do; the server must handle the new values.

    Example:
        base:      {type: integer}
        revision:  {type: number}
    """,
)
RESPONSE_TYPE_CHANGED = family(
    suffix="type-changed",
    variants=RESPONSE,
    severity=Severity.ERROR,
    on=(Aspect.TYPE, Action.CHANGED),
    message=_TYPE_MSG,
    predicate=lambda change, ctx: not _type_narrowed(change, ctx),
    doc="""The type of {noun} changed so that it can hold values clients do not expect.

    Why it breaks:
        Clients parse the value as the old type and fail on the new one (integer to
        number breaks clients that store an int).

    Ship it safely:
        Add a new field with the new type and deprecate the old one.

    Example:
        base:      {type: integer}
        revision:  {type: string}
    """,
)
RESPONSE_TYPE_SPECIALIZED = family(
    suffix="type-specialized",
    variants=RESPONSE,
    severity=Severity.INFO,
    on=(Aspect.TYPE, Action.CHANGED),
    message="type of {element} narrowed from {before} to {after}",
    predicate=_type_narrowed,
    doc="""The type of {noun} was narrowed (e.g. number to integer).

    Why it is safe:
        Every value the server now returns was already valid under the base document.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: number}
        revision:  {type: integer}
    """,
)

# ---- format ------------------------------------------------------------------------------

# (narrower, wider): every value of the first format is a value of the second
_FORMAT_WIDENINGS = frozenset(
    {("int32", "int64"), ("float", "double"), ("int32", "double"), ("int32", "float")}
)


def _format_widened(change: Change, ctx: RuleContext) -> bool:
    return (str(change.before), str(change.after)) in _FORMAT_WIDENINGS


def _format_narrowed(change: Change, ctx: RuleContext) -> bool:
    return (str(change.after), str(change.before)) in _FORMAT_WIDENINGS


REQUEST_FORMAT_ADDED = family(
    suffix="format-added",
    variants=REQUEST,
    severity=Severity.ERROR,
    on=(Aspect.FORMAT, Action.ADDED),
    message="format `{after}` added to {element}",
    predicate=always,
    doc="""A format (uuid, date-time, email…) was added to {noun}.

    Why it breaks:
        Values that do not match the format were accepted before and are now rejected.

    Ship it safely:
        Document the format as a recommendation first; validate only once clients comply.

    Example:
        base:      {type: string}
        revision:  {type: string, format: uuid}
    """,
)
REQUEST_FORMAT_REMOVED = family(
    suffix="format-removed",
    variants=REQUEST,
    severity=Severity.INFO,
    on=(Aspect.FORMAT, Action.REMOVED),
    message="format `{before}` removed from {element}",
    predicate=always,
    doc="""The format of {noun} was removed, so any value of the type is accepted.

    Why it is safe:
        Every value clients sent before is still accepted.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: string, format: uuid}
        revision:  {type: string}
    """,
)
REQUEST_FORMAT_CHANGED = family(
    suffix="format-changed",
    variants=REQUEST,
    severity=Severity.ERROR,
    on=(Aspect.FORMAT, Action.CHANGED),
    message="format of {element} changed from `{before}` to `{after}`",
    predicate=lambda change, ctx: not _format_widened(change, ctx),
    doc="""The format of {noun} changed to one that rejects values it used to accept.

    Why it breaks:
        Clients keep sending values in the old format.

    Ship it safely:
        Accept both formats during a migration period.

    Example:
        base:      {type: string, format: date-time}
        revision:  {type: string, format: date}
    """,
)
REQUEST_FORMAT_GENERALIZED = family(
    suffix="format-generalized",
    variants=REQUEST,
    severity=Severity.INFO,
    on=(Aspect.FORMAT, Action.CHANGED),
    message="format of {element} widened from `{before}` to `{after}`",
    predicate=_format_widened,
    doc="""The format of {noun} was widened (int32 to int64, float to double).

    Why it is safe:
        Every value clients sent before is still valid.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: integer, format: int32}
        revision:  {type: integer, format: int64}
    """,
)
RESPONSE_FORMAT_ADDED = family(
    suffix="format-added",
    variants=RESPONSE,
    severity=Severity.INFO,
    on=(Aspect.FORMAT, Action.ADDED),
    message="format `{after}` added to {element}",
    predicate=always,
    doc="""A format was added to {noun}: the server promises more about its values.

    Why it is safe:
        Every value the server returns was already valid under the base document.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: string}
        revision:  {type: string, format: uuid}
    """,
)
RESPONSE_FORMAT_REMOVED = family(
    suffix="format-removed",
    variants=RESPONSE,
    severity=Severity.WARNING,
    on=(Aspect.FORMAT, Action.REMOVED),
    message="format `{before}` removed from {element}",
    predicate=always,
    doc="""The format of {noun} was removed: any value of the type may now be returned.

    Why it breaks:
        Clients that parse the value by its format (dates, uuids) fail on other strings.
        `format` is a validation constraint most typed clients do not model (the value is
        still of its type), so this is a warning, where a widened `type` is an error.

    Ship it safely:
        Keep the format, or add a new field without it.

    Example:
        base:      {type: string, format: date-time}
        revision:  {type: string}
    """,
)
RESPONSE_FORMAT_CHANGED = family(
    suffix="format-changed",
    variants=RESPONSE,
    severity=Severity.WARNING,
    on=(Aspect.FORMAT, Action.CHANGED),
    message="format of {element} changed from `{before}` to `{after}`",
    predicate=lambda change, ctx: not _format_narrowed(change, ctx),
    doc="""The format of {noun} changed so that it may hold values clients cannot parse.

    Why it breaks:
        Clients parse by the old format (int32 clients overflow on int64 values). `format`
        is a validation constraint the document does not make part of the type, so this
        is a warning, where a widened `type` is an error.

    Ship it safely:
        Add a new field with the new format.

    Example:
        base:      {type: integer, format: int32}
        revision:  {type: integer, format: int64}
    """,
)
RESPONSE_FORMAT_SPECIALIZED = family(
    suffix="format-specialized",
    variants=RESPONSE,
    severity=Severity.INFO,
    on=(Aspect.FORMAT, Action.CHANGED),
    message="format of {element} narrowed from `{before}` to `{after}`",
    predicate=_format_narrowed,
    doc="""The format of {noun} was narrowed (int64 to int32, double to float).

    Why it is safe:
        Every returned value was already valid under the base document.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: integer, format: int64}
        revision:  {type: integer, format: int32}
    """,
)
