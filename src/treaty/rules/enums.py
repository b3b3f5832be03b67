"""Schema value-set rules: `enum`, `x-extensible-enum` and `const` (normalised to `enum`)."""

from __future__ import annotations

from treaty.changes.model import Action, Aspect, Change
from treaty.rules.families import (
    REQUEST,
    RESPONSE,
    added_values,
    family,
    removed_values,
    values,
)
from treaty.rules.registry import RuleContext, Severity

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
    severity=Severity.ERROR,
    on=_ENUM,
    message="{element} is no longer restricted to the values {before}",
    predicate=_enum_dropped,
    doc="""The enum restriction of {noun} was lifted: any value of its type may be returned.

    Why it breaks:
        Typed clients model an enum as a closed type (generated enums, exhaustive
        switches) and fail on any other value.

    Ship it safely:
        Keep the enum and add values deliberately; declare open sets as
        `x-extensible-enum`.

    Example:
        base:      {type: string, enum: [active, closed]}
        revision:  {type: string}
    """,
)
RESPONSE_ENUM_VALUE_ADDED = family(
    suffix="enum-value-added",
    variants=RESPONSE,
    severity=Severity.ERROR,
    on=_ENUM,
    message="enum values {added} added to {element}",
    predicate=_values_added,
    doc="""Enum values were added to {noun} (a swapped `const` adds one too).

    Why it breaks:
        Typed clients model an enum as a closed type: a generated enum fails to decode the
        new value, an exhaustive switch has no branch for it.

    Ship it safely:
        Declare sets that will grow as `x-extensible-enum` (additions are then info), or,
        when every client of the API tolerates unknown values, set
        `[tool.treaty.policy] extensible-enums = true`, which makes additions to every
        response enum info.

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
