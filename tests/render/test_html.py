"""The self-contained HTML page: escaping, its own script only, snippets."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import yaml

from treaty import api
from treaty.render import OutputFormat, render
from treaty.render.html import MAX_LINES, _prune, snippet
from treaty.report import ReportKind

from .helpers import ROOT, demo, finding, only, report

PETSTORE = ROOT / "fixtures" / "specs" / "petstore-3.0.yaml"
EVIL = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_a_script_in_a_description_stays_text(tmp_path: Path) -> None:
    document = yaml.safe_load(PETSTORE.read_text())
    document["paths"]["/pets"]["get"]["description"] = EVIL
    revision = tmp_path / "revision.yaml"
    revision.write_text(yaml.safe_dump(document))
    subject = api.diff(PETSTORE, revision, kind=ReportKind.DIFF)
    subject = report(*subject.findings, finding(message=EVIL), kind=ReportKind.DIFF)
    page = render(subject, OutputFormat.HTML)
    assert "<img" not in page and "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # the page's own filter


def test_only_the_pages_own_script_may_run() -> None:
    page = render(demo(), OutputFormat.HTML)
    script = re.search(r"<script>(.*)</script>", page, re.S)
    assert script is not None
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page
    assert "default-src 'none'" in page
    assert "http://" not in page and "https://" not in page  # nothing fetched


def test_filters_and_sides() -> None:
    page = render(only(demo(), "operation-removed"), OutputFormat.HTML)
    assert 'name="severity" value="error" checked' in page and 'id="q"' in page
    assert 'data-severity="error"' in page
    assert "operationId: deletePet" in page  # the base side
    assert "revision: absent" in page


def test_without_documents_the_changed_values_are_shown() -> None:
    page = render(report(finding()), OutputFormat.HTML)
    assert "operationId: listPets" in page and "revision: absent" in page


def test_snippets_are_short() -> None:
    big = {f"key{n}": {"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}} for n in range(40)}
    text = snippet(big)
    assert len(text.splitlines()) == MAX_LINES + 1
    assert text.endswith("more lines")
    assert "{…}" in snippet({"a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}})
    assert "[…]" in snippet([[[[[[["deep"]]]]]]])
    assert _prune(list(range(35)), 2)[-1] == "… 5 more items"
    assert _prune(big, 1) == {**{f"key{n}": "{…}" for n in range(30)}, "…": "10 more keys"}
    assert snippet("x" * 500).endswith("…")
    assert snippet(7) == "7"


def test_the_most_severe_findings_come_first() -> None:
    page = render(demo(ReportKind.CHANGELOG), OutputFormat.HTML)
    order = re.findall(r'class="finding" data-severity="(error|warning|info)"', page)
    assert order == sorted(order, key=["error", "warning", "info"].index)
    assert {"error", "info"} <= set(order)
