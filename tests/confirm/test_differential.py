"""How two responses to the same request are compared (confirm/differential.py), on real
schemathesis responses, and what happens when the old deployment stops answering."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from confirm_helpers import BASE, REVISION, confirm, shop
from fuzz_helpers import serving
from schemathesis.core.transport import Response

from treaty.confirm.differential import compare, declared_headers


def response(
    status: int, body: bytes, content_type: str = "application/json", **headers: str
) -> Response:
    prepared = requests.Request("GET", "http://127.0.0.1/x").prepare()
    wire = {"content-type": [content_type], **{k.lower(): [v] for k, v in headers.items()}}
    return Response(status, wire, body, prepared, 0.01, True)


def places(
    old: Response, new: Response, headers: dict[int, frozenset[str]] | None = None
) -> set[tuple[str, str, str]]:
    return {(d.kind, d.path, d.change) for d in compare(old, new, headers or {})}


def test_equal_responses_have_no_delta() -> None:
    body = json.dumps({"a": [1, 2], "b": {"c": None}}).encode()
    assert places(response(200, body), response(200, body)) == set()


def test_json_bodies_are_compared_by_structure_with_array_indices_folded() -> None:
    old = json.dumps({"items": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}], "n": 1}).encode()
    new = json.dumps(
        {"items": [{"id": 1, "name": "A"}, {"id": 2}], "n": "1", "extra": True}
    ).encode()
    assert places(response(200, old), response(200, new)) == {
        ("body", "/items/*/name", "changed"),
        ("body", "/items/*/name", "removed"),
        ("body", "/n", "type"),
        ("body", "/extra", "added"),
    }


def test_a_status_change_is_one_delta_not_a_body_diff_too() -> None:
    old, new = response(200, b'{"total": 1}'), response(401, b'{"detail": "token"}')
    assert places(old, new) == {("status", "status", "changed")}


def test_media_type_and_declared_headers_are_compared() -> None:
    old = response(200, b"<p>x</p>", "text/html; charset=utf-8", **{"X-Rate": "10"})
    new = response(200, b"<p>y</p>", "text/plain", **{"X-Trace": "t"})
    declared = {200: frozenset({"x-rate", "x-trace", "x-same"})}
    assert places(old, new, declared) == {
        ("header", "header:content-type", "changed"),
        ("header", "header:x-rate", "removed"),
        ("header", "header:x-trace", "added"),
        ("body", "/", "changed"),  # not JSON: compared as bytes
    }
    same = response(200, b"<p>x</p>", "text/html", **{"X-Rate": "11"})
    assert places(old, same, declared) == {("header", "header:x-rate", "changed")}


def test_declared_headers_follow_local_refs(tmp_path: Path) -> None:
    root: dict[str, Any] = {
        "paths": {
            "/a": {
                "get": {"responses": {"200": {"$ref": "#/components/responses/Ok"}, "default": {}}}
            },
            "/b": {"$ref": "#/x-missing"},
        },
        "components": {"responses": {"Ok": {"headers": {"X-Id": {}, "Content-Type": {}}}}},
    }
    assert declared_headers(root) == {"GET /a": {200: frozenset({"x-id"})}}
    assert declared_headers({"paths": []}) == {}


def test_an_old_deployment_that_stops_answering_is_reported_not_fatal(tmp_path: Path) -> None:
    with serving(shop.create_app(2)) as new, serving(shop.create_app(1)) as old:
        pass  # both stopped: only the port numbers remain
    with serving(shop.create_app(2)) as new:
        run = confirm(tmp_path, BASE, REVISION, "--url", new, "--old-url", old, "--seed", "1",
                      "--max-examples", "3", "--no-config", "--timeout", "2")  # fmt: skip
    assert run.exit_code == 1, run.stderr  # the confirmed breaks still fail the run
    differential = run.report["differential"]
    assert differential["compared"] == 0 and differential["differences"] == []
    assert differential["errors"], "every exchange the old deployment could not answer is named"
    assert "not compared" in run.outputs["text"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_reports_show_a_run_without_differences(tmp_path: Path, fmt: str) -> None:
    with serving(shop.create_app(1)) as first, serving(shop.create_app(1)) as second:
        args = ["--url", first, "--old-url", second, "--seed", "2", "--max-examples", "3"]
        args += ["--all-operations", "--include-path", "/status"]
        run = confirm(tmp_path, BASE, REVISION, *args, "--no-config")
    assert run.exit_code == 0
    assert run.report["differential"]["compared"] > 0, "GET /status was compared"
    assert run.report["differential"]["differences"] == []
    assert "Differences from" in run.outputs[fmt]
