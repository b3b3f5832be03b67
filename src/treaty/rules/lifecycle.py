"""Deprecation metadata of parameters: the `x-sunset` date a deprecated parameter announces.

The judgements of an operation's sunset (``rules/operations.py``: severity and predicate are
taken from there), made for a parameter: a date moved earlier, or removed while the parameter
stays deprecated, is an error (clients planned their migration around it; without a date the
parameter may go at once); a value that is not a date is a warning; a date added or
postponed is info.
"""

from __future__ import annotations

from treaty.changes.model import Action, Aspect, Direction, Scope, Target
from treaty.rules import operations  # the module: its rules are collected from there once
from treaty.rules.registry import Area, Rule

_BASE = "{name: v, in: query, deprecated: true, x-sunset: '2030-01-01'}"


def _for_parameter(source: Rule, suffix: str, message: str, summary: str, *texts: str) -> Rule:
    """The parameter counterpart of an operation's sunset rule."""
    why, ship, revision = texts
    heading = "Why it breaks" if source.severity.value != "info" else "Why it is safe"
    doc = (
        f"{summary}\n\n{heading}:\n    {why}\n\nShip it safely:\n    {ship}\n\n"
        f"Example:\n    base:      {_BASE}\n    revision:  {revision}"
    )
    return Rule(
        id=f"request-parameter-sunset-{suffix}",
        severity=source.severity,
        direction=Direction.REQUEST,
        area=Area.PARAMETERS,
        on=(Target.PARAMETER, Aspect.SUNSET, Action.CHANGED),
        scopes=frozenset({Scope.PARAMETER}),
        message=message,
        predicate=source.predicate,
        doc=doc,
    )


PARAMETER_SUNSET = (
    _for_parameter(
        operations.operation_sunset_moved_earlier,
        "moved-earlier",
        "sunset of {where} moved earlier, from {before} to {after}",
        "The announced sunset date of a deprecated parameter moved earlier.",
        "Clients planned when to stop sending the parameter around that date; it may now "
        "be removed before they are ready.",
        "Only ever move a sunset date later.",
        "{name: v, in: query, deprecated: true, x-sunset: '2029-01-01'}",
    ),
    _for_parameter(
        operations.operation_sunset_removed,
        "removed",
        "sunset date {before} removed from deprecated {where}",
        "The sunset date of a parameter that stays deprecated was removed.",
        "Without a date a deprecated parameter may be removed at any time (see the "
        "deprecation policy): the announced date moved earlier, to now.",
        "Keep the date, or move it later; drop it only with the deprecation.",
        "{name: v, in: query, deprecated: true}",
    ),
    _for_parameter(
        operations.operation_sunset_invalid,
        "invalid",
        "sunset of {where} is not a date: {after}",
        "The `x-sunset` of a parameter was set to a value that is not a date.",
        "Nobody can tell when the parameter may go, so its removal cannot be judged "
        "against a date; `x-sunset` is an RFC 3339 date or date-time.",
        "Write the date as `YYYY-MM-DD`.",
        "{name: v, in: query, deprecated: true, x-sunset: soon}",
    ),
    _for_parameter(
        operations.operation_sunset_changed,
        "changed",
        "sunset of {where} changed from {before} to {after}",
        "The sunset date of a parameter was added or postponed (or dropped with deprecation).",
        "Clients get at least as much time as announced.",
        "Nothing to do.",
        "{name: v, in: query, deprecated: true, x-sunset: '2031-01-01'}",
    ),
)
