"""The static site in headless Chromium (Playwright, the editor test's browser fixture), opened
from ``file://`` and from a static HTTP server (``http.server`` on 127.0.0.1 in a thread): the
search finds codes and words without their diacritics, a resource page and the report render,
and no request leaves the machine."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
from built_site import BuiltSite

# the browser of the editor's test, shared, not copied
from test_editor_browser import LOCAL_HOSTS, VIEWPORT, Chromium, chromium

pytestmark = pytest.mark.slow
__all__ = ["chromium"]  # fixture used here by name


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def static_server(site: BuiltSite) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site.root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(params=["file", "http"])
def root_url(request: pytest.FixtureRequest, site: BuiltSite) -> str:
    if request.param == "file":
        return site.root.resolve().as_uri()
    url: str = request.getfixturevalue("static_server")
    return url


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme == "file"
        or (parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS)
        or parts.scheme in ("data", "blob", "about")
    )


@contextmanager
def opened(chromium: Chromium, url: str) -> Iterator[Any]:
    """The page at ``url``; afterwards, no request of it may have left the machine."""
    # the fixture's own contexts refuse file:// (no host): this one lets the site's files
    # through and refuses, and records, anything else
    context = chromium.browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    outside: list[str] = []

    def guard(route: Any) -> None:
        if _local(route.request.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(url, wait_until="load", timeout=60_000)
        yield page
    finally:
        context.close()
    assert [r for r in requests if not _local(r)] == []
    assert outside == []


@pytest.mark.parametrize(
    ("page_name", "query", "expected"),
    [
        ("search.html", "14.1", "14.1"),
        ("search.vi.html", "o nhiem", "ô nhiễm"),
    ],
)
def test_the_search_finds_codes_and_words_without_diacritics(
    chromium: Chromium, root_url: str, page_name: str, query: str, expected: str
) -> None:
    with opened(chromium, f"{root_url}/{page_name}?q={query.replace(' ', '+')}") as page:
        page.wait_for_selector("#static-search .search-results a", timeout=30_000)
        texts = page.eval_on_selector_all(
            "#static-search .search-results a", "els => els.map(e => e.textContent)"
        )
        assert any(expected.casefold() in t.casefold() for t in texts), texts[:10]
        if query == "14.1":
            assert texts[0].startswith("14.1"), texts[:3]  # the code first
        first = page.get_attribute("#static-search .search-results a", "href")
        page.click("#static-search .search-results a")
        page.wait_for_load_state("load")
        assert page.url.split("?")[0].endswith(first.split("#")[0])
        assert page.evaluate("document.querySelector('main h1') !== null")


@pytest.mark.parametrize(
    ("path", "lang", "selector"),
    [
        ("id/goal/aspen-2026-2035-g1.vi.html", "vi", "h2#statements"),
        ("resource/metadata.un.org/sdg/14.1.html", "en", "main h1"),
        ("report.html", "en", "h1"),
        ("report.vi.html", "vi", "h1"),
        ("index.vi.html", "vi", "header nav"),
    ],
)
def test_pages_render_with_their_styles(
    chromium: Chromium, root_url: str, path: str, lang: str, selector: str
) -> None:
    with opened(chromium, f"{root_url}/{path}") as page:
        assert page.is_visible(selector)
        assert page.evaluate("document.documentElement.lang") == lang
        if not path.startswith("report"):  # the site's stylesheet loaded (the report has its own)
            assert page.evaluate("document.styleSheets.length") >= 1
