"""Judge changes with the rule catalogue and turn them into findings."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from treaty._json import JSONValue
from treaty.changes.labels import element_label, element_path, safe_tokens
from treaty.changes.model import Action, Aspect, Change, OperationKey, Scope, Target
from treaty.report import DOCUMENTATION_RULE, UNCLASSIFIED_RULE, Finding
from treaty.rules.families import added_values, removed_values
from treaty.rules.operations import unreadable_date
from treaty.rules.registry import Rule, RuleContext, RuleSet, Severity
from treaty.spec.pointer import join

if TYPE_CHECKING:
    from treaty.ignore import IgnoreEntry

DOCUMENTATION_ASPECTS = frozenset(
    {Aspect.SUMMARY, Aspect.DESCRIPTION, Aspect.TITLE, Aspect.EXAMPLE, Aspect.EXTENSION}
    | {Aspect.INFO}
)

# the fields a message template may use; a meta-test checks every template against this
MESSAGE_FIELDS = frozenset(
    {"operation", "where", "element", "name", "parent", "before", "after", "added", "removed"}
    | {"sunset", "pointer"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """User choices applied around the rules (from the config file and the command line).

    ``disabled`` and ``severities`` act per check id. ``include_paths``/``exclude_paths`` are
    globs on path templates (``/v1/*``) that keep or drop findings by the operations they
    affect. ``ignore`` holds accepted changes (``treaty.ignore``). ``deprecation_days`` is the
    minimum time between deprecation and removal for elements with no ``x-sunset`` date;
    ``stability`` honours ``x-stability-level``; ``version_bump`` is the severity given to a
    breaking change shipped without a semver major bump (None: not checked);
    ``extensible_enums`` says every client tolerates unknown enum values, so values added to
    a response enum are info.
    """

    disabled: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    include_paths: tuple[str, ...] = ()
    exclude_paths: tuple[str, ...] = ()
    ignore: tuple[IgnoreEntry, ...] = ()
    ignore_file: str | None = None  # where ``ignore`` came from, for notes
    deprecation_days: int | None = None
    stability: bool = True
    version_bump: Severity | None = Severity.WARNING
    extensible_enums: bool = False


def classify(
    changes: Iterable[Change], rules: RuleSet, ctx: RuleContext, policy: Policy | None = None
) -> list[Finding]:
    """Every finding for ``changes``: one per (change, rule that applies).

    Documentation-only changes become ``documentation-changed`` findings; a change no rule
    judges becomes an ``unclassified-change`` info finding, so nothing is silently dropped.
    """
    policy = policy or Policy()
    findings: list[Finding] = []
    for change in changes:
        matched = [r for r in rules.candidates(change) if r.applies(change, ctx)]
        if not matched:
            findings.append(_fallback(change))
            continue
        for item in matched:
            if item.id in policy.disabled:
                continue
            severity = policy.severities.get(item.id, item.severity)
            findings.append(
                Finding(
                    rule=item.id, severity=severity, change=change, message=message(item, change)
                )
            )
    return merge_repeats(findings)


def merge_repeats(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per root cause even when a schema is written inline many times.

    The diff engine already reports a shared component once. Inline copies of the same
    schema (common in generated specs: Stripe repeats form bodies per operation) are distinct
    nodes, so their identical changes arrive separately; they are merged here when rule,
    message and values agree, and the merged finding lists every affected operation.
    """
    merged: dict[tuple[str, str, str, str, str], Finding] = {}
    # operations gathered per merged finding (a set to test, a list to keep): linear, where
    # re-scanning and re-sorting the tuple on every repeat was quadratic (Kubernetes: 0.15 s)
    gathered: dict[tuple[str, str, str, str, str], tuple[set[OperationKey], list[OperationKey]]]
    gathered = {}
    for finding in findings:
        change = finding.change
        key = (
            finding.rule,
            finding.message,
            change.direction.value,
            json.dumps(change.before, sort_keys=True),
            json.dumps(change.after, sort_keys=True),
        )
        seen = merged.get(key)
        if seen is None:
            merged[key] = finding
            continue
        known, operations = gathered.setdefault(
            key, (set(seen.change.operations), list(seen.change.operations))
        )
        for operation in change.operations:
            if operation not in known:
                known.add(operation)
                operations.append(operation)
    result = []
    for key, finding in merged.items():
        operations = gathered[key][1] if key in gathered else []
        if len(operations) > len(finding.change.operations):
            change = dataclasses.replace(finding.change, operations=tuple(sorted(operations)))
            finding = dataclasses.replace(finding, change=change)
        result.append(finding)
    return result


def _fallback(change: Change) -> Finding:
    if change.aspect in DOCUMENTATION_ASPECTS:
        rule_id, text = DOCUMENTATION_RULE, documentation_message(change)
    else:
        rule_id = UNCLASSIFIED_RULE
        text = (
            f"{change.target.value} {change.aspect.value} {change.action.value}: {_element(change)}"
        )
    return Finding(rule=rule_id, severity=Severity.INFO, change=change, message=text)


def documentation_message(change: Change) -> str:
    """``example of response 200 (application/json): `name` changed from Rex to Max``."""
    tokens = safe_tokens(change.pointer or "")
    field_at = _last_index(tokens, change.name) if change.name else None
    if field_at is None:
        return f"{change.name or change.aspect.value} of {_element(change)} {change.action.value}"
    start = 3 if tokens[:1] == ["paths"] else 0  # paths, the path, the method
    container = _parameter(change, tokens[field_at - 1]) or _container(tokens[start:field_at])
    place = f"{tokens[field_at]} of {container}"
    if change.target in (Target.SCHEMA, Target.PROPERTY):
        place = f"{tokens[field_at]} of {_schema_place(tokens[:field_at], start)}"
    inner = _inner(tokens[field_at + 1 :])
    if not inner:
        values = (show(change.before), show(change.after))
        if change.action is Action.CHANGED and all(len(v) <= 40 for v in values):
            return f"{place} changed from {values[0]} to {values[1]}"  # a version, a title
        return f"{place} {change.action.value}"
    if change.action is Action.ADDED:
        return f"{place}: `{inner}` added ({_short(change.after)})"
    if change.action is Action.REMOVED:
        return f"{place}: `{inner}` removed (was {_short(change.before)})"
    return f"{place}: `{inner}` changed from {_short(change.before)} to {_short(change.after)}"


def _schema_place(tokens: list[str], start: int) -> str:
    """A schema node in words: ``Pet.owner`` (a component), ``name`` in response 200 (…)."""
    label = element_path(join("#", *tokens))
    if tokens[:2] == ["components", "schemas"] or tokens[:1] == ["definitions"]:
        return f"`{label}`"
    inside = tokens.index("schema") if "schema" in tokens else len(tokens)
    container = _container(tokens[start:inside])
    return f"`{label}` in {container}" if label else f"the schema of {container}"


def _last_index(tokens: list[str], token: str) -> int | None:
    return len(tokens) - 1 - tokens[::-1].index(token) if token in tokens else None


def _parameter(change: Change, last: str) -> str | None:
    """``query parameter `limit```, or ``… (application/json)`` for one of its media types.

    A documented parameter carries its ``location:name`` as the change's parent (its pointer
    holds only an index, or a component name); ``last`` is the token naming the media type.
    """
    if change.parent is None or change.target not in (Target.PARAMETER, Target.MEDIA_TYPE):
        return None
    location, _, name = change.parent.partition(":")
    named = f"{location} parameter `{name}`"
    return f"{named} ({last})" if change.target is Target.MEDIA_TYPE else named


def _container(tokens: list[str]) -> str:
    """The documented element a pointer's tokens name, in words."""
    match tokens:
        case []:
            return "the operation"
        case ["info"]:
            return "the document"
        case ["requestBody"]:
            return "the request body"
        case ["requestBody", "content", media, *_]:
            return f"the request body ({media})"
        case ["responses", status, "content", media, *_]:
            return f"response {status} ({media})"
        case ["responses", status, "headers", header, *_]:
            return f"header `{header}` of response {status}"
        case ["responses", status, *_]:
            return f"response {status}"
    return "/".join(tokens)


def _inner(tokens: list[str]) -> str:
    """A path inside a value: ``owner.tags[1]``."""
    text = ""
    for token in tokens:
        text += f"[{token}]" if token.isdigit() else (f".{token}" if text else token)
    return text


def _short(value: JSONValue, limit: int = 60) -> str:
    text = show(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def message(rule: Rule, change: Change) -> str:
    """The rule's message template filled from the change."""
    return rule.message.format_map(fields(change))


def fields(change: Change) -> dict[str, str]:
    """The values a message template can use, rendered for people."""
    before, after = change.before, change.after
    sunset = before.get("sunset") if isinstance(before, dict) else None
    return {
        "operation": str(change.operation) if change.operation else "the API",
        "where": where(change),
        "element": _element(change),
        "name": change.name or "",
        "parent": change.parent or "",
        "before": show(before),
        "after": show(after),
        "added": show(added_values(before, after)),
        "removed": show(removed_values(before, after)),
        "sunset": show(sunset) + (" (not a date)" if unreadable_date(sunset) else ""),
        "pointer": change.pointer or "",
    }


def where(change: Change) -> str:
    """The container of the change inside its operation, in words."""
    parent = change.parent or ""
    if change.scope is Scope.PARAMETER:
        location, _, name = parent.partition(":")
        name = name or change.name or ""
        return f"{location} parameter `{name}`" if location else f"parameter `{name}`"
    if change.scope is Scope.REQUEST_BODY:
        return f"request body ({parent})" if parent else "request body"
    if change.scope is Scope.RESPONSE_BODY:
        status, _, media = parent.partition(" ")
        return (
            f"response {status} body" + (f" ({media})" if media else "")
            if status
            else ("response body")
        )
    if change.scope is Scope.RESPONSE_HEADER:
        status, _, header = parent.partition(" ")
        return f"response header `{header or change.name}`" + (f" ({status})" if status else "")
    return "operation"


def _element(change: Change) -> str:
    """The changed element: a component path stands alone (it is the root cause); an
    inline one is placed in its container."""
    label = element_label(change)
    if not label:
        return where(change)
    shared = (change.pointer or "").startswith(("#/components/", "#/definitions/"))
    return f"`{label}`" if shared else f"`{label}` in {where(change)}"


_LIST_LIMIT = 10  # long enums stay readable in one line; JSON output keeps every value


def show(value: JSONValue) -> str:
    """A JSON value as people read it in a one-line message."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        shown = ", ".join(show(v) for v in value[:_LIST_LIMIT])
        more = len(value) - _LIST_LIMIT
        return "[" + shown + (f", … (+{more} more)" if more > 0 else "") + "]"
    if isinstance(value, dict) and set(value) <= {"value", "exclusive"} and "value" in value:
        return show(value["value"]) + (" (exclusive)" if value.get("exclusive") else "")
    return json.dumps(value, sort_keys=True)
