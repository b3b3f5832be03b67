"""Schema constraint rules: bounds, lengths, sizes, multipleOf, pattern, uniqueItems, items.

Every constraint narrows or widens the set of valid values. In requests narrowing breaks
(clients' values get rejected): an error. In responses widening may break, but these are
validation constraints that typed clients do not model (a generated client holds a `str`, an
`int`, a list, whatever its length, bounds or pattern), so a widened one is a warning, where a
widened `type`, enum or variant list (what clients do model) is an error: the one widening
policy of the README's "How changes are judged". Each keyword therefore yields a "tightened"
rule (error in requests, info in responses) and a "loosened" rule (info in requests, warning
in responses). A removed `items` schema is a type change of the items, not a constraint: an
error.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from treaty._json import JSONValue, decimal
from treaty.changes.model import Action, Aspect, Change
from treaty.rules.families import REQUEST, RESPONSE, family, number
from treaty.rules.registry import Predicate, Rule, RuleContext, Severity, always

Bound = tuple[float, bool]  # (value, exclusive)


def _bound(value: JSONValue) -> Bound | None:
    if isinstance(value, dict):
        amount = number(value.get("value"))
        if amount is not None:
            return amount, bool(value.get("exclusive"))
    amount = number(value)
    return None if amount is None else (amount, False)


def _upper_tighter(a: Bound | None, b: Bound | None) -> bool:
    """Does upper bound ``a`` admit strictly fewer values than ``b``? (None = unbounded)"""
    if a is None:
        return False
    if b is None:
        return True
    return a[0] < b[0] or (a[0] == b[0] and a[1] and not b[1])


def _lower_tighter(a: Bound | None, b: Bound | None) -> bool:
    if a is None:
        return False
    if b is None:
        return True
    return a[0] > b[0] or (a[0] == b[0] and a[1] and not b[1])


def _maximum_tightened(change: Change, ctx: RuleContext) -> bool:
    return _upper_tighter(_bound(change.after), _bound(change.before))


def _maximum_loosened(change: Change, ctx: RuleContext) -> bool:
    return _upper_tighter(_bound(change.before), _bound(change.after))


def _minimum_tightened(change: Change, ctx: RuleContext) -> bool:
    return _lower_tighter(_bound(change.after), _bound(change.before))


def _minimum_loosened(change: Change, ctx: RuleContext) -> bool:
    return _lower_tighter(_bound(change.before), _bound(change.after))


def _limit(value: JSONValue, missing: float) -> float:
    amount = number(value)
    return missing if amount is None else amount


def _count_predicates(upper: bool) -> tuple[Predicate, Predicate]:
    """(tightened, loosened) for minLength-style (upper=False) or maxLength-style limits."""
    missing = math.inf if upper else 0.0

    def grew(change: Change, ctx: RuleContext) -> bool:
        return _limit(change.after, missing) > _limit(change.before, missing)

    def shrank(change: Change, ctx: RuleContext) -> bool:
        return _limit(change.after, missing) < _limit(change.before, missing)

    return (shrank, grew) if upper else (grew, shrank)


def _doc(keyword: str, verb: str, why: str, ship: str, example: tuple[str, str]) -> str:
    more_or_fewer = "more" if why in (_REQUEST_LOOSE, _RESPONSE_LOOSE) else "fewer"
    return f"""The `{keyword}` of {{noun}} was {verb}: {more_or_fewer} values are valid.

    {why}

    Ship it safely:
        {ship}

    Example:
        base:      {example[0]}
        revision:  {example[1]}
    """


_REQUEST_TIGHT = "Why it breaks:\n        Values clients sent before may now be rejected."
_REQUEST_LOOSE = "Why it is safe:\n        Every value clients sent before is still valid."
_RESPONSE_LOOSE = (
    "Why it breaks:\n        Clients may receive values they were told could not happen. Typed"
    "\n        clients do not model this constraint (the value still fits their type), so"
    "\n        only clients that validate responses fail: a warning."
)
_RESPONSE_TIGHT = "Why it is safe:\n        Returned values are a subset of what was promised."


def _pair(
    keyword: str,
    aspect: Aspect,
    tightened: Predicate,
    loosened: Predicate,
    words: tuple[str, str],
    example: tuple[str, str],
) -> tuple[Rule, ...]:
    """The four rules of one constraint keyword: (request, response) x (tightened, loosened)."""
    tight_word, loose_word = words
    slug = "".join("-" + c.lower() if c.isupper() else c for c in keyword)
    flipped = (example[1], example[0])
    specs = (
        (REQUEST, Severity.ERROR, tight_word, tightened, _REQUEST_TIGHT, example),
        (REQUEST, Severity.INFO, loose_word, loosened, _REQUEST_LOOSE, flipped),
        (RESPONSE, Severity.WARNING, loose_word, loosened, _RESPONSE_LOOSE, flipped),
        (RESPONSE, Severity.INFO, tight_word, tightened, _RESPONSE_TIGHT, example),
    )
    ship = {
        Severity.ERROR: "Keep the old limit until every client is known to comply.",
        Severity.WARNING: "Tell clients that validate responses before the server returns such "
        "values.",
        Severity.INFO: "Nothing to do.",
    }
    return tuple(
        rule
        for variants, severity, verb, predicate, why, sample in specs
        for rule in family(
            suffix=f"{slug}-{verb}",
            variants=variants,
            severity=severity,
            on=(aspect, Action.CHANGED),
            message=f"`{keyword}` of {{element}} {verb} from {{before}} to {{after}}",
            predicate=predicate,
            doc=_doc(keyword, verb, why, ship[severity], sample),
        )
    )


MAXIMUM = _pair(
    "maximum",
    Aspect.MAXIMUM,
    _maximum_tightened,
    _maximum_loosened,
    ("decreased", "increased"),
    ("{type: integer, maximum: 100}", "{type: integer, maximum: 50}"),
)
MINIMUM = _pair(
    "minimum",
    Aspect.MINIMUM,
    _minimum_tightened,
    _minimum_loosened,
    ("increased", "decreased"),
    ("{type: integer, minimum: 0}", "{type: integer, minimum: 1}"),
)


def count_limits(
    keyword: str, aspect: Aspect, upper: bool, example: tuple[str, str]
) -> tuple[Rule, ...]:
    tightened, loosened = _count_predicates(upper)
    words = ("decreased", "increased") if upper else ("increased", "decreased")
    return _pair(keyword, aspect, tightened, loosened, words, example)


MAX_LENGTH = count_limits(
    "maxLength",
    Aspect.MAX_LENGTH,
    True,
    ("{type: string, maxLength: 64}", "{type: string, maxLength: 32}"),
)
MIN_LENGTH = count_limits(
    "minLength", Aspect.MIN_LENGTH, False, ("{type: string}", "{type: string, minLength: 3}")
)
MAX_ITEMS = count_limits(
    "maxItems",
    Aspect.MAX_ITEMS,
    True,
    ("{type: array, maxItems: 100}", "{type: array, maxItems: 10}"),
)
MIN_ITEMS = count_limits(
    "minItems", Aspect.MIN_ITEMS, False, ("{type: array}", "{type: array, minItems: 1}")
)
MAX_PROPERTIES = count_limits(
    "maxProperties",
    Aspect.MAX_PROPERTIES,
    True,
    ("{type: object, maxProperties: 20}", "{type: object, maxProperties: 5}"),
)
MIN_PROPERTIES = count_limits(
    "minProperties",
    Aspect.MIN_PROPERTIES,
    False,
    ("{type: object}", "{type: object, minProperties: 1}"),
)


def _multiple_relation(change: Change) -> str:
    """'tightened', 'loosened' or 'incomparable' for a multipleOf change."""
    old, new = number(change.before), number(change.after)
    if old is None:
        return "tightened"
    if new is None:
        return "loosened"
    if old <= 0 or new <= 0:  # not a valid multipleOf (it must be > 0): no relation known
        return "incomparable"
    ratio = decimal(old) / decimal(new)  # exact: 0.3 is a multiple of 0.1
    if ratio.denominator == 1:  # every multiple of old is a multiple of new
        return "loosened"
    if ratio.numerator == 1:
        return "tightened"
    return "incomparable"


def _multiple(relations: frozenset[str]) -> Callable[[Change, RuleContext], bool]:
    return lambda change, ctx: _multiple_relation(change) in relations


MULTIPLE_OF = _pair(
    "multipleOf",
    Aspect.MULTIPLE_OF,
    _multiple(frozenset({"tightened", "incomparable"})),
    _multiple(frozenset({"loosened"})),
    ("changed", "relaxed"),
    ("{type: integer, multipleOf: 2}", "{type: integer, multipleOf: 4}"),
)


def _has(side: JSONValue) -> bool:
    return side is not None


PATTERN = (
    *family(
        suffix="pattern-added",
        variants=REQUEST,
        severity=Severity.ERROR,
        on=(Aspect.PATTERN, Action.CHANGED),
        message="pattern `{after}` added to {element}",
        predicate=lambda change, ctx: not _has(change.before) and _has(change.after),
        doc="""A `pattern` was added to {noun}.

        Why it breaks:
            Values that do not match, accepted before, are now rejected.

        Ship it safely:
            Validate the pattern softly (log) before enforcing it.

        Example:
            base:      {type: string}
            revision:  {type: string, pattern: "^[a-z]+$"}
        """,
    ),
    *family(
        suffix="pattern-removed",
        variants=REQUEST,
        severity=Severity.INFO,
        on=(Aspect.PATTERN, Action.CHANGED),
        message="pattern `{before}` removed from {element}",
        predicate=lambda change, ctx: _has(change.before) and not _has(change.after),
        doc="""The `pattern` of {noun} was removed.

        Why it is safe:
            Every value clients sent before is still accepted.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: string, pattern: "^[a-z]+$"}
            revision:  {type: string}
        """,
    ),
    *family(
        suffix="pattern-added",
        variants=RESPONSE,
        severity=Severity.INFO,
        on=(Aspect.PATTERN, Action.CHANGED),
        message="pattern `{after}` added to {element}",
        predicate=lambda change, ctx: not _has(change.before) and _has(change.after),
        doc="""A `pattern` was added to {noun}: the server promises more about its values.

        Why it is safe:
            Returned values were already valid under the base document.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: string}
            revision:  {type: string, pattern: "^[a-z]+$"}
        """,
    ),
    *family(
        suffix="pattern-removed",
        variants=RESPONSE,
        severity=Severity.WARNING,
        on=(Aspect.PATTERN, Action.CHANGED),
        message="pattern `{before}` removed from {element}",
        predicate=lambda change, ctx: _has(change.before) and not _has(change.after),
        doc="""The `pattern` of {noun} was removed: any string may now be returned.

        Why it breaks:
            Clients that validate or parse the value by its pattern fail on other strings.
            Typed clients do not model patterns (the value is still a string), so this is
            a warning.

        Ship it safely:
            Keep the pattern on returned values.

        Example:
            base:      {type: string, pattern: "^[a-z]+$"}
            revision:  {type: string}
        """,
    ),
    *family(
        suffix="pattern-changed",
        variants=REQUEST + RESPONSE,
        severity=Severity.WARNING,
        on=(Aspect.PATTERN, Action.CHANGED),
        message="pattern of {element} changed from `{before}` to `{after}`",
        predicate=lambda change, ctx: _has(change.before) and _has(change.after),
        doc="""The `pattern` of {noun} changed to a different regular expression.

        Why it breaks:
            Whether the new pattern accepts every value the old one did cannot be decided
            in general, so this is a warning: check it by hand.

        Ship it safely:
            Only widen a pattern in requests, only narrow it in responses.

        Example:
            base:      {type: string, pattern: "^[0-9]+$"}
            revision:  {type: string, pattern: "^[0-9]{4}$"}
        """,
    ),
)

UNIQUE_ITEMS = _pair(
    "uniqueItems",
    Aspect.UNIQUE_ITEMS,
    lambda change, ctx: change.before is not True and change.after is True,
    lambda change, ctx: change.before is True and change.after is not True,
    ("enabled", "disabled"),
    ("{type: array}", "{type: array, uniqueItems: true}"),
)

ITEMS = (
    *family(
        suffix="items-added",
        variants=REQUEST,
        severity=Severity.ERROR,
        on=(Aspect.ITEMS, Action.ADDED),
        message="{element} now constrains its array items",
        predicate=always,
        doc="""An `items` schema was added to {noun}, which accepted any items before.

        Why it breaks:
            Items that do not match the new schema are now rejected.

        Ship it safely:
            Make the items schema accept everything clients send today.

        Example:
            base:      {type: array}
            revision:  {type: array, items: {type: string}}
        """,
    ),
    *family(
        suffix="items-removed",
        variants=RESPONSE,
        severity=Severity.ERROR,
        on=(Aspect.ITEMS, Action.REMOVED),
        message="{element} no longer constrains its array items",
        predicate=always,
        doc="""The `items` schema of {noun} was removed: any item may be returned.

        Why it breaks:
            Clients parse items by the old schema.

        Ship it safely:
            Keep describing the items.

        Example:
            base:      {type: array, items: {type: string}}
            revision:  {type: array}
        """,
    ),
    *family(
        suffix="items-removed",
        variants=REQUEST,
        severity=Severity.INFO,
        on=(Aspect.ITEMS, Action.REMOVED),
        message="{element} no longer constrains its array items",
        predicate=always,
        doc="""The `items` schema of {noun} was removed: any item is accepted.

        Why it is safe:
            Every array clients sent before is still accepted.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: array, items: {type: string}}
            revision:  {type: array}
        """,
    ),
    *family(
        suffix="items-added",
        variants=RESPONSE,
        severity=Severity.INFO,
        on=(Aspect.ITEMS, Action.ADDED),
        message="{element} now describes its array items",
        predicate=always,
        doc="""An `items` schema was added to {noun}.

        Why it is safe:
            The server promises more about what it returns.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: array}
            revision:  {type: array, items: {type: string}}
        """,
    ),
    *family(
        suffix="prefix-item-added",
        variants=REQUEST,
        severity=Severity.ERROR,
        on=(Aspect.PREFIX_ITEMS, Action.ADDED),
        message="{element} now constrains tuple position {after}",
        predicate=always,
        doc="""A `prefixItems` position of {noun} is now constrained where anything was accepted.

        Why it breaks:
            Arrays whose item at that position does not match the new schema are rejected
            (positions after `prefixItems` are `items`, or anything without it).

        Ship it safely:
            Give the new position a schema that accepts what clients send there today.

        Example:
            base:      {type: array, prefixItems: [{type: number}]}
            revision:  {type: array, prefixItems: [{type: number}, {type: number}]}
        """,
    ),
    *family(
        suffix="prefix-item-removed",
        variants=REQUEST,
        severity=Severity.INFO,
        on=(Aspect.PREFIX_ITEMS, Action.REMOVED),
        message="{element} no longer constrains tuple position {before}",
        predicate=always,
        doc="""A `prefixItems` position of {noun} no longer constrains its item.

        Why it is safe:
            Every array clients sent before is still accepted.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: array, prefixItems: [{type: number}, {type: number}]}
            revision:  {type: array, prefixItems: [{type: number}]}
        """,
    ),
    *family(
        suffix="prefix-item-removed",
        variants=RESPONSE,
        severity=Severity.ERROR,
        on=(Aspect.PREFIX_ITEMS, Action.REMOVED),
        message="{element} no longer constrains tuple position {before}",
        predicate=always,
        doc="""A `prefixItems` position of {noun} no longer constrains what is returned there.

        Why it breaks:
            Clients read the tuple by position (generated clients model it as a fixed tuple)
            and fail on an item of another shape.

        Ship it safely:
            Keep describing every position.

        Example:
            base:      {type: array, prefixItems: [{type: number}, {type: number}]}
            revision:  {type: array, prefixItems: [{type: number}]}
        """,
    ),
    *family(
        suffix="prefix-item-added",
        variants=RESPONSE,
        severity=Severity.INFO,
        on=(Aspect.PREFIX_ITEMS, Action.ADDED),
        message="{element} now describes tuple position {after}",
        predicate=always,
        doc="""A `prefixItems` position of {noun} is now described.

        Why it is safe:
            The server promises more about what it returns.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: array, prefixItems: [{type: number}]}
            revision:  {type: array, prefixItems: [{type: number}, {type: number}]}
        """,
    ),
)
