"""The HTML report in a real browser: headless Chromium, driven through chromedriver.

The layout is asserted where it is decided, in the browser: nothing overflows sideways at a
desktop or a phone width (long JSON pointers wrap), the base and revision captions of a
finding never overlap, every finding is on the page, and the severity and text filters hide
and show what they should. A screenshot of each width is kept under ``.ci-artifacts/``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from treaty import api
from treaty.render import OutputFormat, render
from treaty.report import Report, ReportKind
from treaty.rules.registry import Severity

from .helpers import DEMO, ROOT

ARTIFACTS = ROOT / ".ci-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Chromium and its driver (Debian: apt-get install chromium chromium-driver)",
)

LONG = "ShippingAddressWithExtendedInternationalValidationRules"


def _nested(leaf_type: str) -> dict[str, Any]:
    """A schema whose changed property sits five levels down under long names."""
    schema: dict[str, Any] = {"type": leaf_type}
    for level in range(5):
        schema = {"type": "object", "properties": {f"{LONG}Level{level}": schema}}
    return schema


def _long_pointer_report(tmp_path: Path) -> Report:
    """The demo pair plus a change whose JSON pointers are far wider than a column."""
    reports = []
    for name, leaf in (("base", "string"), ("revision", "integer")):
        document = {
            "openapi": "3.0.3",
            "info": {"title": "orders", "version": "1.0"},
            "paths": {
                f"/orders/{{orderId}}/{LONG.lower()}": {
                    "get": {
                        "parameters": [
                            {"name": "orderId", "in": "path", "required": True, "schema": {}}
                        ],
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": f"#/components/schemas/{LONG}"}
                                    }
                                },
                            }
                        },
                    }
                }
            },
            "components": {"schemas": {LONG: _nested(leaf)}},
        }
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document, indent=2))
        reports.append(path)
    long = api.diff(reports[0], reports[1], kind=ReportKind.CHANGELOG)
    demo = api.diff(DEMO / "petstore-v1.yaml", DEMO / "petstore-v2.yaml", kind=ReportKind.DIFF)
    assert long.findings and demo.findings
    return Report(
        kind=ReportKind.CHANGELOG,
        base=str(reports[0]),
        revision=str(reports[1]),
        findings=(*long.findings, *demo.findings),
        base_document=long.base_document,
        revision_document=long.revision_document,
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager never goes online
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


LAYOUT = """
const root = document.documentElement;
const findings = [...document.querySelectorAll("li.finding")];
const overlaps = findings.filter(item => {
  const [a, b] = [...item.querySelectorAll("figcaption")].map(c => c.getBoundingClientRect());
  return a && b && a.right > b.left && b.right > a.left && a.bottom > b.top && b.bottom > a.top;
}).length;
const clipped = [...document.querySelectorAll("figcaption, li.finding p, li.finding > div")]
  .filter(el => el.scrollWidth > el.clientWidth + 1).length;
const outside = findings.filter(item => {
  const r = item.getBoundingClientRect();
  return r.width === 0 || r.height === 0 || r.left < 0 || r.right > root.clientWidth + 1;
}).length;
return {scroll: root.scrollWidth, width: root.clientWidth, overlaps, clipped, outside,
        count: findings.length};
"""


@pytest.mark.parametrize(("width", "name"), [(1280, "desktop"), (420, "phone")])
def test_the_page_fits_its_width_and_every_finding_is_visible(
    browser: Any, tmp_path: Path, width: int, name: str
) -> None:
    report = _long_pointer_report(tmp_path)
    page = tmp_path / "report.html"
    page.write_text(render(report, OutputFormat.HTML))
    browser.set_window_size(width, 900)
    browser.get(page.as_uri())
    layout = browser.execute_script(LAYOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(height, 8000))
    browser.save_screenshot(str(ARTIFACTS / f"html-report-{name}.png"))

    assert layout["count"] == len(report.findings)
    assert layout["scroll"] <= layout["width"], "the page scrolls sideways"
    assert layout["overlaps"] == 0, "base and revision captions overlap"
    assert layout["clipped"] == 0, "a caption or message is wider than its box"
    assert layout["outside"] == 0, "a finding is not on the page"
    assert LONG in browser.find_element("css selector", "li.finding figcaption").text


def test_the_filters_hide_and_show_findings(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    report = _long_pointer_report(tmp_path)
    page = tmp_path / "report.html"
    page.write_text(render(report, OutputFormat.HTML))
    browser.set_window_size(1280, 900)
    browser.get(page.as_uri())

    def visible() -> list[str]:
        items = browser.find_elements(By.CSS_SELECTOR, "li.finding")
        return [item.get_attribute("data-severity") for item in items if item.is_displayed()]

    counts = report.counts()
    total = len(report.findings)
    assert len(visible()) == total
    shown = browser.find_element(By.ID, "shown")
    assert shown.text == f"{total} of {total} shown"

    errors = browser.find_element(By.CSS_SELECTOR, "input[name=severity][value=error]")
    errors.click()
    assert "error" not in visible()
    assert len(visible()) == total - counts[Severity.ERROR]

    search = browser.find_element(By.ID, "q")
    search.send_keys("request-property-became-not-nullable")  # one error of the demo pair
    assert visible() == []
    assert browser.find_element(By.ID, "none").is_displayed()

    errors.click()
    assert visible() == ["error"]
    assert "NewPet.tag" in next(
        item.text
        for item in browser.find_elements(By.CSS_SELECTOR, "li.finding")
        if item.is_displayed()
    )
    search.send_keys(Keys.CONTROL, "a", Keys.BACKSPACE)
    search.send_keys(LONG.upper()[:20])  # any case; the long path and pointers hold it
    assert 1 <= len(visible()) < total
    assert shown.text == f"{len(visible())} of {total} shown"
