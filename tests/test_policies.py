"""Project policies: path filters, stability levels, deprecation periods, version bumps."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from treaty import api
from treaty.classify import Policy
from treaty.policies import POLICY_CHECKS
from treaty.report import Report, ReportKind
from treaty.rules.registry import Severity
from treaty.sources import Document, SyntaxKind
from treaty.spec import build

TODAY = dt.date(2026, 6, 1)


def _doc(version: str = "1.0.0") -> dict[str, Any]:
    def ok() -> dict[str, Any]:
        return {"200": {"description": "OK"}}

    pet = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "nick": {"type": "string"}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": version},
        "paths": {
            "/pets": {
                "get": {
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                        {"name": "legacy", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                            },
                        }
                    },
                },
                "delete": {"responses": ok()},
            },
            "/internal/jobs": {"get": {"responses": ok()}, "post": {"responses": ok()}},
            "/v2/beta": {"get": {"x-stability-level": "alpha", "responses": ok()}},
        },
        "components": {"schemas": {"Pet": pet}},
    }


def _diff(base: dict[str, Any], revision: dict[str, Any], policy: Policy | None = None) -> Report:
    specs = [
        build(Document(root=d, name=n, syntax=SyntaxKind.YAML))
        for d, n in ((base, "base"), (revision, "revision"))
    ]
    return api.diff(
        specs[0], specs[1], kind=ReportKind.CHANGELOG, policy=policy or Policy(), today=TODAY
    )


def _rules(report: Report, severity: Severity | None = None) -> list[str]:
    return [f.rule for f in report.findings if severity is None or f.severity is severity]


# ---- paths --------------------------------------------------------------------------------


def test_excluded_paths_are_not_checked_and_included_paths_are_the_only_ones() -> None:
    base, revision = _doc(), _doc()
    del revision["paths"]["/internal/jobs"]["post"]
    del revision["paths"]["/pets"]["delete"]
    everything = _rules(_diff(base, revision), Severity.ERROR)
    assert everything.count("operation-removed") == 2

    excluded = _diff(base, revision, Policy(exclude_paths=("/internal/*",)))
    assert [str(f.operation) for f in excluded.findings if f.rule == "operation-removed"] == [
        "DELETE /pets"
    ]
    included = _diff(base, revision, Policy(include_paths=("/internal/*",)))
    assert [str(f.operation) for f in included.findings if f.rule == "operation-removed"] == [
        "POST /internal/jobs"
    ]


def test_a_shared_component_finding_keeps_only_the_operations_in_scope() -> None:
    base, revision = _doc(), _doc()
    for path in ("/internal/jobs", "/pets"):
        base["paths"][path]["get"]["responses"]["200"] = copy.deepcopy(
            _doc()["paths"]["/pets"]["get"]["responses"]["200"]
        )
    revision = copy.deepcopy(base)
    revision["components"]["schemas"]["Pet"]["properties"]["id"]["type"] = "string"
    report = _diff(base, revision, Policy(exclude_paths=("/internal/*",)))
    changed = next(f for f in report.findings if f.rule == "response-property-type-changed")
    assert [str(op) for op in changed.change.operations] == ["GET /pets"]
    gone = _diff(base, revision, Policy(include_paths=("/nowhere",)))
    assert "response-property-type-changed" not in _rules(gone)


# ---- stability ----------------------------------------------------------------------------


def test_breaking_changes_to_an_alpha_operation_are_only_info() -> None:
    base, revision = _doc(), _doc()
    del revision["paths"]["/v2/beta"]
    report = _diff(base, revision)
    removed = next(f for f in report.findings if f.rule == "operation-removed")
    assert removed.severity is Severity.INFO
    assert "alpha" in removed.message


def test_lowering_stability_is_an_error_and_levels_can_be_turned_off() -> None:
    base, revision = _doc(), _doc()
    revision["paths"]["/pets"]["delete"]["x-stability-level"] = "beta"
    assert _rules(_diff(base, revision), Severity.ERROR)[0] == "operation-stability-decreased"

    off = Policy(stability=False)
    assert "operation-stability-decreased" not in _rules(_diff(base, revision, off))
    del revision["paths"]["/v2/beta"]
    removed = next(f for f in _diff(base, revision, off).findings if f.rule == "operation-removed")
    assert removed.severity is Severity.ERROR


def test_an_invalid_level_of_a_new_or_unchanged_operation_is_reported_once() -> None:
    base, revision = _doc(), _doc()
    base["paths"]["/pets"]["delete"]["x-stability-level"] = "preview"
    revision["paths"]["/pets"]["delete"]["x-stability-level"] = "preview"
    revision["paths"]["/cats"] = {"get": {"x-stability-level": "gamma", "responses": {}}}
    revision["paths"]["/internal/jobs"]["get"]["x-stability-level"] = "experimental"
    report = _diff(base, revision)
    invalid = [f for f in report.findings if f.rule == "operation-stability-invalid"]
    assert sorted(str(f.operation) for f in invalid) == ["DELETE /pets", "GET /cats"]
    assert all(f.severity is Severity.WARNING for f in invalid)
    assert "preview" in next(f.message for f in invalid if str(f.operation) == "DELETE /pets")
    # a level changed to a value that is no level is judged by its own check, not twice
    assert _rules(report).count("operation-stability-unknown") == 1

    scoped = Policy(
        exclude_paths=("/cats",), severities={"operation-stability-invalid": Severity.ERROR}
    )
    (only,) = [f for f in _diff(base, revision, scoped).findings if f.rule.endswith("-invalid")]
    assert (str(only.operation), only.severity) == ("DELETE /pets", Severity.ERROR)
    for policy in (
        Policy(stability=False),
        Policy(disabled=frozenset({"operation-stability-invalid"})),
    ):
        assert "operation-stability-invalid" not in _rules(_diff(base, revision, policy))


# ---- deprecation --------------------------------------------------------------------------


def _remove_property(base: dict[str, Any], **marks: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    base["components"]["schemas"]["Pet"]["properties"]["nick"].update(marks)
    revision = copy.deepcopy(base)
    del revision["components"]["schemas"]["Pet"]["properties"]["nick"]
    return base, revision


def test_removing_a_property_that_was_never_deprecated_stays_an_error() -> None:
    report = _diff(*_remove_property(_doc()))
    assert "response-property-optional-removed" in _rules(report, Severity.ERROR)


def test_a_deprecated_property_removed_after_its_sunset_is_info() -> None:
    report = _diff(*_remove_property(_doc(), deprecated=True, **{"x-sunset": "2026-05-01"}))
    finding = next(f for f in report.findings if f.rule == "deprecated-removed")
    assert finding.severity is Severity.INFO
    assert "Pet.nick" in finding.message and "2026-05-01" in finding.message


def test_a_deprecated_property_removed_before_its_sunset_says_when_it_is_allowed() -> None:
    report = _diff(*_remove_property(_doc(), deprecated=True, **{"x-sunset": "2026-09-30"}))
    finding = next(f for f in report.findings if f.rule == "removed-before-sunset")
    assert finding.severity is Severity.ERROR
    assert finding.message.endswith("removal is allowed from 2026-09-30")


def test_deprecation_alone_allows_removal_unless_a_minimum_period_is_configured() -> None:
    base, revision = _remove_property(_doc(), deprecated=True)
    assert "deprecated-removed" in _rules(_diff(base, revision), Severity.INFO)

    strict = Policy(deprecation_days=90)
    finding = next(
        f for f in _diff(base, revision, strict).findings if f.severity is Severity.ERROR
    )
    assert finding.rule == "removed-before-sunset"
    assert "90 days" in finding.message and "x-sunset" in finding.message


@pytest.mark.parametrize(
    ("deprecated_at", "allowed"), [("2026-01-01", True), ("2026-04-01", False)]
)
def test_the_deprecation_period_counts_from_the_deprecation_date(
    deprecated_at: str, allowed: bool
) -> None:
    base = _doc()
    base["paths"]["/pets"]["delete"].update(deprecated=True, **{"x-deprecated-at": deprecated_at})
    revision = copy.deepcopy(base)
    del revision["paths"]["/pets"]["delete"]
    report = _diff(base, revision, Policy(deprecation_days=90))
    errors = _rules(report, Severity.ERROR)
    if allowed:
        assert errors == []
        assert "operation-removed-after-deprecation" in _rules(report)
    else:
        assert errors == ["removed-before-sunset"]
        assert "allowed from 2026-06-30" in report.findings[0].message


def test_a_deprecated_parameter_removed_before_its_sunset_is_an_error() -> None:
    base = _doc()
    legacy = base["paths"]["/pets"]["get"]["parameters"][1]
    legacy.update(deprecated=True, **{"x-sunset": "2027-01-01"})
    revision = copy.deepcopy(base)
    del revision["paths"]["/pets"]["get"]["parameters"][1]
    report = _diff(base, revision)
    finding = next(f for f in report.findings if f.rule == "removed-before-sunset")
    assert "query parameter `legacy` of GET /pets" in finding.message
    legacy["x-sunset"] = "2026-01-01"
    revision_past = copy.deepcopy(base)
    del revision_past["paths"]["/pets"]["get"]["parameters"][1]
    assert _rules(_diff(base, revision_past), Severity.ERROR) == []


def test_the_operation_rule_for_early_removal_is_not_reported_twice() -> None:
    base = _doc()
    base["paths"]["/pets"]["delete"].update(deprecated=True, **{"x-sunset": "2030-01-01"})
    revision = copy.deepcopy(base)
    del revision["paths"]["/pets"]["delete"]
    assert _rules(_diff(base, revision, Policy(deprecation_days=30)), Severity.ERROR) == [
        "operation-removed-before-sunset"
    ]


# ---- version bump -------------------------------------------------------------------------


def _breaking(base_version: str, revision_version: str, policy: Policy | None = None) -> Report:
    revision = _doc(revision_version)
    del revision["paths"]["/pets"]["delete"]
    return _diff(_doc(base_version), revision, policy)


@pytest.mark.parametrize(
    ("before", "after", "flagged"),
    [
        ("1.4.2", "1.5.0", True),
        ("1.4.2", "1.4.2", True),
        ("1.4", "1.5", True),
        ("1.4.2", "2.0.0", False),
        ("v1.4.2", "v2.0.0-rc.1", False),
        ("0.3.1", "0.4.0", False),
        ("0.3.1", "0.3.2", True),
        ("2024-01-01", "2024-06-01", False),  # not semver: not judged
    ],
)
def test_a_breaking_change_needs_a_major_bump(before: str, after: str, flagged: bool) -> None:
    report = _breaking(before, after)
    assert ("version-bump-missing" in _rules(report, Severity.WARNING)) is flagged


def test_the_version_check_is_silent_without_breaking_changes_and_configurable() -> None:
    assert "version-bump-missing" not in _rules(_diff(_doc("1.0.0"), _doc("1.0.1")))
    as_error = _breaking("1.0.0", "1.1.0", Policy(version_bump=Severity.ERROR))
    bump = next(f for f in as_error.findings if f.rule == "version-bump-missing")
    assert bump.severity is Severity.ERROR
    assert bump.message == (
        "1 breaking change but info.version went from 1.0.0 to 1.1.0: "
        "a major version bump is expected"
    )
    assert bump.change.location.revision_pointer == "#/info/version"
    assert "version-bump-missing" not in _rules(
        _breaking("1.0.0", "1.1.0", Policy(version_bump=None))
    )
    disabled = Policy(disabled=frozenset({"version-bump-missing"}))
    assert "version-bump-missing" not in _rules(_breaking("1.0.0", "1.1.0", disabled))


def test_policy_checks_have_documentation() -> None:
    for check in POLICY_CHECKS:
        assert check.summary.endswith(".") and check.doc


def test_policy_checks_are_in_the_catalogue() -> None:
    from treaty import catalogue

    found = catalogue.find("version-bump-missing")
    assert found is not None and found.severity is Severity.WARNING
    assert "policy" in catalogue.render_one(found, "text")
    assert catalogue.suggest("version-bump-mising") == "version-bump-missing"
    listed = catalogue.render_list("json", "error")
    assert '"id": "removed-before-sunset"' in listed


def test_accepted_changes_leave_the_report_with_notes_for_expired_and_stale_entries() -> None:
    from treaty.ignore import IgnoreEntry

    base, revision = _doc("1.0.0"), _doc("2.0.0")
    del revision["paths"]["/pets"]["delete"]
    del revision["paths"]["/internal/jobs"]["post"]
    entries = (
        IgnoreEntry(id="operation-removed", reason="unused", operation="DELETE /pets", line=1),
        IgnoreEntry(
            id="operation-removed",
            reason="old",
            operation="POST /internal/jobs",
            until=dt.date(2026, 1, 1),
            line=4,
        ),
        IgnoreEntry(id="operation-removed", reason="gone", operation="GET /nothing", line=8),
    )
    policy = Policy(ignore=entries, ignore_file=".treaty-ignore.yaml")
    report = _diff(base, revision, policy)
    assert [str(f.operation) for f in report.accepted] == ["DELETE /pets"]
    assert [str(f.operation) for f in report.findings if f.rule == "operation-removed"] == [
        "POST /internal/jobs"
    ]
    notes = "\n".join(report.notes)
    assert "1 accepted change (.treaty-ignore.yaml)" in notes
    assert ".treaty-ignore.yaml:4" in notes and "expired on 2026-01-01" in notes
    assert ".treaty-ignore.yaml:8" in notes and "matches nothing" in notes


def test_the_json_report_lists_accepted_findings_and_notes_within_its_schema() -> None:
    import json
    from pathlib import Path

    import jsonschema

    from treaty.ignore import IgnoreEntry

    base, revision = _doc("1.0.0"), _doc("2.0.0")
    del revision["paths"]["/pets"]["delete"]
    entry = IgnoreEntry(id="operation-removed", reason="nobody calls it", operation="DELETE /pets")
    report = _diff(base, revision, Policy(ignore=(entry,), ignore_file="ignore.yaml"))
    document = json.loads(api.render_report(report, "json"))
    schema_path = (
        Path(__file__).parent.parent / "fixtures" / "schemas" / "treaty-report.schema.json"
    )
    jsonschema.validate(document, json.loads(schema_path.read_text()))
    assert [item["operation"] for item in document["accepted"]] == ["DELETE /pets"]
    assert document["summary"]["error"] == 0
    assert document["notes"] == ["1 accepted change (ignore.yaml)"]


@pytest.mark.parametrize(
    ("deprecated_at", "allowed"), [("2026-01-01", True), ("2026-04-01", False)]
)
def test_a_moved_operation_is_judged_as_the_removal_of_its_old_path(
    deprecated_at: str, allowed: bool
) -> None:
    base = _doc()
    base["paths"]["/pets"]["delete"].update(
        operationId="clearPets", deprecated=True, **{"x-deprecated-at": deprecated_at}
    )
    revision = copy.deepcopy(base)
    moved = revision["paths"]["/pets"].pop("delete")
    revision["paths"]["/animals"] = {"delete": {**moved, "deprecated": False}}
    report = _diff(base, revision, Policy(deprecation_days=90))
    if allowed:
        assert _rules(report, Severity.ERROR) == []
        assert "operation-moved-after-deprecation" in _rules(report)
    else:
        assert _rules(report, Severity.ERROR) == ["removed-before-sunset"]
        finding = report.findings[0]
        assert finding.message.startswith("deprecated DELETE /pets moved before")
        assert "allowed from 2026-06-30" in finding.message


@pytest.mark.parametrize(
    ("marks", "words"),
    [
        ({"x-sunset": "2024-02-30"}, "`x-sunset` '2024-02-30' is not a date"),
        ({"x-sunset": "2024-01-01T25:00:00Z"}, "`x-sunset` '2024-01-01T25:00:00Z' is not a date"),
        ({"x-sunset": "20240101"}, "`x-sunset` '20240101' is not a date"),
        ({"x-deprecated-at": "2024-13-01"}, "`x-deprecated-at` '2024-13-01' is not a date"),
    ],
)
def test_a_date_that_is_no_date_is_reported_and_removal_is_not_allowed(
    marks: dict[str, str], words: str
) -> None:
    """The element was announced to stay until a day nobody can tell: removing it is judged as
    before that day, whatever the policy, and the message says which value is no date."""
    base, revision = _remove_property(_doc(), deprecated=True, **marks)
    for policy in (Policy(), Policy(deprecation_days=30)):
        if "x-deprecated-at" in marks and policy.deprecation_days is None:
            continue  # without a period the deprecation date is not consulted
        finding = next(f for f in _diff(base, revision, policy).findings)
        assert (finding.rule, finding.severity) == ("removed-before-sunset", Severity.ERROR)
        assert words in finding.message and "cannot tell when removal is allowed" in finding.message


@pytest.mark.parametrize(
    ("deprecated_at", "days"), [("9999-12-31", 1), ("9999-12-31", 90), ("2024-01-01", 10**16)]
)
def test_a_deprecation_period_past_the_calendar_never_ends(deprecated_at: str, days: int) -> None:
    base, revision = _remove_property(_doc(), deprecated=True, **{"x-deprecated-at": deprecated_at})
    finding = next(f for f in _diff(base, revision, Policy(deprecation_days=days)).findings)
    assert (finding.rule, finding.severity) == ("removed-before-sunset", Severity.ERROR)
    assert finding.message.endswith(f"+ {days} days): removal is allowed from 9999-12-31")


@pytest.mark.parametrize(
    "sunset", ["2026-01-01T10:00:00Z", "2026-01-01t10:00:00.5+02:00", "2026-01-01 23:59:60-01:00"]
)
def test_an_rfc_3339_date_time_sunset_is_read_as_its_date(sunset: str) -> None:
    report = _diff(*_remove_property(_doc(), deprecated=True, **{"x-sunset": sunset}))
    assert "deprecated-removed" in _rules(report, Severity.INFO)
