"""Every page type with queries of its own, over the shipped release: a repeated request runs no
store query (api/page_cache.py), a request in another language or with another sort gets its
own, correct page, an error is not kept; the warm-up fills the entry pages as a server starts.

Queries are counted by the serving store's own counter (``stats.queries``: every query a page
runs, through the worker pool or to a remote store)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.api.page_warm_up import requests
from aspen_graph.config import Settings
from aspen_graph.store import ServingStore

pytestmark = pytest.mark.slow

PAGE = {"accept": "text/html"}
BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
LATEST = "plan-version:aspen-2026-2035-draft-2026-03"
OLD = "plan-version:aspen-2016-2025-adopted"
PAGES = [
    *(f"/browse{view}" for view in ("", "/sdg", "/sdg/14", "/gbf", "/agreements", "/plan")),
    "/browse/plan?version=" + quote(OLD),
    "/queries",
    "/queries/elements-by-target?target=sdg:14.1",
    "/queries/elements-by-target?target=sdg:14.1&sort=element&desc=1",
    "/gaps?challenge=pollution",
    "/gaps?challenge=pollution&sort=code&filter=14",
    "/coverage",
    "/alignments?element=priority:aspen-2026-2035-p2",
    "/explain?target=sdg:14.1",
    "/diff",
    f"/diff?from={quote(OLD)}&to={quote(LATEST)}",
    "/search?q=marine",
    "/ont/",
    "/id/challenge/pollution",
    "/id/challenge/pollution?version=" + quote(OLD),
    "/report",
    "/",
]


@pytest.fixture(scope="module")
def client(built: Settings, shipped_serving_store: ServingStore) -> Iterator[TestClient]:
    with TestClient(create_app(built, shipped_serving_store)) as test_client:
        yield test_client


def page_lang(response: httpx.Response) -> str:
    found = re.search(r'<html lang="([^"]+)"', response.text)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_repeated_page_runs_no_query(
    client: TestClient, shipped_serving_store: ServingStore, path: str, lang: str
) -> None:
    language = {"accept-language": lang}
    first = client.get(path, headers={**PAGE, **language})
    assert first.status_code == 200 and page_lang(first) == lang
    before = shipped_serving_store.stats.queries
    again = client.get(path, headers={**PAGE, **language})  # the fast path
    browser = client.get(path, headers={**BROWSER, **language})  # the route, from the cache
    assert shipped_serving_store.stats.queries == before
    assert again.content == browser.content == first.content
    conditional = client.get(
        path, headers={**PAGE, **language, "if-none-match": first.headers["etag"]}
    )
    assert conditional.status_code == 304 and shipped_serving_store.stats.queries == before


def targets(text: str) -> list[str]:
    """The targets of a gap table's rows (their IRIs), in its order."""
    table = text.split('id="results"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-label="target"><a href="[^"]*" title="([^"]+)"', table)


def chosen(text: str) -> list[str]:
    """The version the page's picker has selected."""
    return re.findall(r'<option value="([^"]+)" selected>', text)


def test_the_sort_and_the_version_make_other_pages(client: TestClient) -> None:
    up = client.get("/gaps?sort=curie", headers=PAGE)
    down = client.get("/gaps?sort=curie&desc=1", headers=PAGE)
    assert len(targets(up.text)) > 1 and targets(down.text) == targets(up.text)[::-1]
    again = client.get("/gaps?sort=curie", headers=BROWSER)
    assert again.content == up.content
    latest = client.get("/browse/plan", headers=PAGE)
    old = client.get("/browse/plan?version=" + quote(OLD), headers=PAGE)
    assert chosen(old.text) == [OLD] and chosen(latest.text) != [OLD]
    assert chosen(client.get("/browse/plan", headers=BROWSER).text) == chosen(latest.text)


def test_the_browsers_language_is_part_of_the_key(client: TestClient) -> None:
    english = client.get("/browse/sdg", headers={**PAGE, "accept-language": "en"})
    vietnamese = client.get("/browse/sdg", headers={**PAGE, "accept-language": "vi"})
    bare = client.get("/browse/sdg", headers=BROWSER)
    assert (page_lang(english), page_lang(vietnamese), page_lang(bare)) == ("en", "vi", "en")
    assert bare.content == english.content != vietnamese.content


def test_errors_are_not_kept(client: TestClient, shipped_serving_store: ServingStore) -> None:
    for path, status in (("/browse/sdg/99", 404), ("/gaps?challenge=nonsense", 404)):
        first = client.get(path, headers=PAGE)
        before = shipped_serving_store.stats.queries
        again = client.get(path, headers=PAGE)
        assert first.status_code == again.status_code == status, path
        assert "etag" not in again.headers
        assert shipped_serving_store.stats.queries > before, path  # asked again


def test_the_warm_up_fills_the_entry_pages(built: Settings) -> None:
    """A server that opens its store asks for its entry pages itself: a reader's first request
    of one runs no query."""
    app = create_app(built)
    with TestClient(app) as warmed:
        state = app.state.aspen
        wanted = len(requests())
        deadline = time.monotonic() + 600  # a bound, not a measurement
        while len(state.cache) < wanted and time.monotonic() < deadline:
            time.sleep(0.5)
        assert len(state.cache) == wanted
        before = state.store.stats.queries
        for path in ("/", "/browse/sdg", "/browse/agreements", "/report"):
            for headers in ({"accept-language": "vi"}, {}):
                response = warmed.get(path, headers={**BROWSER, **headers})
                assert response.status_code == 200
        assert state.store.stats.queries == before
