"""Repeated GETs are answered from the response cache, byte for byte, without the worker pool."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_release import EX
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.api.fastpath import ResponseCacheMiddleware
from aspen_graph.api.release_info import ReleaseInfo
from aspen_graph.config import Settings
from aspen_graph.store import SandboxStore

QUERY = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3"


def find_cache(client: TestClient) -> ResponseCacheMiddleware | None:
    """The response cache in the app's middleware chain, if there is one."""
    app = client.app.middleware_stack  # type: ignore[attr-defined]
    while app is not None:
        if isinstance(app, ResponseCacheMiddleware):
            return app
        app = getattr(app, "app", None)
    return None


def _middleware(client: TestClient) -> ResponseCacheMiddleware:
    cache = find_cache(client)
    assert cache is not None
    return cache


@pytest.fixture
def cached(settings: Settings, sandbox: SandboxStore) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"result_cache": True}), store=sandbox)
    with TestClient(app) as client:
        yield client


def test_a_repeated_get_is_a_hit_with_identical_answer(cached: TestClient) -> None:
    first = cached.get("/sparql", params={"query": QUERY}, headers={"Accept": "text/csv"})
    assert first.status_code == 200
    cache = _middleware(cached)
    hits = cache.hits
    second = cached.get("/sparql", params={"query": QUERY}, headers={"Accept": "text/csv"})
    assert cache.hits == hits + 1
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["vary"] == first.headers["vary"]


def test_accept_and_origin_are_part_of_the_key(cached: TestClient) -> None:
    csv = cached.get("/sparql", params={"query": QUERY}, headers={"Accept": "text/csv"})
    tsv = cached.get(
        "/sparql", params={"query": QUERY}, headers={"Accept": "text/tab-separated-values"}
    )
    assert csv.content != tsv.content
    plain = cached.get("/sparql", params={"query": QUERY}, headers={"Accept": "text/csv"})
    assert "access-control-allow-origin" not in plain.headers
    cross = cached.get(
        "/sparql",
        params={"query": QUERY},
        headers={"Accept": "text/csv", "Origin": "https://partner.example"},
    )
    assert cross.headers["access-control-allow-origin"] == "*"


def test_errors_and_conditional_requests_are_not_cached(cached: TestClient) -> None:
    cache = _middleware(cached)
    size = len(cache)
    assert cached.get("/sparql", params={"query": "SELECT nonsense"}).status_code == 400
    assert cached.get("/queries/things-by-kind", params={"kind": f"{EX}nope"}).status_code == 422
    assert len(cache) == size
    ok = cached.get("/queries/things-by-kind", params={"kind": f"{EX}kind1"})
    again = cached.get(
        "/queries/things-by-kind",
        params={"kind": f"{EX}kind1"},
        headers={"If-None-Match": ok.headers["etag"]},
    )
    assert again.status_code == 304


def test_no_cache_when_the_result_cache_is_off(settings: Settings, sandbox: SandboxStore) -> None:
    app = create_app(settings.model_copy(update={"result_cache": False}), store=sandbox)
    with TestClient(app) as client:
        client.get("/health")
        assert find_cache(client) is None


def test_a_cached_answer_is_stored_once(cached: TestClient) -> None:
    """The fast path and the route share one copy of the bytes, however the query is spelled."""
    cache = cached.app.state.aspen.cache  # type: ignore[attr-defined]
    front = _middleware(cached)
    csv = {"Accept": "text/csv"}
    first = cached.get("/sparql", params={"query": QUERY}, headers=csv)
    again = cached.get("/sparql", params={"query": QUERY}, headers=csv)  # the fast path
    respelt = cached.get("/sparql", params={"query": QUERY + "  # same"}, headers=csv)
    assert first.status_code == again.status_code == respelt.status_code == 200
    assert first.content == again.content == respelt.content
    assert (len(front), front.hits) == (2, 1)  # two spellings remembered, one answered here
    assert len(cache) == 1
    assert cache.size == len(first.content)  # the body, once


def test_a_new_release_is_not_served_the_old_answers(
    cached: TestClient, sandbox: SandboxStore
) -> None:
    """Every cached answer is keyed by its release: after a switch (here without emptying the
    cache), neither the fast path nor the route serves the old release's bytes or ETag."""
    state = cached.app.state.aspen  # type: ignore[attr-defined]
    front = _middleware(cached)
    csv = {"Accept": "text/csv"}
    iris = "SELECT ?s WHERE { ?s ?p ?o FILTER isIRI(?s) } ORDER BY ?s LIMIT 3"
    urls = [("/sparql", {"query": iris}), ("/queries/things-by-kind", {"kind": f"{EX}kind1"})]
    old = [cached.get(url, params=params, headers=csv) for url, params in urls]
    assert [cached.get(url, params=p, headers=csv).content for url, p in urls] == [
        response.content for response in old
    ]
    hits, queries = front.hits, sandbox.stats.queries
    state.release = ReleaseInfo(version="2.0", fingerprint="f" * 16)
    new = [cached.get(url, params=params, headers=csv) for url, params in urls]
    assert front.hits == hits
    assert sandbox.stats.queries > queries  # asked again, not answered from memory
    for before, after in zip(old, new, strict=True):
        assert after.status_code == 200
        assert after.content == before.content  # the same data ...
        assert after.headers["etag"] != before.headers["etag"]  # ... of another release
    stale = cached.get(
        urls[0][0], params=urls[0][1], headers={"If-None-Match": old[0].headers["etag"], **csv}
    )
    assert stale.status_code == 200
