"""Schema value rules: type, format, nullability, enum, const and default."""

from __future__ import annotations

from treaty._json import JSONValue
from treaty.changes.model import Action, Aspect, Change
from treaty.rules.families import (
    REQUEST,
    RESPONSE,
    added_values,
    family,
    removed_values,
    values,
)
from treaty.rules.registry import RuleContext, Severity, always

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
    return _covers(change.after, change.before)


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
        Every value clients sent before is still accepted.

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
    severity=Severity.ERROR,
    on=(Aspect.FORMAT, Action.REMOVED),
    message="format `{before}` removed from {element}",
    predicate=always,
    doc="""The format of {noun} was removed: any value of the type may now be returned.

    Why it breaks:
        Clients that parse the value by its format (dates, uuids) fail on other strings.

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
    severity=Severity.ERROR,
    on=(Aspect.FORMAT, Action.CHANGED),
    message="format of {element} changed from `{before}` to `{after}`",
    predicate=lambda change, ctx: not _format_narrowed(change, ctx),
    doc="""The format of {noun} changed so that it may hold values clients cannot parse.

    Why it breaks:
        Clients parse by the old format (int32 clients overflow on int64 values).

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

# ---- nullability --------------------------------------------------------------------------


def _became_nullable(change: Change, ctx: RuleContext) -> bool:
    return change.before is False and change.after is True


def _became_not_nullable(change: Change, ctx: RuleContext) -> bool:
    return change.before is True and change.after is False


REQUEST_BECAME_NOT_NULLABLE = family(
    suffix="became-not-nullable",
    variants=REQUEST,
    severity=Severity.ERROR,
    on=(Aspect.NULLABLE, Action.CHANGED),
    message="{element} no longer accepts null",
    predicate=_became_not_nullable,
    doc="""{noun} no longer accepts null.

    Why it breaks:
        Clients that send null are now rejected.

    Ship it safely:
        Keep accepting null and treat it as absent.

    Example:
        base:      {type: [string, "null"]}
        revision:  {type: string}
    """,
)
REQUEST_BECAME_NULLABLE = family(
    suffix="became-nullable",
    variants=REQUEST,
    severity=Severity.INFO,
    on=(Aspect.NULLABLE, Action.CHANGED),
    message="{element} now accepts null",
    predicate=_became_nullable,
    doc="""{noun} now accepts null.

    Why it is safe:
        Every value clients sent before is still accepted.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: string}
        revision:  {type: string, nullable: true}
    """,
)
RESPONSE_BECAME_NULLABLE = family(
    suffix="became-nullable",
    variants=RESPONSE,
    severity=Severity.ERROR,
    on=(Aspect.NULLABLE, Action.CHANGED),
    message="{element} may now be null",
    predicate=_became_nullable,
    doc="""{noun} may now be null.

    Why it breaks:
        Clients dereference the value without a null check and crash.

    Ship it safely:
        Omit the value instead, or add a new nullable field.

    Example:
        base:      {type: string}
        revision:  {type: [string, "null"]}
    """,
)
RESPONSE_BECAME_NOT_NULLABLE = family(
    suffix="became-not-nullable",
    variants=RESPONSE,
    severity=Severity.INFO,
    on=(Aspect.NULLABLE, Action.CHANGED),
    message="{element} is no longer null",
    predicate=_became_not_nullable,
    doc="""{noun} is never null any more.

    Why it is safe:
        Clients already handle non-null values.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: string, nullable: true}
        revision:  {type: string}
    """,
)

# ---- enum ---------------------------------------------------------------------------------


def _became_enum(change: Change, ctx: RuleContext) -> bool:
    return change.before is None and values(change.after) is not None


def _enum_dropped(change: Change, ctx: RuleContext) -> bool:
    return values(change.before) is not None and change.after is None


def _values_removed(change: Change, ctx: RuleContext) -> bool:
    return bool(removed_values(change.before, change.after))


def _values_added(change: Change, ctx: RuleContext) -> bool:
    return bool(added_values(change.before, change.after))


_ENUM = (Aspect.ENUM, Action.CHANGED)
_XENUM = (Aspect.EXTENSIBLE_ENUM, Action.CHANGED)

REQUEST_BECAME_ENUM = family(
    suffix="became-enum",
    variants=REQUEST,
    severity=Severity.ERROR,
    on=_ENUM,
    message="{element} was restricted to the values {after}",
    predicate=_became_enum,
    doc="""{noun} was restricted to a list of enum values.

    Why it breaks:
        Any value outside the list, accepted before, is now rejected.

    Ship it safely:
        Document the expected values without enforcing them, then enforce in a new version.

    Example:
        base:      {type: string}
        revision:  {type: string, enum: [asc, desc]}
    """,
)
REQUEST_ENUM_REMOVED = family(
    suffix="enum-removed",
    variants=REQUEST,
    severity=Severity.INFO,
    on=_ENUM,
    message="{element} no longer restricts its values to an enum",
    predicate=_enum_dropped,
    doc="""The enum restriction of {noun} was lifted.

    Why it is safe:
        Every value clients sent before is still accepted.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: string, enum: [asc, desc]}
        revision:  {type: string}
    """,
)
REQUEST_ENUM_VALUE_REMOVED = family(
    suffix="enum-value-removed",
    variants=REQUEST,
    severity=Severity.ERROR,
    on=_ENUM,
    message="enum values {removed} removed from {element}",
    predicate=_values_removed,
    doc="""Enum values were removed from {noun}.

    Why it breaks:
        Clients that send a removed value are now rejected.

    Ship it safely:
        Keep accepting the value (map it to its replacement) until clients migrate.

    Example:
        base:      {type: string, enum: [asc, desc]}
        revision:  {type: string, enum: [asc]}
    """,
)
REQUEST_ENUM_VALUE_ADDED = family(
    suffix="enum-value-added",
    variants=REQUEST,
    severity=Severity.INFO,
    on=_ENUM,
    message="enum values {added} added to {element}",
    predicate=_values_added,
    doc="""Enum values were added to {noun}.

    Why it is safe:
        Clients may send the new values; the old ones are still accepted.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: string, enum: [asc]}
        revision:  {type: string, enum: [asc, desc]}
    """,
)
RESPONSE_BECAME_ENUM = family(
    suffix="became-enum",
    variants=RESPONSE,
    severity=Severity.INFO,
    on=_ENUM,
    message="{element} is now restricted to the values {after}",
    predicate=_became_enum,
    doc="""{noun} is now restricted to a list of enum values.

    Why it is safe:
        The server promises fewer values than before.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: string}
        revision:  {type: string, enum: [active, closed]}
    """,
)
RESPONSE_ENUM_REMOVED = family(
    suffix="enum-removed",
    variants=RESPONSE,
    severity=Severity.WARNING,
    on=_ENUM,
    message="{element} is no longer restricted to the values {before}",
    predicate=_enum_dropped,
    doc="""The enum restriction of {noun} was lifted: any value of its type may be returned.

    Why it breaks:
        Clients that map the value to a closed set (switch statements, generated enums)
        fail on unknown values. Whether clients treat the list as closed is not in the
        document, so this is a warning.

    Ship it safely:
        Keep the enum and add values deliberately, or mark it `x-extensible-enum`.

    Example:
        base:      {type: string, enum: [active, closed]}
        revision:  {type: string}
    """,
)
RESPONSE_ENUM_VALUE_ADDED = family(
    suffix="enum-value-added",
    variants=RESPONSE,
    severity=Severity.WARNING,
    on=_ENUM,
    message="enum values {added} added to {element}",
    predicate=_values_added,
    doc="""Enum values were added to {noun}.

    Why it breaks:
        Clients with an exhaustive switch or a generated enum fail on the new value.
        Many APIs declare enums open-ended; the document cannot say, so this is a warning.

    Ship it safely:
        Tell clients to tolerate unknown values, or use `x-extensible-enum`.

    Example:
        base:      {type: string, enum: [active, closed]}
        revision:  {type: string, enum: [active, closed, archived]}
    """,
)
RESPONSE_ENUM_VALUE_REMOVED = family(
    suffix="enum-value-removed",
    variants=RESPONSE,
    severity=Severity.INFO,
    on=_ENUM,
    message="enum values {removed} removed from {element}",
    predicate=_values_removed,
    doc="""Enum values were removed from {noun}.

    Why it is safe:
        The server returns fewer distinct values; clients handle all remaining ones.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: string, enum: [active, closed]}
        revision:  {type: string, enum: [active]}
    """,
)
REQUEST_EXTENSIBLE_ENUM_VALUE_REMOVED = family(
    suffix="x-extensible-enum-value-removed",
    variants=REQUEST,
    severity=Severity.ERROR,
    on=_XENUM,
    message="x-extensible-enum values {removed} removed from {element}",
    predicate=_values_removed,
    doc="""Values were removed from the `x-extensible-enum` of {noun}.

    Why it breaks:
        Clients that send a removed value are now rejected.

    Ship it safely:
        Keep accepting the value until clients migrate.

    Example:
        base:      {type: string, x-extensible-enum: [a, b]}
        revision:  {type: string, x-extensible-enum: [a]}
    """,
)
EXTENSIBLE_ENUM_VALUE_ADDED = family(
    suffix="x-extensible-enum-value-added",
    variants=REQUEST + RESPONSE,
    severity=Severity.INFO,
    on=_XENUM,
    message="x-extensible-enum values {added} added to {element}",
    predicate=_values_added,
    doc="""Values were added to the `x-extensible-enum` of {noun}.

    Why it is safe:
        An extensible enum tells clients to expect new values.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: string, x-extensible-enum: [a]}
        revision:  {type: string, x-extensible-enum: [a, b]}
    """,
)
RESPONSE_EXTENSIBLE_ENUM_VALUE_REMOVED = family(
    suffix="x-extensible-enum-value-removed",
    variants=RESPONSE,
    severity=Severity.INFO,
    on=_XENUM,
    message="x-extensible-enum values {removed} removed from {element}",
    predicate=_values_removed,
    doc="""Values were removed from the `x-extensible-enum` of {noun}.

    Why it is safe:
        The server returns fewer distinct values.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: string, x-extensible-enum: [a, b]}
        revision:  {type: string, x-extensible-enum: [a]}
    """,
)

# ---- default ------------------------------------------------------------------------------
# `const: x` is normalised to `enum: [x]` by the diff engine, so const changes are judged by
# the enum rules above (became-enum, enum-value-removed…), never by rules of their own.

REQUEST_DEFAULT_CHANGED = family(
    suffix="default-changed",
    variants=REQUEST,
    severity=Severity.WARNING,
    on=(Aspect.DEFAULT, Action.CHANGED),
    message="default of {element} changed from {before} to {after}",
    predicate=always,
    doc="""The default value of {noun} changed.

    Why it breaks:
        Clients that omit the value silently get different behaviour. Whether that
        matters depends on the value's meaning, so this is a warning.

    Ship it safely:
        Keep the default; let clients opt in to the new value explicitly.

    Example:
        base:      {type: integer, default: 10}
        revision:  {type: integer, default: 50}
    """,
)
REQUEST_DEFAULT_REMOVED = family(
    suffix="default-removed",
    variants=REQUEST,
    severity=Severity.WARNING,
    on=(Aspect.DEFAULT, Action.REMOVED),
    message="default {before} of {element} removed",
    predicate=always,
    doc="""The default value of {noun} was removed.

    Why it breaks:
        Clients that omit the value no longer know what the server assumes.

    Ship it safely:
        Keep documenting the default the server applies.

    Example:
        base:      {type: integer, default: 10}
        revision:  {type: integer}
    """,
)
REQUEST_DEFAULT_ADDED = family(
    suffix="default-added",
    variants=REQUEST,
    severity=Severity.INFO,
    on=(Aspect.DEFAULT, Action.ADDED),
    message="default {after} added to {element}",
    predicate=always,
    doc="""A default value was documented for {noun}.

    Why it is safe:
        It documents what the server does when the value is omitted.

    Ship it safely:
        Nothing to do.

    Example:
        base:      {type: integer}
        revision:  {type: integer, default: 10}
    """,
)
RESPONSE_DEFAULT = tuple(
    rule
    for action, verb, example in (
        (Action.ADDED, "added", ("{type: integer}", "{type: integer, default: 10}")),
        (Action.REMOVED, "removed", ("{type: integer, default: 10}", "{type: integer}")),
        (
            Action.CHANGED,
            "changed",
            ("{type: integer, default: 10}", "{type: integer, default: 50}"),
        ),
    )
    for rule in family(
        suffix=f"default-{verb}",
        variants=RESPONSE,
        severity=Severity.INFO,
        on=(Aspect.DEFAULT, action),
        message=f"default of {{element}} {verb} ({{before}} to {{after}})",
        predicate=always,
        doc=f"""The documented default of {{noun}} was {verb}.

        Why it is safe:
            Defaults describe omitted input; in responses they are documentation.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {example[0]}
            revision:  {example[1]}
        """,
    )
)
