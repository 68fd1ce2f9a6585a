"""Browsing by keyboard alone, in headless Chromium (the editor test's server and browser,
shared): home → Browse → SDG goal 14 → target 14.1, with Tab and Enter only, each step landing
on the page it names. Skipped where Chromium or Playwright is missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

# the shipped-release server and the browser of the editor's test, shared, not copied
from test_editor_browser import Chromium, chromium, server

pytestmark = pytest.mark.slow
__all__ = ["chromium", "server"]  # fixtures used here by name

if TYPE_CHECKING:
    from playwright.sync_api import Page

MAX_TABS = 120
"""Tab presses allowed to reach one link (the header, the search box and the tiles come first)."""


def tab_to(page: Page, href: str) -> int:
    """Press Tab until the focused element is the link to ``href``; the presses it took."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement && document.activeElement.getAttribute('href')"
        )
        if focused == href:
            return presses
    raise AssertionError(f"no focusable link to {href} within {MAX_TABS} Tab presses")


def test_home_to_a_target_by_keyboard(server: str, chromium: Chromium) -> None:
    context = chromium.context()
    page = context.new_page()
    try:
        page.goto(server + "/", wait_until="load")
        steps = [
            ("/browse", "/browse"),
            ("/browse/sdg", "/browse/sdg"),
            ("/browse/sdg/14", "/browse/sdg/14"),
            ("/resource?iri=http%3A%2F%2Fmetadata.un.org%2Fsdg%2F14.1", "/resource"),
        ]
        for href, path in steps:
            tab_to(page, href)
            with page.expect_navigation(wait_until="load"):
                page.keyboard.press("Enter")
            assert page.url.split("?")[0] == server + path, href
        assert page.url.endswith("14.1")
        heading = page.inner_text("h1")
        assert "By 2025, prevent and significantly reduce marine pollution" in heading
        assert chromium.outside == []
    finally:
        context.close()
