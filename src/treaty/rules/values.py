"""Value-set rules: a swapped `const`, and the boolean schema `false` (no value at all).

`const: a` and `enum: [a]` admit one value; a revision that admits another single value
removes the old value *and* adds the new one, so both directions break, and the finding names
both values (reported as enum changes, a request would only say "a removed" and a response only
"b added"). `false` (or `not: {}`) admits nothing: becoming `false` is the narrowest change
there is and ceasing to be `false` the widest; nothing else written beside it matters.
"""

from __future__ import annotations

from treaty.changes.model import Action, Aspect, Change
from treaty.rules.families import REQUEST, RESPONSE, RESPONSE_PROPERTY, family
from treaty.rules.registry import RuleContext, Severity, always

CONST_CHANGED = (
    *family(
        suffix="const-changed",
        variants=REQUEST,
        severity=Severity.ERROR,
        on=(Aspect.CONST, Action.CHANGED),
        message="the one value of {element} changed from {before} to {after}",
        predicate=always,
        doc="""The single value {noun} admits (`const`, or a one-value `enum`) was swapped.

        Why it breaks:
            Clients send the old value, which is now rejected: the old value was removed and
            a new one added.

        Ship it safely:
            Accept both values (`enum: [old, new]`) until clients have moved.

        Example:
            base:      {const: v1}
            revision:  {const: v2}
        """,
    ),
    *family(
        suffix="const-changed",
        variants=RESPONSE,
        severity=Severity.ERROR,
        on=(Aspect.CONST, Action.CHANGED),
        message="the one value of {element} changed from {before} to {after}",
        predicate=always,
        doc="""The single value {noun} holds (`const`, or a one-value `enum`) was swapped.

        Why it breaks:
            Clients were promised exactly the old value (generated clients model it as a
            literal, discriminators dispatch on it); they receive a value they never handle.

        Ship it safely:
            Keep returning the old value; add a new field or version for the new one.

        Example:
            base:      {const: v1}
            revision:  {const: v2}
        """,
    ),
)


def _property_itself(change: Change, ctx: RuleContext) -> bool:
    """Whether the schema that stopped being `false` is a declared property's own schema."""
    return change.name is not None


def _not_a_property(change: Change, ctx: RuleContext) -> bool:
    return change.name is None


FALSE_SCHEMA = (
    *family(
        suffix="became-false",
        variants=REQUEST,
        severity=Severity.ERROR,
        on=(Aspect.FALSE_SCHEMA, Action.ADDED),
        message="{element} now rejects every value (`false`)",
        predicate=always,
        doc="""{noun} became `false` (or `not: {}`): no value is valid there any more.

        Why it breaks:
            Every value clients send there is rejected; a property set to `false` may no longer
            be sent at all.

        Ship it safely:
            Stop documenting the value (and ignore it) instead of forbidding it.

        Example:
            base:      {type: string}
            revision:  false
        """,
    ),
    *family(
        suffix="no-longer-false",
        variants=REQUEST,
        severity=Severity.INFO,
        on=(Aspect.FALSE_SCHEMA, Action.REMOVED),
        message="{element} now accepts values (it was `false`)",
        predicate=always,
        doc="""{noun} is no longer `false`: values are accepted where none were.

        Why it is safe:
            Clients sent nothing there before.

        Ship it safely:
            Nothing to do.

        Example:
            base:      false
            revision:  {type: string}
        """,
    ),
    *family(
        suffix="became-false",
        variants=RESPONSE,
        severity=Severity.WARNING,
        on=(Aspect.FALSE_SCHEMA, Action.ADDED),
        message="{element} can no longer hold any value (`false`)",
        predicate=always,
        doc="""{noun} became `false`: the server can no longer send any value there.

        Why it breaks:
            Nothing the server sends fails clients' validation, but what they read there is
            gone, as if removed (a property set to `false` is never sent again, `items: false`
            leaves the array empty). Whether clients rely on it the documents cannot say.

        Ship it safely:
            Keep sending the value; deprecate it first.

        Example:
            base:      {type: string}
            revision:  false
        """,
    ),
    *family(
        suffix="no-longer-false",
        variants=RESPONSE,
        severity=Severity.ERROR,
        on=(Aspect.FALSE_SCHEMA, Action.REMOVED),
        message="{element} may now hold values (it was `false`)",
        predicate=_not_a_property,
        doc="""{noun} is no longer `false`: the server may send values where none could be.

        Why it breaks:
            Clients model the place as empty (a tuple closed by `items: false`, an array that
            is always empty) and fail on the values that now arrive.

        Ship it safely:
            Send the new values in a new field.

        Example:
            base:      {type: array, prefixItems: [{type: string}], items: false}
            revision:  {type: array, prefixItems: [{type: string}], items: {type: string}}
        """,
    ),
    *family(
        suffix="no-longer-forbidden",
        variants=(RESPONSE_PROPERTY,),
        severity=Severity.INFO,
        on=(Aspect.FALSE_SCHEMA, Action.REMOVED),
        message="{element} may now be returned (it was `false`)",
        predicate=_property_itself,
        doc="""A property of the response body that was `false` (never sent) may now be returned.

        Why it is safe:
            It is a new property to clients, which ignore properties they do not model.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: object, properties: {legacy: false}}
            revision:  {type: object, properties: {legacy: {type: string}}}
        """,
    ),
)
