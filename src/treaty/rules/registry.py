"""The rule model: what a rule is, how it is declared, and how rules are looked up.

A rule is a small pure predicate over one :class:`~treaty.changes.model.Change` plus a
declaration (id, severity, direction, the change kinds it listens to, a message template).
The docstring is the documentation, in fixed sections: "Why it breaks" (or "Why it matters"),
"Ship it safely" and "Example".
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING

from treaty.changes.model import Action, Aspect, Change, Direction, Scope, Target

if TYPE_CHECKING:
    from treaty.spec.document import Spec


class Severity(StrEnum):
    """How much a finding matters to clients of the base document."""

    ERROR = "error"  # breaking: a client that followed the base contract can fail
    WARNING = "warning"  # possibly breaking: the documents cannot decide
    INFO = "info"  # affects consumers, breaks none

    @property
    def rank(self) -> int:
        """Higher is more severe; ``--fail-on`` compares ranks."""
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Area(StrEnum):
    """The part of the contract a rule is about (for `treaty checks` and config)."""

    OPERATIONS = "operations"
    PARAMETERS = "parameters"
    REQUEST_BODY = "request-body"
    RESPONSES = "responses"
    HEADERS = "headers"
    SCHEMAS = "schemas"
    SECURITY = "security"
    SERVERS = "servers"
    POLICY = "policy"  # project policies judged on the whole report (treaty.policies)


class Subject(StrEnum):
    """Whether a schema rule is about a whole body/parameter schema or a property in it."""

    ANY = "any"
    ROOT = "root"
    PROPERTY = "property"


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleContext:
    """The only input a rule has besides the change. Rules never read clocks or files."""

    today: dt.date
    base: Spec | None = None
    revision: Spec | None = None


Predicate = Callable[[Change, RuleContext], bool]
Key = tuple[Target, Aspect, Action, Direction, Scope]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One catalogue entry ("check" in the CLI)."""

    id: str
    severity: Severity
    direction: Direction
    area: Area
    on: tuple[Target, Aspect, Action]
    scopes: frozenset[Scope]
    message: str
    predicate: Predicate = field(compare=False)
    doc: str
    subject: Subject = Subject.ANY

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    def index_keys(self) -> Iterator[Key]:
        target, aspect, action = self.on
        for scope in sorted(self.scopes):
            yield (target, aspect, action, self.direction, scope)

    def applies(self, change: Change, ctx: RuleContext) -> bool:
        """True when this rule judges ``change`` (subject filter, then the predicate)."""
        if self.subject is not Subject.ANY and subject_of(change) is not self.subject:
            return False
        return self.predicate(change, ctx)


def subject_of(change: Change) -> Subject:
    """Is a schema-level change about a property (or something inside one) or the root?"""
    pointer = change.pointer or ""
    # for variants and mapping entries `name` names the branch, not a property
    named_property = change.name is not None and change.aspect not in _BRANCH_ASPECTS
    if named_property or "/properties/" in pointer:
        return Subject.PROPERTY
    return Subject.ROOT


_BRANCH_ASPECTS = frozenset(
    {Aspect.ONE_OF, Aspect.ANY_OF, Aspect.ONE_OF_OVERLAP, Aspect.DISCRIMINATOR_MAPPING}
)


def always(change: Change, ctx: RuleContext) -> bool:
    """The predicate of rules that fire on every change of their kind."""
    return True


def rule(
    *,
    id: str,
    severity: Severity,
    direction: Direction,
    area: Area,
    on: tuple[Target, Aspect, Action],
    message: str,
    scopes: Iterable[Scope] = (Scope.OPERATION,),
    subject: Subject = Subject.ANY,
) -> Callable[[Predicate], Rule]:
    """Declare a rule; the decorated predicate's docstring becomes its documentation."""

    def wrap(predicate: Predicate) -> Rule:
        return Rule(
            id=id,
            severity=severity,
            direction=direction,
            area=area,
            on=on,
            scopes=frozenset(scopes),
            message=message,
            predicate=predicate,
            doc=inspect.getdoc(predicate) or "",
            subject=subject,
        )

    return wrap


def collect(module: ModuleType) -> tuple[Rule, ...]:
    """Every rule a module declares: module-level Rule objects and tuples of them."""
    found: list[Rule] = []
    for value in vars(module).values():
        if isinstance(value, Rule):
            found.append(value)
        elif isinstance(value, tuple) and value and all(isinstance(v, Rule) for v in value):
            found.extend(value)
    return tuple(found)


_NATURAL = {
    Scope.PARAMETER: Direction.REQUEST,
    Scope.REQUEST_BODY: Direction.REQUEST,
    Scope.RESPONSE_BODY: Direction.RESPONSE,
    Scope.RESPONSE_HEADER: Direction.RESPONSE,
}
_MIRROR = {
    Scope.PARAMETER: Scope.RESPONSE_HEADER,
    Scope.RESPONSE_HEADER: Scope.PARAMETER,
    Scope.REQUEST_BODY: Scope.RESPONSE_BODY,
    Scope.RESPONSE_BODY: Scope.REQUEST_BODY,
}


class RuleSet:
    """The frozen catalogue, indexed by (target, aspect, action, direction, scope)."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        ordered = sorted(rules, key=lambda r: r.id)
        by_id: dict[str, Rule] = {}
        index: dict[Key, list[Rule]] = {}
        for item in ordered:
            if item.id in by_id:
                raise ValueError(f"duplicate rule id {item.id!r}")
            by_id[item.id] = item
            for key in item.index_keys():
                index.setdefault(key, []).append(item)
        self._by_id: Mapping[str, Rule] = MappingProxyType(by_id)
        self._index: Mapping[Key, tuple[Rule, ...]] = MappingProxyType(
            {key: tuple(value) for key, value in index.items()}
        )

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._by_id

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def candidates(self, change: Change) -> tuple[Rule, ...]:
        """The rules registered for this change's kind (a dictionary lookup).

        Inside `not`, the engine judges a request schema in the response direction (and vice
        versa); such a change is looked up under the mirrored place of use.
        """
        scope = change.scope
        if _NATURAL.get(scope, change.direction) is not change.direction:
            scope = _MIRROR[scope]
        key = (change.target, change.aspect, change.action, change.direction, scope)
        return self._index.get(key, ())

    def keys(self) -> frozenset[Key]:
        return frozenset(self._index)
