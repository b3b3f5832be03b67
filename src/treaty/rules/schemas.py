"""Schema value rules: nullability and default."""

from __future__ import annotations

from treaty.changes.model import Action, Aspect, Change
from treaty.rules.families import (
    REQUEST,
    RESPONSE,
    family,
)
from treaty.rules.registry import RuleContext, Severity, always

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


# ---- default ------------------------------------------------------------------------------
# `const: x` is normalised to `enum: [x]` by the diff engine, so const changes are judged by
# the rules of `treaty.rules.enums` (became-enum, enum-value-removed…), never by rules of their own.

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
