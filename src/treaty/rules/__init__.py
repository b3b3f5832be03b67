"""The breaking-change catalogue: every rule, registered explicitly, frozen at import."""

from __future__ import annotations

from treaty.rules import (
    applicators,
    composition,
    constraints,
    enums,
    flows,
    lifecycle,
    messages,
    moves,
    operations,
    parameters,
    properties,
    schemas,
    security,
    types,
    values,
)
from treaty.rules.registry import Area, Rule, RuleContext, RuleSet, Severity, collect

__all__ = ["MODULES", "RULES", "Area", "Rule", "RuleContext", "RuleSet", "Severity"]

MODULES = (
    operations,
    moves,
    parameters,
    lifecycle,
    messages,
    security,
    types,
    schemas,
    enums,
    constraints,
    properties,
    composition,
    applicators,
    flows,
    values,
)
RULES = RuleSet(rule for module in MODULES for rule in collect(module))
