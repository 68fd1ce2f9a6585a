"""Two questions asked in headless Chromium, in English and Vietnamese, on the release built
with the example drafts (``aspen build --examples``, the ``built_examples`` fixture):

(b) "Which elements reach SDG 14.1, and on what evidence?" — from the home page, through the
    header's search box ("14.1", "marine pollution", "ô nhiễm biển"), to SDG 14.1's page and
    its explanation; the elements listed must be those the release file says reach it.
(c) "What changed between the two example drafts?" — the /diff form, two versions picked, the
    changes shown must be those computed from the two drafts' triples.

The answers are derived from ``dist/aspen.nt`` with rdflib in :mod:`journey_truth`. The server
and the browser are the editor test's fixtures (its ``server`` serves ``built``, which this
module points at the examples build). No request may leave 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from journey_truth import ID, SDG_14_1, diff_truth, elements_reaching, release_graph
from playwright.sync_api import Page
from rdflib import Graph

# the server and the browser of the editor's test, shared, not copied
from test_editor_browser import ARTIFACTS, Chromium, chromium, server

from aspen_graph.config import Settings

pytestmark = pytest.mark.slow
__all__ = ["chromium", "server"]  # fixtures used here by name

D1, D2 = "plan-version:example-plan-draft-1", "plan-version:example-plan-draft-2"
SEARCHES = {
    "14.1": (),
    "marine pollution": (),
    # SDG 14.1 has no Vietnamese text: the search finds the priority that serves it
    "ô nhiễm biển": ("priority:aspen-2026-2035-p2",),
}
"""What to type in the search box, and the links to follow before SDG 14.1's."""


@pytest.fixture(scope="module")
def built(built_examples: Settings) -> Settings:
    """The release the ``server`` fixture serves: the one with the example drafts."""
    return built_examples


@pytest.fixture(scope="module")
def graph(built_examples: Settings) -> Graph:
    return release_graph(built_examples.dist)


@pytest.fixture
def page(chromium: Chromium) -> Iterator[Page]:
    context = chromium.context()
    try:
        yield context.new_page()
    finally:
        context.close()
    assert chromium.outside == []


def html_lang(page: Page) -> str:
    return str(page.evaluate("document.documentElement.lang"))


def query_lang(page: Page) -> list[str] | None:
    return parse_qs(urlsplit(page.url).query).get("lang")


def follow(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("words", list(SEARCHES))
def test_b_which_elements_reach_sdg_14_1_and_on_what_evidence(
    server: str, page: Page, graph: Graph, words: str, lang: str
) -> None:
    page.goto(f"{server}/?lang={lang}", wait_until="load")
    page.fill("#site-search-q", words)
    with page.expect_navigation():
        page.press("#site-search-q", "Enter")
    assert urlsplit(page.url).path == "/search" and query_lang(page) == [lang]
    for step in SEARCHES[words]:
        follow(page, f'main a[title="{step}"]')
    follow(page, 'main a[title="sdg:14.1"]')
    assert "14.1" in page.inner_text("h1")
    follow(page, "main a.explain-link")
    assert urlsplit(page.url).path == "/explain" and query_lang(page) == [lang]
    assert html_lang(page) == lang
    shown = page.eval_on_selector_all("li.reach", "items => items.map(i => i.dataset.element)")
    expected = elements_reaching(graph, SDG_14_1)
    assert expected and set(shown) == {element for element, _ in expected}
    # the evidence: each direct alignment's rationale, and the alignment's own page
    text = page.inner_text("main")
    assert all(" ".join(r.split()) in " ".join(text.split()) for _, r in expected)
    assert page.locator('main td a[href^="/id/alignment/"]').count() >= len(
        [r for _, r in expected if r]
    )
    if words == "14.1":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"journey-b-{lang}.png"), full_page=False)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_c_what_changed_between_the_two_example_drafts(
    server: str, page: Page, graph: Graph, lang: str
) -> None:
    page.goto(f"{server}/diff?lang={lang}", wait_until="load")
    assert html_lang(page) == lang
    page.select_option("#diff-from", value=f"{ID}plan-version/example-plan-draft-1")
    page.select_option("#diff-to", value=f"{ID}plan-version/example-plan-draft-2")
    with page.expect_navigation():
        page.click("form.diff-form button[type=submit]")
    assert urlsplit(page.url).path == "/diff" and query_lang(page) == [lang]
    truth = diff_truth(graph, D1, D2, lang)
    for group, expected in truth.elements.items():
        rows = page.eval_on_selector_all(
            f"#elements-{group} tr[data-kind]",
            "rows => rows.map(r => [r.dataset.kind, r.dataset.code])",
        )
        assert {tuple(r) for r in rows} == expected, group
    for group, changes in truth.alignments.items():
        rows = page.eval_on_selector_all(
            f"#alignments-{group} tr[data-kind]",
            "rows => rows.map(r => [r.dataset.kind, r.dataset.code, r.dataset.target])",
        )
        assert {tuple(r) for r in rows} == changes, group
    assert any(truth.elements.values()) and any(truth.alignments.values())
    # every element named links to its page in the page's language
    hrefs = page.eval_on_selector_all(
        "main table a[href^='/id/']", "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs and all(f"lang={lang}" in href for href in hrefs)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"journey-c-{lang}.png"), full_page=False)
