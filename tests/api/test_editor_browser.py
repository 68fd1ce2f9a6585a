"""The SPARQL editor (``/editor``) for real: ``aspen serve`` in a subprocess over the shipped
release, driven in headless Chromium through Playwright (Debian's ``/usr/bin/chromium``; no
browser download). The bundled YASGUI runs a catalogue example against our ``/sparql`` and
fills its result table; without JavaScript the page is a plain form; no page asks any other
host for anything. Screenshots go to ``test-artifacts/``.

Skipped where Chromium or Playwright is missing, except under CI (``CI`` set), where that
fails the test instead of skipping it silently.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest

from aspen_graph.api.routes.editor import Example, examples_of
from aspen_graph.config import Settings
from aspen_graph.queries import QueryCatalog

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [  # --headless comes from Playwright; it also gives each browser a fresh profile
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
EXAMPLE = "coverage-by-challenge"
ROWS = ".tabPanel.active .yasr table.dataTable tbody tr"


def missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {what} is missing: the CI machine must provide it")
    pytest.skip(f"{what} is not installed")


def csv_rows(text: str) -> list[list[str]]:
    header, *rows = list(csv.reader(io.StringIO(text)))
    return [header, *sorted(rows)]


@pytest.fixture(scope="module")
def server(built: Settings, aspen_servers: Callable[[Settings], str]) -> str:
    """``aspen serve`` over the module's ``built`` release (the shipped one unless the module
    says otherwise); its base URL. The server is the session's (tests/conftest.py
    ``aspen_servers``): these tests only read pages."""
    return aspen_servers(built)


@pytest.fixture(scope="module")
def examples(catalog: QueryCatalog) -> dict[str, Example]:
    return {example.name: example for example in examples_of(catalog.in_group("api"))}


@dataclass
class Chromium:
    """The browser, and every request it was about to send to another host (each refused)."""

    browser: Browser
    outside: list[str] = field(default_factory=list)

    def context(self, **options: Any) -> BrowserContext:
        context = self.browser.new_context(viewport=VIEWPORT, **options)  # type: ignore[arg-type]
        context.route("**/*", self._guard)
        return context

    def _guard(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    """Chromium for one module's tests. Not one per session like the server: Playwright's sync
    API leaves its event loop as the thread's running loop while it is started, so every later
    test of the worker that calls ``asyncio.run`` would fail."""
    if not CHROMIUM.exists():
        missing(str(CHROMIUM))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS, timeout=30_000
        )
        try:
            yield Chromium(browser)
        finally:
            browser.close()


def blocked(console_text: str) -> list[str]:
    """A console message of Chromium's that reports a Content-Security-Policy violation."""
    return [console_text] if "Content Security Policy" in console_text else []


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_examples_answer_like_the_catalogue(server: str, examples: dict[str, Example]) -> None:
    """Each example, sent as is to /sparql, answers what /queries/{name} answers."""
    assert EXAMPLE in examples
    rows = 0
    with httpx.Client(base_url=server, timeout=30, headers={"Accept": "text/csv"}) as client:
        for name, example in examples.items():
            values = {s.param.name: s.value for s in example.settings if s.value is not None}
            expected = client.get(f"/queries/{name}", params=values)
            answer = client.post("/sparql", data={"query": example.text})
            assert expected.status_code == answer.status_code == 200, (name, answer.text)
            assert csv_rows(answer.text) == csv_rows(expected.text), name
            rows += len(csv_rows(answer.text)) - 1
    assert rows > 0


def test_page_works_without_javascript(
    server: str, examples: dict[str, Example], chromium: Chromium
) -> None:
    page_html = httpx.get(server + "/editor", timeout=30)
    assert page_html.status_code == 200
    assert page_html.headers["content-type"].startswith("text/html")
    body = page_html.text
    assert '<meta name="viewport"' in body
    assert '<form id="plain-form" class="plain-form" method="get" action="/sparql">' in body
    assert '<textarea id="plain-query" name="query"' in body
    assert '<select id="plain-format" name="format">' in body
    for href in ("/", "/queries", "/report", "/.well-known/void"):
        assert f'<a href="{href}">' in body, href
    for name, example in examples.items():
        assert f'<a href="/queries/{name}">{name}</a>' in body, name
        assert example.text in html.unescape(body), name
    assert not re.search(r'(?:src|href)="(?:https?:)?//', body), "nothing from another host"

    context = chromium.context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "/editor")
        assert page.locator("#plain-form").is_visible()
        assert page.locator("#yasgui").inner_html() == ""
        assert page.locator(".example .actions").first.is_hidden()
        shoot(page, "editor-nojs.png")
        page.fill("#plain-query", "ASK { ?s ?p ?o }")
        with page.expect_navigation() as navigation:
            page.click("#plain-form button[type=submit]")
        response = navigation.value
        assert response is not None and urlsplit(response.url).path == "/sparql"
        assert response.status == 200
        assert json.loads(response.body()) == {"head": {}, "boolean": True}
    finally:
        context.close()
    assert chromium.outside == []


def test_editor_runs_an_example(
    server: str, examples: dict[str, Example], chromium: Chromium
) -> None:
    expected = httpx.get(f"{server}/queries/{EXAMPLE}", timeout=30).json()["count"]
    assert expected > 0
    context = chromium.context()
    errors: list[str] = []
    sent: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.extend(blocked(message.text)))
        page.on("request", lambda request: sent.append(f"{request.method} {request.url}"))
        response = page.goto(server + "/editor")
        # The editor works under its policy: no inline script allowed, nothing blocked.
        assert response is not None
        policy = response.headers["content-security-policy"]
        assert "script-src" not in policy and "default-src 'self'" in policy
        page.wait_for_selector(".tabPanel.active .CodeMirror")
        assert page.locator("#plain-form").is_hidden()
        assert page.locator(".tabPanel.active .CodeMirror .cm-keyword").count() > 0, (
            "syntax highlighting"
        )

        page.click(f'button.run[data-example="{EXAMPLE}"]')
        page.wait_for_selector(ROWS, timeout=15_000)
        assert page.locator(ROWS).count() == expected
        tab = page.evaluate(
            "() => { const tab = window.aspenEditor.getTab();"
            " return { name: tab.name(), query: tab.getQuery(), endpoint: tab.getEndpoint() }; }"
        )
        assert tab == {
            "name": EXAMPLE,
            "query": examples[EXAMPLE].text,
            "endpoint": server + "/sparql",
        }
        assert f"POST {server}/sparql" in sent
        header = page.locator(".tabPanel.active .yasr table.dataTable thead").inner_text()
        assert "challenge" in header and "ratio" in header
        shoot(page, "editor.png")

        # Completion stays local: prefixes from YASGUI's bundled list; no property or class
        # look-ups on the web (LOV), which would show up in chromium.outside.
        completers = page.evaluate("() => Object.keys(window.Yasgui.Yasqe.Autocompleters).sort()")
        assert completers == ["prefixes", "variables"]
        page.click(".tabPanel.active .CodeMirror-code")
        for keys in ("Control+Home", "Enter", "ArrowUp"):
            page.keyboard.press(keys)
        page.keyboard.type("PREFIX foa")
        page.keyboard.press("Control+Space")
        hint = page.wait_for_selector(".CodeMirror-hints li", timeout=5_000)
        assert hint is not None and hint.inner_text() == "foaf: <http://xmlns.com/foaf/0.1/>"
        page.keyboard.press("Escape")
        page.keyboard.press("End")
        page.keyboard.type("\nSELECT * WHERE { ?s foaf:na")
        page.keyboard.press("Control+Space")
        page.wait_for_timeout(300)
    finally:
        context.close()
    assert errors == []
    assert chromium.outside == []


@pytest.mark.parametrize(
    ("path", "shot"),
    [
        pytest.param("/", "home.png", id="home"),
        pytest.param("/id/priority/aspen-2026-2035-p2", "priority.png", id="priority"),
        pytest.param("/report", "report-served.png", id="report"),
        pytest.param("/ont/", "vocabulary.png", id="vocabulary"),
    ],
)
def test_page_in_chromium(server: str, chromium: Chromium, path: str, shot: str) -> None:
    """The HTML pages of the site render in a browser (pages by another module), their
    Content-Security-Policy blocking nothing they need (the report's stylesheet, its SVG)."""
    context = chromium.context()
    violations: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda message: violations.extend(blocked(message.text)))
        response = page.goto(server + path, wait_until="load")
        shoot(page, shot)
        assert response is not None and response.status == 200
        assert response.headers["content-type"].startswith("text/html")
        assert page.locator("h1").count() >= 1
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        if path == "/report":  # styled: the report's stylesheet (/report/report.css) applied
            assert (
                page.evaluate(
                    "getComputedStyle(document.querySelector('.report h2')).borderBottomStyle"
                )
                == "solid"
            )
    finally:
        context.close()
    assert violations == []
    assert chromium.outside == []
