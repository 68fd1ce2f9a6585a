"""Every page type in headless Chromium (Debian's, through Playwright, as the editor's browser
test): no request leaves the server, recorded with ``page.on("request")``; no
Content-Security-Policy violation (Swagger UI and ReDoc run from ``/static`` under the site's
policy); the language chosen survives a click; screenshots of the Vietnamese pages go to
``test-artifacts/``. Skipped where Chromium or Playwright is missing, failed under CI."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import pytest

# the shipped-release server and the browser of the editor's test, shared, not copied
from test_editor_browser import ARTIFACTS, LOCAL_HOSTS, Chromium, blocked, chromium, server

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow
__all__ = ["chromium", "server"]  # fixtures used here by name

PAGES = {
    "home": "/",
    "plan": "/id/plan/aspen-2026-2035",
    "goal": "/id/goal/aspen-2026-2035-g1",
    "priority": "/id/priority/aspen-2026-2035-p2",
    "sdg-target": "/resource?iri=" + quote("http://metadata.un.org/sdg/14.1", safe=""),
    "dataset": "/.well-known/void",
    "vocabulary": "/ont/",
    "vocabulary term": "/ont/StrategicGoal",
    "explain": "/explain?target=sdg:14.1",
    "diff": "/diff",
    "error-404": "/no/such/page",
    "docs": "/docs",
    "redoc": "/redoc",
    "editor": "/editor",
    "report": "/report",
    "challenge": "/id/challenge/pollution",
    "search": "/search?q=marine",
    "suggest": "/suggest?text=" + quote("Reduce marine plastic pollution", safe=""),
    "browse": "/browse",
    "browse-sdg": "/browse/sdg",
    "browse-goal": "/browse/sdg/14",
    "browse-gbf": "/browse/gbf",
    "browse-agreements": "/browse/agreements",
    "browse-plan": "/browse/plan",
    "queries": "/queries",
    "question": "/queries/elements-by-target?target=sdg:14.1",
    "gaps": "/gaps?challenge=pollution",
    "coverage": "/coverage",
    "alignments": "/alignments",
}
"""Every page type of the site, name → path: the browser tests (this file, test_accessibility.py)
run on each, in English and Vietnamese. Add a new page type here."""
READY = {"docs": ".swagger-ui .info", "redoc": ".redoc-wrap", "editor": ".yasqe"}
"""What shows that a page's JavaScript ran (Swagger UI, ReDoc, YASGUI drew themselves)."""


def load(page: Page, server: str, name: str, lang: str) -> str:
    """Open the page type ``name`` in ``lang`` and wait until its JavaScript ran; its URL."""
    path = PAGES[name]
    url = server + path + ("&" if "?" in path else "?") + f"lang={lang}"
    response = page.goto(url, wait_until="networkidle", timeout=60_000)
    assert response is not None
    assert response.status == (404 if name.startswith("error") else 200), name
    if name in READY:
        page.wait_for_selector(READY[name], timeout=30_000)
    page.wait_for_load_state("networkidle")
    return url


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_asks_another_host(server: str, chromium: Chromium, name: str, lang: str) -> None:
    context = chromium.context()
    page = context.new_page()
    requests: list[str] = []
    violations: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: violations.extend(blocked(message.text)))
    try:
        url = load(page, server, name, lang)
        expected = "vi" if lang == "vi" else "en"
        assert page.evaluate("document.documentElement.lang") == expected, name
        if name.startswith(("vocabulary", "explain", "diff")):  # in the site's frame
            assert page.locator("header.site-header nav").count() == 1, name
        if lang == "vi" and name in ("home", "docs", "error-404"):
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"site-{name}-vi.png"), full_page=False)
    finally:
        context.close()
    assert requests and requests[0] == url
    outside = [r for r in requests if urlsplit(r).hostname not in LOCAL_HOSTS]
    assert outside == [], name
    assert violations == [], name
    assert chromium.outside == []


def test_the_language_chosen_survives_clicks(server: str, chromium: Chromium) -> None:
    context = chromium.context()
    page = context.new_page()
    try:
        page.goto(server + "/?lang=vi", wait_until="load")
        assert page.evaluate("document.documentElement.lang") == "vi"
        page.click("header nav a[href^='/id/plan/']")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == "vi"
        assert "lang=vi" in page.url
        page.click("main a[href^='/id/goal/']")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == "vi"
        assert page.inner_text("h2#statements") == "Những gì đồ thị ghi nhận về mục này"
        # back to English with the switcher, and English it stays
        page.click("footer a[hreflang='en']")
        page.wait_for_load_state("load")
        page.click("header nav a[href^='/id/plan/']")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        context.close()
