"""Meta-tests on the catalogue: ids, docs, messages, registration, executable examples."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml

from treaty import api
from treaty.changes.model import Target
from treaty.classify import MESSAGE_FIELDS
from treaty.report import ReportKind
from treaty.rules import MODULES, RULES
from treaty.rules.registry import Rule, RuleSet, collect

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TODAY = dt.date(2026, 1, 1)


def test_every_declared_rule_is_registered_once() -> None:
    declared = [rule for module in MODULES for rule in collect(module)]
    assert len(declared) == len(RULES)
    assert len({rule.id for rule in declared}) == len(declared)


def test_duplicate_ids_are_refused() -> None:
    rule = next(iter(RULES))
    with pytest.raises(ValueError, match="duplicate rule id"):
        RuleSet([rule, rule])


@pytest.mark.parametrize("rule", list(RULES), ids=lambda r: r.id)
def test_rule_id_is_kebab_case_and_names_a_direction(rule: Rule) -> None:
    assert KEBAB.match(rule.id), rule.id
    assert rule.id.split("-")[0] in {
        "request",
        "response",
        "operation",
        "security",
        "server",
        "webhook",
        "callback",
    }


@pytest.mark.parametrize("rule", list(RULES), ids=lambda r: r.id)
def test_rule_documentation_has_the_fixed_sections(rule: Rule) -> None:
    assert rule.summary and (rule.summary[0].isupper() or rule.summary[0] == "`")
    assert "Why it breaks:" in rule.doc or "Why it is safe:" in rule.doc
    assert "Ship it safely:" in rule.doc
    assert "Example:" in rule.doc and "base:" in rule.doc and "revision:" in rule.doc


@pytest.mark.parametrize("rule", list(RULES), ids=lambda r: r.id)
def test_message_uses_only_known_fields(rule: Rule) -> None:
    used = {name for _, name, _, _ in string.Formatter().parse(rule.message) if name}
    assert used <= MESSAGE_FIELDS, used - MESSAGE_FIELDS


def test_error_rules_explain_why_they_break() -> None:
    for rule in RULES:
        if rule.severity.value == "error":
            assert "Why it breaks:" in rule.doc, rule.id


# ---- executable examples ---------------------------------------------------------------
# A schema rule's Example is a pair of schema snippets. Wrapped at the place of use its id
# names (a parameter, a request body, a property, a response…), the rule must fire: the
# documentation cannot drift from the behaviour.

_PLACES = {
    "request-parameter-property": "parameter",
    "request-parameter": "parameter",
    "request-body": "request-body",
    "request-property": "request-property",
    "response-body": "response-body",
    "response-header-property": "response-header",
    "response-header": "response-header",
    "response-property": "response-property",
}


def _example(rule: Rule) -> tuple[Any, Any] | None:
    match = re.search(r"base:\s+(.+)\n\s+revision:\s+(.+)", rule.doc)
    if match is None or "..." in match.group(0):
        return None
    try:
        return yaml.safe_load(match.group(1)), yaml.safe_load(match.group(2))
    except yaml.YAMLError:
        return None


def _place(rule: Rule) -> str | None:
    for prefix, place in sorted(_PLACES.items(), key=lambda item: -len(item[0])):
        if rule.id.startswith(prefix + "-"):
            return place
    return None


def _document(schema: Any, place: str, property_target: bool) -> dict[str, Any]:
    if place == "request-property" and not property_target:
        schema = {"type": "object", "properties": {"field": schema}}
    if place == "response-property" and not property_target:
        schema = {"type": "object", "properties": {"field": schema}}
    operation: dict[str, Any] = {"responses": {"200": {"description": "ok"}}}
    if place == "parameter":
        operation["parameters"] = [{"name": "p", "in": "query", "schema": schema}]
    elif place.startswith("request"):
        operation["requestBody"] = {"content": {"application/json": {"schema": schema}}}
    elif place == "response-header":
        operation["responses"]["200"]["headers"] = {"X-Value": {"schema": schema}}
    else:
        operation["responses"]["200"]["content"] = {"application/json": {"schema": schema}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "example", "version": "1"},
        "paths": {"/things": {"post": operation}},
    }


EXECUTABLE = [
    rule
    for rule in RULES
    if rule.on[0] in (Target.SCHEMA, Target.PROPERTY)
    and _place(rule) is not None
    and _example(rule) is not None
]


def test_most_schema_rule_examples_are_executable() -> None:
    schema_rules = [r for r in RULES if r.on[0] in (Target.SCHEMA, Target.PROPERTY)]
    assert len(EXECUTABLE) >= 0.9 * len(schema_rules)


@pytest.mark.parametrize("rule", EXECUTABLE, ids=lambda r: r.id)
def test_schema_rule_example_fires(rule: Rule, tmp_path: Path) -> None:
    example = _example(rule)
    place = _place(rule)
    assert example is not None and place is not None
    property_target = rule.on[0] is Target.PROPERTY
    paths = []
    for name, schema in zip(("base", "revision"), example, strict=True):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(_document(schema, place, property_target)))
        paths.append(str(path))
    report = api.diff(paths[0], paths[1], kind=ReportKind.CHANGELOG, today=TODAY)
    fired = {finding.rule for finding in report.findings}
    assert rule.id in fired, f"{rule.id} did not fire; got {sorted(fired)}"


def test_every_rule_has_a_fixture_folder() -> None:
    fixtures = Path(__file__).parents[2] / "fixtures" / "rules"
    missing = [rule.id for rule in RULES if not (fixtures / rule.id).is_dir()]
    assert missing == []
