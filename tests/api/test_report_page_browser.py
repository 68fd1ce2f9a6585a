"""The served report in headless Chromium at a phone's width (390 px): no horizontal overflow,
charts drawn as SVG with hover text, a chart's bar a link that opens its thing's page. Reuses
the shipped-release server and the browser of the editor's test; skipped where Chromium or
Playwright is missing, failed under CI."""

from __future__ import annotations

import pytest
from test_editor_browser import ARTIFACTS, Chromium, blocked, chromium, server

pytestmark = pytest.mark.slow
__all__ = ["chromium", "server"]  # fixtures used here by name

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_report_fits_a_phone(server: str, chromium: Chromium, lang: str) -> None:
    context = chromium.context()
    violations: list[str] = []
    try:
        page = context.new_page()
        page.set_viewport_size(PHONE)
        page.on("console", lambda message: violations.extend(blocked(message.text)))
        response = page.goto(f"{server}/report?lang={lang}", wait_until="load", timeout=120_000)
        assert response is not None and response.status == 200
        assert page.evaluate("document.documentElement.lang") == lang
        # the site's frame: navigation and language switch
        assert page.locator("header.site-header nav").count() == 1
        assert page.locator("footer .languages a[hreflang]").count() == 2
        # nothing wider than the phone: wide charts and tables scroll inside their own box
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
        charts = page.locator("svg.chart")
        assert charts.count() == 4
        # the bar chart fits the column; each chart names itself and has hover text
        box = charts.first.bounding_box()
        assert box is not None and box["width"] <= PHONE["width"] and box["height"] > 100
        for index in range(charts.count()):
            chart = charts.nth(index)
            assert chart.get_attribute("aria-label")
            assert chart.locator("title").count() > 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"report-phone-{lang}.png"), full_page=False)
        # a bar is a link to its challenge's page, in the same language
        bar = charts.first.locator("a").first
        href = bar.get_attribute("xlink:href") or bar.get_attribute("href") or ""
        assert href.startswith("/id/challenge/") and f"lang={lang}" in href, href
        answer = page.goto(server + href, wait_until="load")
        assert answer is not None and answer.status == 200
    finally:
        context.close()
    assert violations == []
    assert chromium.outside == []
