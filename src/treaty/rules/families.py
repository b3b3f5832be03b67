"""Schema rule families: one judgement declared once, registered per place of use.

A schema keyword change means different things in a request parameter, a request body, a
response body or a response header, and users configure them separately (oasdiff's
``request-parameter-max-length-decreased`` vs ``request-property-max-length-decreased``). A
family states the judgement once; :func:`family` expands it into one rule per variant, each
with its own id, documentation and message.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass

from treaty._json import JSONValue
from treaty.changes.model import Action, Aspect, Direction, Scope, Target
from treaty.rules.registry import Area, Predicate, Rule, Severity, Subject


@dataclass(frozen=True, slots=True)
class Variant:
    """One place a schema is used, as it appears in rule ids and documentation."""

    prefix: str
    direction: Direction
    scopes: frozenset[Scope]
    subject: Subject
    area: Area
    noun: str


REQUEST_PARAMETER = Variant(
    "request-parameter",
    Direction.REQUEST,
    frozenset({Scope.PARAMETER}),
    Subject.ANY,
    Area.PARAMETERS,
    "a request parameter's schema",
)
REQUEST_BODY = Variant(
    "request-body",
    Direction.REQUEST,
    frozenset({Scope.REQUEST_BODY}),
    Subject.ROOT,
    Area.REQUEST_BODY,
    "the request body schema",
)
REQUEST_PROPERTY = Variant(
    "request-property",
    Direction.REQUEST,
    frozenset({Scope.REQUEST_BODY}),
    Subject.PROPERTY,
    Area.SCHEMAS,
    "a property of the request body",
)
RESPONSE_BODY = Variant(
    "response-body",
    Direction.RESPONSE,
    frozenset({Scope.RESPONSE_BODY}),
    Subject.ROOT,
    Area.RESPONSES,
    "the response body schema",
)
RESPONSE_PROPERTY = Variant(
    "response-property",
    Direction.RESPONSE,
    frozenset({Scope.RESPONSE_BODY}),
    Subject.PROPERTY,
    Area.SCHEMAS,
    "a property of the response body",
)
RESPONSE_HEADER = Variant(
    "response-header",
    Direction.RESPONSE,
    frozenset({Scope.RESPONSE_HEADER}),
    Subject.ANY,
    Area.HEADERS,
    "a response header's schema",
)

REQUEST = (REQUEST_PARAMETER, REQUEST_BODY, REQUEST_PROPERTY)
RESPONSE = (RESPONSE_BODY, RESPONSE_PROPERTY, RESPONSE_HEADER)
# where a property (rather than a keyword) is added or removed: the subject split is moot
REQUEST_OBJECTS = (
    Variant(
        "request-parameter-property",
        Direction.REQUEST,
        frozenset({Scope.PARAMETER}),
        Subject.ANY,
        Area.PARAMETERS,
        "a property of an object-valued request parameter",
    ),
    Variant(
        "request-property",
        Direction.REQUEST,
        frozenset({Scope.REQUEST_BODY}),
        Subject.ANY,
        Area.SCHEMAS,
        "a property of the request body",
    ),
)
RESPONSE_OBJECTS = (
    Variant(
        "response-property",
        Direction.RESPONSE,
        frozenset({Scope.RESPONSE_BODY}),
        Subject.ANY,
        Area.SCHEMAS,
        "a property of the response body",
    ),
    Variant(
        "response-header-property",
        Direction.RESPONSE,
        frozenset({Scope.RESPONSE_HEADER}),
        Subject.ANY,
        Area.HEADERS,
        "a property of an object-valued response header",
    ),
)


def family(
    *,
    suffix: str,
    variants: Iterable[Variant],
    severity: Severity,
    on: tuple[Aspect, Action] | tuple[Target, Aspect, Action],
    message: str,
    predicate: Predicate,
    doc: str,
) -> tuple[Rule, ...]:
    """Expand one judgement into a rule per variant.

    ``doc`` may use ``{noun}`` (e.g. "a property of the request body"); ``on`` defaults the
    target to SCHEMA when only (aspect, action) is given.
    """
    target, aspect, action = on if len(on) == 3 else (Target.SCHEMA, *on)
    text = inspect.cleandoc(doc)  # once per family: cleandoc is slow and runs at import
    return tuple(
        Rule(
            id=f"{variant.prefix}-{suffix}",
            severity=severity,
            direction=variant.direction,
            area=variant.area,
            on=(target, aspect, action),
            scopes=variant.scopes,
            message=message,
            predicate=predicate,
            doc=_sentence_case(text.replace("{noun}", variant.noun)),
            subject=variant.subject,
        )
        for variant in variants
    )


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---- value helpers shared by the schema predicates -------------------------------------


def number(value: JSONValue) -> int | float | None:
    """A JSON number, exactly as read (bools are not numbers here).

    Never converted to float: an integer past 2**53 would lose digits (two different bounds
    would compare equal) and one past a double's range would raise; Python compares ``int``
    and ``float`` exactly, so the predicates need no conversion.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def values(value: JSONValue) -> list[JSONValue] | None:
    """A list value (enum lists), or None when the side has no constraint."""
    return value if isinstance(value, list) else None


def _canonical(value: JSONValue) -> str:
    import json

    return json.dumps(value, sort_keys=True)


def removed_values(before: JSONValue, after: JSONValue) -> list[JSONValue]:
    """Values in ``before`` missing from ``after`` (JSON equality, order-insensitive)."""
    old, new = values(before), values(after)
    if old is None or new is None:
        return []
    present = {_canonical(v) for v in new}
    return [v for v in old if _canonical(v) not in present]


def added_values(before: JSONValue, after: JSONValue) -> list[JSONValue]:
    """Values in ``after`` missing from ``before``."""
    return removed_values(after, before)
