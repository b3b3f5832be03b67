"""`treaty confirm` on the two-version bookshop (fixtures/confirm): real uvicorn servers.

Every verdict the demo seeds (fixtures/confirm/shop.py's docstring) is asserted, with the
reports in every format, the volatile fields that must never show up as differences and the
correct operation that must stay silent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from confirm_helpers import (
    BASE,
    FORMATS,
    REPO,
    REVISION,
    SCHEMA,
    VOLATILE,
    Counting,
    Run,
    confirm,
    shop,
)
from fuzz_helpers import serving


@pytest.fixture(scope="module")
def deployments() -> Iterator[tuple[str, str, Counting, Counting]]:
    """The released (v1) and the new (v2) bookshop, each behind a request counter."""
    old, new = Counting(shop.create_app(1)), Counting(shop.create_app(2))
    with serving(old) as old_url, serving(new) as new_url:
        yield old_url, new_url, old, new


@pytest.fixture(scope="module")
def differential(
    deployments: tuple[str, str, Counting, Counting], tmp_path_factory: pytest.TempPathFactory
) -> Run:
    old_url, new_url, _, _ = deployments
    tmp = tmp_path_factory.mktemp("confirm")
    return confirm(tmp, BASE, REVISION, "--url", new_url, "--old-url", old_url, "--all-operations",
                   "--seed", "11", "--max-examples", "15", "--no-config")  # fmt: skip


def test_the_report_matches_its_schema_and_fails_the_run(differential: Run) -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(differential.report)
    assert differential.exit_code == 1
    assert differential.report["seed"] == 11
    assert differential.report["failing"] == [
        "5 declared break(s) confirmed",
        "1 undeclared break(s)",
    ]


@pytest.mark.parametrize(
    ("rule", "operation"),
    [
        ("response-property-required-removed", "GET /products/{productId}"),
        ("response-property-enum-value-added", "POST /orders"),
        ("request-property-required-added", "POST /quotes"),
        ("security-anonymous-access-removed", "GET /reports/revenue"),
    ],
)
def test_declared_breaks_the_server_makes_are_confirmed(
    differential: Run, rule: str, operation: str
) -> None:
    found = differential.verdict(rule, operation)
    assert found["verdict"] == "confirmed"
    assert found["reproductions"], "a confirmed break carries its reproduction"
    assert all(r["curl"].startswith("curl ") for r in found["reproductions"])


def test_the_failure_that_names_an_element_goes_to_that_finding(differential: Run) -> None:
    """GET /products/{productId} has one response finding; its failure names `price`."""
    found = differential.verdict("response-property-required-removed", "GET /products")
    assert {r["operation"] for r in found["reproductions"]} == {
        "GET /products",
        "GET /products/{productId}",
    }
    assert all("price" in r["message"] for r in found["reproductions"])
    assert "matched by operation" not in found["reason"]


def test_a_declared_break_the_server_does_not_make_is_not_observed(differential: Run) -> None:
    found = differential.verdict("request-parameter-maximum-decreased", "GET /products")
    assert found["verdict"] == "not-observed"
    assert "carrying `limit`" in found["reason"] and "evidence, not proof" in found["reason"]
    assert found["requests"] > 0


def test_a_removed_operation_hidden_by_documented_404s_is_confirmed_by_comparison(
    differential: Run,
) -> None:
    """v2 answers the removed GET /gift-cards/{code} with a JSON 404 BASE documents: only the
    old deployment, which serves the same requests, shows the break."""
    found = differential.verdict("operation-removed", "GET /gift-cards/{code}")
    assert found["verdict"] == "confirmed"
    assert "confirmed by comparison" in found["reason"]
    assert found["evidence"] and all("/gift-cards/GIFT" in curl for curl in found["evidence"])


def test_a_break_behind_missing_credentials_is_not_exercised(differential: Run) -> None:
    found = differential.verdict("response-property-required-removed", "GET /admin/audit")
    assert found["verdict"] == "not-exercised"
    assert "401" in found["reason"] and "credentials" in found["reason"]


def test_undeclared_breaks_come_first_and_pre_existing_ones_are_marked(differential: Run) -> None:
    undeclared = differential.report["undeclared"]
    owner = [u for u in undeclared if u["check"] == "response_schema_conformance"]
    assert [u["operation"] for u in owner] == ["GET /users/{userId}"]
    assert "owner" in owner[0]["message"] and owner[0]["pre_existing"] is False
    crashes = [u for u in undeclared if u["status"] == 500]
    assert crashes and all(u["pre_existing"] for u in crashes)
    assert differential.report["summary"]["undeclared"] == 1
    text = differential.outputs["text"]
    assert text.index("Undeclared breaks") < text.index("Declared breaking changes")


def test_differences_are_labelled_and_volatile_fields_never_show(differential: Run) -> None:
    found = differential.report["differential"]
    assert found["compared"] > 0
    by_place = {(d["operation"], d["path"]): d for d in found["differences"]}
    assert by_place["GET /products", "/items/*/price"]["declared_by"] == [
        "response-property-required-removed"
    ]
    assert by_place["GET /products", "/items/*/name"]["declared"] is False
    assert by_place["GET /users/{userId}", "/role"]["declared"] is False
    assert by_place["POST /quotes", "status"]["declared_by"] == ["request-property-required-added"]
    assert not VOLATILE & {d["path"] for d in found["differences"]}
    assert {"/time", "/uptime", "header:x-request-id"} <= set(found["volatile"]["GET /status"])


def test_the_correct_operation_stays_silent(differential: Run) -> None:
    report = differential.report
    everything = [*report["undeclared"], *report["unjudged"]]
    everything += [r for f in report["findings"] for r in f["reproductions"]]
    assert not [f for f in everything if f["operation"] == "GET /status"]
    assert not [d for d in report["differential"]["differences"] if d["operation"] == "GET /status"]
    statuses = {op["operation"]: op["statuses"] for op in report["operations"]}
    assert set(statuses["GET /status"]) == {"200"}


def test_every_format_tells_the_same_story(differential: Run) -> None:
    from xml.etree import ElementTree as ET

    import xmlschema

    outputs = differential.outputs
    assert set(outputs) == set(FORMATS)
    for text in (outputs["text"], outputs["markdown"], outputs["html"]):
        for rule in ("request-property-required-added", "security-anonymous-access-removed"):
            assert rule in text
        assert "GET /users/{userId}" in text
    assert "not-exercised" in outputs["markdown"] and "**undeclared**" in outputs["markdown"]
    assert outputs["html"].startswith("<!doctype html>") and "<script" not in outputs["html"]
    xmlschema.XMLSchema(str(REPO / "fixtures" / "schemas" / "junit-10.xsd")).validate(
        outputs["junit"]
    )
    suites = ET.fromstring(outputs["junit"])
    assert suites.get("failures") == str(5 + 1 + 3)  # confirmed, undeclared, differences
    assert differential.stdout == "", "every format went to a file: stdout stays empty"
    assert "seed 11" in differential.stderr
