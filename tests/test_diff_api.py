"""The diff pipeline end to end through the library: api.diff -> Report."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treaty import api
from treaty.errors import ExitCode
from treaty.report import ReportKind
from treaty.rules.registry import Severity
from treaty.sources import Document, SyntaxKind, load
from treaty.spec import build

FIXTURES = Path(__file__).parent.parent / "fixtures"
PETSTORE = FIXTURES / "specs" / "petstore-3.0.yaml"
TODAY = dt.date(2026, 1, 1)
BASE: dict[str, Any] = yaml.safe_load(PETSTORE.read_text())


def _diff(base: dict[str, Any], revision: dict[str, Any], kind: ReportKind = ReportKind.BREAKING):  # type: ignore[no-untyped-def]

    docs = [
        Document(root=d, name=n, syntax=SyntaxKind.YAML)
        for d, n in ((base, "base"), (revision, "revision"))
    ]
    return api.diff(build(docs[0]), build(docs[1]), kind=kind, today=TODAY)


def test_a_document_diffed_with_itself_reports_nothing() -> None:
    report = api.diff(str(PETSTORE), str(PETSTORE), kind=ReportKind.DIFF, today=TODAY)
    assert report.findings == ()
    assert report.exit_code() is ExitCode.OK


def test_the_same_api_in_3_0_yaml_and_3_1_json_is_not_breaking() -> None:
    report = api.diff(str(PETSTORE), str(FIXTURES / "specs" / "petstore-3.1.json"), today=TODAY)
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []


def test_removed_operation_is_breaking_and_sets_the_exit_code() -> None:
    revision = copy.deepcopy(BASE)
    del revision["paths"]["/pets"]["post"]
    report = _diff(BASE, revision)
    # the version did not change either: the version policy warns about that too
    assert [f.rule for f in report.findings] == ["operation-removed", "version-bump-missing"]
    assert str(report.findings[0].operation) == "POST /pets"
    assert report.exit_code(Severity.ERROR) is ExitCode.FINDINGS
    assert report.exit_code(None) is ExitCode.OK


def test_breaking_keeps_errors_and_warnings_changelog_keeps_info_too() -> None:
    revision = copy.deepcopy(BASE)
    revision["paths"]["/pets"]["get"]["parameters"][0]["required"] = True
    revision["paths"]["/pets"]["get"]["parameters"].append(
        {"name": "sort", "in": "query", "schema": {"type": "string"}}
    )
    breaking = _diff(BASE, revision)
    changelog = _diff(BASE, revision, ReportKind.CHANGELOG)
    assert {f.rule for f in breaking.findings} == {
        "request-parameter-became-required",
        "version-bump-missing",  # 1.0.0 both sides
    }
    assert "request-parameter-optional-added" in {f.rule for f in changelog.findings}


def test_documentation_edits_appear_only_in_diff() -> None:
    revision = copy.deepcopy(BASE)
    revision["paths"]["/pets"]["get"]["summary"] = "List every pet"
    assert _diff(BASE, revision, ReportKind.CHANGELOG).findings == ()
    rules = {f.rule for f in _diff(BASE, revision, ReportKind.DIFF).findings}
    assert rules == {"documentation-changed"}


def test_json_report_follows_its_published_schema() -> None:
    revision = copy.deepcopy(BASE)
    del revision["paths"]["/pets"]["post"]
    revision["paths"]["/pets"]["get"]["parameters"][0]["schema"]["maximum"] = 10
    report = _diff(BASE, revision, ReportKind.CHANGELOG)
    document = json.loads(api.render_report(report, "json"))
    schema = json.loads((FIXTURES / "schemas" / "treaty-report.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert document["summary"]["error"] == 2
    ids = {c["id"] for c in document["changes"]}
    assert {"operation-removed", "request-parameter-maximum-decreased"} <= ids


def test_text_report_groups_by_operation_and_counts() -> None:
    revision = copy.deepcopy(BASE)
    revision["info"]["version"] = "2.0.0"  # a major bump: no version-bump warning
    del revision["paths"]["/pets"]["post"]
    text = api.render_report(_diff(BASE, revision), "text")
    assert "1 breaking change between base and revision: 1 error" in text
    assert "POST /pets\n  error   operation-removed" in text
    assert "\x1b[" not in text
    assert "\x1b[" in api.render_report(_diff(BASE, revision), "text", color=True)


# ---- properties -----------------------------------------------------------------------


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["components"]["schemas"]  # type: ignore[no-any-return]


def _properties(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (name, prop)
        for name, schema in sorted(_schemas(doc).items())
        for prop in sorted(schema.get("properties", {}))
    ]


PROPERTIES = _properties(BASE)
PROFILE = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROFILE
@given(st.permutations(list(BASE["paths"])), st.booleans())
def test_reordering_keys_is_never_a_change(order: list[str], reverse_components: bool) -> None:
    revision = copy.deepcopy(BASE)
    revision["paths"] = {path: BASE["paths"][path] for path in order}
    if reverse_components:
        schemas = _schemas(BASE)
        revision["components"]["schemas"] = dict(reversed(list(schemas.items())))
    assert _diff(BASE, revision, ReportKind.DIFF).findings == ()


@PROFILE
@given(st.sampled_from(sorted(BASE["paths"])), st.sampled_from(["id", "petId", "x"]))
def test_renaming_a_path_parameter_is_never_an_error(path: str, new_name: str) -> None:
    if "{" not in path:
        return
    revision = copy.deepcopy(BASE)
    old = path[path.index("{") + 1 : path.index("}")]
    renamed = path.replace("{" + old + "}", "{" + new_name + "}")
    item = revision["paths"].pop(path)
    for operation in item.values():
        for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
            if parameter.get("in") == "path" and parameter.get("name") == old:
                parameter["name"] = new_name
    for parameter in item.get("parameters", []):
        if parameter.get("in") == "path" and parameter.get("name") == old:
            parameter["name"] = new_name
    revision["paths"][renamed] = item
    report = _diff(BASE, revision)
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []


@PROFILE
@given(st.sampled_from(sorted(BASE["components"]["schemas"])))
def test_inlining_a_component_is_never_a_change(name: str) -> None:
    revision = copy.deepcopy(BASE)
    target = f"#/components/schemas/{name}"
    inline = copy.deepcopy(_schemas(BASE)[name])

    def replace(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("$ref") == target:
                return copy.deepcopy(inline)
            return {key: replace(value) for key, value in node.items()}
        if isinstance(node, list):
            return [replace(item) for item in node]
        return node

    if any(isinstance(v, dict) and v.get("$ref") == target for v in _walk(inline)):
        return  # recursive schemas cannot be inlined
    revision["paths"] = replace(revision["paths"])
    assert _diff(BASE, revision).findings == ()


def _walk(node: Any) -> list[Any]:
    found = [node]
    if isinstance(node, dict):
        for value in node.values():
            found.extend(_walk(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_walk(item))
    return found


@PROFILE
@given(st.sampled_from(PROPERTIES))
def test_removing_a_response_property_is_always_caught(site: tuple[str, str]) -> None:
    name, prop = site
    revision = copy.deepcopy(BASE)
    schema = _schemas(revision)[name]
    del schema["properties"][prop]
    if prop in schema.get("required", []):
        schema["required"].remove(prop)
        if not schema["required"]:
            del schema["required"]
    report = _diff(BASE, revision, ReportKind.CHANGELOG)
    removed = [f for f in report.findings if f.change.aspect.value == "existence"]
    assert removed, f"removing {name}.{prop} went unnoticed"
    assert all(f.change.name == prop for f in removed)
    assert any(f.severity is not Severity.INFO for f in removed) or _only_in_requests(name)


def _only_in_requests(name: str) -> bool:
    return name.startswith("New")


@PROFILE
@given(st.sampled_from(PROPERTIES))
def test_making_a_request_property_required_is_caught_where_clients_send_it(
    site: tuple[str, str],
) -> None:
    name, prop = site
    schema = _schemas(BASE)[name]
    if prop in schema.get("required", []) or schema["properties"][prop].get("readOnly"):
        return
    revision = copy.deepcopy(BASE)
    _schemas(revision)[name].setdefault("required", []).append(prop)
    report = _diff(BASE, revision, ReportKind.CHANGELOG)
    rules = {f.rule for f in report.findings}
    used_in_requests = any(f.change.direction.value == "request" for f in report.findings)
    if used_in_requests:
        assert "request-property-became-required" in rules


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["paths"]["/pets"]["get"]["parameters"][0]["schema"].update(maximum=50),
            "request-parameter-maximum-decreased",
        ),
        (
            lambda d: d["paths"]["/pets"]["get"]["responses"].pop("200"),
            "response-success-status-removed",
        ),
        (
            lambda d: d["paths"]["/pets"]["post"]["requestBody"]["content"].update(
                {
                    "application/xml": d["paths"]["/pets"]["post"]["requestBody"]["content"].pop(
                        "application/json"
                    )
                }
            ),
            "request-body-media-type-removed",
        ),
    ],
)
def test_known_breaking_mutations_are_errors(mutate: Any, expected: str) -> None:
    revision = copy.deepcopy(BASE)
    mutate(revision)
    report = _diff(BASE, revision)
    assert expected in {f.rule for f in report.findings if f.severity is Severity.ERROR}


def test_swagger_2_and_openapi_3_versions_of_one_api_build() -> None:
    spec = build(load(str(FIXTURES / "specs" / "petstore-2.0.yaml")))
    assert spec.operations


def test_long_value_lists_are_shortened_in_messages_but_not_in_json() -> None:
    from treaty.classify import show

    assert show(list(range(12))) == "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (+2 more)]"
    assert show({"value": 5, "exclusive": True}) == "5 (exclusive)"
    assert show(None) == "none" and show(False) == "false"


def test_a_schema_whose_any_of_reaches_itself_terminates_and_is_judged() -> None:
    case = FIXTURES / "cycles" / "self-referencing-any-of"
    same = api.diff(str(case / "base.yaml"), str(case / "base.yaml"), kind=ReportKind.DIFF)
    assert same.findings == ()
    changed = api.diff(
        str(case / "base.yaml"), str(case / "revision.yaml"), kind=ReportKind.CHANGELOG
    )
    assert [f.rule for f in changed.findings] == ["response-property-became-required"]


def test_documentation_messages_name_the_parameter() -> None:
    def document(doc: str) -> dict[str, Any]:
        shared = {"name": "X-Trace", "in": "header", "description": doc, "schema": {}}
        filter_ = {
            "name": "filter",
            "in": "query",
            "content": {"application/json": {"schema": {}, "example": {"kind": doc}}},
        }
        limit = {"name": "limit", "in": "query", "description": doc, "schema": {}}
        return {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "components": {"parameters": {"Trace": shared}},
            "paths": {
                "/a": {
                    "parameters": [{"$ref": "#/components/parameters/Trace"}],
                    "get": {
                        "parameters": [limit, filter_],
                        "responses": {"200": {"description": "ok"}},
                    },
                }
            },
        }

    messages = sorted(
        f.message for f in _diff(document("old"), document("new"), ReportKind.DIFF).findings
    )
    assert messages == [
        "description of header parameter `X-Trace` changed from old to new",
        "description of query parameter `limit` changed from old to new",
        "example of query parameter `filter` (application/json): `kind` changed from old to new",
    ]


def test_documentation_messages_name_the_element_and_the_edit() -> None:
    def document(example: Any, header_doc: str, version: str) -> dict[str, Any]:
        response = {
            "description": "ok",
            "headers": {"X-Rate": {"description": header_doc, "schema": {"type": "integer"}}},
            "content": {"application/json": {"schema": {}, "example": example}},
        }
        return {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": version},
            "paths": {"/a": {"get": {"responses": {"200": response}}}},
        }

    base = document({"id": 1, "tags": ["a", "b"]}, "calls left", "1.0.0")
    revision = document({"id": 1, "tags": ["a"], "new": "x" * 100}, "requests left", "1.0.1")
    messages = sorted(f.message for f in _diff(base, revision, ReportKind.DIFF).findings)
    assert messages == [
        "description of header `X-Rate` of response 200 changed from calls left to requests left",
        "example of response 200 (application/json): `new` added (" + "x" * 59 + "…)",
        "example of response 200 (application/json): `tags[1]` removed (was b)",
        "version of the document changed from 1.0.0 to 1.0.1",
    ]


def test_tuple_positions_are_named_by_index_in_messages() -> None:
    from treaty.changes.labels import element_path

    at = "#/components/schemas/Pair/properties/point/prefixItems/1"
    assert element_path(at) == "Pair.point[1]"
    assert element_path("#/components/schemas/Pair/prefixItems/0/items") == "Pair[0][]"


def test_a_replaced_scope_is_named_with_the_scope_it_replaced() -> None:
    def document(*scopes: str) -> dict[str, Any]:
        flow = {
            "tokenUrl": "https://auth.example.com/token",
            "scopes": {"read": "", "pets:read": ""},
        }
        return {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "components": {
                "securitySchemes": {
                    "oauth": {"type": "oauth2", "flows": {"clientCredentials": flow}}
                }
            },
            "paths": {
                "/pets": {
                    "get": {
                        "security": [{"oauth": list(scopes)}],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }

    replaced = _diff(document("read"), document("pets:read"), ReportKind.CHANGELOG)
    assert sorted(f.message for f in replaced.findings) == [
        "GET /pets no longer requires scopes [read] of `oauth` (was [read], now [pets:read])",
        "GET /pets now requires scopes [pets:read] of `oauth` (was [read], now [pets:read])",
    ]
    widened = _diff(document("read"), document("read", "pets:read"))
    assert [f.message for f in widened.findings] == [
        "GET /pets now requires scopes [pets:read] of `oauth` (was [read], now [pets:read, read])"
    ]


def test_the_facade_reaches_the_check_pipeline_on_first_use() -> None:
    """`api.check` and its option and result types come from the pipeline when asked for."""
    from treaty import pipeline

    assert (api.check, api.CheckOptions, api.CheckResult) == (
        pipeline.check,
        pipeline.CheckOptions,
        pipeline.CheckResult,
    )
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        api.nothing  # type: ignore[attr-defined]  # noqa: B018
