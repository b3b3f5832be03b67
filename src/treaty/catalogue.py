"""The catalogue as users browse it (`treaty checks`), derived from the registry alone."""

from __future__ import annotations

import difflib
import json
from typing import TypeAlias

from treaty.policies import POLICY_CHECKS, PolicyCheck
from treaty.rules import RULES
from treaty.rules.registry import Rule

Check: TypeAlias = Rule | PolicyCheck


def all_checks() -> list[Check]:
    """Every check: the rules, then the project policies."""
    return [*RULES, *POLICY_CHECKS]


def find(check_id: str) -> Check | None:
    """The check with this id, if any."""
    return next((check for check in all_checks() if check.id == check_id), None)


def suggest(check_id: str) -> str | None:
    """The closest known id, for "did you mean" hints."""
    ids = [check.id for check in all_checks()]
    matches = difflib.get_close_matches(check_id, ids, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _entry(rule: Check) -> dict[str, str]:
    return {
        "id": rule.id,
        "severity": rule.severity.value,
        "direction": rule.direction.value,
        "area": rule.area.value,
        "summary": rule.summary,
    }


def render_list(output_format: str, severity: str | None = None) -> str:
    """Every rule, one per line (text), as JSON, or as a Markdown table."""
    rules = [r for r in all_checks() if severity is None or r.severity.value == severity]
    if output_format == "json":
        return json.dumps([_entry(r) for r in rules], indent=2) + "\n"
    if output_format == "markdown":
        lines = ["| id | severity | direction | summary |", "|---|---|---|---|"]
        lines += [
            f"| `{r.id}` | {r.severity.value} | {r.direction.value} | {r.summary} |" for r in rules
        ]
        return "\n".join(lines) + "\n"
    width = max((len(r.id) for r in rules), default=0)
    lines = [
        f"{r.id.ljust(width)}  {r.severity.value:<7}  {r.direction.value:<8}  {r.summary}"
        for r in rules
    ]
    lines.append(f"\n{len(rules)} checks. `treaty checks ID` shows one with its example.")
    return "\n".join(lines) + "\n"


def render_one(rule: Check, output_format: str) -> str:
    """One rule's full documentation."""
    if output_format == "json":
        return (
            json.dumps({**_entry(rule), "message": rule.message, "doc": rule.doc}, indent=2) + "\n"
        )
    header = (
        f"{rule.id}\n"
        f"  severity:  {rule.severity.value}\n"
        f"  direction: {rule.direction.value}\n"
        f"  area:      {rule.area.value}\n"
        f"  message:   {rule.message}\n"
    )
    return f"{header}\n{rule.doc}\n"
