"""The site's pages come from the result cache on a repeated request (api/page_cache.py): no
store query runs, the bytes are the first answer's; a request differing in anything that
changes the page (its language by ``?lang=`` or ``Accept-Language``, its sort) is another
page; errors are never kept; ``If-None-Match`` gets 304.

Over the fixture release (thing i has rank i: api_release) and its question ``things-ranked``;
queries are counted by the worker pool's own counter (every query a page runs goes through it).
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_release import EX, Release
from fastapi.testclient import TestClient
from test_api_fastpath import find_cache

from aspen_graph.api import create_app
from aspen_graph.api.cache import ResultCache
from aspen_graph.config import Settings
from aspen_graph.store import SandboxStore

ROOT = Path(__file__).resolve().parents[2]
PAGE = {"accept": "text/html"}
BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
RANKED = "/queries/things-ranked"


@pytest.fixture
def pages(release: Release, settings: Settings, sandbox: SandboxStore) -> Iterator[TestClient]:
    """The fixture release with the pickers' query of the repository's catalogue (a fresh app:
    an empty cache)."""
    folder = release.root / "sparql" / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "sparql" / "pages" / "picker-options.rq", folder / "picker-options.rq")
    with TestClient(create_app(settings, sandbox)) as client:
        yield client


def cache_of(client: TestClient) -> ResultCache:
    cache = client.app.state.aspen.cache  # type: ignore[attr-defined]
    assert cache is not None
    return cache


def ran(sandbox: SandboxStore, before: int) -> int:
    """Queries the pool answered since its counter read ``before``."""
    return sandbox.stats.queries - before


def things(text: str) -> list[str]:
    """The things the question page's table links, in its order."""
    table = text.split('id="results"', 1)[1].split("</table>", 1)[0]
    return [html.unescape(t) for t in re.findall(r'title="(http://example.org/thing\d+)"', table)]


def main(response: httpx.Response) -> str:
    """The page's own content (the header and the language switcher left out)."""
    return html.unescape(response.text.split("<main", 1)[1].split("</main>", 1)[0])


def page_lang(response: httpx.Response) -> str:
    found = re.search(r'<html lang="([^"]+)"', response.text)
    assert found is not None
    return found.group(1)


def test_a_repeated_question_page_runs_no_query(pages: TestClient, sandbox: SandboxStore) -> None:
    params = {"min_rank": "3"}
    before = sandbox.stats.queries
    first = pages.get(RANKED, params=params, headers=PAGE)
    assert first.status_code == 200 and ran(sandbox, before) >= 1
    assert things(first.text) == [f"{EX}thing{i}" for i in range(3, 12)]
    before = sandbox.stats.queries
    again = pages.get(RANKED, params=params, headers=PAGE)  # the fast path's
    other_accept = pages.get(RANKED, params=params, headers=BROWSER)  # the route's cache
    encoded = pages.get(RANKED + "?min%5Frank=3", headers=PAGE)  # the same parameters
    assert ran(sandbox, before) == 0
    assert again.content == other_accept.content == encoded.content == first.content
    assert again.headers["etag"] == first.headers["etag"]


@pytest.mark.parametrize("path", ["/queries", "/search", "/browse"])
def test_pages_without_queries_are_kept_too(pages: TestClient, path: str) -> None:
    cache = cache_of(pages)
    first = pages.get(path, headers=PAGE)
    assert first.status_code == 200 and len(cache) == 1
    hits = cache.hits
    again = pages.get(path, headers=BROWSER)  # another Accept: past the fast path
    assert again.content == first.content and cache.hits == hits + 1 and len(cache) == 1


def test_the_sort_is_part_of_the_key(pages: TestClient, sandbox: SandboxStore) -> None:
    up = [f"{EX}thing{i}" for i in range(12)]
    ascending = pages.get(RANKED, params={"sort": "rank"}, headers=PAGE)
    descending = pages.get(RANKED, params={"sort": "rank", "desc": "1"}, headers=PAGE)
    assert things(ascending.text) == up and things(descending.text) == up[::-1]
    before = sandbox.stats.queries
    assert things(pages.get(RANKED, params={"sort": "rank"}, headers=BROWSER).text) == up
    assert ran(sandbox, before) == 0
    # the order of the parameters is kept (the page's links repeat it): another key
    swapped = pages.get(RANKED + "?desc=1&sort=rank", headers=PAGE)
    assert things(swapped.text) == up[::-1]


def test_the_language_is_part_of_the_key(pages: TestClient) -> None:
    english = pages.get(RANKED, headers=PAGE)
    by_param = pages.get(RANKED, params={"lang": "vi"}, headers=PAGE)
    by_header = pages.get(RANKED, headers={**PAGE, "accept-language": "vi-VN,vi;q=0.9"})
    assert [page_lang(r) for r in (english, by_param, by_header)] == ["en", "vi", "vi"]
    assert english.content != by_param.content
    # Vietnamese, asked either way, carries ?lang=vi on its links (pages.link_language)
    for vietnamese in (by_param, by_header):
        assert "lang=vi" in main(vietnamese) and "lang=vi" not in main(english)
    # a browser asking for English after them gets English, from either cache
    for accept in (PAGE, BROWSER):
        again = pages.get(RANKED, headers={**accept, "accept-language": "en-GB,en;q=0.9"})
        assert page_lang(again) == "en" and again.content == english.content
    german_browser = pages.get(RANKED, headers={**PAGE, "accept-language": "de, vi;q=0.5"})
    assert german_browser.content == by_header.content  # the same language chosen: one key


def test_errors_are_never_kept(pages: TestClient, sandbox: SandboxStore) -> None:
    cache, fast = cache_of(pages), find_cache(pages)
    assert fast is not None
    for path, status in (
        (RANKED + "?nonsense=1", 422),
        ("/browse/sdg/99", 404),
        ("/search?q=a&unknown=1", 400),
        (RANKED + "?lang=%C3%A9%C3%A9!", 422),
    ):
        for _ in range(2):
            response = pages.get(path, headers=PAGE)
            assert response.status_code == status, path
            assert (
                "etag" not in response.headers and "text/html" in response.headers["content-type"]
            )
        assert len(cache) == 0 and len(fast) == 0, path


def test_if_none_match_is_304(pages: TestClient, sandbox: SandboxStore) -> None:
    first = pages.get(RANKED, params={"min_rank": "5"}, headers=PAGE)
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and first.headers["cache-control"].startswith("public")
    before = sandbox.stats.queries
    conditional = pages.get(
        RANKED, params={"min_rank": "5"}, headers={**PAGE, "if-none-match": etag}
    )
    assert conditional.status_code == 304 and conditional.content == b""
    assert conditional.headers["etag"] == etag and ran(sandbox, before) == 0
    # another page's validator does not match
    other = pages.get(RANKED, params={"min_rank": "6"}, headers={**PAGE, "if-none-match": etag})
    assert other.status_code == 200 and things(other.text)[0] == f"{EX}thing6"


def test_a_new_release_is_rendered_afresh(pages: TestClient, sandbox: SandboxStore) -> None:
    from aspen_graph.api.release_info import ReleaseInfo

    first = pages.get(RANKED, headers=PAGE)
    pages.app.state.aspen.release = ReleaseInfo(version="9.9.9", fingerprint="another")  # type: ignore[attr-defined]
    before = sandbox.stats.queries
    new = pages.get(RANKED, headers=PAGE)
    assert ran(sandbox, before) >= 1 and new.headers["etag"] != first.headers["etag"]
    assert "9.9.9" in new.text and "9.9.9" not in first.text


def test_without_the_result_cache_pages_are_rendered_each_time(
    settings: Settings, sandbox: SandboxStore, pages: TestClient
) -> None:
    app = create_app(settings.model_copy(update={"result_cache": False}), sandbox)
    with TestClient(app) as client:
        first = client.get(RANKED, headers=PAGE)
        before = sandbox.stats.queries
        again = client.get(RANKED, headers=PAGE)
        assert again.status_code == 200 and ran(sandbox, before) >= 1
        assert again.content == first.content
