"""Every page type of the site (``PAGES`` of test_site_browser.py, the one list) in headless
Chromium, in English and Vietnamese:

* axe-core (vendored in tests/assets/axe-core/, injected with Playwright) finds no serious or
  critical violation of WCAG 2.0 A/AA and 2.1 AA;
* at 390 px wide nothing is wider than the viewport (no horizontal scrolling); screenshots at
  1366 and 390 px go to ``test-artifacts/``;
* on a ``?lang=vi`` page no English interface string is left: every msgid of the catalogue whose
  Vietnamese msgstr differs from it must not appear as visible text, except inside an element
  marked ``lang="en"`` (graph text that falls back to English says so);
* the keyboard reaches the skip link first, then the site's name, nav links and the search box,
  each with a visible focus outline.

Skipped where Chromium or Playwright is missing, failed under CI (the fixtures of the editor's
browser test)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from babel.messages.pofile import read_po

# the server, the browser and the page list of the other browser tests, shared, not copied
from test_editor_browser import ARTIFACTS, Chromium, chromium, server
from test_site_browser import PAGES, load

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow
__all__ = ["chromium", "server"]  # fixtures used here by name

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "assets" / "axe-core" / "axe.min.js"
LOCALE = ROOT / "src" / "aspen_graph" / "locale"
WCAG = ["wcag2a", "wcag2aa", "wcag21aa"]
WIDE, PHONE = 1366, 390
HEIGHT = 900
LANGS = ["en", "vi"]

THIRD_PARTY: dict[str, dict[str, str]] = {
    "redoc": {
        "select-name": "ReDoc draws its content-type and example <select>s without a label and "
        "has no option to name them (ReDoc 2.x, redoc.standalone.js)",
    },
    "editor": {
        "aria-required-children": "YASGUI's tab bar is a role=tablist that also holds its "
        "'add tab' button; YASGUI has no option for it",
        "label": "YASGUI's query box is CodeMirror's hidden <textarea> and its tab-name input, "
        "both unlabelled, with no option to label them",
    },
}
"""Page → axe rule → why that rule is not checked there: only for a widget we vendor and
cannot change by configuration or CSS (Swagger UI, ReDoc, YASGUI)."""

NOT_TRANSLATED: dict[str, str] = {}
"""Page → why its interface is not in Vietnamese yet (skips the Vietnamese-interface check)."""

TOO_WIDE: dict[str, str] = {}
"""Page → why it may still be wider than a phone (skips the 390 px overflow check)."""


@pytest.fixture(autouse=True)
def _close_pages(request: pytest.FixtureRequest) -> Iterator[None]:
    """The browser contexts a test opened (:func:`open_page`) closed at its end, not left
    running their pages' scripts in the module's browser while the next tests run."""
    browser = request.getfixturevalue("chromium") if "chromium" in request.fixturenames else None
    yield
    for context in browser.browser.contexts if browser is not None else ():
        context.close()


def open_page(chromium: Chromium, server: str, name: str, lang: str) -> Page:
    """The page ``name`` in ``lang``, loaded, its JavaScript run (CSP bypassed so that axe can be
    injected; the site's own CSP is checked by test_site_browser.py)."""
    page = chromium.context(bypass_csp=True).new_page()
    page.set_viewport_size({"width": WIDE, "height": HEIGHT})
    load(page, server, name, lang)
    return page


def axe(page: Page, disabled: dict[str, str]) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations of WCAG 2.0 A/AA and 2.1 AA on ``page``."""
    page.add_script_tag(path=str(AXE))
    options = {
        "runOnly": {"type": "tag", "values": WCAG},
        "rules": {rule: {"enabled": False} for rule in disabled},
        "resultTypes": ["violations"],
    }
    result: dict[str, Any] = page.evaluate("options => axe.run(document, options)", options)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def summary(violations: list[dict[str, Any]]) -> list[str]:
    """One line per violation and node: rule, impact, selector, axe's message."""
    return [
        f"{v['id']} ({v['impact']}) {node['target']}: {node['failureSummary']}"
        for v in violations
        for node in v["nodes"][:5]
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violation(
    server: str, chromium: Chromium, name: str, lang: str
) -> None:
    page = open_page(chromium, server, name, lang)
    try:
        found = axe(page, THIRD_PARTY.get(name, {}))
    finally:
        page.context.close()
    assert not found, f"{name}:\n" + "\n".join(summary(found))


# -- screenshots and the phone's width ---------------------------------------------------------

WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && getComputedStyle(e).position !== 'fixed';
  }).filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 1);
  return {
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    culprits: wide.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
      + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '')),
  };
}"""
"""The page's scroll width against the viewport's, and the outermost elements that stick out."""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(PAGES))
def test_fits_a_phone_and_screenshots(
    server: str, chromium: Chromium, name: str, lang: str
) -> None:
    page = open_page(chromium, server, name, lang)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"page-{name}-{lang}-{WIDE}.png"), full_page=True)
        page.set_viewport_size({"width": PHONE, "height": HEIGHT})
        page.wait_for_timeout(200)  # the layout of the narrow viewport (and any JS resize handler)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(ARTIFACTS / f"page-{name}-{lang}-{PHONE}.png"), full_page=True)
        widths = page.evaluate(WIDEST)
    finally:
        page.context.close()
    assert widths["width"] == PHONE
    if name in TOO_WIDE:
        pytest.skip(TOO_WIDE[name])  # after the screenshots
    assert widths["scroll"] <= PHONE, (name, widths)


# -- no English left on a Vietnamese page ------------------------------------------------------


@cache
def english_strings() -> dict[str, re.Pattern[str]]:
    """Each msgid whose Vietnamese msgstr differs from it → a pattern finding it in page text
    (placeholders match any text, markup is dropped, whole words only)."""
    with (LOCALE / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        vietnamese = {m.id: m.string for m in read_po(po) if m.id}
    with (LOCALE / "messages.pot").open("rb") as pot:
        ids = [m.id for m in read_po(pot) if m.id]
    patterns: dict[str, re.Pattern[str]] = {}
    for msgid in ids:
        singular = msgid[0] if isinstance(msgid, tuple) else msgid
        translated = vietnamese.get(msgid)
        if isinstance(translated, (tuple, list)):
            translated = translated[0]
        if translated == singular:
            continue
        text = re.sub(r"<[^>]+>", "", singular)
        parts = [
            re.escape(" ".join(p.split())) for p in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w+\}", text)
        ]
        body = r"\s*\S.*?\s*".join(p for p in parts if p.strip())
        if not re.search(r"[A-Za-z]{2}", body):
            continue  # nothing English in it (a number or a symbol)
        # not part of a longer word, a CURIE or an IRI (goal:…, …/id/priority/…)
        patterns[singular] = re.compile(r"(?<![\w/:-])" + body + r"(?![\w/:-])")
    return patterns


VISIBLE_TEXT = """() => {
  // visible text and the labels a reader meets (alt, aria-label, placeholder, button values),
  // outside any element marked lang="en" (graph text that falls back to English), outside
  // code (IRIs, queries, commands, a query's column names: not interface text)
  // and outside a chart's tooltip (an SVG <title>: data labels, each marked "(EN)" when English
  // stands in, and numbers; the words around them are in the caption, checked here)
  const english = e => e.closest('[lang|="en"], code, pre, kbd, samp, textarea, svg title') !== null;
  const shown = e => e.checkVisibility ? e.checkVisibility() : e.offsetParent !== null;
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const p = n.parentElement;
    if (!p || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(p.tagName)) continue;
    if (english(p) || !shown(p)) continue;
    out.push(n.textContent);
  }
  // the text nodes one after another too: a string with markup inside spans several of them
  const joined = out.join('');
  for (const e of document.querySelectorAll('[alt], [aria-label], [placeholder], input[type=submit][value], input[type=button][value]')) {
    if (english(e)) continue;
    for (const a of ['alt', 'aria-label', 'placeholder']) if (e.hasAttribute(a)) out.push(e.getAttribute(a));
    if (e.tagName === 'INPUT' && e.type !== 'hidden' && e.value) out.push(e.value);
  }
  return [...out, joined].map(t => t.split(/\\s+/).join(' ').trim()).filter(t => t);
}"""


def english_left(texts: list[str]) -> list[str]:
    """The English interface strings found in ``texts``, each with the text it was found in."""
    found = set()
    for msgid, pattern in english_strings().items():
        for text in set(texts):
            if match := pattern.search(text):
                found.add(f"{msgid!r} in {text[max(0, match.start() - 40) : match.end() + 40]!r}")
    return sorted(found)


def test_the_english_finder_finds_what_it_should() -> None:
    """The finder on known text: an interface string, with a placeholder, whole words only."""
    assert english_left(["Skip to the content"]) == [
        "'Skip to the content' in 'Skip to the content'"
    ]
    assert english_left(["aspen-graph, release 2026.1.0."]) != []
    assert english_left(["Các hàng của truy vấn có reached là false."]) != []  # brace format
    assert (
        english_left(["Bỏ qua để đến nội dung", "Gooseberry", "goal:g1", "/id/priority/p2"]) == []
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_no_english_interface_text_on_vietnamese_pages(
    server: str, chromium: Chromium, name: str
) -> None:
    if name in NOT_TRANSLATED:
        pytest.skip(NOT_TRANSLATED[name])
    page = open_page(chromium, server, name, "vi")
    try:
        texts = page.evaluate(VISIBLE_TEXT)
    finally:
        page.context.close()
    assert texts
    assert english_left(texts) == [], name


# -- the keyboard ------------------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, href: e.getAttribute('href'),
    inNav: e.closest('header nav') !== null,
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
    shadow: s.boxShadow !== 'none',
  };
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_keyboard_reaches_the_frame_with_a_visible_focus(
    server: str, chromium: Chromium, lang: str
) -> None:
    page = open_page(chromium, server, "home", lang)
    stops: list[dict[str, Any]] = []
    try:
        for _ in range(15):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(FOCUSED))
            if stops[-1]["id"] == "site-search-q":
                break
    finally:
        page.context.close()
    assert stops[0]["cls"] == "skip-link" and stops[0]["href"] == "#main"
    assert any(stop["inNav"] for stop in stops)
    assert stops[-1]["id"] == "site-search-q"
    unseen = [stop for stop in stops if not (stop["outline"] or stop["shadow"])]
    assert unseen == []
