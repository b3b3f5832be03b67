"""One parametrised test drives every rule case under fixtures/rules/<rule-id>/<scenario>/.

Each scenario folder holds ``base.yaml``, ``revision.yaml`` and ``expected.yaml``. The expected
file lists findings that must appear (``{id, operation, base_pointer?, revision_pointer?}``);
an entry with ``count: n`` must match exactly ``n`` findings (``count: 0``: none, e.g. no
duplicate or ``unclassified-change`` report of the same root cause); ``[]`` means the
folder's rule must stay silent (a near miss).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from treaty import api
from treaty.report import ReportKind
from treaty.rules import RULES

RULES_DIR = Path(__file__).resolve().parent.parent.parent / "fixtures" / "rules"
TODAY = dt.date(2026, 1, 1)

# Document-level changes (servers, security schemes) are emitted with scope `document`, but
# their rules are registered with the default scope `operation`: the lookup misses and the
# change surfaces as `unclassified-change`.

# Cases where the engine is known to be wrong: "<rule-id>/<scenario>": diagnosis.
KNOWN_GAPS: dict[str, str] = {}

CASES = sorted(p for p in RULES_DIR.glob("*/*/") if (p / "expected.yaml").is_file())
DOCUMENTS = sorted(p for case in CASES for p in (case / "base.yaml", case / "revision.yaml"))
# Rules whose cases openapi-spec-validator cannot check without leaving the machine: it
# retrieves every `$id`-relative `$ref` (https://example.com/schemas/owner.json), which is
# what these rules are about.
UNVALIDATED = {
    f"{prefix}-ref-unresolved": "the validator would fetch the $id-relative refs"
    for prefix in (
        "request-body",
        "request-parameter",
        "request-property",
        "response-body",
        "response-property",
        "response-header",
    )
}


def _case_id(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


def _params() -> list[Any]:
    params = []
    for case in CASES:
        case_id = _case_id(case)
        marks = []
        if case_id in KNOWN_GAPS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[case_id]))
        params.append(pytest.param(case, id=case_id, marks=marks))
    return params


def _operation(text: str) -> tuple[str, str]:
    method, _, path = text.partition(" ")
    return method.lower(), path


def _matches(finding: Any, entry: dict[str, Any]) -> bool:
    if finding.rule != entry["id"]:
        return False
    if "operation" in entry:
        wanted = _operation(entry["operation"])
        ops = {(op.method.lower(), op.path) for op in finding.change.operations}
        if wanted not in ops:
            return False
    location = finding.change.location
    for key in ("base_pointer", "revision_pointer"):
        if key in entry and getattr(location, key) != entry[key]:
            return False
    return True


def _describe(findings: Any) -> str:
    return "\n".join(
        f"  {f.rule} {[f'{o.method.upper()} {o.path}' for o in f.change.operations]} "
        f"{f.change.location.base_pointer} -> {f.change.location.revision_pointer}"
        for f in findings
    )


@pytest.mark.parametrize("case", _params())
def test_rule_case(case: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text()) or []
    report = api.diff(
        str(case / "base.yaml"), str(case / "revision.yaml"), kind=ReportKind.CHANGELOG, today=TODAY
    )
    findings = report.findings
    if not expected:
        fired = [f for f in findings if f.rule == case.parent.name]
        assert not fired, f"{case.parent.name} must stay silent but fired:\n{_describe(fired)}"
        return
    for entry in expected:
        matching = [f for f in findings if _matches(f, entry)]
        if "count" in entry:
            assert len(matching) == entry["count"], (
                f"{len(matching)} findings match {entry}; findings were:\n{_describe(findings)}"
            )
        else:
            assert matching, f"missing {entry}; findings were:\n{_describe(findings)}"


def _documents() -> list[Any]:
    return [
        pytest.param(
            path,
            id=str(path.relative_to(RULES_DIR)),
            marks=[pytest.mark.skip(reason=UNVALIDATED[rule])] if rule in UNVALIDATED else [],
        )
        for path in DOCUMENTS
        for rule in (path.parent.parent.name,)
    ]


@pytest.mark.parametrize("document", _documents())
def test_fixture_document_is_valid_openapi(document: Path) -> None:
    validate(yaml.safe_load(document.read_text()))


def test_every_folder_names_a_rule() -> None:
    names = [p.name for p in RULES_DIR.iterdir() if p.is_dir()]
    assert names, "no rule fixtures found"
    unknown = sorted(n for n in names if n not in RULES)
    assert not unknown, f"fixture folders that name no rule: {unknown}"


def test_every_folder_has_complete_scenarios() -> None:
    for rule_dir in (p for p in RULES_DIR.iterdir() if p.is_dir()):
        scenarios = [p for p in rule_dir.iterdir() if p.is_dir()]
        assert scenarios, f"{rule_dir.name} has no scenario"
        for scenario in scenarios:
            for name in ("base.yaml", "revision.yaml", "expected.yaml"):
                assert (scenario / name).is_file(), f"{_case_id(scenario)} lacks {name}"
